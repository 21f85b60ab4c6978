"""The legal-aid applicant's own requests on a 工单, from the portal page and the API (C11, C21).

Parsing only: the legal-aid services decide (the workflow's roles and guards, one pending request at a time).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext, gettext_noop

from fawang.accounts.models import User
from fawang.core.errors import NotFoundError
from fawang.legal_aid.models import LegalAidApplication
from fawang.legal_aid.recusal import aid_recusal_request
from fawang.legal_aid.selectors import application_get_for_user
from fawang.legal_aid.services import aid_objection_file

Submit = Callable[[User, LegalAidApplication, str], object]
AID_REQUESTS: dict[str, tuple[Submit, str]] = {
    # C11: objection to a refusal or termination (法律援助法 Art.49), decided by the justice bureau in 5 days.
    "objection": (
        lambda user, app, text: aid_objection_file(actor=user, application=app, reasons=text),
        gettext_noop("异议已提交，司法行政部门将在五个工作日内作出决定。"),
    ),
    # C21: that the assigned person step aside, decided by the agency.
    "recusal": (
        lambda user, app, text: aid_recusal_request(actor=user, application=app, grounds=text),
        gettext_noop("回避申请已提交，法律援助机构将审查并告知结果。"),
    ),
}


def aid_request_application(*, actor: User, reference: str, kind: str) -> LegalAidApplication:
    """The application a request is about, read first so that a 工单 the actor may not see is a 404 whatever
    the body says."""
    application = application_get_for_user(user=actor, reference=reference)
    if kind not in AID_REQUESTS:
        raise NotFoundError("没有这种申请。")
    return application


def aid_request_submit(*, actor: User, application: LegalAidApplication, kind: str, text: str) -> str:
    """File one request; returns the confirmation to show."""
    submit, done = AID_REQUESTS[kind]
    submit(actor, application, text)
    return gettext(done)
