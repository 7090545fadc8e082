"""The dashboard in a real headless Chromium, on the demo: the province's coordinator logs
in and lands on it, picks a half-year before the 2025 merger, drills down province ->
district -> commune and back up by the breadcrumb, switches to English (numbers change
notation), opens an indicator page and downloads its CSV and XLSX, opens the data-quality
page. axe-core finds no serious or critical violation on any of them; no request leaves the
machine, no page logs an error. Screenshots of the dashboard and of an indicator page at 1366
and 390 px go to var/screenshots/."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.login import log_in_by_keyboard
from tests.browser.site import (  # noqa: F401  (fixtures)
    axe_check,
    browser,
    demo_server,
    drawn,
    screenshot,
    watched_context,
)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

DASHBOARD = "/bang-dieu-khien/"
VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("cds-data"), CDS_DEBUG="0") as running:
        yield running["url"]


def lead(page):
    return page.locator("p.lead").inner_text()


def assert_header_fits(page, width):
    """The header on one line, the language switch within the window, no sideways scroll."""
    page.set_viewport_size({"width": width, "height": 900})
    header = page.locator("header.topbar").bounding_box()
    assert header and header["height"] < 64, f"the header takes several lines at {width} px"
    switch = page.locator("form.lang button").bounding_box()
    assert switch and switch["x"] + switch["width"] <= width, f"switch cut off at {width} px"
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll} px)"


def english(number):
    return number.replace(".", "§").replace(",", ".").replace("§", ",")


def test_coordinator_drills_down_switches_period_and_language_and_downloads(site, browser):  # noqa: F811
    with watched_context(browser) as watched:
        page = watched.new_page(1366)
        page.set_default_timeout(120_000)  # the first build of the analytics takes seconds
        log_in_by_keyboard(page, site, "dieuphoi.tinh", DASHBOARD)
        drawn(page)
        menu = page.locator("nav.menu-wide a").all_inner_texts()
        assert {"Bảng điều khiển", "Chất lượng số liệu", "Dữ liệu mở"} <= set(menu)
        for width in (1024, 360):
            assert_header_fits(page, width)
        axe_check(page)
        for width in (1366, 390):
            screenshot(page, "dashboard-vi", width)
        page.set_viewport_size({"width": 1366, "height": 900})

        # the period picker: the first half of 2024, when districts still existed
        page.select_option("form.picker select[name=pe]", "2024S1")
        page.click("form.picker button[type=submit]")
        page.wait_for_url(re.compile(r"pe=2024S1"))
        assert lead(page) == "Tỉnh Thái Nguyên · 6 tháng đầu năm 2024"
        province_values = page.locator("ul.cards li.card .value").all_inner_texts()

        # down to a district, then to one of its communes
        district = page.locator("table.ranking tbody th a").first
        district_name = district.inner_text()
        district.click()
        page.wait_for_url(re.compile(r"ou=\d+%40before_2025"))
        assert lead(page).startswith(district_name)
        assert page.locator("nav.crumbs a").all_inner_texts() == ["Tỉnh Thái Nguyên"]
        ranked = page.locator("table.ranking tbody th a")
        if ranked.count():
            commune = ranked.first
        else:  # no commune has a figure yet: the list of those without one, opened
            page.click("details.missing summary")
            commune = page.locator("details.missing[open] li a").first
        commune_name = commune.inner_text()
        commune.click()
        page.wait_for_url(lambda url: commune_name != district_name and "ou=" in url)
        assert lead(page).startswith(commune_name)
        assert page.locator("nav.crumbs a").all_inner_texts() == ["Tỉnh Thái Nguyên", district_name]
        drawn(page)
        axe_check(page)
        # and back up to the province
        page.click("nav.crumbs a:text('Tỉnh Thái Nguyên')")
        page.wait_for_url(re.compile(r"ou=19&"))
        assert page.locator("ul.cards li.card .value").all_inner_texts() == province_values

        # English: the same figures in English notation
        thousands = next(v for v in province_values if VI_THOUSANDS.search(v))
        page.click("form.lang button")
        page.wait_for_selector("html[lang=en]")
        assert lead(page) == "Tỉnh Thái Nguyên · first half of 2024"
        values = page.locator("ul.cards li.card .value").all_inner_texts()
        number = VI_THOUSANDS.search(thousands).group(0)
        assert any(english(number) in v for v in values), (number, values)
        assert not any(number in v for v in values)
        drawn(page)
        axe_check(page)
        for width in (1366, 390):
            screenshot(page, "dashboard-en", width)
        page.set_viewport_size({"width": 1366, "height": 900})

        # an indicator page and its downloads
        page.click("ul.cards li.card h3 a >> nth=0")
        page.wait_for_selector("h2:text('Download')")
        code = page.locator("dl.facts dd").first.inner_text()
        drawn(page)
        axe_check(page)
        for width in (1366, 390):
            screenshot(page, "indicator-en", width)
        page.set_viewport_size({"width": 1366, "height": 900})
        with page.expect_download() as csv_download:
            page.click("p.downloads a:text('CSV')")
        text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and {row["indicator"] for row in rows} == {code}
        with page.expect_download() as xlsx_download:
            page.click("p.downloads a:text('XLSX')")
        sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
        table = list(sheet.iter_rows(values_only=True))
        assert table[0][0] == "indicator" and len(table) == len(rows) + 1
        assert {row[0] for row in table[1:]} == {code}

        # back in Vietnamese: the indicator page at both widths, then the data-quality page
        page.click("form.lang button")
        page.wait_for_selector("html[lang=vi]")
        for width in (1366, 390):
            screenshot(page, "indicator-vi", width)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.click("nav.menu-wide a:text('Chất lượng số liệu')")
        page.wait_for_selector("h1:text('Chất lượng số liệu')")
        axe_check(page)
        watched.assert_clean()
