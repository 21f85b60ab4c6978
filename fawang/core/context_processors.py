from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def _has_staff_role(request: HttpRequest) -> bool:
    from fawang.accounts.models import User
    from fawang.accounts.roles import Role
    from fawang.accounts.selectors import user_roles

    user = getattr(request, "user", None)
    return isinstance(user, User) and bool(user_roles(user=user) - {Role.CITIZEN})


def site_context(request: HttpRequest) -> dict[str, object]:
    # Lazy: the roles are read only by a page that shows the staff navigation.
    return {
        "platform_name": _("法网 · 公共法律服务平台"),
        "hotline_number": "12348",
        # L8: each language named in its own script, not translated into the current one.
        "interface_languages": settings.LANGUAGES,
        "staff_nav": SimpleLazyObject(lambda: _has_staff_role(request)),
    }
