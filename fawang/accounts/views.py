from django.contrib.auth.views import LoginView
from django.utils.decorators import method_decorator

from fawang.core.access import public


@method_decorator(public, name="dispatch")
class FawangLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    fawang_public = True
