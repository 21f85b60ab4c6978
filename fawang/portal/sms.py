"""Pluggable SMS sending (issue 4 §1). The console sender logs and keeps an outbox; a real gateway plugs in by
setting FAWANG_SMS_SENDER to a class with the same `send(phone, text)` method."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from fawang.people.idcard import phone_mask

logger = logging.getLogger("fawang.sms")


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsSender:
    """Development and test sender: writes the message to the log and to an in-memory outbox.

    The log line masks the number (`139****5678`; M3, issue 8 §3): logs are shipped and kept, and a number in clear
    there would undo its encryption at rest. The text, with the code a developer needs to sign up, stays visible.
    """

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone_mask(phone.strip()) if phone.strip() else "", text)
        ConsoleSmsSender.outbox.append((phone, text))


@lru_cache(maxsize=1)
def sms_sender() -> SmsSender:
    path = getattr(settings, "FAWANG_SMS_SENDER", "fawang.portal.sms.ConsoleSmsSender")
    sender: SmsSender = import_string(path)()
    return sender
