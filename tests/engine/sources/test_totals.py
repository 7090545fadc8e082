"""The province's total of each indicator: sums, ratios from the summed parts, no total for
a distinct count."""

from decimal import Decimal

from chuyendoiso.engine.sources.definitions_file import parse_source
from chuyendoiso.engine.sources.results import ComputedFigure
from chuyendoiso.engine.sources.totals import IndicatorTotal, province_totals

DEFINITION = parse_source(
    """\
version: 1
source: health_records
name_vi: Hồ sơ sức khỏe
name_en: Health records
schema: health_records
metrics:
  - {indicator: A, measure: count, date: created_at}
  - {indicator: B, measure: count, date: created_at, filter: connected}
  - {indicator: D, measure: count_distinct, column: facility_id, date: created_at}
ratios:
  - {indicator: R, numerator: B, denominator: A}
  - {indicator: S, numerator: D, denominator: A}
"""
)


def figure(indicator, unit, value, parts=None):
    numerator, denominator = parts or (None, None)
    return ComputedFigure(indicator, unit, "2024", Decimal(value), numerator, denominator)


def test_counts_add_up_ratios_come_from_the_sums_and_distinct_counts_have_no_total():
    figures = [
        figure("A", "05431", 1),
        figure("A", "164", 3),
        figure("B", "05431", 1),
        figure("B", "164", 1),
        figure("D", "05431", 1),
        figure("D", "164", 1),
        figure("R", "05431", 100, (Decimal(1), Decimal(1))),
        figure("R", "164", "33.333333", (Decimal(1), Decimal(3))),
        figure("S", "05431", 100, (Decimal(1), Decimal(1))),
    ]
    assert province_totals(DEFINITION, figures) == [
        IndicatorTotal("A", True, Decimal(4)),
        IndicatorTotal("B", True, Decimal(2)),
        IndicatorTotal("D", False, None),
        IndicatorTotal("R", True, Decimal("50.000000"), Decimal(2), Decimal(4)),  # not 66.67
        IndicatorTotal("S", False, None),
    ]


def test_indicators_without_figures_have_no_total_and_a_zero_denominator_no_value():
    figures = [figure("A", "19", 0), figure("B", "19", 0), figure("R", "19", 0)]
    assert province_totals(DEFINITION, figures) == [
        IndicatorTotal("A", True, Decimal(0)),
        IndicatorTotal("B", True, Decimal(0)),
        IndicatorTotal("R", True, None, Decimal(0), Decimal(0)),
    ]
