"""X5: record on a case the triage path it came in by. Bad or forged parameters are logged and ignored, never
raised: the citizen's submission must go through whatever the URL said."""

from __future__ import annotations

import logging

from django.db import transaction

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.triage.engine import PathError, ref_parse, ref_resolve
from fawang.triage.models import TriageRecord
from fawang.triage.selectors import tree_current, tree_library

logger = logging.getLogger("fawang.triage")


@transaction.atomic
def triage_record_attach(*, actor: User, case: Case, ref: str, service: str) -> TriageRecord | None:
    """Store `ref` (`<tree_id>:<version>:<path>`) on `case` if it leads to an end node recommending `service`.

    `changed_midway` is set when the tree has a newer version than the one walked: the guide changed between the
    citizen's answers and the submission. Idempotent: a case keeps its first record.
    """
    if not ref:
        return None
    try:
        parsed = ref_parse(ref[:300])
        tree, position = ref_resolve(tree_library(), parsed)
    except PathError:
        logger.warning(
            "triage: case %s: ignored invalid triage %r (user %s)", case.reference, ref[:100], actor.pk
        )
        return None
    if position.node.service != service:
        logger.warning(
            "triage: case %s: triage %s recommends %s, not %s; ignored",
            case.reference,
            parsed,
            position.node.service,
            service,
        )
        return None
    record, _ = TriageRecord.objects.get_or_create(
        case=case,
        defaults={
            "tree_id": tree.tree_id,
            "tree_version": tree.version,
            "path": list(parsed.path),
            "end_node": position.node.id,
            "service": service,
            "changed_midway": tree_current(tree_id=tree.tree_id).version != tree.version,
        },
    )
    return record
