"""The report, its downloads and the fact-check are open to anyone: an anonymous visitor's
know the public indicators only; a signed-in user's the whole catalogue. The security
centre's counts (internal in the shipped catalogue) are in the province's report of the
first half of 2024, from the seed report."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from chuyendoiso.catalog.models import Indicator
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.reports.presenters import report_file
from tests.access.members import member

pytestmark = pytest.mark.django_db

CHOICE = {"org": "19", "period": "2024S1"}
FLAWS = "ATTT_SOC_LO_HONG"  # software vulnerabilities found: internal
MALWARE = "ATTT_SOC_MAY_NN_MA_DOC"  # state computers spreading malware: internal


def grouped(number: Decimal) -> str:
    return f"{int(number):,}".replace(",", ".")


@pytest.fixture
def internal() -> dict[str, str]:
    """Each internal indicator's code: its figure stated by the seed report (from 1 January
    to 26 May 2024), as the province's report of the half-year writes it."""
    found = {}
    for indicator in Indicator.objects.filter(public=False):
        row = DataValue.objects.filter(
            indicator=indicator, org_unit__code="19", status="approved", period_type="range"
        ).first()
        if row is not None:
            found[indicator.code] = grouped(row.value)
    assert FLAWS in found  # the seed's "phát hiện 1.486 lỗ hổng"
    return found


def _text(client, url: str = "/bao-cao/tai-ve/md/") -> str:
    return client.get(url, CHOICE).content.decode()


def test_a_visitor_s_report_leaves_the_internal_indicators_out(client, internal):
    public = _text(client)
    client.force_login(member("xem", "viewer"))
    whole = _text(client)
    for code, figure in internal.items():
        name = Indicator.objects.get(code=code).name_vi
        assert figure in whole
        assert figure not in public and name.lower() not in public.lower()
    assert "lỗ hổng" in whole and "lỗ hổng" not in public
    assert "1.830" in public  # the public figures are there


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_every_download_of_a_visitor_leaves_them_out(client, internal, fmt):
    flaws = internal[FLAWS]
    visitor = client.get(f"/bao-cao/tai-ve/{fmt}/", CHOICE).content
    client.force_login(member("xem", "viewer"))
    signed_in = client.get(f"/bao-cao/tai-ve/{fmt}/", CHOICE).content
    assert visitor != signed_in
    if fmt == "html":
        assert flaws in signed_in.decode() and flaws not in visitor.decode()


def test_the_page_too(client, internal):
    page = _text(client, "/bao-cao/")
    assert internal[FLAWS] not in page and "lỗ hổng" not in page


def test_the_command_line_writes_the_whole_report(internal):
    text = report_file("19", "2024S1", "md").content.decode()
    assert internal[FLAWS] in text


@pytest.fixture
def cached(settings):
    settings.CDS_REPORT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_the_cache_keeps_a_visitor_s_report_apart(client, internal, cached):
    flaws = internal[FLAWS]
    assert flaws not in _text(client)
    client.force_login(member("xem", "viewer"))
    assert flaws in _text(client)
    assert flaws in _text(client, "/bao-cao/")
    client.logout()
    assert flaws not in _text(client)
    assert flaws not in _text(client, "/bao-cao/")


def test_the_cache_keeps_a_signed_in_report_apart(client, internal, cached):
    client.force_login(member("xem", "viewer"))
    assert internal[FLAWS] in _text(client)
    client.logout()
    assert internal[FLAWS] not in _text(client)


def test_a_visitor_s_report_counts_no_draft_of_an_internal_indicator(client, internal):
    datavalues_import(
        acting_user=None,
        values=[
            Value(
                indicator=FLAWS,
                org_unit="19",
                period="2024S1",
                value=Decimal(7),
                status=Status.DRAFT,
            )
        ],
        source_name="draft",
    )
    assert "chờ phê duyệt" not in _text(client)
    client.force_login(member("xem", "viewer"))
    note = next(line for line in _text(client).splitlines() if "chờ phê duyệt" in line)
    assert Indicator.objects.get(code=FLAWS).name_vi.lower() in note.lower()


# --- the fact-check -------------------------------------------------------------------------


def _checked(client, text: str) -> str:
    page = client.post("/bao-cao/kiem-tra/", {"text": text, "org": "19"})
    assert page.status_code == 200
    return page.content.decode()


def _mark(page: str, figure: str) -> str:
    """The class of the first highlighted figure that reads ``figure`` (and its unit)."""
    pattern = rf'<mark class="fc-(\w+)" data-figure="\d+" title="[^"]*">{re.escape(figure)}\b'
    found = re.search(pattern, page)
    assert found, figure
    return found.group(1)


def test_a_visitor_s_fact_check_neither_names_nor_checks_an_internal_indicator(client, internal):
    text = report_file("19", "2024S1", "md").content.decode()  # the whole report
    page = _checked(client, text)
    for code in internal:
        assert code not in page
    assert _mark(page, internal[MALWARE]) == "unmatched"
    # matched against the whole catalogue, "2.597 máy tính" is not taken for the public
    # "gỡ mã độc trên 1.207 máy tính", which it would then contradict
    assert '<mark class="fc-inconsistent" data-figure' not in page
    assert re.search(r'<mark class="fc-consistent" data-figure="\d+" title="HTS_BTS ', page)
    client.force_login(member("xem", "viewer"))
    signed_in = _checked(client, text)
    assert MALWARE in signed_in
    assert _mark(signed_in, internal[MALWARE]) == "consistent"
