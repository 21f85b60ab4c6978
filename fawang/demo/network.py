"""The demo county's service network: regions, sites, institutions, practitioners (issue 2 §8).

Real names down to township level (public NBS data, 2024 snapshot, shipped in data/demo_county.csv);
villages, populations and people are generated from a seeded random source, so a rerun builds the same county.
"""

from __future__ import annotations

import csv
import random
import zlib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from fawang.directory.models import (
    Institution,
    InstitutionKind,
    Practitioner,
    PractitionerKind,
    Site,
    SiteKind,
    StewardContact,
    StewardRole,
    VillageAdviserAssignment,
)
from fawang.regions.models import Region, RegionLevel, UrbanRural
from fawang.regions.services import RegionRow, region_import

VILLAGE_STEMS = "平安 新华 红星 龙泉 石桥 青山 金竹 桃园 白果 长岭 黄桷 双河 太平 永丰 团结 高峰 柏林 五里 向阳 大坪 凉水 田坝 观音 三合".split()
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 罗 高 林 谭 冉 向 邓 秦".split()
GIVEN = "建国 秀英 志强 丽华 明 芳 伟 敏 静 磊 洋 娟 军 勇 艳 杰 涛 超 霞 平 刚 桂英 玉兰 海燕".split()
SPECIALTIES = [
    "婚姻家庭",
    "劳动纠纷",
    "交通事故",
    "债权债务",
    "合同纠纷",
    "房产纠纷",
    "刑事辩护",
    "人身损害",
    "消费权益",
]
ALL_SERVICES = ["consultation", "legal_aid", "mediation", "notary", "appraisal", "complaint"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


@dataclass
class DemoNetwork:
    county: Region
    townships: list[Region]
    villages: list[Region]
    centre: Site
    hotline: Site
    online: Site
    stations: dict[int, Site] = field(default_factory=dict)  # township id -> station
    institutions: dict[str, list[Institution]] = field(default_factory=dict)
    practitioners: dict[str, list[Practitioner]] = field(default_factory=dict)


def _region_rows(rng: random.Random) -> list[RegionRow]:
    text = resources.files("fawang.demo").joinpath("data/demo_county.csv").read_text(encoding="utf-8")
    base = [
        RegionRow(
            r["code"], r["name"], r["parent_code"], int(r["level"]), int(r["population"]), r["urban_rural"]
        )
        for r in csv.DictReader(text.splitlines())
    ]
    villages: list[RegionRow] = []
    for town in (r for r in base if r.level == RegionLevel.TOWNSHIP):
        urban = town.urban_rural == UrbanRural.URBAN
        for i in range(1, (4 if urban else 5) + 1):
            stem = VILLAGE_STEMS[(int(town.code[6:9]) * 7 + i) % len(VILLAGE_STEMS)]
            name = f"{stem}社区" if urban else f"{stem}村"
            population = rng.randint(3000, 12000) if urban else rng.randint(800, 4200)
            code = town.code[:9] + f"{(200 if urban else 100) + i:03d}"
            villages.append(
                RegionRow(code, name, town.code, RegionLevel.VILLAGE, population, town.urban_rural)
            )
    return _with_population_totals(base, villages)


def _with_population_totals(base: list[RegionRow], villages: list[RegionRow]) -> list[RegionRow]:
    totals: dict[str, int] = {}
    for v in villages:
        totals[v.parent_code] = totals.get(v.parent_code, 0) + v.population
    rows = list(villages)
    for level in (RegionLevel.TOWNSHIP, RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
        for r in (r for r in base if r.level == level):
            pop = totals.get(r.code, 0)
            rows.append(RegionRow(r.code, r.name, r.parent_code, r.level, pop, r.urban_rural))
            if r.parent_code:
                totals[r.parent_code] = totals.get(r.parent_code, 0) + pop
    return rows


def _institution(kind: InstitutionKind, name: str, region: Region, services: list[str]) -> Institution:
    inst, _ = Institution.objects.get_or_create(
        kind=kind,
        name=name,
        defaults={
            "region": region,
            "phone": "023-7468" + f"{zlib.crc32(name.encode()) % 10000:04d}",
            "services": services,
        },
    )
    return inst


def _practitioner(
    rng: random.Random, kind: PractitionerKind, institution: Institution, serial: int
) -> Practitioner:
    licence = f"{kind.value[:2].upper()}5002{serial:06d}"
    start = date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28))
    pract, _ = Practitioner.objects.get_or_create(
        licence_number=licence,
        defaults={
            "kind": kind,
            "name": person_name(rng),
            "practice_start": start,
            "specialties": rng.sample(SPECIALTIES, 2),
            "institution": institution,
            "phone": f"139{rng.randint(10000000, 99999999)}",
        },
    )
    return pract


