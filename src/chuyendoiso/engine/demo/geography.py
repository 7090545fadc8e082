"""The territory of the demo values and the units they are split among.

Unit shares: each unit has a size (the provincial city 3, other cities and towns 1.3,
wards 1.8, the communes of the old Bắc Kạn together a quarter of the old 19's) times
0.5..1.5 drawn once per indicator (a stable map) and 0.9..1.1 per period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.demo.randomness import between, rng_for
from chuyendoiso.engine.domain.adminunits import AdminStructures, AdminUnit, Level, Structure

PROVINCE = "19"  # Thái Nguyên, before and after the merger
ADDED_PROVINCE = "06"  # Bắc Kạn, merged into 19 on 1 July 2025
ADDED_SHARE = Decimal("0.25")  # Bắc Kạn has about a quarter of the old Thái Nguyên's people


@dataclass(frozen=True)
class Geography:
    """The units the figures are split among, each with a relative size."""

    districts: dict[str, list[AdminUnit]]  # old province code -> its districts
    communes: list[AdminUnit]  # the new communes of "19"
    size: dict[tuple[str, Structure], float]

    @classmethod
    def build(cls, structures: AdminStructures) -> Geography:
        old_districts = structures.units(Structure.BEFORE_2025, Level.DISTRICT)
        districts = {
            province: sorted(
                (d for d in old_districts if d.parent_code == province), key=lambda d: d.code
            )
            for province in (PROVINCE, ADDED_PROVINCE)
        }
        communes = sorted(
            (
                c
                for c in structures.units(Structure.FROM_2025, Level.COMMUNE)
                if c.parent_code == PROVINCE
            ),
            key=lambda c: c.code,
        )
        size = {d.key: _district_size(d, units) for units in districts.values() for d in units}
        size.update(_commune_sizes(structures, communes))
        return cls(districts, communes, size)

    def weights(self, seed: int, code: str, period: str, units: Sequence[AdminUnit]) -> list[float]:
        """size x 0.5..1.5 for the indicator (a stable map) x 0.9..1.1 for the period."""
        return [
            self.size[unit.key]
            * between(rng_for(seed, "weight", code, unit.code), (0.5, 1.5))
            * between(rng_for(seed, "jitter", code, period, unit.code), (0.9, 1.1))
            for unit in units
        ]


def _district_size(district: AdminUnit, districts: Sequence[AdminUnit]) -> float:
    # GSO numbers the provincial capital first (164 Thái Nguyên, 058 Bắc Kạn): the largest.
    if district.code == districts[0].code:
        return 3.0
    return 1.3 if district.kind_vi in ("Thành phố", "Thị xã") else 1.0


def _commune_sizes(
    structures: AdminStructures, communes: Sequence[AdminUnit]
) -> dict[tuple[str, Structure], float]:
    """Wards larger; the communes of the old Bắc Kạn together ADDED_SHARE of the old 19's."""
    province_of = _old_province_of_communes(structures)
    base = {c.code: 1.8 if c.kind_vi == "Phường" else 1.0 for c in communes}
    added = [c.code for c in communes if province_of.get(c.code) == ADDED_PROVINCE]
    added_total = sum(base[code] for code in added)
    old_total = sum(base.values()) - added_total
    factor = float(ADDED_SHARE) * old_total / added_total if added_total else 1.0
    return {
        (c.code, Structure.FROM_2025): base[c.code] * (factor if c.code in added else 1.0)
        for c in communes
    }


def _old_province_of_communes(structures: AdminStructures) -> dict[str, str]:
    """New commune -> the old province most of its old communes (primary rows) came from."""
    parent = {unit.code: unit.parent_code for unit in structures.before}
    counts: dict[str, Counter[str]] = {}
    for row in structures.mapping:
        if row.old_level is Level.COMMUNE and row.new_level is Level.COMMUNE and row.is_primary:
            province = parent.get(parent.get(row.old_code) or "")
            if province:
                counts.setdefault(row.new_code, Counter())[province] += 1
    return {
        code: max(sorted(count), key=lambda province: count[province])
        for code, count in counts.items()
    }
