"""Requesters of the province history, written in bulk with their personal data encrypted (issue 7 §8; ADR 0080).

A pool of people per county (repeat users are real). The encrypted fields (phone, address) and the phone's blind
index are computed with the same `pii_encrypt` / `blind_index` the model fields use, and the rows go in with COPY
(executemany on SQLite): the ORM's `bulk_create` spent most of a minute per 100,000 people on statement building.
"""

from __future__ import annotations

import json
import random
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


def persons_create(*, rng: random.Random, net: ProvinceNetwork, count: int) -> dict[int, list[int]]:
    """About `count` people spread over the counties by population × propensity; returns county -> ids."""
    weights = [sum(v.population for v in u.villages) * u.propensity for u in net.counties]
    total = sum(weights) or 1.0
    groups = list(GroupTag.values)
    stamp = timezone.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    next_id = ids_start(table="people_person")
    rows: list[Row] = []
    pools: dict[int, list[int]] = {u.index: [] for u in net.counties}
    for unit, weight in zip(net.counties, weights, strict=True):
        if not unit.villages:
            continue
        for _ in range(max(1, round(count * weight / total))):
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
            pools[unit.index].append(next_id)
            next_id += 1
    rows_write(table="people_person", columns=COLUMNS, rows=rows)
    ids_finish(table="people_person", last_id=next_id - 1)
    return pools
