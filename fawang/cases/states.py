"""The vocabulary of a 工单: service types, channels, statuses (STYLE §20: no bare status strings)."""

from django.db import models


class ServiceType(models.TextChoices):
    CONSULTATION = "consultation", "法律咨询"
    LEGAL_AID = "legal_aid", "法律援助"
    MEDIATION = "mediation", "人民调解"
    NOTARY = "notary", "公证"
    APPRAISAL = "appraisal", "司法鉴定"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    LAWYER_REFERRAL = "lawyer_referral", "律师预约"
    RESETTLEMENT = "resettlement", "安置帮扶"


class Channel(models.TextChoices):
    WEB = "web", "网站"
    APP = "app", "移动端"
    HOTLINE = "hotline", "12348热线"
    WINDOW = "window", "窗口"
    HOTLINE_12345 = "12345", "12345转办"
    REFERRAL = "referral", "部门转介"
    VISIT = "visit", "上门/巡回服务"  # G9
    # G10, optional (FAWANG_OPTIONAL_CHANNELS): 24-hour self-service kiosks, and remote video consultation and
    # video notarisation, counted as channels of their own.
    KIOSK = "kiosk", "自助终端"
    VIDEO = "video", "远程视频"


OPTIONAL_CHANNELS = frozenset({Channel.KIOSK, Channel.VIDEO})


class Status(models.TextChoices):
    NEW = "new", "待受理"
    ACCEPTED = "accepted", "已受理"
    UNDER_REVIEW = "under_review", "审查中"
    AWAITING_MATERIALS = "awaiting_materials", "待补正材料"
    DISPATCHED = "dispatched", "已转办"
    IN_PROGRESS = "in_progress", "办理中"
    GRANTED = "granted", "准予援助"
    ASSIGNED = "assigned", "已指派"
    RESOLVED = "resolved", "已办结"
    CLOSED = "closed", "已归档"
    REFUSED = "refused", "决定不予办理"
    REJECTED = "rejected", "不予受理"
    WITHDRAWN = "withdrawn", "已撤回"


# Resettlement records are kept outside the case queue (R2, ADR 0034), so intake never offers that type.
INTAKE_SERVICE_CHOICES = [
    (value, label) for value, label in ServiceType.choices if value != ServiceType.RESETTLEMENT
]

TERMINAL_STATUSES = frozenset({Status.CLOSED, Status.REFUSED, Status.REJECTED, Status.WITHDRAWN})


class Priority(models.TextChoices):
    NORMAL = "normal", "普通"
    PRIORITY = "priority", "优先"  # special groups (G5)
    URGENT = "urgent", "紧急"


class DueState(models.TextChoices):
    NONE = "none", "无时限"
    ON_TRACK = "on_track", "正常"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已超期"
