import datetime as dt
from decimal import Decimal as D

import pytest

from chuyendoiso.engine.analytics.aggregate import Analytics, Facts, Hierarchy, Observation, OrgNode
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Direction,
    Indicator,
    OrgAggregation,
    Pillar,
    TimeAggregation,
)
from chuyendoiso.engine.domain.catalog import MeasureUnit as U
from chuyendoiso.engine.domain.catalog import ValueType as V
from chuyendoiso.engine.domain.datavalues import Origin, Qualifier
from chuyendoiso.engine.domain.periods import parse_period

END_OLD = dt.date(2025, 6, 30)
START_NEW = dt.date(2025, 7, 1)


def indicator(code, value_type=V.COUNT, org=OrgAggregation.SUM, time=TimeAggregation.FLOW, **kw):
    unit = U.PERCENT if value_type in (V.RATIO, V.PERCENT) else U.COUNT
    return Indicator(
        code=code,
        name_vi=code,
        name_en=code,
        pillar="CQS",
        unit=unit,
        value_type=value_type,
        aggregation_org=org,
        aggregation_time=time,
        **kw,
    )


CATALOG = Catalog(
    pillars=(Pillar("CQS", "Chính quyền số", "Digital government", 1),),
    indicators=(
        indicator("FLOW"),
        indicator("STOCK", time=TimeAggregation.STOCK),
        indicator("RATE", time=TimeAggregation.RATE_PER_MONTH),
        indicator("NUM"),
        indicator("DEN"),
        indicator("RATIO", V.RATIO, OrgAggregation.RATIO, numerator="NUM", denominator="DEN"),
        indicator("PCT", V.PERCENT, OrgAggregation.NONE, TimeAggregation.STOCK),
        indicator("DOWN", time=TimeAggregation.STOCK, direction=Direction.DOWN),
    ),
)

HIERARCHY = Hierarchy(
    units={
        "P": OrgNode("P", "19", "Tỉnh", "province"),
        "D1": OrgNode("D1", "164", "Huyện 1", "district", "P", valid_to=END_OLD),
        "D2": OrgNode("D2", "165", "Huyện 2", "district", "P", valid_to=END_OLD),
        "C1": OrgNode("C1", "05431", "Xã 1", "commune", "D1", valid_to=END_OLD),
        "C2": OrgNode("C2", "05434", "Xã 2", "commune", "D1", valid_to=END_OLD),
        "N1": OrgNode("N1", "05431", "Xã mới 1", "commune", "P", valid_from=START_NEW),
        "B": OrgNode("B", "06", "Tỉnh cũ", "province", valid_to=END_OLD),
        "S": OrgNode("S", "19.STTTT", "Sở", "department", "P"),
    },
    predecessors={"P": ["B"], "N1": ["C1", "C2"]},
)


def obs(unit, period, value, origin=Origin.REPORTED, **kw):
    return Observation(unit=unit, period=parse_period(period), value=D(value), origin=origin, **kw)


def analytics(*facts):
    return Analytics(CATALOG, HIERARCHY, Facts(facts))


def months(indicator_code, unit, year, values, origin=Origin.SYNTHETIC):
    return [
        (indicator_code, obs(unit, f"{year}{m:02d}", v, origin))
        for m, v in enumerate(values, start=1)
    ]


S1 = parse_period("2024S1")


def test_a_flow_is_summed_over_the_months_that_tile_the_period():
    a = analytics(*months("FLOW", "P", 2024, [10, 20, 30, 40, 50, 60]))
    figure = a.figure("FLOW", "P", S1)
    assert figure.value == 210
    assert figure.own_period == S1 and figure.complete and figure.synthetic


def test_incomplete_months_do_not_make_a_half_year():
    a = analytics(*months("FLOW", "P", 2024, [10, 20, 30, 40, 50]))
    figure = a.figure("FLOW", "P", S1)
    assert figure.own_period.id == "202405"  # the widest single figure, flagged as partial
    assert not figure.complete


def test_a_reported_figure_wins_over_synthetic_months():
    facts = [
        *months("FLOW", "P", 2024, [1, 1, 1, 1, 1, 1]),
        ("FLOW", obs("P", "2024-01-01..2024-05-26", 110651)),
    ]
    figure = analytics(*facts).figure("FLOW", "P", S1)
    assert figure.value == 110651
    assert figure.own_period.id == "2024-01-01..2024-05-26"
    assert not figure.synthetic and not figure.complete


def test_the_exact_period_wins_over_its_parts():
    facts = [
        *months("FLOW", "P", 2024, [1, 1, 1, 1, 1, 1], origin=Origin.REPORTED),
        ("FLOW", obs("P", "2024S1", 476, qualifier=Qualifier.GAN)),
    ]
    figure = analytics(*facts).figure("FLOW", "P", S1)
    assert (figure.value, figure.qualifier) == (476, Qualifier.GAN)


