"""Reads of the knowledge base: FAQ items (J8), FAQ retrieval for a question (J4), the nearest human help (J5),
written consultation opinions (J7)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import user_roles
from fawang.cases.models import Case, CaseEvent
from fawang.cases.selectors import case_roles_for_user
from fawang.cases.workflow import Action
from fawang.core.errors import NotFoundError
from fawang.directory.models import Practitioner, Site, SiteKind
from fawang.knowledge.engine import Doc, Filters, SearchEngine
from fawang.knowledge.models import ConsultationOpinion, ConsultationRequest, FaqItem, OpinionStatus
from fawang.regions.models import Region
from fawang.regions.selectors import region_ancestors

# J8: who may edit knowledge items. Every other staff member reads.
FAQ_EDIT_ROLES = frozenset({Role.ADMIN, Role.AID_REVIEWER})
FAQ_MATCH_LIMIT = 3
FAQ_CANDIDATES = 20
# An FAQ of another category is shown only when it matches the question about as well as the best one.
FAQ_OFF_CATEGORY_RATIO = 0.8
HUMAN_SITE_KINDS = (SiteKind.CENTRE, SiteKind.STATION, SiteKind.ROOM)


def faq_can_edit(*, user: User) -> bool:
    return bool(user_roles(user=user) & FAQ_EDIT_ROLES)


def faq_list(*, category: str = "", query: str = "", include_archived: bool = False) -> QuerySet[FaqItem]:
    qs = FaqItem.objects.select_related("owner")
    if not include_archived:
        qs = qs.filter(archived=False)
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(
            Q(question__icontains=query) | Q(answer__icontains=query) | Q(keywords__icontains=query)
        )
    return qs.order_by("category", "question")


def faq_get(*, faq_id: int) -> FaqItem:
    try:
        return FaqItem.objects.select_related("owner", "updated_by").get(pk=faq_id)
    except FaqItem.DoesNotExist:
        raise NotFoundError("未找到该常见问题。") from None


# --- FAQ retrieval for a question: the same engine over the (small) FAQ corpus ---------------------------


class _FaqIndex:
    """The FAQ corpus indexed with the statute engine's tokeniser; rebuilt when an item changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[str, SearchEngine] | None = None

    def engine(self) -> SearchEngine:
        stamp = FaqItem.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
        key = f"{stamp['n']}|{stamp['top']}|{stamp['last'].isoformat() if stamp['last'] else ''}"
        with self._lock:
            if self._state is None or self._state[0] != key:
                docs = [
                    Doc(
                        key=str(pk),
                        law="",
                        short="",
                        article="",
                        text=f"{question} {question} {keywords} {answer}",  # the question counts double
                        path="",  # the category is matched separately, not as a word
                        level="faq",
                        current=True,
                        instrument_key=category,
                    )
                    for pk, question, keywords, answer, category in FaqItem.objects.order_by(
                        "pk"
                    ).values_list("pk", "question", "keywords", "answer", "category")
                ]
                self._state = (key, SearchEngine.build(docs))
            return self._state[1]

    def reset(self) -> None:
        with self._lock:
            self._state = None


_FAQ_INDEX = _FaqIndex()


def faq_match(*, question: str, category: str, on: date, limit: int = FAQ_MATCH_LIMIT) -> list[FaqItem]:
    """Curated answers for a question: lexical match over question, keywords and answer, same category first.

    Only items in effect on `on` and not archived are returned. An item of another category must score at least
    `FAQ_OFF_CATEGORY_RATIO` of the best match.
    """
    hits = _FAQ_INDEX.engine().search(question, top_k=FAQ_CANDIDATES, filters=Filters(current_only=False))
    if not hits:
        return []
    items = {item.pk: item for item in FaqItem.objects.filter(pk__in=[int(h.key) for h in hits])}
    best = hits[0].score
    ranked: list[tuple[int, float, FaqItem]] = []
    for hit in hits:
        item = items.get(int(hit.key))
        if item is None or not item.is_effective(on):
            continue
        same = item.category == category
        if not same and hit.score < best * FAQ_OFF_CATEGORY_RATIO:
            continue
        ranked.append((0 if same else 1, -hit.score, item))
    ranked.sort(key=lambda row: (row[0], row[1]))
    return [item for _, _, item in ranked[:limit]]


# --- human help (J5) ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HumanHelp:
    hotline: str
    site: Site | None


