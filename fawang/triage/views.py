"""The public service guide at /guide/ (X5, L9): one question per screen, plain links, no JavaScript, nothing
stored. The tree version and the path travel in the query string (`?v=1&p=dispute.willing`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fawang.core.access import public
from fawang.triage.engine import Ref, Tree, path_format
from fawang.triage.selectors import GUIDE, SERVICE_LINKS, guide_step, service_url


def _url(tree: Tree, path: tuple[str, ...]) -> str:
    base = reverse("triage:guide")
    return f"{base}?{urlencode({'v': tree.version, 'p': path_format(path)})}" if path else base


@public
@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    step = guide_step(tree_id=GUIDE, version=request.GET.get("v", ""), path=request.GET.get("p", ""))
    tree, position = step.tree, step.position
    english = (translation.get_language() or "").startswith("en")

    def text(chinese: str, english_text: str) -> str:
        return english_text if english and english_text else chinese

    node = position.node
    context: dict[str, Any] = {
        "title": text(tree.title, tree.title_en),
        "question": text(node.text, node.text_en),
        "number": len(position.path) + 1,
        "notice": gettext(step.notice) if step.notice else "",
        "error": gettext(step.error) if step.error else "",
        "back_url": _url(tree, position.path[:-1]) if position.path else "",
        "options": [(text(o.text, o.text_en), _url(tree, (*position.path, o.id))) for o in node.options],
        "answers": [(text(q.text, q.text_en), text(o.text, o.text_en)) for q, o in position.trail],
    }
    if node.service is not None:
        ref = Ref(tree_id=tree.tree_id, version=tree.version, path=position.path)
        context["end"] = {
            "why": text(node.why, node.why_en),
            "label": gettext(SERVICE_LINKS[node.service].label),
            "url": service_url(service=node.service, ref=ref),
        }
    return render(request, "triage/guide.html", context, status=400 if step.error else 200)
