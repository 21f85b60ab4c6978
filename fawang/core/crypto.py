"""Field encryption at rest and blind indexes for personal data (M3, M12; ADR 0080).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a MultiFernet key ring: the first key in
`FAWANG_PII_KEYS` encrypts, every key decrypts, so keys rotate by putting a new key first and running
`rotate_pii_keys`. Equality lookups use a blind index: HMAC-SHA256 of the normalised value under
`FAWANG_PII_INDEX_KEYS` (the first key writes; every key is tried on lookup while a rotation is under way).

Keys come from settings, which read them through fawang.config.env; only the dev and test settings carry a default.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Model

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


def _keys(name: str) -> list[str]:
    raw = getattr(settings, name, None)
    if not raw:
        raise ImproperlyConfigured(f"{name} 未配置：个人信息加密需要密钥 (M3)。")
    keys = [raw] if isinstance(raw, str) else list(raw)
    return [k.strip() for k in keys if k and k.strip()]


@cache
def _ring() -> MultiFernet:
    # Imported on first use: every process imports this module with the models, few encrypt or decrypt (the
    # package costs about 20 ms of start-up; issue 7 §8).
    from cryptography.fernet import Fernet, MultiFernet

    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in _keys("FAWANG_PII_KEYS")])
    except ValueError as exc:
        raise ImproperlyConfigured("FAWANG_PII_KEYS 中的密钥格式不正确（应为 Fernet 密钥）。") from exc


@cache
def _index_keys() -> tuple[bytes, ...]:
    return tuple(key.encode("utf-8") for key in _keys("FAWANG_PII_INDEX_KEYS"))


def _reset_caches(*, setting: str, **kwargs: Any) -> None:
    if setting in ("FAWANG_PII_KEYS", "FAWANG_PII_INDEX_KEYS"):
        _ring.cache_clear()
        _index_keys.cache_clear()


setting_changed.connect(_reset_caches)


def pii_encrypt(value: str) -> str:
    """Encrypt under the primary key. The empty string stays empty (no data, nothing to hide)."""
    if value == "":
        return ""
    return _ring().encrypt(value.encode("utf-8")).decode("ascii")


def pii_decrypt(token: str) -> str:
    if token == "":
        return ""
    from cryptography.fernet import InvalidToken

    try:
        return _ring().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("个人信息无法解密：密钥缺失或数据已损坏。") from exc


def pii_rotate(token: str) -> str:
    """Re-encrypt a token under the primary key (MultiFernet.rotate)."""
    if token == "":
        return ""
    from cryptography.fernet import InvalidToken

    try:
        return _ring().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("个人信息无法解密：密钥缺失或数据已损坏。") from exc


def pii_key_fingerprint() -> str:
    """A short, non-secret identifier of the primary key, for logs and the rotation report."""
    return hashlib.sha256(_keys("FAWANG_PII_KEYS")[0].encode("ascii")).hexdigest()[:8]


def blind_index(value: str, *, key_position: int = 0) -> str:
    """HMAC-SHA256 hex of an already-normalised value; "" for no value."""
    if value == "":
        return ""
    key = _index_keys()[key_position]
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_index_candidates(value: str) -> list[str]:
    """The index of a value under every configured index key, primary first (for lookups during rotation)."""
    if value == "":
        return []
    return [blind_index(value, key_position=i) for i in range(len(_index_keys()))]


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]  # TextField generic parameters vary
    """A text column whose content is a Fernet token; Python code sees the plaintext.

    Only `isnull` lookups make sense on ciphertext; any other lookup raises FieldError so that a direct filter
    (which could never match) fails loudly instead of silently returning nothing. Use the blind index instead.
    """

    description = "Encrypted text (Fernet)"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ("isnull",):
            raise FieldError(
                f"{self.model.__name__}.{self.name} 已加密存储，不能按 {lookup_name} 查询；"
                "请通过该模型所在模块的 selectors 按盲索引查询。"
            )
        return super().get_lookup(lookup_name)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return pii_decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return pii_encrypt(str(value))


class BlindIndexField(models.CharField):  # type: ignore[type-arg]  # CharField generic parameters vary
    """HMAC of another field's normalised value, computed on every save (a storage concern, not a rule)."""

    def __init__(
        self, *args: Any, source: str = "", normalizer: Callable[[str], str] | None = None, **kwargs: Any
    ) -> None:
        self.source = source
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def compute(self, instance: Model) -> str | None:
        raw = getattr(instance, self.source)
        if raw is None or raw == "":
            return None if self.null else ""
        value = self.normalizer(str(raw)) if self.normalizer else str(raw)
        return blind_index(value)

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict or list) stored as one Fernet token of its JSON text (M3).

    For free-form answers that hold personal data (ID numbers, phones, addresses typed into a form). Being an
    `EncryptedTextField`, it is found and re-encrypted by `rotate_pii_keys` like any other encrypted column.
    """

    description = "Encrypted JSON (Fernet)"
    _pyi_private_set_type: Any  # django-stubs: any JSON-serialisable value goes in …
    _pyi_private_get_type: Any  # … and comes back out

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(pii_decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value  # already a Python value; the database form is handled in from_db_value/get_prep_value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return pii_encrypt(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder, sort_keys=True))

    def value_to_string(self, obj: Model) -> Any:
        return self.value_from_object(obj)  # serializers (dumpdata, backups) get the JSON value itself


class BlindIndexedModel(models.Model):
    """Keeps every BlindIndexField in step with its source when a caller saves selected fields
    (`save(update_fields=["phone"])` also writes `phone_bidx`)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields: Iterable[str] | None = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            for field in self._meta.concrete_fields:
                if isinstance(field, BlindIndexField) and field.source in fields:
                    fields.add(field.name)
            kwargs["update_fields"] = sorted(fields)
        super().save(*args, **kwargs)