def _sites(net: DemoNetwork) -> None:
    for town in net.townships:
        office = _institution(InstitutionKind.JUSTICE_OFFICE, f"{town.name}司法所", town, ALL_SERVICES)
        station, _ = Site.objects.get_or_create(
            kind=SiteKind.STATION,
            region=town,
            defaults={
                "name": f"{town.name}公共法律服务工作站",
                "address": f"垫江县{town.name}政府便民服务中心一楼",
                "opening_hours": "周一至周五 9:00-12:00, 14:00-17:30",
                "services": ALL_SERVICES[:3],
                "justice_office": office,
                "accessibility": ["无障碍通道", "低位窗口"],
            },
        )
        net.stations[town.pk] = station
    for village in net.villages:
        Site.objects.get_or_create(
            kind=SiteKind.ROOM,
            region=village,
            defaults={
                "name": f"{village.name}公共法律服务工作室",
                "address": f"{village.name}便民服务室",
                "opening_hours": "每周二、周五 9:00-17:00（法律顾问值班）",
                "services": ["consultation", "mediation"],
            },
        )


def _institutions(rng: random.Random, net: DemoNetwork) -> None:
    county = net.county
    kinds: list[tuple[InstitutionKind, list[str]]] = [
        (InstitutionKind.LEGAL_AID_CENTRE, ["垫江县法律援助中心"]),
        (InstitutionKind.LAW_FIRM, [f"重庆{n}律师事务所" for n in ("桂溪", "明月", "牡丹", "澄溪")]),
        (InstitutionKind.GRASSROOTS_OFFICE, [f"垫江县{n}法律服务所" for n in ("城区", "澄溪", "高安")]),
        (InstitutionKind.NOTARY_OFFICE, ["重庆市垫江县公证处"]),
        (InstitutionKind.APPRAISAL_INSTITUTION, ["垫江县明鉴司法鉴定所", "重庆渝东司法鉴定中心"]),
        (InstitutionKind.MEDIATION_COMMITTEE, ["垫江县医疗纠纷人民调解委员会"]),
    ]
    for kind, names in kinds:
        net.institutions[kind] = [_institution(kind, n, county, [kind.value]) for n in names]
    committees = [
        _institution(InstitutionKind.MEDIATION_COMMITTEE, f"{t.name}人民调解委员会", t, ["mediation"])
        for t in net.townships
    ]
    net.institutions[InstitutionKind.MEDIATION_COMMITTEE] += committees


def _practitioners(rng: random.Random, net: DemoNetwork) -> None:
    plan: list[tuple[PractitionerKind, InstitutionKind, int]] = [
        (PractitionerKind.LAWYER, InstitutionKind.LAW_FIRM, 20),
        (PractitionerKind.GRASSROOTS_WORKER, InstitutionKind.GRASSROOTS_OFFICE, 8),
        (PractitionerKind.NOTARY, InstitutionKind.NOTARY_OFFICE, 4),
        (PractitionerKind.APPRAISER, InstitutionKind.APPRAISAL_INSTITUTION, 6),
        (PractitionerKind.LEGAL_AID_STAFF, InstitutionKind.LEGAL_AID_CENTRE, 4),
        (PractitionerKind.MEDIATOR, InstitutionKind.MEDIATION_COMMITTEE, 27),
    ]
    serial = 0
    for kind, inst_kind, count in plan:
        institutions = net.institutions[inst_kind]
        net.practitioners[kind] = []
        for i in range(count):
            serial += 1
            net.practitioners[kind].append(
                _practitioner(rng, kind, institutions[i % len(institutions)], serial)
            )


def _assignments(rng: random.Random, net: DemoNetwork) -> None:
    advisers = (
        net.practitioners[PractitionerKind.LAWYER] + net.practitioners[PractitionerKind.GRASSROOTS_WORKER]
    )
    for i, village in enumerate(net.villages):
        if not VillageAdviserAssignment.objects.filter(village=village, valid_to__isnull=True).exists():
            VillageAdviserAssignment.objects.create(
                village=village, practitioner=advisers[i % len(advisers)], valid_from=date(2024, 1, 1)
            )
    roles = [
        (StewardRole.LAWYER, net.practitioners[PractitionerKind.LAWYER]),
        (StewardRole.APPRAISER, net.practitioners[PractitionerKind.APPRAISER]),
        (StewardRole.NOTARY, net.practitioners[PractitionerKind.NOTARY]),
        (StewardRole.LEGAL_AID, net.practitioners[PractitionerKind.LEGAL_AID_STAFF]),
    ]
    for i, station in enumerate(net.stations.values()):
        for role, people in roles:
            StewardContact.objects.get_or_create(
                station=station, role=role, practitioner=people[i % len(people)]
            )


def network_build(*, rng: random.Random) -> DemoNetwork:
    region_import(rows=_region_rows(rng))
    county = Region.objects.get(code="500231000000")
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    villages = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=county.prefix).order_by("code")
    )

    def site(kind: SiteKind, name: str, hours: str) -> Site:
        return Site.objects.get_or_create(
            kind=kind,
            region=county,
            defaults={
                "name": name,
                "address": "垫江县桂溪街道公园路",
                "opening_hours": hours,
                "services": ALL_SERVICES,
            },
        )[0]

    net = DemoNetwork(
        county=county,
        townships=townships,
        villages=villages,
        centre=site(SiteKind.CENTRE, "垫江县公共法律服务中心", "周一至周五 9:00-17:30，周六上午值班"),
        hotline=site(SiteKind.HOTLINE, "12348垫江县公共法律服务热线", "7×24小时"),
        online=site(SiteKind.ONLINE, "垫江县网上公共法律服务平台", "7×24小时"),
    )
    _sites(net)
    _institutions(rng, net)
    _practitioners(rng, net)
    _assignments(rng, net)
    return net
