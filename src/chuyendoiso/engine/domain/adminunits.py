"""Administrative units of Vietnam before and after the merger of 1 July 2025.

Identity of a unit is ``(code, structure)``: GSO codes repeat across the two
structures (province 19 exists in both; most new communes reuse the code of one of
the old communes they were formed from, not always the one whose name they took).

The old structure (the package's legacy list) is the one *just before* the merger (the
state of 30 June 2025, after the 2023-2025 commune rearrangements); it is not a history
of earlier changes, so old units carry ``valid_to = 2025-06-30`` and no ``valid_from``.

The units and the mapping are read from the package ``vietnamadminunits`` by
``adminunits_package`` (``load_structures``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from chuyendoiso.engine.domain.errors import NotFoundError

MERGER_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)


class Level(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    DEPARTMENT = "department"  # non-territorial units (sở, ban, ngành); not produced here


class Structure(StrEnum):
    BEFORE_2025 = "before_2025"  # 63 provinces, 3 levels, valid until 30 June 2025
    FROM_2025 = "from_2025"  # 34 provinces, 2 levels, valid from 1 July 2025

    @property
    def valid_from(self) -> date | None:
        return MERGER_DATE if self is Structure.FROM_2025 else None

    @property
    def valid_to(self) -> date | None:
        return LAST_DAY_BEFORE_MERGER if self is Structure.BEFORE_2025 else None


@dataclass(frozen=True)
class AdminUnit:
    """One territorial unit in one structure.

    ``code`` is the GSO code as a zero-padded string (province "19", district "164",
    commune "05431"); ``name`` is the full name with its kind ("Phường Đức Xuân");
    ``kind_vi`` the kind alone ("Tỉnh", "Thành phố", "Quận", "Huyện", "Thị xã",
    "Phường", "Xã", "Thị trấn", "Đặc khu"). ``parent_code`` is in the same structure.
    Old units: ``valid_from`` None (the package lists only the structure just before
    the merger, not when each unit began), ``valid_to`` 2025-06-30. New units:
    ``valid_from`` 2025-07-01, ``valid_to`` None.
    """

    code: str
    name: str
    level: Level
    parent_code: str | None
    structure: Structure
    kind_vi: str
    valid_from: date | None
    valid_to: date | None

    @property
    def key(self) -> tuple[str, Structure]:
        return (self.code, self.structure)


@dataclass(frozen=True)
class UnitMapping:
    """An old unit (before 2025) that became, wholly or partly, a new unit (from 2025).

    Commune level, from the package's converter data: a commune merged whole gives one
    primary row; a commune divided between several new communes gives one row per new
    commune, the primary one being the package's ``isDefaultNewWard``.
    District level, derived: a district maps to every new commune its communes map to;
    the primary is the new commune that received most of its communes (counting each
    commune once, by its primary row), ties broken by the smaller code. An island
    district without communes maps to its special zone directly (primary).
    Province level: each old province maps to the new province it was merged into.
    """

    old_code: str
    old_level: Level
    new_code: str
    new_level: Level
    is_primary: bool


@dataclass(frozen=True)
class AdminStructures:
    before: list[AdminUnit]
    after: list[AdminUnit]
    mapping: list[UnitMapping]
    # old district codes with no communes in the package data (islands): documented gap
    districts_without_communes: list[str] = field(default_factory=list)

    def units(self, structure: Structure, level: Level) -> list[AdminUnit]:
        source = self.before if structure is Structure.BEFORE_2025 else self.after
        return [unit for unit in source if unit.level is level]

    def unit(self, code: str, structure: Structure) -> AdminUnit:
        source = self.before if structure is Structure.BEFORE_2025 else self.after
        for unit in source:
            if unit.code == code:
                return unit
        raise NotFoundError(
            "Không có đơn vị hành chính với mã này / no unit with this code",
            code=code,
            structure=str(structure),
        )

    def codes_under(self, code: str, structure: Structure) -> list[str]:
        """The code and the codes of every unit below it in that structure, sorted."""
        children: dict[str | None, list[str]] = {}
        for unit in self.before if structure is Structure.BEFORE_2025 else self.after:
            children.setdefault(unit.parent_code, []).append(unit.code)
        found, todo = [], [code]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(children.get(current, []))
        return sorted(found)

    def communes_on(self, province: str, day: date) -> list[str]:
        """The province's communes on that day: before the merger its own, not those of the
        province merged into it later."""
        structure = Structure.FROM_2025 if day >= MERGER_DATE else Structure.BEFORE_2025
        under = set(self.codes_under(province, structure))
        return [u.code for u in self.units(structure, Level.COMMUNE) if u.code in under]

    def mapping_from(self, old_code: str, old_level: Level) -> list[UnitMapping]:
        return [m for m in self.mapping if m.old_code == old_code and m.old_level is old_level]
