"""24-hour self-service kiosks (自助终端, G10): the registered devices and the requests made at them.

A kiosk is bound to one physical site. It acts through its own device account (`account`: an inactive user with no
password, never signed in), so every 工单, person record and audit entry written at the screen names the device.
The browser proves it is the kiosk with a device token kept in a signed cookie; only the token's SHA-256 is stored
(ADR 0099).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.crypto import EncryptedTextField
from fawang.core.models import BaseModel

NAME_MAX = 50
REASON_MAX = 200


class Kiosk(BaseModel):
    site = models.ForeignKey(
        "directory.Site", verbose_name="所在站点", on_delete=models.PROTECT, related_name="kiosks"
    )
    name = models.CharField("终端名称", max_length=NAME_MAX)
    active = models.BooleanField("启用", default=True)
    deactivated_reason = models.CharField("停用原因", max_length=REASON_MAX, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="终端账户", on_delete=models.PROTECT, related_name="kiosk"
    )
    # SHA-256 of the device token held by the paired browser; "" while no browser is paired.
    token_hash = models.CharField("设备令牌摘要", max_length=64, blank=True)
    token_issued_at = models.DateTimeField("令牌签发时间", null=True, blank=True)
    # HMAC of the one-time pairing code shown to staff; "" when none is pending.
    pairing_digest = models.CharField("配对码摘要", max_length=64, blank=True)
    pairing_expires_at = models.DateTimeField("配对码有效期", null=True, blank=True)
    last_seen_at = models.DateTimeField("最近在线", null=True, blank=True)

    class Meta:
        verbose_name = "自助终端"
        verbose_name_plural = "自助终端"
        ordering = ("site", "name")
        constraints = [
            models.UniqueConstraint(
                fields=("token_hash",), condition=~models.Q(token_hash=""), name="kiosk_token_hash_unique"
            ),
            models.UniqueConstraint(
                fields=("pairing_digest",),
                condition=~models.Q(pairing_digest=""),
                name="kiosk_pairing_digest_unique",
            ),
            models.UniqueConstraint(fields=("site", "name"), name="kiosk_site_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


class KioskRequestKind(models.TextChoices):
    CONSULTATION = "consultation", _("智能咨询转人工")
    LEGAL_AID = "legal_aid", _("法律援助预申请")
    NOTARY = "notary", _("公证预申请")


class KioskSubmission(BaseModel):
    """A 工单 made at a kiosk: which device and site took it in (the intake site), and the name and number typed at
    the screen. Those are kept here, encrypted, and never copied over an existing person's record (ADR 0099)."""

    kiosk = models.ForeignKey(
        Kiosk, verbose_name="终端", on_delete=models.PROTECT, related_name="submissions"
    )
    case = models.OneToOneField(
        "cases.Case", verbose_name="工单", on_delete=models.PROTECT, related_name="kiosk_submission"
    )
    kind = models.CharField("事项", max_length=20, choices=KioskRequestKind.choices)
    contact_name = EncryptedTextField("登记姓名", max_length=50, blank=True)
    contact_phone = EncryptedTextField("登记电话", max_length=20, blank=True)

    class PII:
        fields: ClassVar[tuple[str, ...]] = ("contact_name", "contact_phone")
        sensitive: ClassVar[tuple[str, ...]] = ()
        encrypted: ClassVar[tuple[str, ...]] = ("contact_name", "contact_phone")

    class Meta:
        verbose_name = "自助终端受理记录"
        verbose_name_plural = "自助终端受理记录"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=KioskRequestKind.values), name="kiosk_submission_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kiosk_id} {self.case_id}"
