"""Synthetic demo values: everything they add up to is recomputed here, independently."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest

from chuyendoiso.engine.demo.values import COMMENT, generate_demo_values
from chuyendoiso.engine.domain.adminunits import AdminStructures, Level, Structure
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Direction,
    Indicator,
    MeasureUnit,
    OrgAggregation,
    Pillar,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, check_data_value
from chuyendoiso.engine.domain.errors import ValidationError

SUM, RATIO, NONE = OrgAggregation.SUM, OrgAggregation.RATIO, OrgAggregation.NONE
FLOW, STOCK, RATE = TimeAggregation.FLOW, TimeAggregation.STOCK, TimeAggregation.RATE_PER_MONTH
MERGER = "202507"


def _indicator(
    code: str,
    pillar: str,
    unit: MeasureUnit,
    value_type: ValueType,
    org: OrgAggregation,
    time: TimeAggregation,
    *,
    direction: Direction = Direction.UP,
    numerator: str = "",
    denominator: str = "",
) -> Indicator:
    return Indicator(
        code=code,
        name_vi=code,
        name_en=code,
        pillar=pillar,
        unit=unit,
        value_type=value_type,
        aggregation_org=org,
        aggregation_time=time,
        direction=direction,
        numerator=numerator,
        denominator=denominator,
    )


CATALOG = Catalog(
    pillars=(
        Pillar("NTS", "Nhận thức số", "Digital awareness", 1),
        Pillar("HTS", "Hạ tầng số", "Digital infrastructure", 2),
        Pillar("ATTT", "An toàn thông tin", "Cyber-security", 3),
        Pillar("CQS", "Chính quyền số", "Digital government", 4),
        Pillar("KTS", "Kinh tế số", "Digital economy", 5),
    ),
    indicators=(
        _indicator("ITEMS", "NTS", MeasureUnit.COUNT, ValueType.COUNT, SUM, FLOW),
        _indicator("PROGRAMMES", "NTS", MeasureUnit.PER_MONTH, ValueType.COUNT, SUM, RATE),
        _indicator("BTS", "HTS", MeasureUnit.COUNT, ValueType.COUNT, SUM, STOCK),
        _indicator("SMARTPHONE", "HTS", MeasureUnit.PERCENT, ValueType.PERCENT, NONE, STOCK),
        _indicator(
            "ATTACKS",
            "ATTT",
            MeasureUnit.COUNT,
            ValueType.COUNT,
            SUM,
            FLOW,
            direction=Direction.NONE,
        ),
        _indicator("MEMBERS_REG", "CQS", MeasureUnit.COUNT, ValueType.COUNT, SUM, STOCK),
        _indicator(
            "MEMBERS",
            "CQS",
            MeasureUnit.COUNT,
            ValueType.COUNT,
            SUM,
            STOCK,
            direction=Direction.NONE,
        ),
        _indicator(
            "MEMBERS_RATE",
            "CQS",
            MeasureUnit.PERCENT,
            ValueType.RATIO,
            RATIO,
            STOCK,
            numerator="MEMBERS_REG",
            denominator="MEMBERS",
        ),
        _indicator("NOT_REPORTED", "CQS", MeasureUnit.COUNT, ValueType.COUNT, SUM, FLOW),
        _indicator("REVENUE", "KTS", MeasureUnit.VND, ValueType.AMOUNT, SUM, FLOW),
    ),
)


def _reported(code: str, period: str, value: str, origin: Origin = Origin.REPORTED) -> DataValue:
    return DataValue(code, "19", period, Decimal(value), origin=origin)


REPORTED = [
    _reported("ITEMS", "2024S1", "476"),
    _reported("ITEMS", "2023S1", "277", Origin.DERIVED),
    _reported("ITEMS", "202409", "95"),  # a reported month: never generated
    _reported("PROGRAMMES", "2024S1", "8"),
    _reported("BTS", "2024S1", "1830"),
    _reported("SMARTPHONE", "2024S1", "90"),
    _reported("ATTACKS", "2024-01-01..2024-05-26", "110651"),
    _reported("MEMBERS_REG", "2024S1", "88020"),
    _reported("MEMBERS", "2024S1", "98408"),
    DataValue(
        "MEMBERS_RATE",
        "19",
        "2024S1",
        Decimal("89.44"),
        numerator=Decimal(88020),
        denominator=Decimal(98408),
        decimals=2,
    ),
    _reported("REVENUE", "2024S1", "389000000000.25"),  # VND with decimals: exact Decimals
]


@pytest.fixture(scope="module")
def structures() -> AdminStructures:
    return load_structures(["19"])


@pytest.fixture(scope="module")
def generated(structures: AdminStructures) -> list[DataValue]:
    return generate_demo_values(CATALOG, REPORTED, structures)


@pytest.fixture(scope="module")
def by_key(generated: list[DataValue]) -> dict[tuple[str, str, str], DataValue]:
    return {(v.indicator, v.org_unit, v.period): v for v in generated}


@pytest.fixture(scope="module")
def units(structures: AdminStructures) -> dict[str, list[str]]:
    def codes(structure: Structure, level: Level, parent: str) -> list[str]:
        return sorted(u.code for u in structures.units(structure, level) if u.parent_code == parent)

    return {
        "19": codes(Structure.BEFORE_2025, Level.DISTRICT, "19"),
        "06": codes(Structure.BEFORE_2025, Level.DISTRICT, "06"),
        "communes": codes(Structure.FROM_2025, Level.COMMUNE, "19"),
    }


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[4:])
    found = []
    while f"{year:04d}{month:02d}" <= last:
        found.append(f"{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _half_up_percent(num: Decimal, den: Decimal, decimals: int) -> Decimal:
    """num/den x 100 rounded half up, with fractions rather than Decimal.quantize."""
    scaled = Fraction(num) * 100 * 10**decimals / Fraction(den)
    whole = (scaled + Fraction(1, 2)).__floor__()
    return Decimal(whole).scaleb(-decimals)


def _sum(values: list[DataValue]) -> Decimal:
    return sum((v.value for v in values), Decimal(0))


# --- every value ----------------------------------------------------------------------------


def test_every_value_is_synthetic_valid_and_labelled(generated: list[DataValue]) -> None:
    indicators = {ind.code: ind for ind in CATALOG.indicators}
    assert generated
    for value in generated:
        assert value.origin is Origin.SYNTHETIC
        assert value.comment == COMMENT
        assert check_data_value(indicators[value.indicator], value) == [], value


def test_no_key_is_used_twice_nor_reported(generated: list[DataValue]) -> None:
    keys = Counter((v.indicator, v.org_unit, v.period, v.category_option) for v in generated)
    assert [key for key, times in keys.items() if times > 1] == []
    reported = {(v.indicator, v.org_unit, v.period, v.category_option) for v in REPORTED}
    assert reported.isdisjoint(keys)


def test_reported_months_are_not_generated_at_the_province(
    by_key: dict[tuple[str, str, str], DataValue],
) -> None:
    assert ("ITEMS", "19", "202409") not in by_key
    assert ("ITEMS", "19", "202408") in by_key


def test_volume_and_months_covered(generated: list[DataValue]) -> None:
    assert 5_000 <= len(generated) <= 9_000
    province_items = sorted(
        v.period for v in generated if (v.indicator, v.org_unit) == ("ITEMS", "19")
    )
    assert province_items == [m for m in _months("202301", "202610") if m != "202409"]
    assert not [v for v in generated if v.indicator == "NOT_REPORTED"]


def test_deterministic_for_a_seed(structures: AdminStructures, generated: list[DataValue]) -> None:
    assert generate_demo_values(CATALOG, list(reversed(REPORTED)), structures) == generated
    other = generate_demo_values(CATALOG, REPORTED, structures, seed=20)
    assert other != generated
    assert {(v.indicator, v.org_unit, v.period) for v in other} == {
        (v.indicator, v.org_unit, v.period) for v in generated
    }


def test_months_must_be_months(structures: AdminStructures) -> None:
    with pytest.raises(ValidationError):
        generate_demo_values(CATALOG, REPORTED, structures, first_month="2023")
    with pytest.raises(ValidationError):
        generate_demo_values(
            CATALOG, REPORTED, structures, first_month="202402", last_month="202401"
        )


# --- step 1: district parts of the reported figures -----------------------------------------


def test_district_parts_add_up_to_each_reported_figure(
    generated: list[DataValue], units: dict[str, list[str]]
) -> None:
    for reported in REPORTED:
        if reported.indicator in ("SMARTPHONE", "MEMBERS_RATE"):
            continue
        parts = [
            v
            for v in generated
            if v.indicator == reported.indicator
            and v.period == reported.period
            and v.org_unit in units["19"]
        ]
        assert sorted(v.org_unit for v in parts) == units["19"], reported
        assert _sum(parts) == reported.value
        assert all(v.reference_date == reported.reference_date for v in parts)


def test_no_district_parts_of_a_percentage(generated: list[DataValue]) -> None:
    assert [
        v.org_unit for v in generated if v.indicator == "SMARTPHONE" and v.period == "2024S1"
    ] == []


def test_district_ratios_are_consistent_with_their_parts(
    by_key: dict[tuple[str, str, str], DataValue], units: dict[str, list[str]]
) -> None:
    ratios = [by_key["MEMBERS_RATE", code, "2024S1"] for code in units["19"]]
    for ratio in ratios:
        assert ratio.numerator is not None and ratio.denominator is not None
        assert 0 <= ratio.numerator <= ratio.denominator
        assert ratio.value == _half_up_percent(ratio.numerator, ratio.denominator, 2)
        assert ratio.decimals == 2
        # The same district figures as the numerator and denominator indicators show.
        assert ratio.numerator == by_key["MEMBERS_REG", ratio.org_unit, "2024S1"].value
        assert ratio.denominator == by_key["MEMBERS", ratio.org_unit, "2024S1"].value
    assert sum(r.numerator or 0 for r in ratios) == 88020
    assert sum(r.denominator or 0 for r in ratios) == 98408


def test_the_provincial_city_is_the_largest_district(
    generated: list[DataValue], units: dict[str, list[str]]
) -> None:
    totals: Counter[str] = Counter()
    for v in generated:
        if v.indicator == "ITEMS" and v.org_unit in units["19"]:
            totals[v.org_unit] += int(v.value)
    assert totals.most_common(1)[0][0] == "164"


# --- step 2: monthly province series --------------------------------------------------------


def test_months_of_a_reported_half_year_add_up_to_it(
    by_key: dict[tuple[str, str, str], DataValue],
) -> None:
    assert sum(by_key["ITEMS", "19", m].value for m in _months("202401", "202406")) == 476
    assert sum(by_key["ITEMS", "19", m].value for m in _months("202301", "202306")) == 277
    # A rate per month: the six months average the reported rate.
    assert sum(by_key["PROGRAMMES", "19", m].value for m in _months("202401", "202406")) == 6 * 8


def test_a_stock_runs_through_its_reported_value(
    by_key: dict[tuple[str, str, str], DataValue],
) -> None:
    june = by_key["BTS", "19", "202406"]
    assert june.value == 1830
    assert june.reference_date == dt.date(2024, 6, 30)
    path = [by_key["BTS", "19", m].value for m in _months("202301", "202506")]
    assert path == sorted(path)  # direction up: never falls
    assert by_key["SMARTPHONE", "19", "202406"].value == 90
    assert by_key["MEMBERS_RATE", "19", "202406"].value == Decimal("89.44")


def test_monthly_ratios_have_consistent_parts(generated: list[DataValue]) -> None:
    ratios = [v for v in generated if v.indicator == "MEMBERS_RATE"]
    assert len(ratios) > 46
    for ratio in ratios:
        assert ratio.numerator is not None and ratio.denominator is not None
        assert ratio.numerator <= ratio.denominator
        assert ratio.value == _half_up_percent(ratio.numerator, ratio.denominator, 2)


def test_percentages_stay_in_range(generated: list[DataValue]) -> None:
    smartphone = [v.value for v in generated if v.indicator == "SMARTPHONE"]
    assert smartphone
    assert all(0 <= value <= 100 for value in smartphone)
    assert all(value == value.to_integral_value() for value in smartphone)  # 0 decimals


# --- step 3: the merger ---------------------------------------------------------------------


def test_bac_kan_before_the_merger_and_the_merged_province_after(
    by_key: dict[tuple[str, str, str], DataValue], generated: list[DataValue]
) -> None:
    assert not [v for v in generated if v.org_unit == "06" and v.period >= MERGER]
    june = by_key["BTS", "19", "202506"].value
    assert by_key["BTS", "06", "202506"].value == (june / 4).quantize(Decimal(1))
    assert by_key["BTS", "19", "202507"].value >= june * Decimal("1.2")
    old = [by_key["ATTACKS", "19", m].value for m in _months("202407", "202506")]
    new = [by_key["ATTACKS", "19", m].value for m in _months("202507", "202606")]
    assert Decimal("1.2") < sum(new) / sum(old) < Decimal("1.6")
    assert ("SMARTPHONE", "06", "202406") in by_key


# --- step 4: monthly splits -----------------------------------------------------------------


@pytest.mark.parametrize("code", ["ITEMS", "ATTACKS", "REVENUE"])
def test_monthly_unit_parts_add_up_to_the_province(
    code: str, generated: list[DataValue], units: dict[str, list[str]]
) -> None:
    parts: dict[tuple[str, str], list[DataValue]] = defaultdict(list)
    totals = {  # a reported month is split too (step 1)
        (v.org_unit, v.period): v.value
        for v in REPORTED
        if v.indicator == code and v.period.isdigit() and len(v.period) == 6
    }
    scope = {c: "19" for c in units["19"] + units["communes"]} | {c: "06" for c in units["06"]}
    for v in generated:
        if v.indicator != code:
            continue
        if v.org_unit in ("19", "06"):
            totals[v.org_unit, v.period] = v.value
        elif len(v.period) == 6 and v.period.isdigit():
            parts[scope[v.org_unit], v.period].append(v)
    assert set(parts) == set(totals)
    for (province, month), values in parts.items():
        expected = units["communes"] if month >= MERGER else units[province]
        assert sorted(v.org_unit for v in values) == expected
        assert _sum(values) == totals[province, month]


@pytest.mark.parametrize(
    ("code", "half"), [("ITEMS", "2024S1"), ("ITEMS", "2023S1"), ("REVENUE", "2024S1")]
)
def test_district_months_add_up_to_the_district_half_year(
    code: str,
    half: str,
    by_key: dict[tuple[str, str, str], DataValue],
    units: dict[str, list[str]],
) -> None:
    first = half[:4] + "01"
    for district in units["19"]:
        months = [by_key[code, district, m].value for m in _months(first, half[:4] + "06")]
        assert sum(months) == by_key[code, district, half].value


def test_amounts_with_decimals_are_split_exactly(
    generated: list[DataValue], units: dict[str, list[str]]
) -> None:
    revenue = [v for v in generated if v.indicator == "REVENUE"]
    assert all(v.value == v.value.quantize(Decimal("0.01")) for v in revenue)
    parts = [v.value for v in revenue if v.period == "2024S1" and v.org_unit in units["19"]]
    assert sum(parts) == Decimal("389000000000.25")
    months = [v.value for v in revenue if v.org_unit == "19" and "202401" <= v.period <= "202406"]
    assert sum(months) == Decimal("389000000000.25")


def test_only_additive_flows_are_split_monthly(
    generated: list[DataValue], units: dict[str, list[str]]
) -> None:
    split = {v.indicator for v in generated if v.org_unit in units["communes"]}
    assert split == {"REVENUE", "ITEMS", "ATTACKS"}
