"""The deadline table of REQUIREMENTS section 4 as data (requirements T1, T4, T7).

National defaults only. Codes are ``<service_type>.<step>``. Sources keep the REQUIREMENTS strength markers: [S]
national law, [N] national standard, [L] local rule shipped as a default, [2] secondary source to verify, [D] project
decision; "Fixed" rows are national ceilings a deployment may tighten but never relax, "Config" rows are defaults.
Rows of section 4 that are not clocks (percentages, "same day", year-long review windows, "no national figure")
are not listed. To change a row, add a new version rather than editing a running one (T7; docs/deadlines.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from fawang.cases.deadlines import DeadlineRule, Unit

CD: Final = Unit.CALENDAR_DAYS
WD: Final = Unit.WORKING_DAYS

DEADLINE_RULES: Final[tuple[DeadlineRule, ...]] = (
    # Legal aid (法律援助法 2021). 法律援助法 has no working-day clause, so its days are calendar days (T4).
    DeadlineRule(
        "legal_aid.review",
        "legal_aid",
        "review",
        7,
        CD,
        "法律援助法 Art.43 [S] · Fixed ceiling; supplement time excluded (C5, C6; 2012 程序规定 Art.13 [2])",
        pausable=True,
    ),
    DeadlineRule("legal_aid.assign", "legal_aid", "assign", 3, CD, "法律援助法 Art.43 [S] · Fixed (C5)"),
    DeadlineRule(
        "legal_aid.notice_assign", "legal_aid", "notice_assign", 3, CD, "法律援助法 Art.36 [S] · Fixed (C9)"
    ),
    DeadlineRule(
        "legal_aid.forward_detained",
        "legal_aid",
        "forward_detained",
        24,
        Unit.HOURS,
        "法律援助法 Art.39 [S] · Fixed (C9)",
    ),
    DeadlineRule(
        "legal_aid.objection_decide",
        "legal_aid",
        "objection_decide",
        5,
        CD,
        "法律援助法 Art.49 [S] · Fixed (C11)",
    ),
    DeadlineRule("legal_aid.recusal", "legal_aid", "recusal", 3, WD, "杭州 2017 [L] · Config (C21)"),
    # People's mediation (人民调解法 2010).
    DeadlineRule(
        "mediation.conclude",
        "mediation",
        "conclude",
        1,
        Unit.MONTHS,
        "2002 若干规定 Art.33 [2]; 宁波 Art.27 [L] · Config (D6); extended only when both parties ask",
    ),
    DeadlineRule(
        "mediation.judicial_confirmation_window",
        "mediation",
        "judicial_confirmation_window",
        30,
        CD,
        "人民调解法 Art.33; 民事诉讼法 Art.205 [S] · Fixed (D8)",
    ),
    DeadlineRule(
        "mediation.court_accept",
        "mediation",
        "court_accept",
        3,
        CD,
        "最高法 2011 规定 Art.4 [S] · Fixed (D8)",
    ),
    DeadlineRule(
        "mediation.court_rule",
        "mediation",
        "court_rule",
        15,
        CD,
        "最高法 2011 规定 Art.5 [S] · Fixed (D8); +10 days with the president's approval",
        extension_length=10,
    ),
    DeadlineRule(
        "mediation.committee_register", "mediation", "committee_register", 30, WD, "宁波 Art.13 [L] · Config"
    ),
    # Notarisation (公证法 2017; 公证程序规则 2020).
    DeadlineRule(
        "notary.issue",
        "notary",
        "issue",
        15,
        WD,
        "公证法 Art.30 [S] · Fixed (E5); force majeure, supplementing and verification excluded",
        pausable=True,
    ),
    DeadlineRule(
        "notary.review_decide",
        "notary",
        "review_decide",
        30,
        CD,
        "程序规则 Art.61–63 [2; verify] · Fixed (E7); supplementation or verification at most 6 months",
        pausable=True,
    ),
    DeadlineRule(
        "notary.review_execute",
        "notary",
        "review_execute",
        10,
        CD,
        "程序规则 Art.61–63 [2; verify] · Fixed (E7)",
    ),
    # Judicial appraisal (司法鉴定程序通则 2016).
    DeadlineRule(
        "appraisal.accept", "appraisal", "accept", 7, WD, "通则 Art.13 [S]; 广东 Art.27 [L] · Fixed (F1)"
    ),
    DeadlineRule(
        "appraisal.complete",
        "appraisal",
        "complete",
        30,
        WD,
        "通则 Art.28 [S] · Fixed (F6); supplementing or re-collecting excluded; one extension of at most 30 WD",
        pausable=True,
        extension_length=30,
    ),
    # Hotline 12348 (all Config, section B and A4–A7).
    DeadlineRule(
        "hotline.answer", "hotline", "answer", 15, Unit.SECONDS, "GB/T 33358-2016 [N] · Config (B1)"
    ),
    DeadlineRule(
        "hotline.media_reply", "hotline", "media_reply", 3, Unit.MINUTES, "GB/T 33358-2016 [N] · Config (B1)"
    ),
    DeadlineRule("hotline.transfer", "hotline", "transfer", 1, WD, "山东 [L] · Config (A4)"),
    DeadlineRule(
        "hotline.transfer_urgent", "hotline", "transfer_urgent", 1, Unit.HOURS, "山东 [L] · Config (A4)"
    ),
    DeadlineRule(
        "hotline.feedback",
        "hotline",
        "feedback",
        5,
        WD,
        "山东 [L] · Config (A5); approved extension to 15 WD in total",
        extension_length=10,
    ),
    DeadlineRule("hotline.escalate", "hotline", "escalate", 1, WD, "山东 [L] · Config (A6)"),
    DeadlineRule(
        "hotline.callback",
        "hotline",
        "callback",
        1,
        WD,
        "project default [D] · Config (A7, X2); no source figure, configure per deployment",
    ),
    # Online platform.
    DeadlineRule("online.message_reply", "online", "message_reply", 3, WD, "Shanghai 2017 [L] · Config (B5)"),
    DeadlineRule(
        "online.lawyer_pickup", "online", "lawyer_pickup", 30, Unit.SECONDS, "Hebei [2] · Config (B6)"
    ),
    # Evaluation, complaints, disclosure, consultation.
    DeadlineRule(
        "evaluation.rectify",
        "evaluation",
        "rectify",
        15,
        WD,
        "国办发〔2019〕51号 [N]; 四川, 澄江 [L] · Config (H3); alternatives 5 WD, 7 days",
    ),
    DeadlineRule(
        "complaint.reply",
        "complaint",
        "reply",
        15,
        WD,
        "project default [D] · Config (A3, X6); aligned with evaluation.rectify, no national figure",
    ),
    DeadlineRule("disclosure.publish", "disclosure", "publish", 20, WD, "东阳, 东莞 [L] · Config"),
    DeadlineRule(
        "consultation.answer",
        "consultation",
        "answer",
        3,
        WD,
        "project default [D] · Config (A7); aligned with online.message_reply (B5)",
    ),
    # Legislation: the public comment window on a draft is at least 30 days.
    DeadlineRule(
        "legislation.public_comment",
        "legislation",
        "public_comment",
        30,
        CD,
        "立法法 Art.40; 行政法规制定程序条例 Art.13; 规章制定程序条例 Art.15, 21 [S] · Fixed minimum",
    ),
)


def _index(rules: tuple[DeadlineRule, ...]) -> Mapping[str, DeadlineRule]:
    by_code: dict[str, DeadlineRule] = {}
    for rule in rules:
        if rule.code in by_code:
            raise ValueError(f"期限规则代码重复：{rule.code}")
        by_code[rule.code] = rule
    return MappingProxyType(by_code)


RULES_BY_CODE: Final[Mapping[str, DeadlineRule]] = _index(DEADLINE_RULES)


# Earlier versions of changed rules stay here, so a running clock keeps the version it started with (T7).
SUPERSEDED_RULES: Final[tuple[DeadlineRule, ...]] = ()


def rule_for(code: str, version: int | None = None) -> DeadlineRule:
    """The rule for ``code`` (T1): the current one, or the given version (T7). Raises KeyError when unknown."""
    try:
        current = RULES_BY_CODE[code]
    except KeyError:
        raise KeyError(f"未知的期限规则代码：{code!r}（见 fawang/cases/deadline_rules.py）") from None
    if version is None or version == current.version:
        return current
    for rule in SUPERSEDED_RULES:
        if rule.code == code and rule.version == version:
            return rule
    raise KeyError(f"期限规则 {code!r} 没有第 {version} 版（见 fawang/cases/deadline_rules.py）")


# Chinese names of the clocks, for pages and notices.
DEADLINE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "legal_aid.review": "法律援助审查决定（7日）",
        "legal_aid.assign": "给予援助后指派（3日）",
        "legal_aid.notice_assign": "通知辩护后指派（3日）",
        "legal_aid.forward_detained": "转交在押人员申请（24小时）",
        "legal_aid.objection_decide": "异议审查决定（5日）",
        "legal_aid.recusal": "回避决定（3个工作日）",
        "mediation.conclude": "调解结案（1个月）",
        "mediation.judicial_confirmation_window": "申请司法确认（30日）",
        "mediation.court_accept": "法院决定是否受理司法确认（3日）",
        "mediation.court_rule": "法院作出确认裁定（15日）",
        "mediation.committee_register": "调委会设立变更备案（30个工作日）",
        "notary.issue": "出具公证书（15个工作日）",
        "notary.review_decide": "公证复查决定（30日）",
        "notary.review_execute": "复查决定执行（10日）",
        "appraisal.accept": "鉴定委托受理决定（7个工作日）",
        "appraisal.complete": "完成鉴定（30个工作日）",
        "hotline.answer": "接听来电（15秒）",
        "hotline.media_reply": "回复文字等咨询（3分钟）",
        "hotline.transfer": "转办（1个工作日）",
        "hotline.transfer_urgent": "紧急转办（1小时）",
        "hotline.feedback": "办理结果反馈（5个工作日）",
        "hotline.escalate": "不满意诉求升级处理（1个工作日）",
        "hotline.callback": "回拨解答（1个工作日）",
        "online.message_reply": "留言答复（3个工作日）",
        "online.lawyer_pickup": "律师接单（30秒）",
        "evaluation.rectify": "差评整改（15个工作日）",
        "complaint.reply": "投诉建议答复（15个工作日）",
        "disclosure.publish": "信息公开（20个工作日）",
        "consultation.answer": "咨询答复（3个工作日）",
        "legislation.public_comment": "立法征求意见期（30日）",
    }
)


def deadline_label(code: str) -> str:
    return DEADLINE_LABELS.get(code, code)
