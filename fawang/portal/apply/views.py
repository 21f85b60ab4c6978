"""Guided application pages (/apply/…): thin views over portal.apply services and the modules' selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts.models import User
from fawang.core.access import public
from fawang.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fawang.directory.models import Institution, InstitutionKind
from fawang.people.idcard import id_number_mask
from fawang.people.models import Person
from fawang.portal.apply import services
from fawang.portal.apply.flows import FLOWS, MATERIALS, Flow, Step, flow_for
from fawang.portal.apply.forms import StepForm, UploadForm
from fawang.portal.apply.precheck import aid_precheck
from fawang.portal.apply.selectors import (
    draft_get_for_user,
    draft_list_open_for_user,
    draft_next_step,
    draft_review_rows,
)
from fawang.portal.models import ApplicationDraft, ApplicationService

SLUGS = {
    "legal-aid": ApplicationService.LEGAL_AID,
    "mediation": ApplicationService.MEDIATION,
    "notary": ApplicationService.NOTARY,
    "appraisal": ApplicationService.APPRAISAL,
}
SLUG_OF = {v: k for k, v in SLUGS.items()}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDeniedError("请先登录。")
    return request.user


def _appraisal_direct() -> bool:
    from fawang.appraisal.services import direct_commission_enabled

    return direct_commission_enabled()


def _appraisal_guidance(request: HttpRequest) -> HttpResponse:
    """F7: commissions come from case-handling authorities; citizens get guidance and the institution directory."""
    institutions = Institution.objects.filter(kind=InstitutionKind.APPRAISAL_INSTITUTION).select_related(
        "region"
    )
    return render(
        request,
        "portal/apply/appraisal_guide.html",
        {"institutions": institutions.order_by("region__code", "name")},
    )


@public
@never_cache  # M14: the legal-aid pages carry a quick exit; no copy in any cache, signed in or not
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """What the service is, what to prepare, and the button that opens (or resumes) the draft."""
    service = SLUGS.get(slug)
    if service is None:
        raise Http404
    if service == ApplicationService.APPRAISAL and not _appraisal_direct():
        return _appraisal_guidance(request)
    flow = flow_for(service)
    triage = request.GET.get("triage", "")[:300]  # X5: from the service guide; checked when the draft opens
    context: dict[str, Any] = {"flow": flow, "draft": None, "slug": slug, "triage": triage}
    if not isinstance(request.user, User):
        if request.method == "POST":
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        return render(request, "portal/apply/start.html", context)
    user = request.user
    if request.method == "POST":
        draft = services.draft_open(actor=user, service=service, triage=request.POST.get("triage", ""))
        return redirect("portal:apply-step", token=draft.token, step=draft_next_step(draft=draft, flow=flow))
    context["draft"] = draft_list_open_for_user(user=user).filter(service=service).first()
    return render(request, "portal/apply/start.html", context)


def _form_kwargs(step: Step, draft: ApplicationDraft, user: User) -> dict[str, Any]:
    if step.key == "committee":
        return {"near": draft.answers.get("township", "")}
    if step.key == "identity":
        person = Person.objects.filter(user=user).first()
        return {"masked_id": id_number_mask(person.id_number) if person and person.id_number else ""}
    return {}


def _initial(step: Step, draft: ApplicationDraft) -> dict[str, Any]:
    return {**draft.answers, "version": draft.version}


def _context(
    request: HttpRequest, draft: ApplicationDraft, flow: Flow, step: Step, **extra: Any
) -> dict[str, Any]:
    index = flow.keys.index(step.key)
    done = set(draft.answers.get(services.DONE, []))
    context = {
        "draft": draft,
        "flow": flow,
        "step": step,
        "index": index + 1,
        "total": len(flow.steps),
        "previous": flow.steps[index - 1].key if index > 0 else "",
        "done": done,
        "resume_url": request.build_absolute_uri(reverse("portal:apply-resume", args=[draft.token])),
        "draft_days": settings.FAWANG_RETENTION_DAYS["portal_drafts"],  # retention job (M10)
    }
    if step.key == "check":
        context["precheck"] = aid_precheck(answers=draft.answers)
    if step.key == "materials":
        context["uploads"] = list(draft.uploads.all())
        context["checklist"] = _checklist(draft)
        context.setdefault("upload_form", UploadForm(initial={"version": draft.version, "quantity": 1}))
    if step.key == "review":
        context["rows"] = draft_review_rows(draft=draft, flow=flow)
        context["uploads"] = list(draft.uploads.all())
    context.update(extra)
    return context


def _checklist(draft: ApplicationDraft) -> list[str]:
    """What to bring or upload: the notary catalogue's Art.18 list; for legal aid, C19's proofs."""
    if draft.service == ApplicationService.NOTARY and draft.answers.get("matter_code"):
        from fawang.notary.catalogue import materials_for

        items = materials_for(draft.answers["matter_code"], proxy=draft.answers.get("attend") == "agent")
        return [item.label for item in items]
    if draft.service == ApplicationService.LEGAL_AID:
        return [
            gettext("身份证（正反面）"),
            gettext("经济困难状况说明表或个人诚信承诺书（属于免予核查情形的，提供相应证明）"),
            gettext("与申请事项有关的材料，例如劳动合同、欠条、病历、判决书"),
        ]
    if draft.service == ApplicationService.MEDIATION:
        return [gettext("身份证（正反面）"), gettext("与纠纷有关的照片、协议、票据（有就传）")]
    return [gettext("身份证（正反面）"), gettext("与鉴定事项有关的材料")]


def _load(request: HttpRequest, token: str) -> tuple[User, ApplicationDraft, Flow] | HttpResponse:
    user = _user(request)
    try:
        draft = draft_get_for_user(user=user, token=token)
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    return user, draft, flow_for(draft.service)


def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The resume link (save and continue): opens the first screen not yet filled in."""
    loaded = _load(request, token)
    if isinstance(loaded, HttpResponse):
        return loaded
    _, draft, flow = loaded
    if draft.case_id is not None:
        return redirect("portal:receipt", reference=draft.case.reference)  # type: ignore[union-attr]  # case_id set
    return redirect("portal:apply-step", token=token, step=draft_next_step(draft=draft, flow=flow))


