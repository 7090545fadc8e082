"""Loading the administrative units from their package: the whole country, the gap of
its data, errors and speed.

Sources of the expected numbers: nationally, 63 provinces, 696 district-level units and
10,035 communes before the reform; 34 provinces and 3,321 commune-level units after it
(2,621 xã, 687 phường, 13 đặc khu).
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest

from chuyendoiso.engine.domain import adminunits_package
from chuyendoiso.engine.domain.adminunits import AdminStructures, Level, Structure
from chuyendoiso.engine.domain.adminunits_package import (
    AdminUnitsDataError,
    all_new_province_codes,
    load_structures,
)
from chuyendoiso.engine.domain.errors import NotFoundError

OLD = Structure.BEFORE_2025
NEW = Structure.FROM_2025


def test_there_are_34_new_provinces_with_two_digit_codes() -> None:
    codes = all_new_province_codes()
    assert len(codes) == 34
    assert codes == sorted(codes)
    assert all(isinstance(code, str) and len(code) == 2 and code.isdigit() for code in codes)
    assert "19" in codes  # Thái Nguyên keeps its code
    assert "06" not in codes  # Bắc Kạn no longer exists


@pytest.fixture(scope="module")
def country() -> AdminStructures:
    return load_structures(all_new_province_codes())


def test_national_totals(country: AdminStructures) -> None:
    assert len(country.units(OLD, Level.PROVINCE)) == 63
    assert len(country.units(OLD, Level.DISTRICT)) == 696
    assert len(country.units(OLD, Level.COMMUNE)) == 10_035
    assert len(country.units(NEW, Level.PROVINCE)) == 34
    new_communes = country.units(NEW, Level.COMMUNE)
    assert Counter(c.kind_vi for c in new_communes) == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_island_districts_without_communes_map_to_special_zones(
    country: AdminStructures,
) -> None:
    # Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo had no commune-level units.
    assert country.districts_without_communes == ["318", "471", "498", "536", "755"]
    for district in country.districts_without_communes:
        assert [u for u in country.before if u.parent_code == district] == []
        (row,) = country.mapping_from(district, Level.DISTRICT)
        assert row.is_primary and row.new_level is Level.COMMUNE
        assert country.unit(row.new_code, NEW).kind_vi == "Đặc khu"
    (row,) = country.mapping_from("318", Level.DISTRICT)
    assert country.unit("318", OLD).name == "Huyện Bạch Long Vĩ"
    assert country.unit(row.new_code, NEW).name == "Đặc khu Bạch Long Vĩ"


def test_unknown_province_code_is_an_error() -> None:
    with pytest.raises(NotFoundError) as raised:
        load_structures(["06"])
    assert raised.value.extra["codes"] == ["06"]


def _problems_when_thai_nguyen_ward_maps(
    monkeypatch: pytest.MonkeyPatch, ward_key: str, old_keys: list[str]
) -> str:
    """The problems reported once the converter data maps ``ward_key`` from ``old_keys``."""
    data: dict[str, Any] = copy.deepcopy(adminunits_package._converter())
    data["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhthainguyen"][ward_key] = old_keys
    monkeypatch.setattr(adminunits_package, "_converter", lambda: data)
    with pytest.raises(AdminUnitsDataError) as raised:
        load_structures(["19"])
    return "\n".join(raised.value.extra["problems"])


def test_unresolvable_keys_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    problems = _problems_when_thai_nguyen_ward_maps(
        monkeypatch, "phuongkhongco", ["tinhthainguyen_huyenkhongco_xakhongco"]
    )
    assert "phuongkhongco" in problems
    assert "tinhthainguyen_huyenkhongco_xakhongco" in problems


def test_a_dropped_old_commune_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sảng Mộc loses its only old commune.
    problems = _problems_when_thai_nguyen_ward_maps(monkeypatch, "xasangmoc", [])
    assert "tinhthainguyen_huyenvonhai_xasangmoc" in problems
    assert "xasangmoc" in problems