def test_a_sum_of_approximate_months_stays_approximate():
    facts = [("FLOW", obs("P", f"2024{m:02d}", 20, qualifier=Qualifier.GAN)) for m in range(1, 7)]
    figure = analytics(*facts).figure("FLOW", "P", S1)
    assert (figure.value, figure.qualifier) == (120, Qualifier.GAN)


@pytest.mark.parametrize(
    ("first", "second", "total"),
    [
        (Qualifier.EXACT, Qualifier.EXACT, Qualifier.EXACT),
        (Qualifier.TREN, Qualifier.EXACT, Qualifier.TREN),  # over 100 + 50 = over 150
        (Qualifier.HON, Qualifier.TREN, Qualifier.TREN),  # both lower bounds
        (Qualifier.GAN, Qualifier.TREN, Qualifier.KHOANG),  # bounds in both directions
    ],
)
def test_districts_stated_with_a_qualifier_give_a_qualified_total(first, second, total):
    facts = [
        ("FLOW", obs("D1", "2024S1", 100, qualifier=first)),
        ("FLOW", obs("D2", "2024S1", 50, qualifier=second)),
    ]
    figure = analytics(*facts).figure("FLOW", "P", S1)
    assert (figure.value, figure.qualifier) == (150, total)


def test_a_ratio_recomputed_from_approximate_parts_is_approximate():
    facts = [
        ("RATIO", obs("D1", "2024S1", "90", numerator=D(90), denominator=D(100))),
        (
            "RATIO",
            obs("D2", "2024S1", "10", numerator=D(1), denominator=D(10), qualifier=Qualifier.HON),
        ),
    ]
    assert analytics(*facts).figure("RATIO", "P", S1).qualifier is Qualifier.KHOANG


def test_a_stock_takes_the_last_value_as_of_the_end():
    facts = [
        ("STOCK", obs("P", "20240415", 822099, reference_date=dt.date(2024, 4, 15))),
        ("STOCK", obs("P", "20240301", 800000)),
    ]
    figure = analytics(*facts).figure("STOCK", "P", S1)
    assert figure.value == 822099 and figure.reference_date == dt.date(2024, 4, 15)


def test_a_rate_per_month_is_averaged():
    figure = analytics(*months("RATE", "P", 2024, [6, 8, 10, 8, 8, 8], Origin.REPORTED)).figure(
        "RATE", "P", S1
    )
    assert figure.value == 8


def test_districts_add_up_to_the_province_with_the_count_of_reporters():
    facts = [("FLOW", obs("D1", "2024S1", 100)), ("FLOW", obs("D2", "2024S1", 50))]
    figure = analytics(*facts).figure("FLOW", "P", S1)
    assert figure.value == 150
    assert (figure.reporting_units, figure.expected_units) == (2, 2)


def test_missing_district_is_counted():
    figure = analytics(("FLOW", obs("D1", "2024S1", 100))).figure("FLOW", "P", S1)
    assert (figure.value, figure.reporting_units, figure.expected_units) == (100, 1, 2)
    assert not figure.complete


def test_communes_add_up_through_their_district():
    facts = [("FLOW", obs("C1", "2024S1", 7)), ("FLOW", obs("C2", "2024S1", 5))]
    assert analytics(*facts).figure("FLOW", "P", S1).value == 12


def test_a_ratio_is_recomputed_from_summed_parts_not_averaged():
    facts = [
        ("RATIO", obs("D1", "2024S1", "90", numerator=D(90), denominator=D(100))),
        ("RATIO", obs("D2", "2024S1", "10", numerator=D(1), denominator=D(10))),
    ]
    figure = analytics(*facts).figure("RATIO", "P", S1)
    assert (figure.numerator, figure.denominator) == (91, 110)
    assert figure.value == D("82.73")  # 91/110, not the mean of 90% and 10%


RATIO_MONTHS = [("90", 90, 100), ("10", 1, 10), *[("50", 50, 100)] * 4]  # 291 of 510


def ratio_months(with_parts):
    return [
        (
            "RATIO",
            obs(
                "P",
                f"2024{m:02d}",
                ratio,
                numerator=D(n) if with_parts else None,
                denominator=D(d) if with_parts else None,
            ),
        )
        for m, (ratio, n, d) in enumerate(RATIO_MONTHS, start=1)
    ]


def parts(code, index):
    return [(code, obs("P", f"2024{m:02d}", each[index])) for m, each in enumerate(RATIO_MONTHS, 1)]


def test_a_ratio_over_months_is_recomputed_from_all_their_parts():
    figure = analytics(*ratio_months(with_parts=True)).figure("RATIO", "P", S1)
    assert (figure.numerator, figure.denominator) == (291, 510)
    assert figure.value == D("57.06") and figure.own_period == S1  # not January's 90%


