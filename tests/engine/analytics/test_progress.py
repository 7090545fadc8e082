"""A dashboard card's figures, with the progress worked out by hand.

Base 2023S1 (30/6/2023), latest 2024S1 (30/6/2024): 366 days, 1.002053 years; a 2025
target is due 31/12/2025, 915 days after the base: 2.505133 years. Growth needed from 70
to reach 80: (80/70)^(1/2.505133) - 1 = 5.4749 % a year.
"""

import datetime as dt
from collections import Counter
from dataclasses import replace
from decimal import Decimal as D

import pytest

from chuyendoiso.engine.analytics import (
    Figure,
    Progress,
    card_of,
    status_counts,
    targets_for,
)
from chuyendoiso.engine.domain.catalog import (
    Direction,
    Indicator,
    MeasureUnit,
    OrgAggregation,
    Target,
    TargetOperator,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import Origin
from chuyendoiso.engine.domain.periods import parse_period

S1_2024, S1_2023 = parse_period("2024S1"), parse_period("2023S1")
FIBRE = Indicator(
    code="FIBRE",
    name_vi="Hộ có cáp quang",
    name_en="Households with fibre",
    pillar="HTS",
    unit=MeasureUnit.PERCENT,
    value_type=ValueType.PERCENT,
    aggregation_org=OrgAggregation.NONE,
    aggregation_time=TimeAggregation.STOCK,
)
STATIONS = replace(
    FIBRE,
    code="BTS",
    unit=MeasureUnit.COUNT,
    value_type=ValueType.COUNT,
    aggregation_org=OrgAggregation.SUM,
)


def figure(value, period=S1_2024, **kw):
    return Figure(
        indicator="FIBRE", unit="1", period=period, value=D(value), own_period=period, **kw
    )


def target(value, operator=">=", org_unit="VN", year=2025, indicator="FIBRE"):
    return Target(indicator, org_unit, year, D(value), TargetOperator(operator), "QĐ")


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        # 76: (76/70)^(1/1.002053) - 1 = 8.553 % a year; 8.553 / 5.475 = 1.56 >= 0.95
        ("76", Progress.ON_TRACK),
        # 73: 4.277 % a year; 4.277 / 5.475 = 0.78, from 0.60 to 0.95
        ("73", Progress.ACCELERATION_NEEDED),
        # 72: 2.851 % a year; 0.52, from 0 to 0.60
        ("72", Progress.LIMITED),
        # 69: -1.426 % a year; below 0
        ("69", Progress.DETERIORATING),
        # 81 >= 80: reached, whatever the pace
        ("81", Progress.ACHIEVED),
    ],
)
def test_progress_towards_the_national_target(latest, status):
    card = card_of(FIBRE, figure(latest), figure("70", S1_2023), national=target("80"))
    assert card.national is not None and card.national.status is status
    assert card.status is status
    assert card.national.attainment.achieved is (status is Progress.ACHIEVED)


def test_share_of_the_target_and_change_in_points():
    card = card_of(FIBRE, figure("76"), figure("70", S1_2023), national=target("80"))
    assert card.national.attainment.percent_of_target == D(95)  # 76 / 80
    assert card.change.points == D(6) and round(card.change.percent, 4) == D("8.5714")


def test_a_target_below_which_to_go_sets_the_direction():
    # villages without 3G/4G: 20 -> 14, target <= 5: (14/20)^(1/1.002053) - 1 = -29.95 %,
    # needed (5/20)^(1/2.505133) - 1 = -42.50 %: ratio 0.70, from 0.60 to 0.95
    villages = replace(STATIONS, direction=Direction.DOWN)
    card = card_of(villages, figure("14"), figure("20", S1_2023), national=target("5", "<="))
    assert card.national.status is Progress.ACCELERATION_NEEDED
    reached = card_of(villages, figure("5"), figure("20", S1_2023), national=target("5", "<="))
    assert reached.national.status is Progress.ACHIEVED


def test_equal_to_a_strict_target_is_not_reached():
    card = card_of(FIBRE, figure("80"), figure("70", S1_2023), national=target("80", ">"))
    assert not card.national.attainment.achieved
    assert card.national.status is Progress.ON_TRACK


