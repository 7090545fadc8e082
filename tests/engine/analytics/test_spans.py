"""A figure covers the whole of the period asked for only when what it is made of covers it
exactly: the months inside 1 January - 15 May do not make its figure, nor does a
half-year of one district added to a quarter of another."""

import datetime as dt
from decimal import Decimal as D

from chuyendoiso.engine.analytics.aggregate import Analytics, Facts, Hierarchy, Observation, OrgNode
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Indicator,
    MeasureUnit,
    OrgAggregation,
    Pillar,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.periods import parse_period

CATALOG = Catalog(
    pillars=(Pillar("CQS", "Chính quyền số", "Digital government", 1),),
    indicators=(
        Indicator(
            code="FLOW",
            name_vi="FLOW",
            name_en="FLOW",
            pillar="CQS",
            unit=MeasureUnit.COUNT,
            value_type=ValueType.COUNT,
            aggregation_org=OrgAggregation.SUM,
            aggregation_time=TimeAggregation.FLOW,
        ),
    ),
)
HIERARCHY = Hierarchy(
    units={
        "P": OrgNode("P", "19", "Tỉnh", "province"),
        "D1": OrgNode("D1", "164", "Huyện 1", "district", "P", valid_to=dt.date(2025, 6, 30)),
        "D2": OrgNode("D2", "165", "Huyện 2", "district", "P", valid_to=dt.date(2025, 6, 30)),
    }
)


def analytics(*observations: tuple[str, str, int]) -> Analytics:
    facts = Facts(
        ("FLOW", Observation(unit, parse_period(period), D(value)))
        for unit, period, value in observations
    )
    return Analytics(CATALOG, HIERARCHY, facts)


MONTHS = [("P", f"20240{month}", 100) for month in range(1, 5)]


def test_the_months_inside_a_range_are_not_its_figure():
    figure = analytics(*MONTHS).figure("FLOW", "P", parse_period("2024-01-01..2024-05-15"))
    assert figure is None or not figure.complete
    if figure is not None:
        assert figure.own_period != figure.period


def test_the_months_that_make_a_range_exactly_are_its_figure():
    figure = analytics(*MONTHS).figure("FLOW", "P", parse_period("2024-01-01..2024-04-30"))
    assert figure is not None and figure.complete and figure.value == 400


def test_the_quarter_inside_a_range_is_not_its_figure():
    quarter = analytics(("P", "2024Q1", 300))
    figure = quarter.figure("FLOW", "P", parse_period("2024-01-01..2024-05-27"))
    assert figure is None or not figure.complete


def test_parts_of_different_spans_do_not_make_the_whole_period():
    mixed = analytics(("D1", "2024S1", 600), ("D2", "2024Q1", 300))
    figure = mixed.figure("FLOW", "P", parse_period("2024S1"))
    assert figure is not None and not figure.complete
    assert figure.own_period == parse_period("2024Q1")
    whole = analytics(("D1", "2024S1", 600), ("D2", "2024S1", 300))
    figure = whole.figure("FLOW", "P", parse_period("2024S1"))
    assert figure is not None and figure.complete and figure.value == 900
