"""The sign-in form with lockout (M5): a locked username is refused before its password is checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fawang.core import clock
from fawang.security.lockout import login_failure_record, login_lock_state


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确，请重试。"),
        "inactive": _("该账户已停用。"),
        "locked": _("该账户因连续多次登录失败已被临时锁定，请于 %(until)s 后再试，或联系管理员解锁。"),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        if username:
            state = login_lock_state(username=username)
            if state.locked and state.until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": f"{clock.to_local(state.until):%H:%M}"},
                )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username)
            raise
