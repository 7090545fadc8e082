"""DHIS2's analytics parameters read into indicators, periods and org units; every refusal
names the parameter as written and the reason. Relative periods are worked out by hand
for 20 March 2025 (in the NĐ 09 calendar, the 20th already counts in April's report)."""

import datetime as dt

import pytest

from chuyendoiso.engine.analytics import (
    Dimension,
    UnitSelection,
    UserOrgUnit,
    cells_check,
    parse_analytics,
)
from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Calendar, PeriodType

TODAY = dt.date(2025, 3, 20)


def parse(*pairs, today=TODAY, **options):
    return parse_analytics(list(pairs), today=today, **options)


def ids(request):
    return [p.id for p in request.periods]


def refusal(*pairs, **options) -> dict:
    with pytest.raises(ValidationError) as caught:
        parse(*pairs, **options)
    return {"message": caught.value.message, **caught.value.extra}


# --- the forms of the parameters ------------------------------------------------------------


def test_dimension_and_short_forms_ask_the_same():
    long = parse(("dimension", "dx:HTS_BTS;CQS_HS_TIEP_NHAN"), ("dimension", "pe:2024S1"))
    short = parse(("dx", "HTS_BTS;CQS_HS_TIEP_NHAN"), ("pe", "2024S1"))
    assert long.indicators == short.indicators == ("HTS_BTS", "CQS_HS_TIEP_NHAN")
    assert ids(long) == ids(short) == ["2024S1"]
    assert long.rows == short.rows == (Dimension.DX, Dimension.PE, Dimension.OU)
    assert long.parameters[Dimension.DX] == "dimension"
    assert short.parameters[Dimension.DX] == "dx"


def test_rows_follow_the_order_asked_and_filters_are_not_rows():
    request = parse(("dimension", "ou:19"), ("dimension", "dx:HTS_BTS"), ("filter", "pe:2024"))
    assert request.rows == (Dimension.OU, Dimension.DX)
    assert request.filters == (Dimension.PE,)
    assert request.parameters[Dimension.PE] == "filter"


def test_without_ou_the_rows_are_those_of_the_top_units():
    request = parse(("dx", "HTS_BTS"), ("pe", "2024"))
    assert request.units == UnitSelection(user=(UserOrgUnit.USER_ORGUNIT,))
    assert Dimension.OU in request.rows


def test_items_are_trimmed_and_kept_once_in_the_order_given():
    request = parse(("dx", " B ; A;B"), ("pe", "2024;2023;2024"))
    assert request.indicators == ("B", "A")
    assert ids(request) == ["2024", "2023"]


def test_dimension_names_and_keywords_ignore_letter_case():
    request = parse(("dimension", "DX:A"), ("dimension", "Pe:this_year"), ("ou", "level-District"))
    assert request.indicators == ("A",)
    assert ids(request) == ["2025"]
    assert request.units.levels == (Level.DISTRICT,)


