"""The public contract review page under /tools/contract-review/ (J10). No sign-in, nothing stored: the page parses
the form, runs the engine through `contract_review_run` and renders the report; htmx requests get only the report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fawang.contract_review.engine.model import ReviewError
from fawang.contract_review.forms import ContractReviewForm
from fawang.contract_review.selectors import (
    NOTICE,
    ReportView,
    contract_review_run,
    contract_type_list,
    report_view,
)
from fawang.core import clock
from fawang.core.access import public


@public
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ContractReviewForm(request.POST, request.FILES) if posted else ContractReviewForm()
    view: ReportView | None = None
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            report = contract_review_run(
                text=data["text"],
                contract_type=data["contract_type"] or None,
                signed_on=data["signed_on"],
                today=clock.local_today(),
            )
        except ReviewError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            view = report_view(report)
    context = {
        "form": form,
        "view": view,
        "notice": NOTICE,
        "types": contract_type_list(),
        "submitted": posted,
    }
    status = 400 if form.errors else 200
    if getattr(request, "htmx", False):
        return render(request, "contract_review/partials/report.html", context, status=status)
    return render(request, "contract_review/index.html", context, status=status)
