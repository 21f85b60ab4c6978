"""Reads for public comment on drafts (Q1–Q6; STYLE §3).

Public pages see published drafts only and never a commenter's personal data. Staff reach drafts through
`draft_get_for_user`, scoped by the region subtree of their grants: editors (supervisors and administrators of the
bureau) read and write drafts of their jurisdiction; window clerks read the drafts that cover their township, to
enter comments collected by its contact points (Q4). Comment lists and comment details with personal data are
audited (M6).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.selectors import grant_list_for_user
from fawang.core import clock
from fawang.core.audit import audit_record
from fawang.core.errors import NotFoundError, PermissionDeniedError
from fawang.core.models import AuditAction
from fawang.legislation.models import (
    Comment,
    CommentAttachment,
    CommentSource,
    ContactPoint,
    Draft,
    DraftStatus,
    Handling,
    Phase,
)
from fawang.people.idcard import id_number_mask, phone_mask
from fawang.regions.models import Region, RegionLevel

# Bureau staff who draft, publish, handle comments and read commenters' data (ADR 0100: no new role).
EDITORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Staff who enter comments collected offline by a contact point in their region (Q4).
OFFLINE_ENTRY = frozenset({Role.WINDOW_CLERK, *EDITORS})
PUBLIC_STATUSES = (DraftStatus.PUBLISHED, DraftStatus.CLOSED, DraftStatus.SUMMARY_PUBLISHED)
_LENGTHS = (2, 4, 6, 9, 12)


def legislation_prefixes(*, user: User, roles: frozenset[Role] = EDITORS) -> list[str]:
    if not user.is_authenticated:
        return []
    return sorted(
        {g.region_prefix for g in grant_list_for_user(user=user) if g.role in roles and g.region_prefix}
    )


def user_is_editor(*, user: User) -> bool:
    return bool(legislation_prefixes(user=user))


def user_may_enter_offline(*, user: User) -> bool:
    return bool(legislation_prefixes(user=user, roles=OFFLINE_ENTRY))


def _ancestor_codes(prefix: str) -> list[str]:
    return [prefix[:n].ljust(12, "0") for n in _LENGTHS if n <= len(prefix)]


def _scope_q(user: User) -> Q:
    """Editors: drafts of their subtree. Offline-entry staff: also drafts of the places above them."""
    q = Q(pk__in=[])
    for prefix in legislation_prefixes(user=user):
        q |= Q(region__code__startswith=prefix)
    for prefix in legislation_prefixes(user=user, roles=OFFLINE_ENTRY):
        q |= Q(region__code__in=_ancestor_codes(prefix)) | Q(region__code__startswith=prefix)
    return q


def draft_list_for_user(*, user: User) -> QuerySet[Draft]:
    return Draft.objects.filter(_scope_q(user)).select_related("region").order_by("-opens_on", "-id")


def draft_get_for_user(*, user: User, draft_id: int, for_write: bool = False) -> Draft:
    """404 when the draft is outside the user's scope; 403 when they may read but not change it."""
    draft = draft_list_for_user(user=user).filter(pk=draft_id).first()
    if draft is None:
        raise NotFoundError("未找到该征求意见稿，或不在您的辖区内。")
    if for_write and not user_may_edit_draft(user=user, draft=draft):
        raise PermissionDeniedError("您的角色不能修改该征求意见稿。")
    return draft


def draft_list_public(*, phase: str = "") -> list[Draft]:
    """Published drafts for the public list, open ones first (Q1). The phase is computed from today's date."""
    today = clock.local_today()
    drafts = list(Draft.objects.filter(status__in=PUBLIC_STATUSES).select_related("region"))
    order = {Phase.OPEN: 0, Phase.UPCOMING: 1, Phase.CLOSED: 2, Phase.SUMMARY: 3}
    rows = [d for d in drafts if not phase or d.phase_on(today) == phase]
    return sorted(rows, key=lambda d: (order.get(d.phase_on(today), 9), -d.opens_on.toordinal(), -d.pk))


def draft_get_public(*, draft_id: int) -> Draft:
    draft = Draft.objects.filter(pk=draft_id, status__in=PUBLIC_STATUSES).select_related("region").first()
    if draft is None:
        raise NotFoundError("未找到该征求意见稿。")
    return draft


def contact_point_list_for_user(*, user: User) -> QuerySet[ContactPoint]:
    q = Q(pk__in=[])
    for prefix in legislation_prefixes(user=user, roles=OFFLINE_ENTRY):
        q |= Q(region__code__startswith=prefix)
    return ContactPoint.objects.filter(q).select_related("region")


def contact_point_get_for_user(*, user: User, contact_point_id: int) -> ContactPoint:
    found = contact_point_list_for_user(user=user).filter(pk=contact_point_id).first()
    if found is None:
        raise NotFoundError("未找到该基层立法联系点，或不在您的辖区内。")
    return found


def contact_point_regions_for_user(*, user: User) -> QuerySet[Region]:
    q = Q(pk__in=[])
    for prefix in legislation_prefixes(user=user, roles=OFFLINE_ENTRY):
        q |= Q(code__startswith=prefix)
    return Region.objects.filter(q).order_by("code")


