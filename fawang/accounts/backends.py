"""Sign-in with a mobile number (citizens, issue 4) without the number being the username (M3).

Citizen usernames are opaque (`citizen-…`), so the plaintext number is stored nowhere: not in `username`, not in
the audit log's actor label. A login that looks like a mainland mobile number is resolved through the encrypted
phone's blind index (`user_find_by_phone`), then checked exactly like Django's ModelBackend does.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from fawang.accounts.models import User
from fawang.accounts.selectors import user_find_by_phone

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def mobile_number_or_empty(raw: str) -> str:
    """The 11-digit number in `raw` ("+86 138-0000-0000" → "13800000000"), or "" if it is not one."""
    value = re.sub(r"[\s-]", "", raw or "")
    if value.startswith("+86"):
        value = value[3:]
    return value if _MOBILE.fullmatch(value) else ""


class PhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        phone = mobile_number_or_empty(username or "")
        if not phone or password is None:
            return None
        user = user_find_by_phone(phone=phone)
        if user is None:
            # The same hashing cost as a real check: no timing signal of which numbers are registered.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
