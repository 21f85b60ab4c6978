from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext

from fawang.accounts.forms import LockoutAuthenticationForm
from fawang.core.access import public
from fawang.security.lockout import login_success_record


@method_decorator(public, name="dispatch")
class FawangLoginView(LoginView):
    """Sign-in with lockout (M5) and a per-address rate limit (M15, FAWANG_RATE_LIMITED_VIEWS). The second factor follows (security app)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LockoutAuthenticationForm
    fawang_public = True

    def form_valid(self, form: LockoutAuthenticationForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        typed = str(form.cleaned_data.get("username") or "")
        login_success_record(username=form.get_user().get_username(), typed=typed)
        return super().form_valid(form)


class FawangPasswordChangeView(PasswordChangeView):
    """Changing one's own password applies the policy (length, classes, no reuse of the last 5)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form):  # type: ignore[no-untyped-def]  # Django's untyped generic
        from django.contrib import messages

        messages.success(self.request, gettext("密码已修改。"))
        return super().form_valid(form)
