"""The open-data portal in a real headless Chromium, on the demo, for an anonymous visitor:
a draft of a public indicator is written first, through the data values' services, on the
a ward's months and on a district's quarter. The visitor opens the portal, switches the
period and the language, opens a public indicator page, reads its chart's numbers in the
page's notation and downloads its CSV and XLSX, each equal to the figures of the page. The
draft is on no page, in no download and in no answer of the API; axe-core finds no serious
or critical violation; no request leaves the machine, no page logs an error. Screenshots of
the portal and of a public indicator page at 1366 and 390 px go to the test's tmp folder."""

import csv
import io
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.site import (  # noqa: F401  (fixtures)
    axe_check,
    browser,
    demo_server,
    drawn,
    screenshot,
    site_env,
    watched_context,
)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

PORTAL = "/du-lieu-mo/"
DRAFT = 987654321
DRAFTED = "HTS_BTS"  # public and headline: a draft would show in every total
PERCENT = "HTS_NGUOI_TT_DTTM_TY_LE"  # a percentage, 90% in the first half of 2024
REVENUE = "KTS_DOANH_THU"  # hundreds of thousands of billions of đồng: the axis counts in them
# the province's half-year is in an approved report (read-only): a ward's months and a
# district's quarter, which the province's figures would add up if drafts were read
DRAFTS = [("05440", "202403"), ("05440", "202406"), ("164", "2024Q2")]
WRITE_DRAFTS = """
import sys
from decimal import Decimal

from chuyendoiso.cli_setup import setup_django

setup_django()
from django.contrib.auth import get_user_model

from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue, Status

code, value, *keys = sys.argv[1:]
summary = datavalues_import(
    acting_user=get_user_model().objects.get(username="dieuphoi.tinh"),
    values=[
        DataValue(
            indicator=code, org_unit=org, period=period, value=Decimal(value), status=Status.DRAFT
        )
        for org, period in (key.split("/") for key in keys)
    ],
    source_name="browser-test",
)
print(summary.written)
"""


def notations(number: int) -> list[str]:
    """987654321, 987.654.321, 987,654,321 and the start of 987,65 triệu / 987.65 million."""
    grouped, digits = f"{number:,}", str(number)
    return [
        digits,
        grouped,
        grouped.replace(",", "."),
        f"{digits[:3]},{digits[3:5]}",
        f"{digits[:3]}.{digits[3:5]}",
    ]


def no_draft(text: str, where: str) -> None:
    shown = [each for each in notations(DRAFT) if each in text]
    assert not shown, f"the draft {shown} on {where}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cds-data")
    with demo_server(data_dir, CDS_DEBUG="0") as running:
        keys = [f"{org}/{period}" for org, period in DRAFTS]
        written = subprocess.run(
            [sys.executable, "-c", WRITE_DRAFTS, DRAFTED, str(DRAFT), *keys],
            env=site_env(data_dir),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert written.returncode == 0, written.stderr
        assert written.stdout.split()[-1] == str(len(DRAFTS))
        yield running["url"]


def lead(page):
    return page.locator("p.lead").inner_text()


def number_of(text: str, language: str) -> Decimal:
    """The number of a figure as the page writes it ("gần 1.830", "1,830", "90%")."""
    found = re.search(r"\d[\d.,]*", text)
    assert found, text
    digits = found.group(0)
    thousands, point = (".", ",") if language == "vi" else (",", ".")
    return Decimal(digits.replace(thousands, "").replace(point, "."))


def table_values(page, selector: str, language: str) -> list[Decimal]:
    """The figures of a table's cells (a folded table too: its text, not what is shown)."""
    texts = [text.strip() for text in page.locator(selector).all_text_contents()]
    return [number_of(text, language) for text in texts if text != "—"]


def shot(page, tmp_path: Path, name: str) -> None:
    for width in (1366, 390):
        screenshot(page, name, width, folder=tmp_path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll} px)"
    page.set_viewport_size({"width": 1366, "height": 900})


def axis_label(page, chart: str, value: float) -> str:
    """What the chart's value axis writes for ``value`` (the formatter charts.js gave it)."""
    return page.evaluate(
        "([id, value]) => echarts.getInstanceByDom(document.getElementById(id))"
        ".getOption().yAxis[0].axisLabel.formatter(value)",
        [chart, value],
    )