def draft_regions_for_user(*, user: User) -> QuerySet[Region]:
    """Places an editor may make drafts for: their jurisdiction down to county level (规章 and 规范性文件 are
    made by county-level and higher governments and departments)."""
    q = Q(pk__in=[])
    for prefix in legislation_prefixes(user=user):
        q |= Q(code__startswith=prefix)
    return Region.objects.filter(q, level__lte=RegionLevel.COUNTY).order_by("code")


@dataclass(frozen=True)
class CommentRow:
    """A comment as the staff list shows it: personal data masked."""

    comment: Comment
    name: str
    phone: str


def _name_mask(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


def comment_list_for_user(*, user: User, draft_id: int) -> tuple[Draft, list[CommentRow]]:
    """Every comment on a draft the user edits, with masked personal data; audited (M6)."""
    draft = draft_get_for_user(user=user, draft_id=draft_id, for_write=True)
    comments = list(
        Comment.objects.filter(draft=draft)
        .select_related("article", "contact_point")
        .prefetch_related("attachments")
    )
    rows = [
        CommentRow(
            c,
            gettext("（匿名）") if c.anonymous else _name_mask(c.name),
            phone_mask(c.phone) if c.phone else "",
        )
        for c in comments
    ]
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="legislation.Comment",
        object_id=f"draft:{draft.pk}",
        summary=f"查看征求意见稿《{draft.title[:60]}》的意见列表（{len(rows)}条，个人信息已遮蔽）",
    )
    return draft, rows


@dataclass(frozen=True)
class CommentDetail:
    comment: Comment
    name: str
    phone: str
    id_number: str
    id_number_masked: str


def comment_get_for_user(*, user: User, comment_id: int) -> CommentDetail:
    """One comment with the commenter's full name and phone, for an editor of the draft; audited (M6)."""
    comment = (
        Comment.objects.filter(pk=comment_id)
        .select_related("draft__region", "article", "contact_point")
        .first()
    )
    if comment is None:
        raise NotFoundError("未找到该意见，或您无权查看。")
    draft_get_for_user(user=user, draft_id=comment.draft_id, for_write=True)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="legislation.Comment",
        object_id=comment.reference,
        summary="查看立法意见及意见人信息",
    )
    return CommentDetail(
        comment=comment,
        name=comment.name,
        phone=comment.phone,
        id_number=comment.id_number,
        id_number_masked=id_number_mask(comment.id_number) if comment.id_number else "",
    )


def comment_attachment_get_for_user(*, user: User, attachment_id: int) -> CommentAttachment:
    """A comment's attachment for an editor of the draft; each download is audited (M6)."""
    found = CommentAttachment.objects.filter(pk=attachment_id).select_related("comment").first()
    if found is None:
        raise NotFoundError("未找到该附件，或您无权查看。")
    draft_get_for_user(user=user, draft_id=found.comment.draft_id, for_write=True)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="legislation.CommentAttachment",
        object_id=attachment_id,
        summary=f"下载立法意见 {found.comment.reference} 的附件",
    )
    return found


def user_may_edit_draft(*, user: User, draft: Draft) -> bool:
    return any(draft.region.code.startswith(p) for p in legislation_prefixes(user=user))


@dataclass
class SourceCount:
    label: str
    count: int


@dataclass
class ArticleCount:
    label: str
    total: int
    by_handling: dict[str, int] = field(default_factory=dict)


@dataclass
class Summary:
    """The published summary of comments and their handling (Q3), with offline sources (Q4). No personal data."""

    total: int
    by_handling: list[tuple[str, int]]
    by_article: list[ArticleCount]
    by_source: list[SourceCount]
    points: list[tuple[str, str, str, str]]  # (article label, handling label, reason, source label)


def draft_summary(*, draft: Draft) -> Summary:
    comments = list(Comment.objects.filter(draft=draft).select_related("article", "contact_point"))
    handled = [h for h in Handling if h is not Handling.PENDING]
    counts = Counter(c.handling for c in comments)
    articles: dict[str, ArticleCount] = {"全文": ArticleCount(gettext("针对草案整体"), 0)}
    for article in draft.articles.all():
        articles[article.label] = ArticleCount(article.label, 0)
    sources: dict[str, SourceCount] = {"online": SourceCount(str(CommentSource.ONLINE.label), 0)}
    points = []
    for c in comments:
        key = c.article.label if c.article else "全文"
        row = articles.setdefault(key, ArticleCount(key, 0))
        row.total += 1
        label = str(Handling(c.handling).label)
        row.by_handling[label] = row.by_handling.get(label, 0) + 1
        if c.source == CommentSource.CONTACT_POINT and c.contact_point is not None:
            skey = f"cp:{c.contact_point_id}"
            name = gettext("基层立法联系点：%(name)s") % {"name": c.contact_point.name}
            src = sources.setdefault(skey, SourceCount(name, 0))
        else:
            src = sources["online"]
        src.count += 1
        points.append((articles[key].label, label, c.handling_reason, src.label))
    return Summary(
        total=len(comments),
        by_handling=[(str(h.label), counts.get(h.value, 0)) for h in handled],
        by_article=[a for a in articles.values() if a.total],
        by_source=list(sources.values()),
        points=points,
    )


def comment_list_for_subject(*, user: User) -> list[Comment]:
    """The real-name comments this account submitted (its owner's copy of their data, M9). Anonymous comments keep
    no account link, so they cannot be found here, by design (Q2)."""
    return list(
        Comment.objects.filter(user=user).select_related("draft", "article").order_by("created_at", "id")
    )
