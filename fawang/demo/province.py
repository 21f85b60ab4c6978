"""A whole province's service network, built in bulk (issue 7 §8; ADR 0070, 0071).

The tree above township level is real public data (NBS 2024 snapshot, 重庆市: 38 districts and counties, 1,031
townships; shipped as data/province_500000.csv); villages and communities, populations, sites, institutions,
practitioners and their accounts are generated from a seeded random source, so one seed always builds the same
province. Resources are deliberately uneven — urban districts have more lawyers per 10,000 residents, some
villages have no room or no adviser yet — which is what the equalisation view (K4) must be able to see.

Everything is created only when missing (regions by code, sites by kind and region, institutions by kind and name,
practitioners by licence, users by username), so running the generator again adds nothing. The history of
cases is in province_history.py.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from fawang.accounts.models import RoleAssignment, User
from fawang.accounts.roles import Role
from fawang.demo.bulk import models_copy
from fawang.demo.network import GIVEN, SPECIALTIES, SURNAMES, VILLAGE_STEMS
from fawang.directory.models import (
    Institution,
    InstitutionKind,
    Practitioner,
    PractitionerKind,
    Site,
    SiteKind,
    VillageAdviserAssignment,
)
from fawang.regions.models import Region, RegionLevel, UrbanRural

PROVINCE_CODE = "500000000000"
PROVINCE_CSV = "data/province_500000.csv"
DEMO_COUNTY_CODE = "500231000000"

PRACTITIONER_ROLE: dict[str, Role] = {
    PractitionerKind.LAWYER: Role.AID_LAWYER,
    PractitionerKind.LEGAL_AID_STAFF: Role.AID_LAWYER,
    PractitionerKind.GRASSROOTS_WORKER: Role.VILLAGE_ADVISER,
    PractitionerKind.NOTARY: Role.NOTARY,
    PractitionerKind.APPRAISER: Role.APPRAISER,
    PractitionerKind.MEDIATOR: Role.MEDIATOR,
}


@dataclass
class Village:
    id: int
    code: str
    population: int
    urban: bool
    township_id: int
    county_index: int


@dataclass
class Staff:
    """A handler as the history needs it: ids, the account that acts, and the label events record."""

    practitioner_id: int
    user_id: int
    label: str


@dataclass
class CountyUnit:
    index: int
    region_id: int
    code: str
    name: str
    urban: bool
    propensity: float  # how much more (or less) its residents use the services than the average
    centre_site_id: int = 0
    hotline_user_id: int = 0
    clerk_user_id: int = 0
    reviewer_user_id: int = 0
    villages: list[Village] = field(default_factory=list)
    stations: dict[int, tuple[int, str, int]] = field(
        default_factory=dict
    )  # township id -> site id, name, region
    staff: dict[str, list[Staff]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class ProvinceNetwork:
    province_id: int
    counties: list[CountyUnit]
    person_ids: dict[int, list[int]] = field(default_factory=dict)  # county index -> requester pool


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


# --- regions ------------------------------------------------------------------------------------------------


def _csv_rows(counties: tuple[str, ...] | None) -> list[dict[str, str]]:
    """The shipped tree; `counties` (6-digit codes) keeps only those counties and their parents (tests)."""
    text = resources.files("fawang.demo").joinpath(PROVINCE_CSV).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    if counties is None:
        return rows
    keep = {c[:4].ljust(12, "0") for c in counties} | {PROVINCE_CODE}
    return [r for r in rows if r["code"] in keep or r["code"][:6] in counties]


def _regions(rng: random.Random, counties: tuple[str, ...] | None) -> None:
    """Create missing regions level by level (parents first), then roll populations up from the villages."""
    rows = _csv_rows(counties)
    existing = dict(Region.objects.filter(code__startswith="50").values_list("code", "id"))
    for level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        new = [
            Region(
                code=r["code"],
                name=r["name"],
                parent_id=existing.get(r["parent_code"]),
                level=level,
                urban_rural=r["urban_rural"],
            )
            for r in rows
            if int(r["level"]) == level and r["code"] not in existing
        ]
        models_copy(new)
        existing.update({r.code: r.pk for r in Region.objects.filter(code__in=[n.code for n in new])})
    towns = [r for r in rows if int(r["level"]) == RegionLevel.TOWNSHIP]
    with_villages = set(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith="50").values_list(
            "parent_id", flat=True
        )
    )
    villages = []
    for town in towns:
        urban = town["urban_rural"] == UrbanRural.URBAN
        count = rng.randint(4, 12) if urban else rng.randint(6, 16)
        for i in range(1, count + 1):
            stem = VILLAGE_STEMS[(int(town["code"][6:9]) * 7 + i) % len(VILLAGE_STEMS)]
            villages.append(
                Region(
                    code=town["code"][:9] + f"{(200 if urban else 100) + i:03d}",
                    name=f"{stem}社区" if urban else f"{stem}村",
                    parent_id=existing[town["code"]],
                    level=RegionLevel.VILLAGE,
                    population=rng.randint(3000, 12000) if urban else rng.randint(700, 3800),
                    urban_rural=town["urban_rural"],
                )
            )
    models_copy([v for v in villages if v.parent_id not in with_villages])
    _roll_up_population()


def _roll_up_population() -> None:
    nodes = list(Region.objects.filter(code__startswith="50").only("id", "parent_id", "level", "population"))
    totals: dict[int, int] = defaultdict(int)
    changed = []
    for node in sorted(nodes, key=lambda n: -n.level):
        if node.level != RegionLevel.VILLAGE and node.population != totals[node.pk]:
            node.population = totals[node.pk]
            changed.append(node)
        if node.parent_id is not None:
            totals[node.parent_id] += node.population
    if not changed:
        return
    # One UPDATE … FROM (VALUES …): bulk_update built a CASE expression per batch of 500.
    values = ", ".join(["(%s, %s)"] * len(changed))
    table = Region._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v(id, p) AS (VALUES {values})"  # noqa: S608 - model table name
            f" UPDATE {table} SET population = v.p FROM v WHERE {table}.id = v.id",
            [x for node in changed for x in (node.pk, node.population)],
        )


# --- service network ----------------------------------------------------------------------------------------


def _sites(rng: random.Random, counties: list[Region], towns: list[Region], villages: list[Region]) -> None:
    have = set(Site.objects.filter(region__code__startswith="50").values_list("kind", "region_id"))
    new: list[Site] = []
    for county in counties:
        for kind, name, hours in (
            (SiteKind.CENTRE, f"{county.name}公共法律服务中心", "周一至周五 9:00-17:30，周六上午值班"),
            (SiteKind.HOTLINE, f"12348{county.name}公共法律服务热线", "7×24小时"),
            (SiteKind.ONLINE, f"{county.name}网上公共法律服务平台", "7×24小时"),
        ):
            if (kind, county.pk) not in have:
                new.append(
                    Site(kind=kind, name=name, region=county, opening_hours=hours, services=["consultation"])
                )
    # About 1.5% of townships still lack a station and 2-8% of villages (by county) a room (G1; K4 baseline 0.7).
    room_gap = {c.pk: rng.uniform(0.02, 0.08) for c in counties}
    for town in towns:
        if (SiteKind.STATION, town.pk) not in have and rng.random() > 0.015:
            new.append(
                Site(
                    kind=SiteKind.STATION,
                    name=f"{town.name}公共法律服务工作站",
                    region=town,
                    opening_hours="周一至周五 9:00-12:00, 14:00-17:30",
                    services=["consultation", "legal_aid", "mediation"],
                )
            )
    county_of_town = {t.pk: t.parent_id for t in towns}
    for village in villages:
        gap = room_gap.get(county_of_town.get(village.parent_id or 0) or 0, 0.0)
        if (SiteKind.ROOM, village.pk) not in have and rng.random() > gap:
            new.append(
                Site(
                    kind=SiteKind.ROOM,
                    name=f"{village.name}公共法律服务工作室",
                    region=village,
                    opening_hours="每周二、周五 9:00-17:00（法律顾问值班）",
                    services=["consultation", "mediation"],
                )
            )
    models_copy(new)


def _institutions(rng: random.Random, counties: list[Region], towns: list[Region]) -> None:
    have = set(Institution.objects.filter(region__code__startswith="50").values_list("kind", "name"))
    new: list[Institution] = []

    def add(kind: InstitutionKind, name: str, region: Region) -> None:
        if (kind, name) not in have:
            new.append(Institution(kind=kind, name=name, region=region, services=[kind.value]))
            have.add((kind, name))

    for county in counties:
        urban = county.urban_rural == UrbanRural.URBAN
        add(InstitutionKind.LEGAL_AID_CENTRE, f"{county.name}法律援助中心", county)
        for i in range(rng.randint(5, 12) if urban else rng.randint(2, 5)):
            add(InstitutionKind.LAW_FIRM, f"{county.name}第{i + 1}律师事务所", county)
        for i in range(rng.randint(1, 3)):
            add(InstitutionKind.GRASSROOTS_OFFICE, f"{county.name}第{i + 1}法律服务所", county)
        add(InstitutionKind.NOTARY_OFFICE, f"{county.name}公证处", county)
        for i in range(rng.randint(1, 2)):
            add(InstitutionKind.APPRAISAL_INSTITUTION, f"{county.name}第{i + 1}司法鉴定所", county)
    for town in towns:
        add(InstitutionKind.JUSTICE_OFFICE, f"{town.name}司法所", town)
        add(InstitutionKind.MEDIATION_COMMITTEE, f"{town.name}人民调解委员会", town)
    models_copy(new)


def _practitioner_plan(
    rng: random.Random, county: Region, population: int
) -> list[tuple[PractitionerKind, InstitutionKind, int]]:
    urban = county.urban_rural == UrbanRural.URBAN
    per_10k = (
        rng.uniform(3.0, 6.5) if urban else rng.uniform(0.8, 2.2)
    )  # lawyers per 10,000 (K1; Qinghai 3.78)
    return [
        (PractitionerKind.LAWYER, InstitutionKind.LAW_FIRM, max(4, round(population / 10_000 * per_10k))),
        (PractitionerKind.GRASSROOTS_WORKER, InstitutionKind.GRASSROOTS_OFFICE, rng.randint(4, 15)),
        (PractitionerKind.NOTARY, InstitutionKind.NOTARY_OFFICE, rng.randint(3, 10)),
        (PractitionerKind.APPRAISER, InstitutionKind.APPRAISAL_INSTITUTION, rng.randint(3, 12)),
        (PractitionerKind.LEGAL_AID_STAFF, InstitutionKind.LEGAL_AID_CENTRE, rng.randint(3, 8)),
    ]


def _practitioners(rng: random.Random, counties: list[Region]) -> None:
    have = set(
        Practitioner.objects.filter(licence_number__contains="S").values_list("licence_number", flat=True)
    )
    by_kind: dict[tuple[int, str], list[Institution]] = defaultdict(list)
    for inst in (
        Institution.objects.filter(region__code__startswith="50").select_related("region").order_by("pk")
    ):
        county_id = inst.region_id if inst.region.level == RegionLevel.COUNTY else inst.region.parent_id
        by_kind[(county_id or 0, inst.kind)].append(inst)
    new: list[Practitioner] = []

    def add(kind: PractitionerKind, institution: Institution, county: Region, serial: int) -> None:
        licence = f"{kind.value[:2].upper()}{county.code[:6]}S{serial:05d}"
        start = date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28))
        name, specialties = person_name(rng), rng.sample(SPECIALTIES, 2)
        if licence not in have:
            new.append(
                Practitioner(
                    kind=kind,
                    name=name,
                    licence_number=licence,
                    practice_start=start,
                    specialties=specialties,
                    institution=institution,
                )
            )

    for county in counties:
        serial = 0
        for kind, inst_kind, count in _practitioner_plan(rng, county, county.population):
            institutions = by_kind[(county.pk, inst_kind)]
            for i in range(count):
                serial += 1
                add(kind, institutions[i % len(institutions)], county, serial)
        for committee in by_kind[(county.pk, InstitutionKind.MEDIATION_COMMITTEE)]:
            for _ in range(rng.randint(1, 3)):
                serial += 1
                add(PractitionerKind.MEDIATOR, committee, county, serial)
    models_copy(new)


def _accounts(counties: list[Region], province: Region) -> None:
    """One account per practitioner (unusable password) and per county desk; printed demo logins get a password."""
    practitioners = list(
        Practitioner.objects.filter(licence_number__contains="S", institution__region__code__startswith="50")
    )
    centres = {s.region_id: s for s in Site.objects.filter(kind=SiteKind.CENTRE, region__in=counties)}
    aid = {i.region_id: i for i in Institution.objects.filter(kind=InstitutionKind.LEGAL_AID_CENTRE)}
    wanted: dict[str, tuple[str, bool]] = {p.licence_number.lower(): (p.name, False) for p in practitioners}
    for county in counties:
        for desk, label in (
            ("hotline", "热线坐席"),
            ("clerk", "中心窗口"),
            ("reviewer", "援助审查"),
            ("sup", "督办"),
        ):
            wanted[f"{desk}_{county.code[:6]}"] = (f"{county.name}{label}", False)
    wanted["province_supervisor"] = ("省司法厅督办", True)
    wanted["county_supervisor"] = ("垫江县司法局督办", True)
    have = set(User.objects.filter(username__in=list(wanted)).values_list("username", flat=True))
    if len(have) == len(wanted):
        return  # every account exists: built by an earlier run
    unusable = make_password(None)
    demo = make_password(settings.FAWANG_DEMO_PASSWORD)
    models_copy(
        [
            User(username=u, display_name=name, password=demo if login else unusable)
            for u, (name, login) in wanted.items()
            if u not in have
        ]
    )
    users = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "id"))
    grants: list[RoleAssignment] = []
    for p in practitioners:
        user_id = users[p.licence_number.lower()]
        grants.append(
            RoleAssignment(user_id=user_id, role=PRACTITIONER_ROLE[p.kind], institution_id=p.institution_id)
        )
    _link_practitioner_users()
    for county in counties:
        c = county.code[:6]
        grants += [
            RoleAssignment(user_id=users[f"hotline_{c}"], role=Role.HOTLINE_OPERATOR, region=county),
            RoleAssignment(user_id=users[f"clerk_{c}"], role=Role.WINDOW_CLERK, site=centres[county.pk]),
            RoleAssignment(
                user_id=users[f"reviewer_{c}"],
                role=Role.AID_REVIEWER,
                region=county,
                institution=aid[county.pk],
            ),
            RoleAssignment(user_id=users[f"sup_{c}"], role=Role.SUPERVISOR, region=county),
        ]
    grants.append(RoleAssignment(user_id=users["province_supervisor"], role=Role.SUPERVISOR, region=province))
    demo_county = next((c for c in counties if c.code == DEMO_COUNTY_CODE), counties[0])
    grants.append(
        RoleAssignment(user_id=users["county_supervisor"], role=Role.SUPERVISOR, region=demo_county)
    )
    if have:  # a partial earlier run: some grants may exist already
        RoleAssignment.objects.bulk_create(grants, batch_size=5000, ignore_conflicts=True)
    else:
        models_copy(grants)


def _link_practitioner_users() -> None:
    """Practitioner.user = the account named after its licence, in one UPDATE (issue 7 §8: a bulk_update of
    10,000 rows built a CASE expression per batch and took half a minute of the province build)."""
    practitioner, user = Practitioner._meta.db_table, User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {practitioner} SET user_id = (SELECT u.id FROM {user} u"  # noqa: S608 - model table names
            f" WHERE u.username = LOWER({practitioner}.licence_number))"
            f" WHERE user_id IS NULL AND licence_number LIKE %s",
            ["%S%"],
        )


def _advisers(rng: random.Random, villages: list[Region], counties: list[Region]) -> None:
    """一村（社区）一法律顾问 (O4): most villages have one; coverage varies by county (90-100%)."""
    covered = set(
        VillageAdviserAssignment.objects.filter(valid_to__isnull=True).values_list("village_id", flat=True)
    )
    pool: dict[str, list[int]] = defaultdict(list)
    for pid, licence in Practitioner.objects.filter(
        licence_number__contains="S",
        kind__in=[PractitionerKind.LAWYER, PractitionerKind.GRASSROOTS_WORKER],
    ).values_list("id", "licence_number"):
        pool[licence[2:8]].append(pid)
    coverage = {c.code[:6]: rng.uniform(0.9, 1.0) for c in counties}
    new = []
    for i, village in enumerate(villages):
        county = village.code[:6]
        if village.pk in covered or not pool[county] or rng.random() > coverage.get(county, 1.0):
            continue
        new.append(
            VillageAdviserAssignment(
                village=village,
                practitioner_id=pool[county][i % len(pool[county])],
                valid_from=date(2024, 1, 1),
            )
        )
    models_copy(new)


@transaction.atomic
def province_network_build(*, rng: random.Random, only: tuple[str, ...] | None = None) -> ProvinceNetwork:
    """Create whatever is missing of the province's tree and network, then load it for the history.

    `only` (6-digit county codes) restricts the tree to those counties (tests, small demos)."""
    _regions(rng, only)
    province = Region.objects.get(code=PROVINCE_CODE)
    counties = list(Region.objects.filter(code__startswith="50", level=RegionLevel.COUNTY).order_by("code"))
    towns = list(Region.objects.filter(code__startswith="50", level=RegionLevel.TOWNSHIP).order_by("code"))
    villages = list(Region.objects.filter(code__startswith="50", level=RegionLevel.VILLAGE).order_by("code"))
    _sites(rng, counties, towns, villages)
    _institutions(rng, counties, towns)
    _practitioners(rng, counties)
    _accounts(counties, province)
    _advisers(rng, villages, counties)
    return province_network_load(rng=rng, province=province, counties=counties, villages=villages)


def province_network_load(
    *, rng: random.Random, province: Region, counties: list[Region], villages: list[Region]
) -> ProvinceNetwork:
    units = [
        CountyUnit(
            index=i,
            region_id=c.pk,
            code=c.code,
            name=c.name,
            urban=c.urban_rural == UrbanRural.URBAN,
            propensity=rng.uniform(0.55, 1.45),
        )
        for i, c in enumerate(counties)
    ]
    by_prefix = {u.code[:6]: u for u in units}
    town_county: dict[int | None, CountyUnit] = {}
    for v in villages:
        unit = by_prefix[v.code[:6]]
        unit.villages.append(
            Village(
                v.pk, v.code, v.population, v.urban_rural == UrbanRural.URBAN, v.parent_id or 0, unit.index
            )
        )
        town_county[v.parent_id] = unit
    for site in Site.objects.filter(kind=SiteKind.STATION, region__code__startswith="50").order_by("pk"):
        station_unit = town_county.get(site.region_id)
        if station_unit is not None:
            station_unit.stations.setdefault(site.region_id, (site.pk, site.name, site.region_id))
    for site in Site.objects.filter(kind=SiteKind.CENTRE, region__code__startswith="50").order_by("pk"):
        centre_unit = by_prefix.get(site.region.code[:6]) if site.region.level == RegionLevel.COUNTY else None
        if centre_unit is not None and not centre_unit.centre_site_id:
            centre_unit.centre_site_id = site.pk
    users = dict(
        User.objects.filter(username__regex=r"^(hotline|clerk|reviewer)_50[0-9]{4}$").values_list(
            "username", "id"
        )
    )
    for unit in units:
        c = unit.code[:6]
        unit.hotline_user_id, unit.clerk_user_id = users[f"hotline_{c}"], users[f"clerk_{c}"]
        unit.reviewer_user_id = users[f"reviewer_{c}"]
    for pid, name, kind, licence, user_id in (
        Practitioner.objects.filter(licence_number__contains="S", user__isnull=False, active=True)
        .order_by("pk")
        .values_list("id", "name", "kind", "licence_number", "user_id")
    ):
        staff_unit = by_prefix.get(licence[2:8])
        if staff_unit is not None:
            staff_unit.staff[kind].append(Staff(pid, user_id, f"{name}（{PractitionerKind(kind).label}）"))
    return ProvinceNetwork(province_id=province.pk, counties=units)