def test_a_visitor_reads_the_portal_and_downloads_without_ever_seeing_a_draft(
    site,
    browser,  # noqa: F811
    tmp_path,
):
    with watched_context(browser, accept_downloads=True) as watched:
        page = watched.new_page(1366)
        page.set_default_timeout(120_000)  # the first build of the analytics takes seconds
        page.goto(site + PORTAL)
        drawn(page)
        assert lead(page) == "Tỉnh Thái Nguyên · 6 tháng đầu năm 2024"
        assert page.locator("ul.cards li.card").count() > 20
        no_draft(page.content(), "the portal")
        axe_check(page)
        shot(page, tmp_path, "portal-vi")

        # another period, and back
        page.select_option("form.picker select[name=pe]", "2024Q1")
        page.click("form.picker button[type=submit]")
        page.wait_for_url(re.compile(r"pe=2024Q1"))
        assert lead(page) == "Tỉnh Thái Nguyên · quý I năm 2024"
        page.select_option("form.picker select[name=pe]", "2024S1")
        page.click("form.picker button[type=submit]")
        page.wait_for_url(re.compile(r"pe=2024S1"))
        card = page.locator(f"li.card:has(a[href*='/chi-tieu/{DRAFTED}/'])")
        assert card.locator(".value").inner_text().startswith("1.830")
        no_draft(page.content(), "the portal")

        # English: the same figures in English notation
        page.click("form.lang button")
        page.wait_for_selector("html[lang=en]")
        assert lead(page) == "Tỉnh Thái Nguyên · first half of 2024"
        assert card.locator(".value").inner_text().startswith("1,830")
        drawn(page)
        axe_check(page)
        shot(page, tmp_path, "portal-en")

        # a public indicator page: its chart speaks English, its files hold its figures
        card.locator("h3 a").click()
        page.wait_for_selector("h2:text('Download')")
        drawn(page)
        assert axis_label(page, "history", 1567705) == "1,567,705"
        history = table_values(page, "figure.chart-figure tbody td", "en")
        assert history and history[-1] == 1830
        units = dict(
            zip(
                page.locator(
                    "h2:text('Figures of the units below') + div tbody th"
                ).all_inner_texts(),
                table_values(
                    page, "h2:text('Figures of the units below') + div tbody td:nth-child(3)", "en"
                ),
                strict=True,
            )
        )
        assert units
        no_draft(page.content(), "the indicator page")
        axe_check(page)
        shot(page, tmp_path, "indicator-public-en")

        with page.expect_download() as csv_download:
            page.click("ul.files li >> nth=0 >> a:text('CSV')")
        text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
        no_draft(text, "the CSV")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {row["indicator"] for row in rows} == {DRAFTED}
        assert [Decimal(row["value"]) for row in rows] == history

        with page.expect_download() as xlsx_download:
            page.click("ul.files li >> nth=1 >> a:text('XLSX')")
        sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
        table = list(sheet.iter_rows(values_only=True))
        no_draft("\n".join(str(c) for row in table for c in row), "the XLSX")
        header = table[0]
        found = [dict(zip(header, row, strict=True)) for row in table[1:]]
        below = {r["org_unit_name"]: Decimal(r["value"]) for r in found if r["org_unit"] != "19"}
        assert below == units

        # the API answers without the draft, for the units and periods it was written on
        api = page.request.get(
            f"{site}/du-lieu-mo/api/analytics",
            params={
                "dx": DRAFTED,
                "pe": "2024S1;2024Q2;202403;202406",
                "ou": "19;164@before_2025;05440@before_2025",
            },
        )
        assert api.ok
        no_draft(api.text(), "the API")
        for fmt in ("csv", "json"):
            for link in page.locator(f"ul.files a:text('{fmt.upper()}')").all():
                answer = page.request.get(site + link.get_attribute("href"))
                assert answer.ok
                no_draft(answer.text(), f"the API's {fmt}")

        # the ward's own portal for the month of its draft
        page.goto(f"{site}{PORTAL}?ou=05440@before_2025&pe=202406")
        assert lead(page).startswith("Phường Hoàng Văn Thụ")
        no_draft(page.content(), "the ward's portal")

        # a percentage in the language's notation, then the page in Vietnamese
        page.goto(f"{site}/du-lieu-mo/chi-tieu/{PERCENT}/?ou=19&pe=2024S1")
        drawn(page)
        assert axis_label(page, "history", 89.44) == "89.44%"
        page.click("form.lang button")
        page.wait_for_selector("html[lang=vi]")
        drawn(page)
        assert axis_label(page, "history", 89.44) == "89,44%"
        assert axis_label(page, "history", 90) == "90%"
        page.goto(f"{site}/du-lieu-mo/chi-tieu/{REVENUE}/?ou=19&pe=2024S1")
        drawn(page)
        assert axis_label(page, "history", 4 * 10**14) == "400 nghìn tỷ"
        tooltip = page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('history'))"
            ".getOption().tooltip[0].valueFormatter(388123456789000)"
        )
        assert tooltip.startswith("388.123.456.789.000 ")  # in full, with its unit
        page.goto(f"{site}/du-lieu-mo/chi-tieu/{DRAFTED}/?ou=19&pe=2024S1")
        drawn(page)
        assert axis_label(page, "history", 1567705) == "1.567.705"
        no_draft(page.content(), "the indicator page")
        axe_check(page)
        shot(page, tmp_path, "indicator-public-vi")

        # an indicator with no figure for the periods: a sentence, not empty axes
        page.goto(f"{site}/du-lieu-mo/chi-tieu/{DRAFTED}/?ou=19&pe=2015")
        assert page.locator("p.no-figures").is_visible()
        assert not page.locator("div.chart").count()
        print("screenshots in", tmp_path)
        watched.assert_clean()
