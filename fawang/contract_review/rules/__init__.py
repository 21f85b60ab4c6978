"""The dated rule tables of contract review (J10), by contract type. No Django.

`CONTRACT_TYPE_TABLES` maps a contract type key to its versions (oldest first); `ORDER` is the order the pages list
the types in. The general tables and the LPR table are in `rules.common`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from fawang.contract_review.engine.model import ContractTypeTable
from fawang.contract_review.rules import dealings, housing, people
from fawang.contract_review.rules.common import GENERAL_TABLES, LPR_TABLE

ORDER = (
    "lease",
    "loan",
    "labour",
    "sale",
    "house_sale",
    "renovation",
    "construction",
    "property_service",
    "brokerage",
    "guarantee",
    "gift",
    "mandate",
    "partnership",
    "land_transfer",
    "divorce",
)


def _by_key(*groups: tuple[ContractTypeTable, ...]) -> Mapping[str, tuple[ContractTypeTable, ...]]:
    tables: dict[str, list[ContractTypeTable]] = {}
    for group in groups:
        for table in group:
            tables.setdefault(table.key, []).append(table)
    return MappingProxyType({key: tuple(sorted(tables[key], key=lambda t: t.valid_from)) for key in ORDER})


CONTRACT_TYPE_TABLES: Mapping[str, tuple[ContractTypeTable, ...]] = _by_key(
    housing.TABLES, dealings.TABLES, people.TABLES
)

__all__ = ["CONTRACT_TYPE_TABLES", "GENERAL_TABLES", "LPR_TABLE", "ORDER"]
