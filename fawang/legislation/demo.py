"""Demo data for the county (issue 2 §8): one normative document open for public comment, with a hearing announced
(Q1, Q5), entered through the services by the county supervisor. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fawang.accounts.models import User
from fawang.core import clock
from fawang.legislation.models import Draft, DraftKind, IdentityMode
from fawang.legislation.services import draft_create, draft_transition, hearing_announce
from fawang.regions.models import Region

TITLE = "城乡居民养犬管理办法（征求意见稿）"
FULL_TEXT = """第一条 为了规范养犬行为，保障公民人身安全，维护环境卫生和社会秩序，制定本办法。
第二条 本县行政区域内的养犬及相关管理活动，适用本办法。
第三条 养犬人应当为犬只办理登记，携犬出户时应当束犬链，由完全民事行为能力人牵领。
第四条 犬只伤害他人的，养犬人应当立即将被伤害人送医诊治，并依法承担赔偿责任。
第五条 本办法自发布之日起三十日后施行。"""


def legislation_demo_build(*, actor: User, county: Region) -> None:
    if Draft.objects.filter(title=TITLE, region=county).exists():
        return
    today = clock.local_today()
    draft = draft_create(
        actor=actor,
        region=county,
        kind=DraftKind.NORMATIVE,
        title=TITLE,
        drafting_body=f"{county.name}司法局",
        explanation="近年来犬只伤人、扰民纠纷增多，群众反映强烈。为规范养犬行为，起草了本办法，现向社会公开征求意见。",
        full_text=FULL_TEXT,
        opens_on=today,
        closes_on=today + timedelta(days=44),
        identity_mode=IdentityMode.ANONYMOUS_ALLOWED,
        concerns_accessibility=False,
    )
    draft_transition(actor=actor, draft_id=draft.pk, action="publish")
    day = today + timedelta(days=35)
    hearing_announce(
        actor=actor,
        draft_id=draft.pk,
        starts_at=datetime.combine(day, time(9, 30), tzinfo=clock.LOCAL_TZ),
        place=f"{county.name}司法局三楼会议室",
        subject="养犬登记和犬只伤人责任的规定",
    )
