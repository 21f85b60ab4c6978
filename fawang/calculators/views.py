"""Public calculator pages under /tools/calculators/ (J10). No sign-in, nothing stored: each page parses the form,
runs the engine through `calculation_run` and renders the breakdown; htmx requests get only the result region."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fawang.calculators.engines.common import CalculatorError, Result
from fawang.calculators.engines.lawyer_fee import NOT_CONFIGURED
from fawang.calculators.forms import FORMS
from fawang.calculators.selectors import (
    CALCULATORS,
    NOTICE,
    calculation_run,
    calculator_get,
    lawyer_fee_configured,
)
from fawang.core import clock
from fawang.core.access import public


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {"calculators": CALCULATORS.values(), "lawyer_fee_configured": lawyer_fee_configured()}
    return render(request, "calculators/index.html", context)


@public
@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest, kind: str) -> HttpResponse:
    calc = calculator_get(kind)
    if calc is None:
        missing = {
            "calculators": CALCULATORS.values(),
            "error": gettext("没有这个计算器，请从下面的列表中选择。"),
        }
        return render(request, "calculators/index.html", missing, status=404)
    form = FORMS[kind](request.POST if request.method == "POST" else None)
    unavailable = NOT_CONFIGURED if kind == "lawyer-fee" and not lawyer_fee_configured() else ""
    result: Result | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = calculation_run(kind=kind, data=form.cleaned_data, today=clock.local_today())
        except CalculatorError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    context: dict[str, object] = {
        "calc": calc,
        "form": form,
        "result": result,
        "notice": NOTICE,
        "unavailable": unavailable,
        "submitted": request.method == "POST",
    }
    status = 400 if form.errors else 200
    if getattr(request, "htmx", False):
        return render(request, "calculators/partials/result.html", context, status=status)
    return render(request, "calculators/calculator.html", context, status=status)
