"""A report of a period that has not begun, or of a period in which the unit has no figure
at all, is refused with its reason: on the page, in a download and on the command line, at
every level. A half-year's ratio is that of all its months, never one month's; every chart
ends at the report's own period, at every level, before and after the merger; a chart's bar
of a figure that covers part of its period says its own dates."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner
from django.utils import timezone

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.orgunits.selectors import orgunit_resolve
from chuyendoiso.reports.selectors import report_document, report_period

pytestmark = pytest.mark.django_db

NOT_BEGUN = f"{timezone.localdate().year + 1}S1"
EMPTY = "2010S1"  # before any figure of the demo
REFUSED = [(NOT_BEGUN, "chưa bắt đầu"), (EMPTY, "chưa có số liệu nào trong 6 tháng đầu năm 2010")]


@pytest.mark.parametrize(("period", "reason"), REFUSED)
def test_the_page_and_a_download_refuse_it_saying_why(client, period, reason):
    page = client.get("/bao-cao/", {"org": "19", "period": period})
    assert page.status_code == 400
    assert "Không viết được báo cáo" in page.content.decode()
    assert reason in page.content.decode()
    download = client.get("/bao-cao/tai-ve/md/", {"org": "19", "period": period})
    assert download.status_code == 400 and reason in download.content.decode()


@pytest.mark.parametrize(("period", "reason"), REFUSED)
def test_the_command_line_refuses_it_saying_why(period, reason):
    result = CliRunner().invoke(main, ["report", "--org", "19", "--period", period])
    assert result.exit_code == 2
    assert reason in result.output and "UBND" not in result.output


def test_a_period_under_way_is_reported_one_not_begun_is_not():
    day = dt.date(2024, 3, 1)
    assert report_period("2024S1", day).id == "2024S1"  # under way: what it has so far
    assert report_period("2024Q1", day).id == "2024Q1"
    with pytest.raises(ValidationError) as refused:
        report_period("2024Q2", day)
    assert refused.value.extra["value"] == "2024Q2"
    assert "01/04/2024" in refused.value.message


def monthly(code, unit, period):
    rows = DataValue.objects.filter(
        indicator__code=code,
        org_unit=unit,
        period_type="month",
        category_option__isnull=True,
        start_date__gte=period.start,
        end_date__lte=period.end,
        status="approved",
    )
    return {row.start_date: Decimal(row.value) for row in rows}


def test_a_half_year_ratio_is_that_of_all_its_months_not_januarys(client):
    period = report_period("2025S1", dt.date(2026, 1, 1))
    unit = orgunit_resolve("19", start=period.start, end=period.end)
    ratios = monthly("CQS_HS_DUNG_HAN_TY_LE", unit, period)
    processed = monthly("CQS_HS_DA_XU_LY", unit, period)
    assert len(ratios) == len(processed) == 6  # the demo's months, parts not stated
    weighted = sum(ratios[m] * processed[m] for m in ratios) / sum(processed.values())
    expected = format_number(weighted.quantize(Decimal("0.01"), ROUND_HALF_UP), 2)
    january = format_number(ratios[period.start], 2)
    text = client.get("/bao-cao/", {"org": "19", "period": "2025S1"}).content.decode()
    assert f"trong đó {expected}% (*) hồ sơ đúng hạn" in text
    assert f"tháng 01 năm 2025, {january}%" not in text


def test_a_bar_holding_part_of_its_year_is_labelled_with_its_own_dates():
    period = report_period("2024", dt.date(2026, 1, 1))
    unit = orgunit_resolve("19", start=period.start, end=period.end)
    partial = DataValue.objects.get(
        indicator__code="CQS_HS_TIEP_NHAN",
        org_unit=unit,
        period_type="range",
        start_date__gte=period.start,
        end_date__lte=period.end,
    )
    assert (partial.start_date, partial.end_date) != (period.start, period.end)
    document = report_document("19", "2024", today=dt.date(2026, 1, 1))
    chart = next(s.chart for s in document.sections if s.chart and "tiếp nhận" in s.chart.title)
    start, end = partial.start_date, partial.end_date
    own = f"{start.day}/{start.month}–{end.day}/{end.month}/{end.year}"
    bars = dict(zip(chart.labels, chart.series[0].values, strict=True))
    assert bars[own] == Decimal(partial.value)
    assert "2024" not in bars  # the part is not the year


def ends_in(label: str, period) -> bool:
    """Whether a bar's label is the period itself or a part of it (its own dates)."""
    half = {1: "6T đầu", 2: "6T cuối"}
    if label == f"{half.get(period.index, '')} {period.year}" or label == str(period.year):
        return True
    found = re.fullmatch(r"(?:\d{1,2}/\d{1,2}–)?(\d{1,2})/(\d{1,2})/(\d{4})", label)
    if not found:
        return False
    day, month, year = (int(part) for part in found.groups())
    return period.start <= dt.date(year, month, day) <= period.end


@pytest.mark.parametrize(
    ("org", "period_id"),
    [
        ("19", "2025S2"),  # the province after the merger
        ("19", "2024"),
        ("164", "2024S2"),  # a district before it
        ("164", "2025S1"),  # its last half-year
        ("05443", "2026S1"),  # a ward after it
    ],
)
def test_every_chart_ends_at_the_reports_own_period(org, period_id):
    day = dt.date(2026, 12, 4)
    period = report_period(period_id, day)
    charts = [s.chart for s in report_document(org, period_id, today=day).sections if s.chart]
    for chart in charts:
        assert ends_in(chart.labels[-1], period), (chart.title, chart.labels)
        assert chart.series[0].values[-1] is not None, chart.title
    if org == "19":
        assert len(charts) >= 4


@pytest.mark.parametrize("org", ["164", "05443"])
def test_a_lower_level_is_refused_a_period_not_begun_too(org):
    result = CliRunner().invoke(main, ["report", "--org", org, "--period", NOT_BEGUN])
    assert result.exit_code == 2 and "chưa bắt đầu" in result.output
