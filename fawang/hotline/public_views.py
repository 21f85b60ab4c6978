"""The public 12348 page (L3, C17): one-touch call, large text, text only; the rolled-out functions and the hours.

Thin: reads the rollout (Config) and the centres' published hours, and renders. Public, read-only, stores nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fawang.core.access import public
from fawang.hotline.accessibility import DESCRIPTIONS, HotlineAccess, hotline_access_offered
from fawang.hotline.hours import hours_describe
from fawang.hotline.selectors import centre_list_public

HOTLINE_NUMBER = "12348"


@public
@require_GET
def hotline_page(request: HttpRequest) -> HttpResponse:
    offered = hotline_access_offered()
    context = {
        "number": HOTLINE_NUMBER,
        # Screen readers and braille displays read "12348" as a quantity; spaced, they read it digit by digit.
        "number_spoken": " ".join(HOTLINE_NUMBER),
        "functions": [(access.label, DESCRIPTIONS[access]) for access in offered],
        "one_touch": HotlineAccess.ONE_TOUCH_CALL in offered,
        "large_text": HotlineAccess.LARGE_TEXT in offered,
        "centres": [(c.name, hours_describe(c.hours)) for c in centre_list_public()],
    }
    return render(request, "hotline/public.html", context)
