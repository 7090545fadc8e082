"""The built report is kept in the cache until the data change; a period wider than a report
covers is refused before any work."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.core.cache import cache

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_delete, datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.reports import selectors
from tests.access.members import member

pytestmark = pytest.mark.django_db

PAGE = {"org": "19", "period": "2024S1"}


@pytest.fixture
def builds(monkeypatch, settings):
    """The number of times the report was composed, from an empty cache."""
    settings.CDS_REPORT_CACHE_SECONDS = 600
    cache.clear()
    calls = []
    compose = selectors.compose_report

    def counted(*args, **kwargs):
        calls.append(args)
        return compose(*args, **kwargs)

    monkeypatch.setattr(selectors, "compose_report", counted)
    yield calls
    cache.clear()


def _mobile_subscribers() -> Decimal:
    return DataValue.objects.get(
        indicator__code="HTS_TB_DI_DONG", org_unit__code="19", period="2024S1"
    ).value


def _grouped(number: Decimal) -> str:
    return f"{int(number):,}".replace(",", ".")


def _without_csrf_tokens(content: bytes) -> bytes:
    """The page but the language switch's token, masked anew for each response."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_a_second_request_is_served_from_the_cache(client, builds):
    first = client.get("/bao-cao/", PAGE)
    second = client.get("/bao-cao/", PAGE)
    assert first.status_code == second.status_code == 200
    assert _without_csrf_tokens(second.content) == _without_csrf_tokens(first.content)
    assert len(builds) == 1
    client.get("/bao-cao/tai-ve/md/", PAGE)
    client.get("/bao-cao/tai-ve/md/", PAGE)
    assert len(builds) == 1  # the download reuses the built report, then its file


def test_an_import_makes_the_next_request_rebuild_with_the_new_figure(client, builds):
    old = _mobile_subscribers()
    new = old + 1
    assert _grouped(old) in client.get("/bao-cao/", PAGE).content.decode()
    reporter = member("reporter", "coordinator")
    datavalues_import(
        acting_user=reporter,
        values=[Value(indicator="HTS_TB_DI_DONG", org_unit="19", period="2024S1", value=new)],
        source_name="upload.csv",
    )
    text = client.get("/bao-cao/", PAGE).content.decode()
    assert len(builds) == 2
    assert _grouped(new) in text and _grouped(old) not in text
    download = client.get("/bao-cao/tai-ve/md/", PAGE).content.decode()
    assert _grouped(new) in download


def test_a_value_deleted_through_the_services_rebuilds(client, builds):
    client.get("/bao-cao/", PAGE)
    row = DataValue.objects.get(
        indicator__code="HTS_TB_DI_DONG", org_unit__code="19", period="2024S1"
    )
    datavalue_delete(acting_user=None, pk=row.pk, reason="test")
    client.get("/bao-cao/", PAGE)
    assert len(builds) == 2  # (the districts' demo figures add up to the deleted one)


def test_a_value_saved_outside_the_services_is_seen_when_the_cache_time_ends(client, builds):
    """Only the services write the audit row the cache follows: a write around them (a shell,
    raw SQL) is seen once the entry expires, here at once."""
    client.get("/bao-cao/", PAGE)
    row = DataValue.objects.get(
        indicator__code="HTS_TB_DI_DONG", org_unit__code="19", period="2024S1"
    )
    row.value += 1
    row.save()
    assert _grouped(row.value) not in client.get("/bao-cao/", PAGE).content.decode()
    cache.clear()  # what the end of CDS_REPORT_CACHE_SECONDS does
    assert _grouped(row.value) in client.get("/bao-cao/", PAGE).content.decode()
    assert len(builds) == 2


def test_no_cache_when_its_time_is_zero(client, builds, settings):
    settings.CDS_REPORT_CACHE_SECONDS = 0
    client.get("/bao-cao/", PAGE)
    client.get("/bao-cao/", PAGE)
    assert len(builds) == 2


@pytest.mark.parametrize(
    ("period", "bound"),
    [("1800-01-01..2100-12-31", "2000-01-01"), ("2001-01-01..2011-01-01", "10")],
)
def test_a_period_wider_than_a_report_is_refused_before_any_work(
    period, bound, builds, django_assert_num_queries
):
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        selectors.report_document("19", period)
    assert refused.value.extra["field"] == "period"
    assert bound in refused.value.message


def test_ten_years_are_a_report(builds):
    period = selectors.report_period("2015-01-01..2024-12-31", dt.date(2025, 1, 1))
    assert period.start.year == 2015


def test_the_page_names_the_bound_of_a_period(client):
    page = client.get("/bao-cao/", {"org": "19", "period": "1800-01-01..2100-12-31"})
    assert page.status_code == 400
    assert "2000-01-01" in page.content.decode()


def test_the_command_line_builds_every_time(builds, tmp_path):
    out = tmp_path / "report.md"
    for _ in range(2):
        result = CliRunner().invoke(
            main, ["report", "--org", "19", "--period", "2024S1", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert len(builds) == 2