def test_other_parameters_are_ignored_as_dhis2_ignores_them():
    request = parse(("dx", "A"), ("pe", "2024"), ("displayProperty", "NAME"), ("skipMeta", "x"))
    assert request.indicators == ("A",)


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected_type", "start", "end"),
    [
        ("2024", PeriodType.YEAR, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024S2", PeriodType.HALF, dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
        ("2024Q1", PeriodType.QUARTER, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("202402", PeriodType.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_every_period_type_of_the_pages_is_read(given, expected_type, start, end):
    (period,) = parse(("dx", "A"), ("pe", given)).periods
    assert (period.type, period.start, period.end) == (expected_type, start, end)


def test_the_calendar_gives_the_dates_of_the_decree_09_months():
    (period,) = parse(("dx", "A"), ("pe", "202403"), ("calendar", "nd09")).periods
    assert (period.start, period.end) == (dt.date(2024, 2, 15), dt.date(2024, 3, 14))
    assert period.calendar is Calendar.ND09


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("THIS_YEAR", ["2025"]),
        ("LAST_YEAR", ["2024"]),
        ("LAST_5_YEARS", ["2020", "2021", "2022", "2023", "2024"]),
        ("THIS_SIX_MONTH", ["2025S1"]),
        ("LAST_SIX_MONTH", ["2024S2"]),
        ("LAST_2_SIXMONTHS", ["2024S1", "2024S2"]),
        ("THIS_QUARTER", ["2025Q1"]),
        ("LAST_QUARTER", ["2024Q4"]),
        ("LAST_4_QUARTERS", ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
        ("THIS_MONTH", ["202503"]),
        ("LAST_MONTH", ["202502"]),
        ("LAST_3_MONTHS", ["202412", "202501", "202502"]),
        (
            "LAST_12_MONTHS",
            [f"2024{m:02d}" for m in range(3, 13)] + ["202501", "202502"],
        ),
    ],
)
def test_relative_periods_count_from_today(relative, expected):
    assert ids(parse(("dx", "A"), ("pe", relative))) == expected


def test_relative_months_of_decree_09_count_the_20th_in_the_next_month():
    request = parse(("dx", "A"), ("pe", "THIS_MONTH;LAST_12_MONTHS"), ("calendar", "nd09"))
    assert ids(request) == ["202504"] + [f"2024{m:02d}" for m in range(4, 13)] + [
        "202501",
        "202502",
        "202503",
    ]


def test_relative_and_fixed_periods_mix_each_once():
    assert ids(parse(("dx", "A"), ("pe", "2024;LAST_YEAR;THIS_YEAR"))) == ["2024", "2025"]


@pytest.mark.parametrize(
    ("given", "position"),
    [
        ("2024X", 1),
        ("2024;20240415", 2),  # a day
        ("2024;2025;2024-01-01..2024-05-27", 3),  # a range
        ("2024W3", 1),  # DHIS2's weeks are not kept here
        ("LAST_52_WEEKS", 1),
        ("2024S3", 1),
    ],
)
def test_a_period_that_is_not_a_year_half_quarter_or_month_is_refused_by_position(given, position):
    error = refusal(("dx", "A"), ("dimension", f"pe:{given}"))
    assert error["field"] == "dimension"
    assert error["dimension"] == "pe"
    assert error["item"] == position
    assert error["value"] == given.split(";")[position - 1]
    assert "2024S1" in error["expected"]


# --- org units ------------------------------------------------------------------------------


def test_org_units_by_code_keyword_and_level():
    request = parse(
        ("dx", "A"),
        ("pe", "2024"),
        ("ou", "19;164@before_2025;USER_ORGUNIT_CHILDREN;LEVEL-commune;LEVEL-department"),
    )
    assert request.units == UnitSelection(
        codes=("19", "164@before_2025"),
        user=(UserOrgUnit.USER_ORGUNIT_CHILDREN,),
        levels=(Level.COMMUNE, Level.DEPARTMENT),
    )


@pytest.mark.parametrize(
    ("keyword", "depth"),
    [("USER_ORGUNIT", 0), ("USER_ORGUNIT_CHILDREN", 1), ("USER_ORGUNIT_GRANDCHILDREN", 2)],
)
def test_the_user_org_unit_keywords_reach_one_level_further_each(keyword, depth):
    (user,) = parse(("dx", "A"), ("pe", "2024"), ("ou", keyword)).units.user
    assert user.depth == depth


@pytest.mark.parametrize("level", ["LEVEL-3", "LEVEL-village", "LEVEL-"])
def test_a_level_is_named_as_the_platform_names_it(level):
    error = refusal(("dx", "A"), ("pe", "2024"), ("ou", f"19;{level}"))
    assert error["field"] == "ou"
    assert error["item"] == 2
    assert "LEVEL-commune" in error["expected"]


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["dx", "pe"])
def test_indicators_and_periods_are_required(missing):
    given = [("dx", "A"), ("pe", "2024")]
    error = refusal(*[pair for pair in given if pair[0] != missing])
    assert error["field"] == "dimension"
    assert error["dimension"] == missing


def test_a_dimension_given_twice_is_refused_where_it_comes_again():
    error = refusal(("dimension", "dx:A"), ("pe", "2024"), ("dx", "B"))
    assert (error["field"], error["dimension"]) == ("dx", "dx")
    error = refusal(("dx", "A"), ("pe", "2024"), ("filter", "pe:2024"))
    assert (error["field"], error["dimension"]) == ("filter", "pe")


@pytest.mark.parametrize("value", ["co:X", "uxyz:1", ":A"])
def test_a_dimension_the_platform_has_not_is_refused(value):
    error = refusal(("dx", "A"), ("pe", "2024"), ("dimension", value))
    assert error["field"] == "dimension"
    assert error["expected"] == "dx, pe, ou"


def test_a_dimension_without_items_is_refused():
    error = refusal(("dimension", "dx"), ("pe", "2024"))
    assert (error["field"], error["dimension"]) == ("dimension", "dx")


@pytest.mark.parametrize(("items", "position"), [("A;;B", 2), (";A", 1), ("A;", 2), ("", 1)])
def test_an_empty_item_is_refused_by_position(items, position):
    error = refusal(("dimension", f"dx:{items}"), ("pe", "2024"))
    assert (error["field"], error["dimension"], error["item"]) == ("dimension", "dx", position)


@pytest.mark.parametrize(
    "given",
    [[("calendar", "lunar")], [("calendar", "nd09"), ("calendar", "calendar")]],
)
def test_a_calendar_is_one_of_the_platform_s(given):
    error = refusal(("dx", "A"), ("pe", "2024"), *given)
    assert error["field"] == "calendar"


@pytest.mark.parametrize(
    "pairs",
    [
        [("filter", "dx:A;B"), ("pe", "2024")],
        [("dx", "A"), ("filter", "pe:2024;2025")],
        [("dx", "A"), ("filter", "pe:LAST_4_QUARTERS")],
        [("dx", "A"), ("pe", "2024"), ("filter", "ou:19;164")],
        [("dx", "A"), ("pe", "2024"), ("filter", "ou:19;LEVEL-commune")],
        [("dx", "A"), ("pe", "2024"), ("filter", "ou:USER_ORGUNIT_CHILDREN")],
    ],
)
def test_a_filter_takes_one_item(pairs):
    error = refusal(*pairs)
    assert error["field"] == "filter"
    assert "một mục" in error["message"]


@pytest.mark.parametrize("unit", ["19", "USER_ORGUNIT", "164@before_2025"])
def test_a_filter_of_one_unit_is_taken(unit):
    request = parse(("dx", "A"), ("pe", "2024"), ("filter", f"ou:{unit}"))
    assert request.filters == (Dimension.OU,)
    assert request.units.single


# --- the cap on cells -----------------------------------------------------------------------


def test_a_request_over_the_cap_names_its_largest_dimension():
    pairs = [("dx", "A;B;C"), ("dimension", "pe:2021;2022;2023;2024"), ("ou", "19")]
    parse(*pairs, max_cells=12)
    error = refusal(*pairs, max_cells=11)
    assert (error["field"], error["dimension"]) == ("dimension", "pe")
    assert (error["cells"], error["limit"]) == (12, 11)


def test_the_cap_is_checked_again_once_the_units_are_known():
    request = parse(("dx", "A;B"), ("pe", "2024"), ("ou", "19;LEVEL-commune"))
    cells_check(request, 5000)
    with pytest.raises(ValidationError) as caught:
        cells_check(request, 5001)
    assert caught.value.extra["field"] == "ou"
    assert caught.value.extra["dimension"] == "ou"
    assert caught.value.extra["cells"] == 10002
