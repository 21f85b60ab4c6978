"""At sign-in, decide once whether this session still owes a second factor (M5), so the gate costs no query."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def _second_factor_owed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Imported here, not at module level: this module is loaded by SecurityConfig.ready() in every process (each
    # `fawang` command), and only a sign-in needs pyotp and the role selectors (issue 7 §8).
    from fawang.security.totp import SESSION_OTP_OK, totp_required

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_OTP_OK] = not totp_required(user=user)
