"""Local legal-aid figures (/work/legal-aid/local-policy/): administrators set the figures the law leaves to local
rules (C11 objection window, C13 filing period, C21 recusal decision, C23 progress interval), each with its source;
reviewers and supervisors read them. The public policy page shows the ones in force."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.core.errors import DomainError
from fawang.legal_aid.forms import AidPolicyForm
from fawang.legal_aid.selectors import POLICY_READERS, aid_policy_list_for_user, aid_policy_regions_for_user
from fawang.legal_aid.services import aid_policy_set


@require_http_methods(["GET", "POST"])
def local_policy(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = user_roles(user=user) if isinstance(user, User) else frozenset()
    if not isinstance(user, User) or not roles & POLICY_READERS:
        return render(request, "workbench/forbidden.html", status=403)
    can_edit = Role.ADMIN in roles
    if request.method == "POST" and not can_edit:
        return render(request, "workbench/forbidden.html", status=403)
    regions = {r.pk: r for r in aid_policy_regions_for_user(user=user)} if can_edit else {}
    form = AidPolicyForm(request.POST or None, regions=[(pk, r.name) for pk, r in regions.items()])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            aid_policy_set(
                actor=user,
                region=regions[d["region"]],
                effective_from=d["effective_from"],
                source=d["source"],
                objection_window_days=d["objection_window_days"],
                closing_filing_days=d["closing_filing_days"],
                progress_interval_days=d["progress_interval_days"],
                recusal_working_days=d["recusal_working_days"],
            )
        except DomainError as exc:  # includes refusals outside the jurisdiction
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("地方配置已保存，自施行日期起用于新的期限计算和公开页面。"))
            return redirect("legal_aid:local-policy")
    context = {"form": form, "policies": aid_policy_list_for_user(user=user), "can_edit": can_edit}
    return render(request, "legal_aid/local_policy.html", context, status=400 if form.errors else 200)
