"""What the kiosk shows: the review lines before submitting, the printable receipt after (masked name and phone
only, M3), and the plain-language progress (the portal's own presenter, issue 4 §4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from fawang.cases.languages import language_label
from fawang.cases.models import Case
from fawang.cases.states import ServiceType
from fawang.core import clock
from fawang.directory.models import Site
from fawang.kiosk.journeys import Journey
from fawang.kiosk.models import KioskRequestKind, KioskSubmission
from fawang.legal_aid.intake import NEXT_STEPS
from fawang.people.idcard import id_number_mask, phone_mask
from fawang.portal.presenters import CitizenView, citizen_view


def name_mask(name: str) -> str:
    """The first character and stars: enough for the person to recognise their receipt, not for anyone else."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def review_lines(journey: Journey, answers: dict[str, Any], kiosk: Any) -> list[tuple[str, str]]:
    """Each answer as (question, answer) for the review screen; the ID number is shown masked even there."""
    lines: list[tuple[str, str]] = []
    for step in journey.steps:
        form = step.form(kiosk=kiosk)
        for name, field in form.fields.items():
            value = answers.get(name, "")
            if name == "id_number" and value:
                shown = id_number_mask(str(value))
            elif hasattr(field, "choices"):
                shown = str(dict((str(k), v) for k, v in field.choices).get(str(value), value))
            else:
                shown = str(value)
            lines.append((str(field.label), shown or gettext("（未填）")))
    return lines


AFTER: dict[str, StrOrPromise] = {
    KioskRequestKind.CONSULTATION: gettext_lazy("工作人员将在规定时限内按您留下的电话答复您的问题。"),
    KioskRequestKind.LEGAL_AID: gettext_lazy(
        "这是预申请。请在工作时间携带身份证、家庭经济状况说明和与事情有关的材料，到本站点窗口或法律援助机构"
        "完成正式申请。"
    ),
    KioskRequestKind.NOTARY: gettext_lazy(
        "这是预申请。公证处会联系您约定时间；办理时须本人携带身份证件和材料原件，当面核实并签名。"
    ),
}


@dataclass(frozen=True)
class Receipt:
    reference: str
    title: str
    fields: list[tuple[str, str]]
    next_steps: list[str]
    site: Site


def _unit(case: Case) -> str:
    if case.service_type == ServiceType.LEGAL_AID:
        from fawang.legal_aid.documents import agency_name

        return agency_name(case)
    handler = case.handler_institution or case.handler_site
    if handler is not None:
        return str(handler)
    return gettext("%(region)s公共法律服务中心") % {"region": case.region.name}


def kiosk_receipt(submission: KioskSubmission) -> Receipt:
    case = submission.case
    fields = [
        (gettext("事项"), submission.get_kind_display()),
        (gettext("申请人"), name_mask(submission.contact_name) or gettext("（未留姓名）")),
        (gettext("联系电话"), phone_mask(submission.contact_phone)),
        (gettext("提交时间"), clock.to_local(case.submitted_at).strftime("%Y-%m-%d %H:%M")),
        (gettext("受理地点"), gettext("%(site)s（自助终端）") % {"site": submission.kiosk.site.name}),
        (gettext("承办单位"), _unit(case)),
    ]
    if case.language != "zh":
        fields.append((gettext("受理语言"), language_label(case.language)))
    steps = [str(AFTER[submission.kind]), str(NEXT_STEPS.get(case.service_type, ""))]
    steps.append(
        gettext("查询进度：在自助终端“查询办理进度”输入编号%(reference)s和手机号后四位，或拨打12348。")
        % {"reference": case.reference}
    )
    return Receipt(
        reference=case.reference,
        title=gettext("自助终端受理回执"),
        fields=fields,
        next_steps=[s for s in steps if s],
        site=submission.kiosk.site,
    )


def kiosk_progress(case: Case) -> CitizenView:
    """The portal's plain status of a 工单 (headline, next step, stages, handling unit); no replies or personal
    data on a shared screen."""
    return citizen_view(case)
