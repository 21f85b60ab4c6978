"""Online mediation in four stages with a person reachable at each (D11; after the BC Civil Resolution Tribunal).

1. 自助了解 (self-help): what the law says about this kind of dispute and what the parties can do themselves.
2. 双方协商 (negotiation): the parties write to each other and make or accept settlement proposals.
3. 调解员主持调解 (mediator-led): a mediator is assigned and the existing mediation steps run (D2-D7).
4. 司法确认或其他途径 (referral): an effective agreement goes to judicial confirmation (D8), or the termination notice
   names arbitration, administrative and judicial routes (D6).

The stage is derived from the file so it can never disagree with the case lifecycle: nothing but
``case_transition`` writes case status, and the stage is not a second status. At every stage a party can ask for a
person (``HelpRequest``), and the page names who answers and the 12348 hotline.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fawang.mediation.models import MediationCase, NegotiationMessage, OnlineStage

HOTLINE = "12348"


@dataclass(frozen=True)
class StageInfo:
    stage: OnlineStage
    what: StrOrPromise
    human: StrOrPromise  # who answers a help request at this stage


STAGES: tuple[StageInfo, ...] = (
    StageInfo(
        OnlineStage.SELF_HELP,
        _("阅读与您的纠纷有关的法律规定和常见处理办法，整理证据材料。"),
        _("调解受理窗口工作人员"),
    ),
    StageInfo(
        OnlineStage.NEGOTIATION,
        _("双方在线说明各自意见，可以提出和解方案；对方接受后，由调解员确认并制作调解协议。"),
        _("调解受理窗口工作人员"),
    ),
    StageInfo(
        OnlineStage.MEDIATION,
        _("调解员主持调解，听取双方意见，依法提出解决方案；达成协议的制作调解协议书。"),
        _("承办调解员"),
    ),
    StageInfo(
        OnlineStage.REFERRAL,
        _("调解协议生效后30日内可以共同申请司法确认；调解不成的，可以通过仲裁、行政、司法等途径解决。"),
        _("承办调解员"),
    ),
)


@dataclass(frozen=True)
class Guide:
    topic: StrOrPromise
    keywords: tuple[str, ...]
    points: tuple[StrOrPromise, ...]


# Self-help notes by kind of dispute; the basis cited is national law. The first guide whose keyword occurs in the
# title or facts applies, the last is the general one.
GUIDES: tuple[Guide, ...] = (
    Guide(
        _("相邻关系与宅基地"),
        ("相邻", "宅基地", "边界", "排水", "通行", "采光", "漏水", "渗漏"),
        (
            _(
                "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则处理相邻关系（民法典第288条）。"
            ),
            _("整理权属证明（不动产权证、宅基地使用证）、现场照片和损失凭证。"),
        ),
    ),
    Guide(
        _("婚姻家庭与赡养"),
        ("婚姻", "离婚", "赡养", "抚养", "家庭", "继承"),
        (
            _("成年子女对父母负有赡养、扶助和保护的义务（民法典第26条）。"),
            _("离婚、收养等身份关系本身不能通过司法确认程序确认，协议中的财产、赡养安排可以调解。"),
        ),
    ),
    Guide(
        _("劳务报酬与欠款"),
        ("工资", "劳务", "报酬", "欠款", "借款", "工钱"),
        (
            _("当事人应当按照约定全面履行自己的义务（民法典第509条）。"),
            _("整理欠条、转账记录、考勤或工作记录；涉及劳动关系的，也可以申请劳动争议调解或仲裁。"),
        ),
    ),
    Guide(
        _("损害赔偿"),
        ("赔偿", "损害", "受伤", "损坏", "事故"),
        (
            _("行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任（民法典第1165条）。"),
            _("整理医疗票据、维修或评估凭证、现场照片等损失证明。"),
        ),
    ),
    Guide(
        _("一般民间纠纷"),
        (),
        (
            _("人民调解遵循自愿、平等、合法的原则，不收取任何费用（人民调解法第3条、第4条）。"),
            _("写清楚事情经过、您的诉求和可以接受的解决办法，有助于协商和调解。"),
        ),
    ),
)


def guide_for(mediation: MediationCase) -> Guide:
    text = f"{mediation.case.title}{mediation.facts}{mediation.issues}"
    return next(g for g in GUIDES if not g.keywords or any(k in text for k in g.keywords))


def online_stage(mediation: MediationCase) -> OnlineStage:
    """The current stage, read from the file (D11)."""
    if hasattr(mediation, "termination"):
        return OnlineStage.REFERRAL
    agreement = getattr(mediation, "agreement", None) if hasattr(mediation, "agreement") else None
    if agreement is not None and agreement.effective_at is not None:
        return OnlineStage.REFERRAL
    if mediation.case.handler_practitioner_id is not None or mediation.sessions.exists():
        return OnlineStage.MEDIATION
    if NegotiationMessage.objects.filter(mediation=mediation).exists():
        return OnlineStage.NEGOTIATION
    return OnlineStage.SELF_HELP


def stage_track(current: OnlineStage) -> list[tuple[StageInfo, str]]:
    """Each stage with 'done', 'current' or 'next', for the progress list on the party's page."""
    order = [info.stage for info in STAGES]
    here = order.index(current)
    return [
        (info, "done" if i < here else "current" if i == here else "next") for i, info in enumerate(STAGES)
    ]