HOTLINE = "12348"


def site_nearest(*, region: Region | None) -> Site | None:
    """The public legal service site closest to the region: its own, else the nearest ancestor's."""
    if region is None:
        return None
    chain = region_ancestors(region=region)
    by_region: dict[int, Site] = {}
    for site in Site.objects.filter(region__in=chain, kind__in=HUMAN_SITE_KINDS).order_by("pk"):
        by_region.setdefault(site.region_id, site)
    for node in reversed(chain):
        if node.pk in by_region:
            return by_region[node.pk]
    return None


def human_help(*, region: Region | None) -> HumanHelp:
    return HumanHelp(hotline=HOTLINE, site=site_nearest(region=region))


def consultation_sites() -> QuerySet[Site]:
    """Sites a visitor can pick as "where I am" (county centres and township stations)."""
    return Site.objects.filter(kind__in=(SiteKind.CENTRE, SiteKind.STATION)).select_related("region")


def consultation_request_for_case(*, case_id: int) -> ConsultationRequest | None:
    return ConsultationRequest.objects.filter(case_id=case_id).first()


# --- written consultation opinions (J7) ------------------------------------------------------------------------


def opinion_approver_roles() -> frozenset[Role]:
    """The roles a deployment lets approve besides the answering professional (Config; empty by default)."""
    try:
        return frozenset(Role(r) for r in settings.FAWANG_CONSULTATION_OPINION_APPROVER_ROLES)
    except ValueError as exc:
        raise ImproperlyConfigured(f"FAWANG_CONSULTATION_OPINION_APPROVER_ROLES: {exc}") from exc


def opinion_is_staff(roles: frozenset[Role]) -> bool:
    """Any role beyond the citizen's own reads drafts; citizens read released versions only."""
    return bool(roles - {Role.CITIZEN})


def opinion_approval_refusal(
    *, user: User, opinion: ConsultationOpinion, roles: frozenset[Role]
) -> str | None:
    """Why `user` may not approve or return `opinion` (a sentence in the interface language), or None (J7)."""
    if user.pk == opinion.answerer_id:
        return None
    if roles & opinion_approver_roles():
        if user.pk in (opinion.drafted_by_id, opinion.updated_by_id):
            return gettext("起草或修改过该意见书的人员不能审批本人的稿件，请由答复人或其他审批人审批。")
        return None
    return gettext("该意见书须由答复该咨询的%(name)s审批。") % {"name": opinion_person_name(opinion.answerer)}


def opinion_person_name(user: User) -> str:
    practitioner = Practitioner.objects.filter(user=user).first()
    return practitioner.name if practitioner is not None else str(user)


def consultation_answer_latest(*, case: Case) -> CaseEvent | None:
    """The answer recorded on the consultation (the `answer` step's text): what an opinion is drafted from."""
    return (
        CaseEvent.objects.filter(case=case, action=Action.ANSWER)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def consultation_opinion_list_for_case(*, user: User, case: Case) -> list[ConsultationOpinion]:
    """Versions of the opinions of a case already read through the scoped case selector, newest first: all of
    them for staff, the released ones for the citizen."""
    rows = ConsultationOpinion.objects.filter(case=case).select_related("answerer", "approved_by")
    if not opinion_is_staff(case_roles_for_user(user=user, case=case)):
        rows = rows.filter(status=OpinionStatus.RELEASED)
    return list(rows.order_by("-version"))


def consultation_opinion_released_list(*, case: Case) -> list[ConsultationOpinion]:
    """Released versions, oldest first (the portal's document list). The case must come from the scoped
    selector."""
    return list(
        ConsultationOpinion.objects.filter(case=case, status=OpinionStatus.RELEASED).order_by("version")
    )


def consultation_opinion_get_for_user(*, user: User, opinion_id: int) -> ConsultationOpinion:
    """One opinion, if its case is in the user's scope (404 otherwise); a citizen gets only released ones."""
    opinion = (
        ConsultationOpinion.objects.select_related(
            "case__region", "case__requester", "case__handler_practitioner", "answerer"
        )
        .filter(pk=opinion_id)
        .first()
    )
    if opinion is None:
        raise NotFoundError()
    roles = case_roles_for_user(user=user, case=opinion.case)
    if not roles:
        raise NotFoundError()
    if not opinion_is_staff(roles) and opinion.status != OpinionStatus.RELEASED:
        raise NotFoundError()
    return opinion
