"""The legal-aid roster page (/work/legal-aid/roster/, O8 and X3): who takes aid matters in a county, with what
weight and when, the out-of-hours rota, and how allocations compare with the weighted shares. Aid reviewers and
administrators of the county edit it; supervisors read it. Thin: parse, call a roster service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_stubs_ext import StrOrPromise

from fawang.accounts.models import User
from fawang.core.errors import DomainError
from fawang.legal_aid.models import AllocationPool
from fawang.legal_aid.roster_forms import (
    DutyShiftForm,
    DutyShiftRemoveForm,
    RosterAbsenceForm,
    RosterEntryForm,
)
from fawang.legal_aid.roster_selectors import (
    ROSTER_EDITORS,
    duty_shifts,
    roster_absences,
    roster_addable_practitioners,
    roster_counties_for_user,
    roster_fairness,
)
from fawang.legal_aid.roster_services import (
    duty_shift_add,
    duty_shift_remove,
    roster_absence_add,
    roster_entry_set,
)
from fawang.regions.models import Region

Call = Callable[[User, Region, dict[str, Any]], object]
ACTIONS: dict[str, tuple[type[forms.Form], Call, StrOrPromise]] = {
    "entry": (
        RosterEntryForm,
        lambda u, c, d: roster_entry_set(actor=u, county=c, **d),
        gettext_lazy("名册已保存。"),
    ),
    "absence": (
        RosterAbsenceForm,
        lambda u, c, d: roster_absence_add(actor=u, county=c, **d),
        gettext_lazy("已登记暂停分配期间。"),
    ),
    "shift": (
        DutyShiftForm,
        lambda u, c, d: duty_shift_add(actor=u, county=c, **d),
        gettext_lazy("已排班。"),
    ),
    "shift_remove": (
        DutyShiftRemoveForm,
        lambda u, c, d: duty_shift_remove(actor=u, county=c, **d),
        gettext_lazy("已取消该值班安排。"),
    ),
}


def _form_error(form: forms.Form) -> str:
    details = _("；").join(
        _("%(field)s：%(errors)s")
        % {"field": form.fields[k].label or k, "errors": " ".join(str(e) for e in v)}
        for k, v in form.errors.items()
    )
    return _("提交的内容有误：%(errors)s") % {"errors": details}


@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest) -> HttpResponse:
    user = request.user  # signed in: LoginRequiredByDefaultMiddleware
    counties = list(roster_counties_for_user(user=user)) if isinstance(user, User) else []
    if not isinstance(user, User) or not counties:
        return render(request, "workbench/forbidden.html", status=403)
    by_pk = {c.pk: c for c in counties}
    county = by_pk.get(_int(request.GET.get("county")) or 0, counties[0])
    editable = set(roster_counties_for_user(user=user, roles=ROSTER_EDITORS).values_list("pk", flat=True))
    error, status = "", 200
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            error, status = _("未知的操作。"), 400
        else:
            form_class, call, done = action
            form = form_class(request.POST)
            try:
                if not form.is_valid():
                    raise DomainError(_form_error(form))
                call(user, county, form.cleaned_data)
            except DomainError as exc:  # PermissionDeniedError included: 403 for another county
                error, status = exc.message, exc.status_code
            else:
                messages.success(request, done)
                return redirect(f"{reverse('legal_aid:roster')}?county={county.pk}")
    pool = (
        AllocationPool.CRIMINAL
        if request.GET.get("pool") == AllocationPool.CRIMINAL
        else AllocationPool.CIVIL
    )
    context = {
        "counties": counties,
        "county": county,
        "pool": pool,
        "pools": AllocationPool.choices,
        "can_edit": county.pk in editable,
        "rows": roster_fairness(county=county, pool=pool),
        "absences": roster_absences(county=county),
        "shifts": duty_shifts(county=county),
        "addable": roster_addable_practitioners(county=county) if county.pk in editable else [],
        "entry_form": RosterEntryForm(),
        "error": error,
    }
    return render(request, "legal_aid/roster.html", context, status=status)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
