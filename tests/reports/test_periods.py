"""A report of a period that has not begun, or of a period in which the unit has no figure
at all, is refused with its reason: on the page, in a download and on the command line."""

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.reports.selectors import report_period

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