def _save(request: HttpRequest, user: User, draft: ApplicationDraft, step: Step, form: StepForm) -> str:
    """Save the screen (or submit on the review screen); returns where to go next."""
    version = form.cleaned_data["version"]
    if step.key == "review":
        case = services.draft_submit(actor=user, token=draft.token, version=version)
        messages.success(
            request, gettext("申请已提交，事项编号 %(reference)s。") % {"reference": case.reference}
        )
        return reverse("portal:receipt", args=[case.reference])
    services.draft_step_save(
        actor=user,
        token=draft.token,
        step=step.key,
        answers=form.cleaned_answers(),
        version=version,
        id_number=str(form.cleaned_data.get("id_number") or ""),
    )
    return reverse("portal:apply-step", args=[draft.token, _after(flow_for(draft.service), step.key)])


@never_cache  # M14
@require_http_methods(["GET", "POST"])
def step_view(request: HttpRequest, token: str, step: str) -> HttpResponse:
    loaded = _load(request, token)
    if isinstance(loaded, HttpResponse):
        return loaded
    user, draft, flow = loaded
    current = flow.step(step)
    if current is None:
        return render(request, "portal/not_found.html", status=404)
    if draft.case_id is not None:
        return redirect("portal:receipt", reference=draft.case.reference)  # type: ignore[union-attr]  # case_id set
    if current.form is None:
        return render(request, "portal/apply/step.html", _context(request, draft, flow, current))
    kwargs = _form_kwargs(current, draft, user)
    form = current.form(request.POST or None, initial=_initial(current, draft), **kwargs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(_save(request, user, draft, current, form))
        except services.StaleDraftError as exc:
            draft.refresh_from_db()
            fresh = current.form(initial=_initial(current, draft), **kwargs)
            context = _context(request, draft, flow, current, form=fresh, stale=exc.message)
            return render(request, "portal/apply/step.html", context, status=409)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
    if form.errors and status == 200:
        status = 400
    return render(
        request, "portal/apply/step.html", _context(request, draft, flow, current, form=form), status=status
    )


def _after(flow: Flow, key: str) -> str:
    index = flow.keys.index(key)
    return flow.keys[min(index + 1, len(flow.keys) - 1)]


@require_POST
def upload(request: HttpRequest, token: str) -> HttpResponse:
    loaded = _load(request, token)
    if isinstance(loaded, HttpResponse):
        return loaded
    user, draft, flow = loaded
    materials = MATERIALS
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.draft_upload_add(
                actor=user,
                token=token,
                file=data["file"],
                label=data["label"],
                quantity=data["quantity"],
                version=data["version"],
            )
        except services.StaleDraftError as exc:
            draft.refresh_from_db()
            return render(
                request,
                "portal/apply/step.html",
                _context(request, draft, flow, materials, stale=exc.message),
                status=409,
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, gettext("已上传：%(label)s。") % {"label": data["label"]})
            return redirect("portal:apply-step", token=token, step="materials")
    return render(
        request,
        "portal/apply/step.html",
        _context(request, draft, flow, materials, upload_form=form),
        status=400,
    )


@require_POST
def upload_remove(request: HttpRequest, token: str, upload_id: int) -> HttpResponse:
    loaded = _load(request, token)
    if isinstance(loaded, HttpResponse):
        return loaded
    user, draft, _ = loaded
    try:
        services.draft_upload_remove(
            actor=user, token=token, upload_id=upload_id, version=int(request.POST.get("version") or 0)
        )
    except NotFoundError:
        return render(request, "portal/not_found.html", status=404)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已删除。"))
    return redirect("portal:apply-step", token=token, step="materials")


@require_POST
def discard(request: HttpRequest, token: str) -> HttpResponse:
    loaded = _load(request, token)
    if isinstance(loaded, HttpResponse):
        return loaded
    user, draft, _ = loaded
    try:
        services.draft_discard(actor=user, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:me")
    messages.success(request, gettext("已删除未提交的申请。"))
    return redirect("portal:apply-start", slug=SLUG_OF[ApplicationService(draft.service)])


__all__ = ["FLOWS", "discard", "resume", "start", "step_view", "upload", "upload_remove"]
