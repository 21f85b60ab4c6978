"""Public page: the local legal-aid policy (/legal-aid/policy/), linked from the portal's legal-aid application.

Reachable without signing in (it shows published rules and agency addresses only). ``?region=<12-digit code>``
picks the place; without it, the chooser lists the places that have a legal-aid agency.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fawang.accounts.services import system_actor
from fawang.core import clock
from fawang.core.access import public
from fawang.eligibility.services import standards_ensure_seeded
from fawang.legal_aid import policy as p
from fawang.regions.models import Region


@public
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    standards_ensure_seeded(actor=system_actor())  # a fresh database gets the shipped standards once
    regions = list(p.policy_regions()[:500])
    code = (request.GET.get("region") or "").strip()
    context: dict[str, object] = {
        "regions": regions,
        "art31": p.ART31,
        "art31_other": p.ART31_OTHER,
        "criminal": p.CRIMINAL,
        "art32": p.ART32,
        "art42": p.ART42,
        "materials": p.MATERIALS,
        "policy": None,
        "error": "",
    }
    if not code and len(regions) == 1:
        code = regions[0].code
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            context["error"] = _("未找到区划代码为“%(code)s”的地区，请从列表中选择。") % {"code": code[:20]}
            return render(request, "legal_aid/public_policy.html", context, status=404)
        context["policy"] = p.aid_public_policy(region=region, on=clock.local_today())
    return render(request, "legal_aid/public_policy.html", context)
