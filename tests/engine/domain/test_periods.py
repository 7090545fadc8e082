"""Reporting periods: identifiers, calendar and ND09 dates, arithmetic and labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    format_date_vi,
    label_en,
    label_vi,
    parse_period,
    period_for_date,
    periods_within,
    previous_period,
    same_period_last_year,
)

CAL = Calendar.CALENDAR
ND09 = Calendar.ND09
D = date.fromisoformat


# --- identifiers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period_type", "canonical"),
    [
        ("2024", PeriodType.YEAR, "2024"),
        ("2024S1", PeriodType.HALF, "2024S1"),
        ("2024S2", PeriodType.HALF, "2024S2"),
        ("2024s2", PeriodType.HALF, "2024S2"),
        ("2024H1", PeriodType.HALF, "2024S1"),
        ("2024h2", PeriodType.HALF, "2024S2"),
        ("2024Q1", PeriodType.QUARTER, "2024Q1"),
        ("2024Q4", PeriodType.QUARTER, "2024Q4"),
        ("2024q3", PeriodType.QUARTER, "2024Q3"),
        ("202401", PeriodType.MONTH, "202401"),
        ("202412", PeriodType.MONTH, "202412"),
        ("20240415", PeriodType.DAY, "20240415"),
        ("2024-04-15", PeriodType.DAY, "20240415"),
        ("2024-01-01..2024-05-27", PeriodType.RANGE, "2024-01-01..2024-05-27"),
        ("20240101..20240527", PeriodType.RANGE, "2024-01-01..2024-05-27"),
        ("2024-04-15..2024-04-15", PeriodType.RANGE, "2024-04-15..2024-04-15"),
        ("  2024q2 \n", PeriodType.QUARTER, "2024Q2"),
        ("\t2024-01-01..2024-05-27 ", PeriodType.RANGE, "2024-01-01..2024-05-27"),
    ],
)
@pytest.mark.parametrize("calendar", [CAL, ND09])
def test_parse_gives_type_and_canonical_id(
    text: str, period_type: PeriodType, canonical: str, calendar: Calendar
) -> None:
    period = parse_period(text, calendar)
    assert period.type is period_type
    assert period.calendar is calendar
    assert period.id == canonical
    assert str(period) == canonical


def test_calendar_defaults_to_calendar() -> None:
    assert parse_period("2024Q1").calendar is CAL


def test_aliases_give_equal_periods() -> None:
    assert parse_period("2024H1") == parse_period("2024S1")
    assert parse_period("2024-04-15") == parse_period("20240415")
    assert len({parse_period("2024H2"), parse_period("2024s2"), parse_period("2024S2")}) == 1


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024S1", "2024-01-01", "2024-06-30"),
        ("2024S2", "2024-07-01", "2024-12-31"),
        ("2024Q1", "2024-01-01", "2024-03-31"),
        ("2024Q2", "2024-04-01", "2024-06-30"),
        ("2024Q3", "2024-07-01", "2024-09-30"),
        ("2024Q4", "2024-10-01", "2024-12-31"),
        ("202401", "2024-01-01", "2024-01-31"),
        ("202402", "2024-02-01", "2024-02-29"),
        ("202302", "2023-02-01", "2023-02-28"),
        ("202404", "2024-04-01", "2024-04-30"),
        ("202412", "2024-12-01", "2024-12-31"),
        ("20240415", "2024-04-15", "2024-04-15"),
        ("2024-01-01..2024-05-27", "2024-01-01", "2024-05-27"),
    ],
)
def test_calendar_bounds(text: str, start: str, end: str) -> None:
    period = parse_period(text, CAL)
    assert (period.start, period.end) == (D(start), D(end))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", "2023-12-15", "2024-12-14"),
        ("2024S1", "2023-12-15", "2024-06-14"),
        ("2024S2", "2024-06-15", "2024-12-14"),
        ("2024Q1", "2023-12-15", "2024-03-14"),
        ("2024Q2", "2024-03-15", "2024-06-14"),
        ("2024Q3", "2024-06-15", "2024-09-14"),
        ("2024Q4", "2024-09-15", "2024-12-14"),
        ("202401", "2023-12-15", "2024-01-14"),
        ("202402", "2024-01-15", "2024-02-14"),
        ("202403", "2024-02-15", "2024-03-14"),
        ("202412", "2024-11-15", "2024-12-14"),
        ("20240415", "2024-04-15", "2024-04-15"),
        ("2024-01-01..2024-05-27", "2024-01-01", "2024-05-27"),
    ],
)
def test_nd09_bounds(text: str, start: str, end: str) -> None:
    period = parse_period(text, ND09)
    assert (period.start, period.end) == (D(start), D(end))


@pytest.mark.parametrize(
    ("text", "calendar", "days"),
    [
        ("2024", CAL, 366),
        ("2023", CAL, 365),
        ("2024", ND09, 366),  # 15/12/2023..14/12/2024 holds 29/2/2024
        ("2025", ND09, 365),
        ("202402", CAL, 29),
        ("202403", ND09, 29),  # 15/2..14/3 in a leap year
        ("202401", ND09, 31),
        ("20240415", CAL, 1),
        ("2024-01-01..2024-05-27", CAL, 148),
    ],
)
def test_days(text: str, calendar: Calendar, days: int) -> None:
    assert parse_period(text, calendar).days == days


@pytest.mark.parametrize(
    ("text", "calendar", "year", "index"),
    [
        ("2024", CAL, 2024, 1),
        ("2024S2", CAL, 2024, 2),
        ("2024Q1", ND09, 2024, 1),  # starts in 2023, reported in 2024
        ("202401", ND09, 2024, 1),
        ("202411", CAL, 2024, 11),
    ],
)
def test_year_and_index(text: str, calendar: Calendar, year: int, index: int) -> None:
    period = parse_period(text, calendar)
    assert (period.year, period.index) == (year, index)


def test_direct_construction_is_checked() -> None:
    assert Period(PeriodType.QUARTER, D("2023-12-15"), D("2024-03-14"), ND09) == parse_period(
        "2024Q1", ND09
    )
    with pytest.raises(ValidationError):
        Period(PeriodType.QUARTER, D("2024-01-01"), D("2024-03-30"), CAL)
    with pytest.raises(ValidationError):
        Period(PeriodType.MONTH, D("2024-01-01"), D("2024-01-31"), ND09)
    with pytest.raises(ValidationError):
        Period(PeriodType.DAY, D("2024-01-01"), D("2024-01-02"), CAL)
    with pytest.raises(ValidationError):
        Period(PeriodType.RANGE, D("2024-01-02"), D("2024-01-01"), CAL)


def test_ordering() -> None:
    q2, q1, jan = parse_period("2024Q2"), parse_period("2024Q1"), parse_period("202401")
    assert sorted([q2, q1, jan]) == [jan, q1, q2]
    assert parse_period("2023") < parse_period("202401")
    assert parse_period("2024Q1") <= parse_period("2024Q1")


# --- same period last year, previous period -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar", "expected", "start", "end"),
    [
        ("2024", CAL, "2023", "2023-01-01", "2023-12-31"),
        ("2024S2", CAL, "2023S2", "2023-07-01", "2023-12-31"),
        ("2024Q1", CAL, "2023Q1", "2023-01-01", "2023-03-31"),
        ("202402", CAL, "202302", "2023-02-01", "2023-02-28"),
        ("2024Q1", ND09, "2023Q1", "2022-12-15", "2023-03-14"),
        ("202401", ND09, "202301", "2022-12-15", "2023-01-14"),
        ("20240415", CAL, "20230415", "2023-04-15", "2023-04-15"),
        ("20240229", CAL, "20230228", "2023-02-28", "2023-02-28"),
        ("2024-01-01..2024-05-27", CAL, "2023-01-01..2023-05-27", "2023-01-01", "2023-05-27"),
        ("2024-02-01..2024-02-29", CAL, "2023-02-01..2023-02-28", "2023-02-01", "2023-02-28"),
        ("2024-02-29..2024-03-01", ND09, "2023-02-28..2023-03-01", "2023-02-28", "2023-03-01"),
    ],
)
def test_same_period_last_year(
    text: str, calendar: Calendar, expected: str, start: str, end: str
) -> None:
    period = parse_period(text, calendar)
    last_year = same_period_last_year(period)
    assert last_year.id == expected
    assert (last_year.start, last_year.end) == (D(start), D(end))
    assert last_year.type is period.type
    assert last_year.calendar is calendar


@pytest.mark.parametrize(
    ("text", "calendar", "expected", "start", "end"),
    [
        ("2024", CAL, "2023", "2023-01-01", "2023-12-31"),
        ("2024S1", CAL, "2023S2", "2023-07-01", "2023-12-31"),
        ("2024S2", CAL, "2024S1", "2024-01-01", "2024-06-30"),
        ("2024Q1", CAL, "2023Q4", "2023-10-01", "2023-12-31"),
        ("2024Q3", CAL, "2024Q2", "2024-04-01", "2024-06-30"),
        ("202401", CAL, "202312", "2023-12-01", "2023-12-31"),
        ("202405", CAL, "202404", "2024-04-01", "2024-04-30"),
        ("202401", ND09, "202312", "2023-11-15", "2023-12-14"),
        ("2024Q1", ND09, "2023Q4", "2023-09-15", "2023-12-14"),
        ("2024S1", ND09, "2023S2", "2023-06-15", "2023-12-14"),
        ("20240101", CAL, "20231231", "2023-12-31", "2023-12-31"),
        ("20240301", CAL, "20240229", "2024-02-29", "2024-02-29"),
        ("2024-03-01..2024-03-10", CAL, "2024-02-20..2024-02-29", "2024-02-20", "2024-02-29"),
        ("2024-01-01..2024-05-27", CAL, "2023-08-06..2023-12-31", "2023-08-06", "2023-12-31"),
    ],
)
def test_previous_period(
    text: str, calendar: Calendar, expected: str, start: str, end: str
) -> None:
    previous = previous_period(parse_period(text, calendar))
    assert previous.id == expected
    assert (previous.start, previous.end) == (D(start), D(end))
    assert previous.calendar is calendar


@pytest.mark.parametrize(
    ("move", "text", "calendar"),
    [
        (previous_period, "0001", CAL),
        (previous_period, "00010101", CAL),
        (same_period_last_year, "0001Q2", CAL),
        (same_period_last_year, "00010101..00010105", CAL),
        (same_period_last_year, "0002", ND09),  # would start on 15/12 of year 0
    ],
)
def test_moving_before_the_first_date_raises(
    move: Callable[[Period], Period], text: str, calendar: Calendar
) -> None:
    period = parse_period(text, calendar)
    with pytest.raises(ValidationError) as caught:
        move(period)
    assert caught.value.extra["value"] == period.id


# --- containment, period for a date, periods within ------------------------------------------


@pytest.mark.parametrize(
    ("outer", "inner", "calendar", "expected"),
    [
        ("2024S1", "2024-01-01..2024-05-26", CAL, True),
        ("2024S1", "20240415", CAL, True),
        ("2024S1", "202407", CAL, False),
        ("2024S1", "2024-01-01..2024-07-01", CAL, False),
        ("2024S1", "2024S1", CAL, True),
        ("2024", "2024Q3", CAL, True),
        ("2024Q2", "2024S1", CAL, False),
        ("2024S1", "20231220", ND09, True),
        ("2024S1", "20231220", CAL, False),
        ("2024S1", "20240620", ND09, False),
        ("2024-01-01..2024-05-27", "202405", CAL, False),
    ],
)
def test_contains(outer: str, inner: str, calendar: Calendar, expected: bool) -> None:
    assert parse_period(outer, calendar).contains(parse_period(inner, calendar)) is expected


@pytest.mark.parametrize(
    ("day", "calendar", "expected"),
    [
        ("2024-12-20", CAL, {"year": "2024", "half": "2024S2", "quarter": "2024Q4"}),
        ("2024-12-20", ND09, {"year": "2025", "half": "2025S1", "quarter": "2025Q1"}),
        ("2024-12-14", ND09, {"year": "2024", "half": "2024S2", "quarter": "2024Q4"}),
        ("2024-06-15", ND09, {"year": "2024", "half": "2024S2", "quarter": "2024Q3"}),
        ("2024-06-14", ND09, {"year": "2024", "half": "2024S1", "quarter": "2024Q2"}),
        ("2024-03-15", ND09, {"year": "2024", "half": "2024S1", "quarter": "2024Q2"}),
        ("2024-01-01", CAL, {"year": "2024", "half": "2024S1", "quarter": "2024Q1"}),
    ],
)
def test_period_for_date_coarse(day: str, calendar: Calendar, expected: dict[str, str]) -> None:
    for type_name, period_id in expected.items():
        period = period_for_date(D(day), PeriodType(type_name), calendar)
        assert period == parse_period(period_id, calendar)


@pytest.mark.parametrize(
    ("day", "calendar", "month"),
    [
        ("2024-12-20", CAL, "202412"),
        ("2024-12-20", ND09, "202501"),
        ("2024-12-14", ND09, "202412"),
        ("2024-01-14", ND09, "202401"),
        ("2024-01-15", ND09, "202402"),
        ("2024-02-29", ND09, "202403"),
        ("2024-01-31", CAL, "202401"),
    ],
)
def test_period_for_date_month(day: str, calendar: Calendar, month: str) -> None:
    period = period_for_date(D(day), PeriodType.MONTH, calendar)
    assert period.id == month
    assert period.calendar is calendar


@pytest.mark.parametrize("calendar", [CAL, ND09])
def test_period_for_date_day(calendar: Calendar) -> None:
    period = period_for_date(D("2024-12-20"), PeriodType.DAY, calendar)
    assert (period.id, period.start, period.end) == ("20241220", D("2024-12-20"), D("2024-12-20"))


def test_period_for_date_rejects_range() -> None:
    with pytest.raises(ValidationError) as caught:
        period_for_date(D("2024-12-20"), PeriodType.RANGE, CAL)
    assert caught.value.extra == {"field": "type", "value": "range"}


@pytest.mark.parametrize(
    ("outer", "calendar", "period_type", "ids"),
    [
        ("2024", CAL, PeriodType.MONTH, [f"2024{m:02d}" for m in range(1, 13)]),
        ("2024", ND09, PeriodType.MONTH, [f"2024{m:02d}" for m in range(1, 13)]),
        ("2024", CAL, PeriodType.QUARTER, ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
        ("2024", CAL, PeriodType.HALF, ["2024S1", "2024S2"]),
        ("2024S1", CAL, PeriodType.QUARTER, ["2024Q1", "2024Q2"]),
        ("2024S2", ND09, PeriodType.QUARTER, ["2024Q3", "2024Q4"]),
        ("2024Q3", CAL, PeriodType.MONTH, ["202407", "202408", "202409"]),
        ("2024-01-01..2024-05-27", CAL, PeriodType.MONTH, ["202401", "202402", "202403", "202404"]),
        ("2024-01-01..2024-05-27", CAL, PeriodType.QUARTER, ["2024Q1"]),
        (
            "2024-01-01..2024-05-27",
            ND09,
            PeriodType.MONTH,
            ["202402", "202403", "202404", "202405"],
        ),
        ("2024Q1", CAL, PeriodType.QUARTER, ["2024Q1"]),
        ("202401", CAL, PeriodType.YEAR, []),
        ("20240415", CAL, PeriodType.DAY, ["20240415"]),
    ],
)
def test_periods_within(
    outer: str, calendar: Calendar, period_type: PeriodType, ids: list[str]
) -> None:
    found = periods_within(parse_period(outer, calendar), period_type)
    assert [p.id for p in found] == ids
    assert all(p.calendar is calendar and p.type is period_type for p in found)


@pytest.mark.parametrize(
    ("outer", "calendar", "count", "first", "last"),
    [
        ("202402", CAL, 29, "20240201", "20240229"),
        ("202302", CAL, 28, "20230201", "20230228"),
        ("202401", ND09, 31, "20231215", "20240114"),
        ("202403", ND09, 29, "20240215", "20240314"),
        ("2024", CAL, 366, "20240101", "20241231"),
    ],
)
def test_days_within(outer: str, calendar: Calendar, count: int, first: str, last: str) -> None:
    days = periods_within(parse_period(outer, calendar), PeriodType.DAY)
    assert len(days) == count
    assert (days[0].id, days[-1].id) == (first, last)


def test_periods_within_last_year_stops_at_the_end_of_dates() -> None:
    assert len(periods_within(parse_period("9999"), PeriodType.MONTH)) == 12


def test_periods_within_rejects_range() -> None:
    with pytest.raises(ValidationError) as caught:
        periods_within(parse_period("2024"), PeriodType.RANGE)
    assert caught.value.extra["value"] == "range"


# --- Vietnamese and English labels ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        ("2024-01-01", "01/01/2024"),
        ("2024-05-27", "27/5/2024"),
        ("2024-04-15", "15/4/2024"),
        ("2024-02-03", "03/02/2024"),
        ("2024-12-09", "09/12/2024"),
        ("2024-03-10", "10/3/2024"),
        ("2024-02-29", "29/02/2024"),
        ("2024-10-31", "31/10/2024"),
    ],
)
def test_format_date_vi(day: str, text: str) -> None:
    assert format_date_vi(D(day)) == text


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2024", "năm 2024", "2024"),
        ("2024S1", "6 tháng đầu năm 2024", "first half of 2024"),
        ("2024S2", "6 tháng cuối năm 2024", "second half of 2024"),
        ("2024Q1", "quý I năm 2024", "Q1 2024"),
        ("2024Q2", "quý II năm 2024", "Q2 2024"),
        ("2024Q3", "quý III năm 2024", "Q3 2024"),
        ("2024Q4", "quý IV năm 2024", "Q4 2024"),
        ("202401", "tháng 01 năm 2024", "January 2024"),
        ("202402", "tháng 02 năm 2024", "February 2024"),
        ("202403", "tháng 3 năm 2024", "March 2024"),
        ("202405", "tháng 5 năm 2024", "May 2024"),
        ("202412", "tháng 12 năm 2024", "December 2024"),
        ("20240415", "ngày 15/4/2024", "15 April 2024"),
        ("20240203", "ngày 03/02/2024", "3 February 2024"),
        (
            "2024-01-01..2024-05-27",
            "từ ngày 01/01/2024 đến ngày 27/5/2024",
            "1 January 2024 to 27 May 2024",
        ),
    ],
)
@pytest.mark.parametrize("calendar", [CAL, ND09])
def test_labels(text: str, vi: str, en: str, calendar: Calendar) -> None:
    period = parse_period(text, calendar)
    assert label_vi(period) == vi
    assert label_en(period) == en


def test_as_of_labels() -> None:
    day = parse_period("20240415")
    assert label_vi(day, as_of=True) == "tính đến ngày 15/4/2024"
    assert label_en(day, as_of=True) == "as of 15 April 2024"


def test_as_of_changes_only_days() -> None:
    quarter = parse_period("2024Q1")
    assert label_vi(quarter, as_of=True) == "quý I năm 2024"
    assert label_en(quarter, as_of=True) == "Q1 2024"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2024Q5",
        "2024Q0",
        "2024S3",
        "2024S0",
        "2024H3",
        "202413",
        "202400",
        "20240230",
        "2023-02-29",
        "2024-13-01",
        "2024-04-31",
        "2024-05-27..2024-01-01",
        "2024-01-01..",
        "..2024-01-01",
        "2024Q1..2024Q2",
        "2024-01-01...2024-05-27",
        "2024-01-01 .. 2024-05-27",
        "2024-0415",
        "24Q1",
        "2024W1",
        "0000",
        "２０２４",  # full-width digits
        "quý I năm 2024",
        "garbage",
    ],
)
def test_bad_input_raises_naming_the_value(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert caught.value.extra["field"] == "period"
    assert caught.value.extra["value"] == text


def test_reversed_range_says_so() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period("2024-05-27..2024-01-01")
    assert "kết thúc trước ngày bắt đầu" in caught.value.message


def test_nd09_first_year_does_not_exist() -> None:
    # ND09 year 1 would start on 15/12 of year 0, which Python dates cannot hold.
    with pytest.raises(ValidationError) as caught:
        parse_period("0001", ND09)
    assert caught.value.extra["value"] == "0001"


# --- properties -----------------------------------------------------------------------------

_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_CALENDARS = st.sampled_from(Calendar)
_DATED_TYPES = st.sampled_from([t for t in PeriodType if t is not PeriodType.RANGE])


@st.composite
def _periods(draw: st.DrawFn) -> Period:
    calendar = draw(_CALENDARS)
    first = draw(_DAYS)
    if draw(st.booleans()):
        last = first + timedelta(days=draw(st.integers(min_value=0, max_value=800)))
        return Period(PeriodType.RANGE, first, last, calendar)
    return period_for_date(first, draw(_DATED_TYPES), calendar)


@given(_periods())
def test_id_round_trips(period: Period) -> None:
    assert parse_period(period.id, period.calendar) == period


@given(_periods())
def test_same_period_last_year_keeps_type_and_calendar(period: Period) -> None:
    last_year = same_period_last_year(period)
    assert (last_year.type, last_year.calendar) == (period.type, period.calendar)
    assert last_year.start.year == period.start.year - 1


@given(_periods())
def test_previous_period_ends_the_day_before(period: Period) -> None:
    previous = previous_period(period)
    assert previous.type is period.type
    assert previous.end + timedelta(days=1) == period.start


@given(_DAYS, _DATED_TYPES, _CALENDARS)
def test_period_for_date_holds_the_date(day: date, period_type: PeriodType, cal: Calendar) -> None:
    period = period_for_date(day, period_type, cal)
    assert period.type is period_type
    assert period.start <= day <= period.end


@given(_DAYS, _CALENDARS)
def test_months_tile_the_year(day: date, calendar: Calendar) -> None:
    year = period_for_date(day, PeriodType.YEAR, calendar)
    months = periods_within(year, PeriodType.MONTH)
    assert len(months) == 12
    assert months[0].start == year.start
    assert months[-1].end == year.end
    assert sum(month.days for month in months) == year.days
