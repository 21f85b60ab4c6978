"""The guided applications as declared step lists (J11, L9): one short question screen at a time.

A flow names its steps in order; a step is done once its answers are saved. Special screens: `check` (the legal-aid
pre-check, advisory only), `materials` (uploads) and `review` (summary and submit).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from fawang.portal.apply import forms as f
from fawang.portal.models import ApplicationService


@dataclass(frozen=True)
class Step:
    """Titles and intros are Chinese source strings marked with gettext_noop; pages translate them (L8)."""

    key: str
    title: str
    form: type[f.StepForm] | None  # None: the materials screen (uploads have their own form)
    intro: str = ""


IDENTITY = Step(
    "identity",
    gettext_noop("您的基本信息"),
    f.IdentityStep,
    gettext_noop("申请需要实名。您在平台上填过的信息会自动带出，核对即可。"),
)
MATERIALS = Step(
    "materials",
    gettext_noop("上传材料"),
    None,
    gettext_noop("拍照或扫描上传。没有的可以先不传，到窗口时再交。"),
)
REVIEW = Step("review", gettext_noop("核对并提交"), f.ReviewStep)


@dataclass(frozen=True)
class Flow:
    service: ApplicationService
    title: str
    steps: tuple[Step, ...]
    summary: str

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


FLOWS: dict[str, Flow] = {
    ApplicationService.LEGAL_AID: Flow(
        ApplicationService.LEGAL_AID,
        gettext_noop("申请法律援助"),
        (
            IDENTITY,
            Step("matter", gettext_noop("是什么事情"), f.AidMatterStep),
            Step("facts", gettext_noop("事情经过"), f.AidFactsStep),
            Step(
                "means",
                gettext_noop("家庭经济情况"),
                f.AidMeansStep,
                gettext_noop("经济困难的，可以免费获得律师帮助。属于下列特定情形的，不用审查经济状况。"),
            ),
            Step("check", gettext_noop("资格自测结果"), f.ConfirmStep),
            MATERIALS,
            REVIEW,
        ),
        gettext_noop(
            "经济困难或符合法定情形的公民，可以免费获得律师代理、辩护或咨询（法律援助法）。法律援助机构自受理起7日内作出决定。"
        ),
    ),
    ApplicationService.MEDIATION: Flow(
        ApplicationService.MEDIATION,
        gettext_noop("申请人民调解"),
        (
            IDENTITY,
            Step("other_party", gettext_noop("对方是谁"), f.OtherPartyStep),
            Step("dispute", gettext_noop("纠纷情况"), f.DisputeStep),
            Step("committee", gettext_noop("选择调解组织"), f.CommitteeStep),
            MATERIALS,
            REVIEW,
        ),
        gettext_noop(
            "邻里、家庭、婚姻、物业、劳务等民间纠纷，人民调解委员会免费调解（人民调解法第四条）。调解需要双方自愿。"
        ),
    ),
    ApplicationService.NOTARY: Flow(
        ApplicationService.NOTARY,
        gettext_noop("申请办理公证"),
        (
            IDENTITY,
            Step("matter", gettext_noop("办理哪种公证"), f.NotaryMatterStep),
            Step("purpose", gettext_noop("公证用途"), f.NotaryPurposeStep),
            Step(
                "slot",
                gettext_noop("预约到场时间"),
                f.NotarySlotStep,
                gettext_noop("公证需要到公证处当面核实。请选择方便的时间。"),
            ),
            MATERIALS,
            REVIEW,
        ),
        gettext_noop(
            "网上提交申请并预约时间，到公证处时带上身份证和材料原件。公证处自受理起15个工作日内出具公证书。"
        ),
    ),
    ApplicationService.APPRAISAL: Flow(
        ApplicationService.APPRAISAL,
        gettext_noop("委托司法鉴定"),
        (
            IDENTITY,
            Step("matter", gettext_noop("鉴定什么"), f.AppraisalMatterStep),
            Step("institution", gettext_noop("选择鉴定机构"), f.AppraisalInstitutionStep),
            MATERIALS,
            REVIEW,
        ),
        gettext_noop("本省允许个人直接委托司法鉴定。鉴定机构收到委托后7个工作日内决定是否受理。"),
    ),
}


def flow_for(service: str) -> Flow:
    return FLOWS[service]