@pytest.mark.parametrize(
    ("latest", "direction", "trend"),
    [
        # 30/6/2022 -> 30/6/2023, 365 days: 101 / 100 is 1.0007 % a year, 0.5 % to 1.5 %
        ("101", Direction.UP, Progress.ACCELERATION_NEEDED),
        ("102", Direction.UP, Progress.ON_TRACK),  # 2.0 %: 1.5 % or more
        ("100.3", Direction.UP, Progress.LIMITED),  # 0.3 %
        ("102", Direction.DOWN, Progress.DETERIORATING),  # growth the wrong way
        ("102", Direction.NONE, None),  # no desired direction, no trend
    ],
)
def test_without_a_target_the_trend(latest, direction, trend):
    stations = replace(STATIONS, direction=direction)
    year, before = parse_period("2023S1"), parse_period("2022S1")
    card = card_of(stations, figure(latest, year), figure("100", before))
    assert card.national is None and card.provincial is None
    assert card.trend is trend and card.status is trend


def test_the_provincial_target_comes_first_then_the_national_one():
    card = card_of(
        FIBRE,
        figure("76"),
        figure("70", S1_2023),
        national=target("80"),
        provincial=target("100", org_unit="19"),
    )
    # to 100: (100/70)^(1/2.505133) - 1 = 15.29 % a year; 8.553 / 15.29 = 0.56: limited
    assert card.provincial.status is Progress.LIMITED
    assert card.national.status is Progress.ON_TRACK
    assert card.status is Progress.LIMITED


def test_no_base_no_progress_but_a_reached_target_is_reached():
    card = card_of(FIBRE, figure("76"), None, national=target("80"))
    assert card.change.percent is None and card.national.status is None and card.status is None
    assert card_of(FIBRE, figure("85"), None, national=target("80")).status is Progress.ACHIEVED


def test_a_real_figure_is_never_compared_with_a_synthetic_one():
    invented = figure("70", S1_2023, origins=frozenset({Origin.SYNTHETIC}))
    card = card_of(FIBRE, figure("76"), invented, national=target("80"))
    assert card.change.previous is None and card.change.percent is None
    assert card.national.status is None


def test_no_figure_an_empty_card():
    card = card_of(FIBRE, None, figure("70", S1_2023), national=target("80"))
    assert (card.figure, card.change, card.national, card.status) == (None, None, None, None)


def test_which_targets_apply():
    targets = [
        target("80", year=2025),
        target("90", year=2030),
        target("85", org_unit="19", year=2026),
        target("70", org_unit="19", year=2023),  # past: no goal any more
        target("2000", org_unit="VN", indicator="BTS"),
        target("1900", org_unit="19", indicator="BTS"),
    ]
    national, provincial = targets_for(targets, FIBRE, unit="05440", province="19", year=2024)
    assert (national.value, national.year) == (D(80), 2025)
    assert (provincial.value, provincial.year) == (D(85), 2026)
    assert targets_for(targets, FIBRE, unit="05440", province="19", year=2027) == (
        targets[1],
        None,
    )
    # a count target is the unit's own: the country's stations are not the province's goal
    assert targets_for(targets, STATIONS, unit="19", province="19", year=2024) == (
        None,
        targets[5],
    )
    assert targets_for(targets, STATIONS, unit="164", province="19", year=2024) == (None, None)


def test_status_counts_by_pillar():
    cards = [
        card_of(FIBRE, figure("76"), figure("70", S1_2023), national=target("80")),
        card_of(FIBRE, figure("81"), figure("70", S1_2023), national=target("80")),
        card_of(replace(FIBRE, pillar="CQS"), figure("76"), None),
        card_of(FIBRE, None, None),  # no figure: not counted
    ]
    assert status_counts(cards) == {
        "HTS": Counter({Progress.ON_TRACK: 1, Progress.ACHIEVED: 1}),
        "CQS": Counter({None: 1}),
    }


def test_a_stock_stands_at_its_reference_date():
    # counted on 26/5/2024 and 26/5/2023: 366 days still, the same pace as at 30/6
    latest = figure("76", reference_date=dt.date(2024, 5, 26))
    base = figure("70", S1_2023, reference_date=dt.date(2023, 5, 26))
    card = card_of(FIBRE, latest, base, national=target("80"))
    assert card.national.status is Progress.ON_TRACK