def test_months_without_parts_take_those_of_the_numerator_and_denominator_indicators():
    facts = [*ratio_months(with_parts=False), *parts("NUM", 1), *parts("DEN", 2)]
    figure = analytics(*facts).figure("RATIO", "P", S1)
    assert (figure.numerator, figure.denominator, figure.value) == (291, 510, D("57.06"))
    assert figure.own_period == S1


def test_months_with_only_their_denominators_are_weighted_by_them():
    facts = [*ratio_months(with_parts=False), *parts("DEN", 2)]
    figure = analytics(*facts).figure("RATIO", "P", S1)
    # (90 x 100 + 10 x 10 + 50 x 400) / 510 = 29100 / 510
    assert figure.value == D("57.06") and figure.own_period == S1
    assert figure.numerator is None and figure.denominator is None  # no count made up


def test_months_without_any_part_give_no_ratio_rather_than_one_month():
    assert analytics(*ratio_months(with_parts=False)).figure("RATIO", "P", S1) is None


def test_a_percentage_without_parts_is_not_aggregated():
    facts = [("PCT", obs("D1", "2024S1", 90)), ("PCT", obs("D2", "2024S1", 70))]
    assert analytics(*facts).figure("PCT", "P", S1) is None


def test_stocks_do_not_double_count_across_the_merger():
    facts = [("STOCK", obs("D1", "202506", 100)), ("STOCK", obs("N1", "202512", 130))]
    figure = analytics(*facts).figure("STOCK", "P", parse_period("2025"))
    assert figure.value == 130


def test_flows_across_the_merger_add_old_and_new_units():
    facts = [("FLOW", obs("D1", "2025S1", 100)), ("FLOW", obs("N1", "2025S2", 130))]
    assert analytics(*facts).figure("FLOW", "P", parse_period("2025")).value == 230


def test_same_territory_adds_the_merged_province_before_the_merger():
    facts = [
        ("FLOW", obs("P", "2024S1", 100)),
        ("FLOW", obs("B", "2024S1", 25)),
        ("FLOW", obs("P", "2026S1", 140)),
    ]
    a = analytics(*facts)
    assert a.figure("FLOW", "P", S1).value == 100
    assert a.figure("FLOW", "P", S1, same_territory=True).value == 125
    assert a.figure("FLOW", "P", parse_period("2026S1"), same_territory=True).value == 140


def test_a_new_commune_gets_its_predecessors_figures():
    facts = [("FLOW", obs("C1", "2024S1", 7)), ("FLOW", obs("C2", "2024S1", 5))]
    a = analytics(*facts)
    assert a.figure("FLOW", "N1", S1) is None
    assert a.figure("FLOW", "N1", S1, same_territory=True).value == 12


def test_a_dissolved_district_is_not_one_new_communes_territory():
    """The official mapping names the district whose seat a new ward took among that ward's
    predecessors: the whole district's figure is not the ward's a year earlier."""
    merged = Hierarchy(HIERARCHY.units, {"P": ["B"], "N1": ["D1", "C1", "C2"]})
    facts = [
        ("FLOW", obs("D1", "2024S1", 100)),
        ("FLOW", obs("C1", "2024S1", 7)),
        ("FLOW", obs("C2", "2024S1", 5)),
    ]
    a = Analytics(CATALOG, merged, Facts(facts))
    assert a.figure("FLOW", "N1", S1, same_territory=True).value == 12
    only_district = Analytics(CATALOG, merged, Facts([("FLOW", obs("D1", "2024S1", 100))]))
    assert only_district.figure("FLOW", "N1", S1, same_territory=True) is None


def test_a_district_named_alone_is_its_successors_territory():
    """An island district become a commune-level special zone: the same territory."""
    zone = Hierarchy(HIERARCHY.units, {"P": ["B"], "N1": ["D1"]})
    a = Analytics(CATALOG, zone, Facts([("FLOW", obs("D1", "2024S1", 100))]))
    assert a.figure("FLOW", "N1", S1, same_territory=True).value == 100


def test_nothing_reported_is_none_not_zero():
    assert analytics().figure("FLOW", "P", S1) is None


def test_ranking_follows_the_direction():
    facts = [
        ("DOWN", obs("D1", "2024S1", 9)),
        ("DOWN", obs("D2", "2024S1", 3)),
        ("FLOW", obs("D1", "2024S1", 9)),
        ("FLOW", obs("D2", "2024S1", 3)),
    ]
    a = analytics(*facts)
    assert [f.unit for f in a.ranking("DOWN", ["D1", "D2"], S1)] == ["D2", "D1"]
    assert [f.unit for f in a.ranking("FLOW", ["D1", "D2"], S1)] == ["D1", "D2"]


@pytest.mark.parametrize("unit", ["P", "D1"])
def test_values_of_other_units_do_not_leak(unit):
    a = analytics(("FLOW", obs("D2", "2024S1", 50)))
    expected = 50 if unit == "P" else None
    figure = a.figure("FLOW", unit, S1)
    assert (figure.value if figure else None) == expected
