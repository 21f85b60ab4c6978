"""X5: the shipped triage trees and where their end nodes lead. Reads only (trees are files, loaded once)."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_noop

from fawang.triage.engine import (
    Library,
    PathError,
    Position,
    Ref,
    ServiceCode,
    Tree,
    library_current,
    library_load,
    path_carries_over,
    path_parse,
    ref_parse,
    ref_resolve,
    tree_walk,
)

logger = logging.getLogger("fawang.triage")

TREES_DIR = Path(__file__).resolve().parent / "trees"
GUIDE = "service_guide"  # the tree behind /guide/


@dataclass(frozen=True)
class ServiceLink:
    url_name: str
    args: tuple[str, ...]
    label: str  # gettext_noop: translated where shown


# Every ServiceCode has a real page (tests/test_trees.py GETs each one).
SERVICE_LINKS: dict[ServiceCode, ServiceLink] = {
    ServiceCode.LEGAL_AID: ServiceLink("portal:apply-start", ("legal-aid",), gettext_noop("申请法律援助")),
    ServiceCode.MEDIATION: ServiceLink("portal:apply-start", ("mediation",), gettext_noop("申请人民调解")),
    ServiceCode.NOTARY: ServiceLink("portal:apply-start", ("notary",), gettext_noop("申请办理公证")),
    ServiceCode.APPRAISAL: ServiceLink("portal:apply-start", ("appraisal",), gettext_noop("了解司法鉴定")),
    ServiceCode.CONSULTATION: ServiceLink("knowledge:ask", (), gettext_noop("我要咨询")),
    ServiceCode.COMPLAINT: ServiceLink("portal:complain", (), gettext_noop("投诉建议")),
}


@functools.cache
def tree_library() -> Library:
    """Every version of every tree under trees/; a broken file fails loudly at first use (and in the tests)."""
    return library_load(TREES_DIR)


def tree_current(*, tree_id: str) -> Tree:
    return library_current(tree_library(), tree_id)


def tree_get(*, tree_id: str, version: int) -> Tree | None:
    return tree_library().get(tree_id, {}).get(version)


def service_url(*, service: ServiceCode, ref: Ref | None = None) -> str:
    """The service's page; with a ref, `?triage=<tree_id>:<version>:<path>` so the submission can record it."""
    link = SERVICE_LINKS[service]
    url = reverse(link.url_name, args=link.args)
    return f"{url}?{urlencode({'triage': str(ref)})}" if ref is not None else url


def triage_ref_clean(*, text: str, service: str) -> str:
    """A triage parameter from a URL or form, canonical if it names a real end node recommending `service`, else
    "" (and a warning): a forged or stale parameter must never stop a citizen's request (X5)."""
    if not text:
        return ""
    try:
        ref = ref_parse(text[:300])
        _, position = ref_resolve(tree_library(), ref)
    except PathError:
        logger.warning("triage: ignored an unknown triage parameter %r", text[:100])
        return ""
    if position.node.service != service:
        logger.warning("triage: ignored %s: it recommends %s, not %s", ref, position.node.service, service)
        return ""
    return str(ref)


# Page messages (Chinese msgids, translated where shown).
INVALID_PATH = gettext_noop("这条导航路径无效，请从头开始。")
UPDATED_RESTART = gettext_noop("导航内容已更新，请从头开始。")
UPDATED_CONTINUE = gettext_noop("导航内容已更新。您前面的回答在新版本中意思不变，已按新版本继续。")


@dataclass(frozen=True)
class GuideStep:
    """One screen of the guide: where the query string leads, and why it may not be where the citizen left off."""

    tree: Tree
    position: Position
    notice: str = ""  # the tree changed since the walk began (X5: flag changes mid-way)
    error: str = ""  # the path does not exist: start again (shown with status 400)


def guide_step(*, tree_id: str, version: str, path: str) -> GuideStep:
    """Stateless: `version` and `path` come from the query string. A walk begun on an older version continues
    only if its questions and answers read the same in the current version; otherwise it starts again."""
    tree = tree_current(tree_id=tree_id)
    start = tree_walk(tree, ())
    try:
        chosen = path_parse(path)
    except PathError:
        return GuideStep(tree, start, error=INVALID_PATH)
    if chosen and version != str(tree.version):
        old = (
            tree_get(tree_id=tree_id, version=int(version))
            if version.isdigit() and len(version) < 7
            else None
        )
        if old is not None and path_carries_over(old, tree, chosen):
            return GuideStep(tree, tree_walk(tree, chosen), notice=UPDATED_CONTINUE)
        return GuideStep(tree, start, notice=UPDATED_RESTART)
    try:
        return GuideStep(tree, tree_walk(tree, chosen))
    except PathError:
        return GuideStep(tree, start, error=INVALID_PATH)
