"""Citizens and other requesters (0.5 priority groups, L7 adaptation needs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from fawang.core.crypto import BlindIndexField, EncryptedTextField
from fawang.core.models import BaseModel


def normalise_id_number(value: str) -> str:
    return value.strip().upper()


def normalise_phone(value: str) -> str:
    return value.strip()


class GroupTag(models.TextChoices):
    """Special-group tags (0.5; G5): they raise routing priority and prompt fee waivers."""

    DIBAO = "dibao", gettext_lazy("低保对象")
    DISABLED = "disabled", gettext_lazy("残疾人")
    MIGRANT_WORKER = "migrant_worker", gettext_lazy("农民工")
    ELDERLY = "elderly", gettext_lazy("老年人")
    MINOR = "minor", gettext_lazy("未成年人")
    SERVICE_FAMILY = "service_family", gettext_lazy("军人军属")
    VETERAN = "veteran", gettext_lazy("退役军人")
    SINGLE_MOTHER = "single_mother", gettext_lazy("单亲困难母亲")
    TEKUN = "tekun", gettext_lazy("特困供养人员")
    LOW_INCOME = "low_income", gettext_lazy("低收入家庭")


class AdaptationNeed(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", gettext_lazy("手语（国家通用手语）")
    BRAILLE = "braille", gettext_lazy("盲文")
    INTERPRETER = "interpreter", gettext_lazy("翻译")
    LARGE_PRINT = "large_print", gettext_lazy("大字")
    HOME_VISIT = "home_visit", gettext_lazy("上门服务")


class ContactChannel(models.TextChoices):
    """How staff may contact a person (M14; 法律援助法 Art.32): the usual means, or one safe channel only."""

    USUAL = "usual", gettext_lazy("常规方式")
    SAFE_PHONE = "safe_phone", gettext_lazy("仅拨打指定的安全电话")
    PORTAL = "portal", gettext_lazy("仅通过平台站内消息")
    IN_PERSON = "in_person", gettext_lazy("仅在本人到站点时当面沟通")
    TRUSTED_CONTACT = "trusted_contact", gettext_lazy("仅通过指定的可信联系人")


class Person(BaseModel):
    name = models.CharField("姓名", max_length=50)
    # Encrypted at rest (M3, ADR 0080); found through the blind indexes below, via fawang.people.selectors only.
    id_number = EncryptedTextField("身份证号码", max_length=18, null=True, blank=True)
    id_number_bidx = BlindIndexField(
        "身份证号码索引", source="id_number", normalizer=normalise_id_number, null=True, unique=True
    )
    phone = EncryptedTextField("联系电话", max_length=20, blank=True)
    phone_bidx = BlindIndexField(
        "联系电话索引", source="phone", normalizer=normalise_phone, blank=True, db_index=True
    )
    gender = models.CharField("性别", max_length=1, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    address = EncryptedTextField("住址", max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="户籍/居住地", null=True, blank=True, on_delete=models.PROTECT
    )
    groups = models.JSONField("特殊群体", default=list, blank=True)
    # M14: a person at risk (e.g. domestic violence) is contacted only through one safe channel; staff pages read
    # it through fawang.people.selectors.person_contact_route, never these fields directly.
    contact_channel = models.CharField(
        "安全联系方式", max_length=20, choices=ContactChannel.choices, default=ContactChannel.USUAL
    )
    safe_phone = EncryptedTextField("安全电话", max_length=20, blank=True)
    # The 12348 screen pop recognises a flagged person who rings from the safe number too (B7, M14).
    safe_phone_bidx = BlindIndexField(
        "安全电话索引", source="safe_phone", normalizer=normalise_phone, blank=True, db_index=True
    )
    safe_contact_name = EncryptedTextField("可信联系人", max_length=50, blank=True)
    contact_note = EncryptedTextField("联系注意事项", max_length=200, blank=True)
    adaptation_needs = models.JSONField("适配需求", default=list, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class PII:
        """Personal data declared per model (STYLE §16): drives masking, audit and retention."""

        fields: ClassVar[tuple[str, ...]] = (
            "name",
            "id_number",
            "phone",
            "address",
            "birth_date",
            "safe_phone",
            "safe_contact_name",
            "contact_note",
        )
        # A safe-contact flag itself reveals that someone is at risk (M14).
        sensitive: ClassVar[tuple[str, ...]] = (
            "id_number",
            "groups",
            "contact_channel",
            "safe_phone",
            "safe_contact_name",
            "contact_note",
        )
        encrypted: ClassVar[tuple[str, ...]] = (
            "id_number",
            "phone",
            "address",
            "safe_phone",
            "safe_contact_name",
            "contact_note",
        )
        blind_indexes: ClassVar[dict[str, str]] = {
            "id_number": "id_number_bidx",
            "phone": "phone_bidx",
            "safe_phone": "safe_phone_bidx",
        }

    class Meta:
        verbose_name = "群众"
        verbose_name_plural = "群众"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact_channel__in=ContactChannel.values),
                name="people_person_contact_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep each blind index in step with its source when a caller saves selected fields."""
        update_fields: Iterable[str] | None = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            fields |= {index for source, index in self.PII.blind_indexes.items() if source in fields}
            kwargs["update_fields"] = sorted(fields)
        super().save(*args, **kwargs)

    @property
    def group_labels(self) -> list[str]:
        return [str(GroupTag(g).label) for g in self.groups if g in GroupTag.values]
