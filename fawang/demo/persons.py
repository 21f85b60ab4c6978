"""Requesters of the province history, written in bulk with their personal data encrypted (issue 7 §8; ADR 0080).

A pool of people per county (repeat users are real). The encrypted fields (phone, address) and the phone's blind
index are computed with the same `pii_encrypt` / `blind_index` the model fields use, and the rows go in with COPY
(executemany on SQLite): the ORM's `bulk_create` spent most of a minute per 100,000 people on statement building.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC

from django.utils import timezone

from fawang.core.crypto import blind_index, pii_encrypt
from fawang.demo.bulk import Row, ids_finish, ids_start, rows_write
from fawang.demo.province import ProvinceNetwork
from fawang.people.models import ContactChannel, GroupTag, normalise_phone

COLUMNS = (
    "id created_at updated_at name id_number id_number_bidx phone phone_bidx gender birth_date address region_id "
    "groups adaptation_needs user_id contact_channel safe_phone safe_phone_bidx safe_contact_name contact_note"
).split()
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "建国秀英志强丽华明芳伟敏静磊"


@dataclass(frozen=True)
class PersonsPlan:
    """How many people each county gets and their ids, fixed before any is drawn: the history can be planned
    against the ids while the rows are still being written (the parallel load, ADR 0097)."""

    sizes: list[tuple[int, int]]  # (county index, people) in id order
    first_id: int

    @property
    def pools(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        next_id = self.first_id
        for index, size in self.sizes:
            out[index] = list(range(next_id, next_id + size))
            next_id += size
        return out

    @property
    def count(self) -> int:
        return sum(size for _, size in self.sizes)


def persons_plan(*, net: ProvinceNetwork, count: int) -> PersonsPlan:
    """About `count` people spread over the counties by population × propensity; their ids are reserved."""
    weights = [sum(v.population for v in u.villages) * u.propensity for u in net.counties]
    total = sum(weights) or 1.0
    sizes = [
        (unit.index, max(1, round(count * weight / total)) if unit.villages else 0)
        for unit, weight in zip(net.counties, weights, strict=True)
    ]
    plan = PersonsPlan(sizes=sizes, first_id=ids_start(table="people_person"))
    ids_finish(table="people_person", last_id=plan.first_id + plan.count - 1)
    return plan


def persons_write(*, rng: random.Random, net: ProvinceNetwork, plan: PersonsPlan) -> None:
    """The people of `plan`, drawn from `rng` county by county in id order."""
    groups = list(GroupTag.values)
    stamp = timezone.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    units = {u.index: u for u in net.counties}
    next_id = plan.first_id
    rows: list[Row] = []
    for index, size in plan.sizes:
        unit = units[index]
        for _ in range(size):
            village = unit.villages[int(rng.random() * len(unit.villages))]
            tags = [rng.choice(groups)] if rng.random() < 0.2 else []
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = f"1{rng.randint(3000000000, 9999999999)}"
            address = f"{unit.name}{village.code[-3:]}号"
            rows.append(
                (
                    next_id,
                    stamp,
                    stamp,
                    name,
                    None,
                    None,
                    pii_encrypt(phone),
                    blind_index(normalise_phone(phone)),
                    "",
                    None,
                    pii_encrypt(address),
                    village.id,
                    json.dumps(tags),
                    "[]",
                    None,
                    ContactChannel.USUAL.value,  # no safe-contact flag (M14); empty fields stay empty when encrypted
                    "",
                    "",
                    "",
                    "",
                )
            )
            next_id += 1
    rows_write(table="people_person", columns=COLUMNS, rows=rows)


def persons_create(*, rng: random.Random, net: ProvinceNetwork, count: int) -> dict[int, list[int]]:
    """Plan and write about `count` people; returns county index -> ids."""
    plan = persons_plan(net=net, count=count)
    persons_write(rng=rng, net=net, plan=plan)
    return plan.pools
