"""Every province of Vietnam by name, in both structures, with the province each old one
was merged into on 1 July 2025: what the reader needs to recognise a province a text
names even when the platform holds none of its units (a report of Bắc Giang read on a
platform of Thái Nguyên is about Bắc Giang, not about Thái Nguyên).

Read from the same package data as ``adminunits_package`` (two small queries and the
converter's province section), once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chuyendoiso.engine.domain.adminunits import AdminUnit, Structure
from chuyendoiso.engine.domain.adminunits_package import _converter, _province, _query


@dataclass(frozen=True)
class CountryProvinces:
    before: tuple[AdminUnit, ...]  # the 63 provinces until 30 June 2025
    after: tuple[AdminUnit, ...]  # the 34 provinces from 1 July 2025
    merged_into: dict[str, str]  # old province code -> code of the new one it is part of


@lru_cache(maxsize=1)
def country_provinces() -> CountryProvinces:
    """The provinces of the country in both structures and the old-to-new province map."""
    after = _provinces("admin_units", Structure.FROM_2025)
    before = _provinces("admin_units_legacy", Structure.BEFORE_2025)
    new_code = {key: code for code, _, key in _rows("admin_units")}
    old_code = {key: code for code, _, key in _rows("admin_units_legacy")}
    merged_into = {
        old_code[old_key]: new_code[new_key]
        for new_key, old_keys in _converter()["DICT_PROVINCE"].items()
        for old_key in old_keys
        if old_key in old_code and new_key in new_code
    }
    return CountryProvinces(before, after, merged_into)


def _rows(table: str) -> list[tuple[str, str, str]]:
    rows = _query(
        f"SELECT DISTINCT provinceCode, province, provinceKey FROM {table} ORDER BY provinceCode",
        [],
    )
    return [(str(code), str(name), str(key)) for code, name, key in rows]


def _provinces(table: str, structure: Structure) -> tuple[AdminUnit, ...]:
    return tuple(_province(code, name, structure) for code, name, _ in _rows(table))
