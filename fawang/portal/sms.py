"""Pluggable SMS sending (issue 4 §1). The console sender logs and keeps an outbox; a real gateway plugs in by
setting FAWANG_SMS_SENDER to a class with the same `send(phone, text)` method."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("fawang.sms")


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsSender:
    """Development and test sender: writes the message to the log and to an in-memory outbox."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)
        ConsoleSmsSender.outbox.append((phone, text))


@lru_cache(maxsize=1)
def sms_sender() -> SmsSender:
    path = getattr(settings, "FAWANG_SMS_SENDER", "fawang.portal.sms.ConsoleSmsSender")
    sender: SmsSender = import_string(path)()
    return sender
