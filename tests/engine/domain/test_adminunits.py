"""Administrative units before/after 1 July 2025, checked against published facts.

Sources of the expected numbers:
- Nghị quyết 1240/NQ-UBTVQH15 (24/10/2024, in force 1/12/2024): Thái Nguyên (old) has
  9 district-level units (6 huyện, 3 thành phố) and 172 communes (121 xã, 41 phường,
  10 thị trấn).
- Bắc Kạn before July 2025: 8 district-level units (thành phố Bắc Kạn and 7 huyện),
  108 communes.
- Nghị quyết 1683/NQ-UBTVQH15 (16/6/2025): the new Thái Nguyên has 92 communes
  (77 xã, 15 phường).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from chuyendoiso.engine.domain.adminunits import (
    MERGER_DATE,
    AdminStructures,
    AdminUnit,
    Level,
    Structure,
    UnitMapping,
)
from chuyendoiso.engine.domain.adminunits_package import load_structures

OLD = Structure.BEFORE_2025
NEW = Structure.FROM_2025


@pytest.fixture(scope="module")
def tn() -> AdminStructures:
    return load_structures(["19"])


def _children(structures: AdminStructures, parent: str, structure: Structure) -> list[AdminUnit]:
    units = structures.before if structure is OLD else structures.after
    return [unit for unit in units if unit.parent_code == parent]


def _communes_of_old_province(structures: AdminStructures, province: str) -> list[AdminUnit]:
    districts = {unit.code for unit in _children(structures, province, OLD)}
    return [unit for unit in structures.units(OLD, Level.COMMUNE) if unit.parent_code in districts]


def _commune_targets(structures: AdminStructures) -> dict[str, list[UnitMapping]]:
    targets: dict[str, list[UnitMapping]] = defaultdict(list)
    for row in structures.mapping:
        if row.old_level is Level.COMMUNE:
            targets[row.old_code].append(row)
    return targets


def _new_names_of(structures: AdminStructures, old_name: str, district: str) -> set[str]:
    """Names of the new communes an old commune (by name, in an old district) maps to."""
    (old,) = [
        unit
        for unit in structures.units(OLD, Level.COMMUNE)
        if unit.name == old_name and unit.parent_code == district
    ]
    return {
        structures.unit(row.new_code, NEW).name
        for row in structures.mapping_from(old.code, Level.COMMUNE)
    }


def _old_names_into(structures: AdminStructures, new_name: str) -> set[str]:
    (new,) = [unit for unit in structures.units(NEW, Level.COMMUNE) if unit.name == new_name]
    return {
        structures.unit(row.old_code, OLD).name
        for row in structures.mapping
        if row.old_level is Level.COMMUNE and row.new_code == new.code
    }


# --- old Thái Nguyên (19) and Bắc Kạn (06) ----------------------------------------------


def test_old_thai_nguyen_has_9_districts_and_172_communes(tn: AdminStructures) -> None:
    districts = _children(tn, "19", OLD)
    assert {d.name for d in districts} == {
        "Thành phố Thái Nguyên",
        "Thành phố Sông Công",
        "Thành phố Phổ Yên",
        "Huyện Định Hóa",
        "Huyện Phú Lương",
        "Huyện Đồng Hỷ",
        "Huyện Võ Nhai",
        "Huyện Đại Từ",
        "Huyện Phú Bình",
    }
    assert Counter(d.kind_vi for d in districts) == {"Huyện": 6, "Thành phố": 3}
    communes = _communes_of_old_province(tn, "19")
    assert len(communes) == 172
    assert Counter(c.kind_vi for c in communes) == {"Xã": 121, "Phường": 41, "Thị trấn": 10}


def test_old_bac_kan_has_8_districts_and_108_communes(tn: AdminStructures) -> None:
    districts = _children(tn, "06", OLD)
    assert {d.name for d in districts} == {
        "Thành phố Bắc Kạn",  # the package writes "Thành Phố": normalised
        "Huyện Pác Nặm",
        "Huyện Ba Bể",
        "Huyện Ngân Sơn",
        "Huyện Bạch Thông",
        "Huyện Chợ Đồn",
        "Huyện Chợ Mới",
        "Huyện Na Rì",
    }
    assert len(_communes_of_old_province(tn, "06")) == 108


def test_before_holds_exactly_the_two_merged_provinces(tn: AdminStructures) -> None:
    provinces = tn.units(OLD, Level.PROVINCE)
    assert [(p.code, p.name, p.kind_vi) for p in provinces] == [
        ("06", "Tỉnh Bắc Kạn", "Tỉnh"),
        ("19", "Tỉnh Thái Nguyên", "Tỉnh"),
    ]
    assert len(tn.units(OLD, Level.DISTRICT)) == 9 + 8
    assert len(tn.units(OLD, Level.COMMUNE)) == 172 + 108


def test_codes_under_a_province_are_its_own_districts_and_communes(tn: AdminStructures) -> None:
    under = tn.codes_under("19", OLD)
    assert len(under) == 1 + 9 + 172 and under == sorted(under)
    assert "06" not in under and not set(under) & set(tn.codes_under("06", OLD))
    assert tn.codes_under("19", NEW) == sorted(
        ["19", *(c.code for c in tn.units(NEW, Level.COMMUNE))]
    )


def test_communes_on_a_day_follow_the_structure_of_that_day(tn: AdminStructures) -> None:
    before = tn.communes_on("19", date(2025, 6, 30))
    assert sorted(before) == sorted(u.code for u in _communes_of_old_province(tn, "19"))
    assert len(before) == 172
    after = tn.communes_on("19", date(2025, 7, 1))
    assert len(after) == 92 and {tn.unit(c, NEW).level for c in after} == {Level.COMMUNE}


# --- new Thái Nguyên (19) -------------------------------------------------------------


def test_new_thai_nguyen_has_92_communes_and_no_districts(tn: AdminStructures) -> None:
    assert [(p.code, p.name) for p in tn.units(NEW, Level.PROVINCE)] == [("19", "Tỉnh Thái Nguyên")]
    assert tn.units(NEW, Level.DISTRICT) == []
    communes = tn.units(NEW, Level.COMMUNE)
    assert len(communes) == 92
    assert Counter(c.kind_vi for c in communes) == {"Xã": 77, "Phường": 15}
    assert {c.parent_code for c in communes} == {"19"}


# --- mapping --------------------------------------------------------------------------


def test_every_old_commune_maps_into_new_19_with_one_primary(tn: AdminStructures) -> None:
    new_codes = {c.code for c in tn.units(NEW, Level.COMMUNE)}
    targets = _commune_targets(tn)
    for commune in tn.units(OLD, Level.COMMUNE):
        rows = targets[commune.code]
        assert rows, commune
        assert {row.new_code for row in rows} <= new_codes
        assert sum(row.is_primary for row in rows) == 1, commune
        assert all(row.new_level is Level.COMMUNE for row in rows)
    assert set(targets) == {c.code for c in tn.units(OLD, Level.COMMUNE)}


def test_every_new_commune_has_an_old_commune(tn: AdminStructures) -> None:
    targeted = {row.new_code for row in tn.mapping if row.old_level is Level.COMMUNE}
    assert targeted == {c.code for c in tn.units(NEW, Level.COMMUNE)}


def test_few_communes_are_divided(tn: AdminStructures) -> None:
    divided = {code for code, rows in _commune_targets(tn).items() if len(rows) > 1}
    assert len(divided) == 3  # 277 of the 280 old communes went whole into one new one
    # Phường Gia Sàng (old) was divided between two new wards, one of them named after it.
    assert _new_names_of(tn, "Phường Gia Sàng", "164") == {
        "Phường Gia Sàng",
        "Phường Phan Đình Phùng",
    }


def test_known_mergings_by_name(tn: AdminStructures) -> None:
    # The new ward Đức Xuân: the old wards Đức Xuân, Nguyễn Thị Minh Khai, Huyền Tụng
    # of the city of Bắc Kạn.
    assert _old_names_into(tn, "Phường Đức Xuân") == {
        "Phường Đức Xuân",
        "Phường Nguyễn Thị Minh Khai",
        "Phường Huyền Tụng",
    }
    # The new ward Phổ Yên: the central wards of the former city of Phổ Yên.
    assert _old_names_into(tn, "Phường Phổ Yên") == {
        "Phường Ba Hàng",
        "Phường Bãi Bông",
        "Phường Hồng Tiến",
        "Phường Đắc Sơn",
    }
    # The new commune named after a district takes that district's seat town.
    assert "Thị trấn Chợ Chu" in _old_names_into(tn, "Xã Định Hóa")
    assert _new_names_of(tn, "Thị trấn Chợ Chu", "167") == {"Xã Định Hóa"}
    # A commune left as it was.
    assert _old_names_into(tn, "Xã Sảng Mộc") == {"Xã Sảng Mộc"}


def test_province_level_mapping(tn: AdminStructures) -> None:
    rows = [row for row in tn.mapping if row.old_level is Level.PROVINCE]
    assert rows == [
        UnitMapping("06", Level.PROVINCE, "19", Level.PROVINCE, True),
        UnitMapping("19", Level.PROVINCE, "19", Level.PROVINCE, True),
    ]


def test_district_level_mapping(tn: AdminStructures) -> None:
    rows = [row for row in tn.mapping if row.old_level is Level.DISTRICT]
    by_district: dict[str, list[UnitMapping]] = defaultdict(list)
    for row in rows:
        by_district[row.old_code].append(row)
    assert set(by_district) == {d.code for d in tn.units(OLD, Level.DISTRICT)}
    for district, district_rows in by_district.items():
        assert sum(row.is_primary for row in district_rows) == 1, district
        assert all(row.new_level is Level.COMMUNE for row in district_rows)
    # Huyện Pác Nặm (060): its 10 communes became Bằng Thành, Cao Minh and Nghiên Loan.
    names = {tn.unit(row.new_code, NEW).name for row in by_district["060"]}
    assert names == {"Xã Bằng Thành", "Xã Cao Minh", "Xã Nghiên Loan"}
    # Thành phố Phổ Yên (172): Phổ Yên, Phúc Thuận, Vạn Xuân, Trung Thành and Thành Công
    # have most of its communes; a part went to Đại Phúc together with communes of
    # Thành phố Thái Nguyên and Đại Từ.
    names = {tn.unit(row.new_code, NEW).name for row in by_district["172"]}
    assert {"Phường Phổ Yên", "Phường Trung Thành", "Xã Đại Phúc"} <= names


# --- codes, identity, dates -----------------------------------------------------------


def test_codes_are_zero_padded_strings(tn: AdminStructures) -> None:
    lengths = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
    for unit in [*tn.before, *tn.after]:
        assert isinstance(unit.code, str) and unit.code.isdigit(), unit
        assert len(unit.code) == lengths[unit.level], unit
    assert tn.unit("164", OLD).name == "Thành phố Thái Nguyên"
    assert tn.unit("05431", OLD).parent_code == "164"
    assert tn.unit("058", OLD).parent_code == "06"
    for row in tn.mapping:
        assert len(row.old_code) == lengths[row.old_level]
        assert len(row.new_code) == lengths[row.new_level]


def test_identity_is_code_and_structure(tn: AdminStructures) -> None:
    # 01840 is the old ward Đức Xuân (in the city of Bắc Kạn) and the new ward Đức Xuân.
    old, new = tn.unit("01840", OLD), tn.unit("01840", NEW)
    assert old.key != new.key
    assert (old.parent_code, new.parent_code) == ("058", "19")
    # A reused code does not always carry the old name: new Phan Đình Phùng has the
    # code of the old ward Trưng Vương.
    assert tn.unit("05443", OLD).name == "Phường Trưng Vương"
    assert tn.unit("05443", NEW).name == "Phường Phan Đình Phùng"
    # Every new commune carries the code of one of the old communes it was formed from.
    sources: dict[str, set[str]] = defaultdict(set)
    for row in tn.mapping:
        if row.old_level is Level.COMMUNE:
            sources[row.new_code].add(row.old_code)
    assert all(code in olds for code, olds in sources.items())
    # Within one structure codes are unique.
    assert len({u.code for u in tn.before}) == len(tn.before)
    assert len({u.code for u in tn.after}) == len(tn.after)


def test_validity_dates(tn: AdminStructures) -> None:
    assert date(2025, 7, 1) == MERGER_DATE
    for unit in tn.before:
        assert (unit.structure, unit.valid_from, unit.valid_to) == (OLD, None, date(2025, 6, 30))
    for unit in tn.after:
        assert (unit.structure, unit.valid_from, unit.valid_to) == (NEW, date(2025, 7, 1), None)
