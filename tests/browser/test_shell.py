"""The frame of every page in a real headless Chromium, on the demo as a province runs it (no
debug pages): the home page and the not-found page in Vietnamese and in English at phone
(390 px) and desktop (1366 px) width, the language switched by keyboard, the phone's menu, the
home page's chart and its table. No request leaves the machine, no page logs an error (a
refusal of the content security policy would be one) and axe-core finds no serious or
critical violation. Screenshots go to var/screenshots/: look at them after a change of the
layout."""

import re

import pytest

from tests.browser.site import (  # noqa: F401  (fixtures)
    axe_check,
    browser,
    demo_server,
    screenshot,
    wait_until,
    watched_context,
)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

PAGES = {"home": "/", "not-found": "/khong-co-trang-nay/"}
HEADINGS = {
    ("home", "vi"): "Theo dõi chuyển đổi số cấp tỉnh",
    ("home", "en"): "Provincial digital-transformation monitoring",
    ("not-found", "vi"): "Không tìm thấy trang",
    ("not-found", "en"): "Page not found",
}
# a count of thousands as each language writes it: 16.849 / 16,849
THOUSANDS = {"vi": r"\d{1,3}(\.\d{3})+", "en": r"\d{1,3}(,\d{3})+"}
SWITCH = {"vi": "English", "en": "Tiếng Việt"}  # the switch offers the other language


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("cds-data"), CDS_DEBUG="0") as running:
        yield running["url"]


def choose(context, site, language):
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])


def resize(page, width, height=900):
    """The window at ``width``, once the charts have been drawn again to fit it."""
    page.set_viewport_size({"width": width, "height": height})
    wait_until(
        page,
        "[...document.querySelectorAll('div.chart canvas')]"
        ".every(c => c.getBoundingClientRect().width <= c.closest('div.chart').clientWidth)",
    )


def assert_fits(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll} px)"
    header = page.locator("header.topbar").bounding_box()
    assert header and header["height"] < 64, f"the header takes several lines at {width} px"
    switch = page.locator("form.lang button").bounding_box()
    assert switch and switch["x"] + switch["width"] <= width, "the language switch is cut off"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_in_each_language_at_phone_and_desktop_width(site, browser, name, language):  # noqa: F811
    with watched_context(browser) as watched:
        choose(watched.context, site, language)
        page = watched.new_page(1366)
        response = page.goto(site + PAGES[name])
        assert response and response.status == (200 if name == "home" else 404)
        assert page.get_attribute("html", "lang") == language
        assert page.locator("h1").inner_text() == HEADINGS[name, language]
        assert page.locator("form.lang button").inner_text() == SWITCH[language]
        if name == "home":
            page.wait_for_selector("#pillar-values canvas")
        for width in (1366, 390):
            resize(page, width)
            assert_fits(page, width)
            axe_check(page)
            screenshot(page, f"{name}-{language}", width)
        watched.assert_clean()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_home_page_chart_and_numbers_follow_the_language(site, browser, language):  # noqa: F811
    with watched_context(browser) as watched:
        choose(watched.context, site, language)
        page = watched.new_page(1366)
        page.goto(site + "/")
        page.wait_for_selector("#pillar-values canvas")
        approved = page.locator(".stat .num").nth(2).inner_text()
        assert re.fullmatch(THOUSANDS[language], approved), approved
        chart = page.locator("#pillar-values")
        described = chart.get_attribute("aria-label") or ""
        said = {"vi": "Biểu đồ thanh: số liệu đã duyệt", "en": "Bar chart: the approved values"}
        assert described.startswith(said[language]), described  # what a screen reader hears
        table = page.locator("details.chart-table")
        assert table.get_attribute("open") is None, "the table folds once the chart is drawn"
        table.locator("summary").click()
        cells = table.locator("tbody td.number").all_inner_texts()
        assert len(cells) == 8 and any(re.fullmatch(THOUSANDS[language], c) for c in cells)
        watched.assert_clean()


def test_without_javascript_the_chart_is_a_table(site, browser):  # noqa: F811
    with watched_context(browser, java_script_enabled=False) as watched:
        page = watched.new_page(390)
        page.goto(site + "/")
        assert not page.locator("#pillar-values").is_visible()
        assert page.locator("details.chart-table table").is_visible()
        assert page.locator("details.chart-table tbody tr").count() == 8
        watched.assert_clean()


def focused(page) -> str:
    """The element that has the keyboard's focus: its class, or its tag and text."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.className || (e.tagName + ' ' + e.textContent.trim()); }"
    )


def tab_to(page, wanted: str, limit: int = 12) -> list[str]:
    """Press Tab until ``wanted`` (as ``focused`` names it) has the focus; the way there."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1] == wanted:
            return seen
    pytest.fail(f"{wanted} is not reached by Tab: {seen}")


def test_the_language_switches_by_keyboard_on_a_phone_and_a_desktop(site, browser):  # noqa: F811
    with watched_context(browser) as watched:
        page = watched.new_page(360, 740)
        page.goto(site + "/khong-co-trang-nay/")
        assert_fits(page, 360)
        way = tab_to(page, "BUTTON English")
        assert way == ["skip", "brand", "SUMMARY Trình đơn", "BUTTON English"]
        page.keyboard.press("Enter")
        wait_until(page, "document.documentElement.lang === 'en'")
        assert page.url == site + "/khong-co-trang-nay/"  # back on the same page
        assert page.locator("h1").inner_text() == "Page not found"
        screenshot(page, "not-found-en-switched", 360)

        resize(page, 1366)
        page.goto(site + "/")
        way = tab_to(page, "BUTTON Tiếng Việt")
        assert way[:2] == ["skip", "brand"]
        assert way[2:-1] == [
            "A Open data",
            "A Report",
            "A Fact-check",
            "A Administration",
            "A Log in",
        ]
        page.keyboard.press("Enter")
        wait_until(page, "document.documentElement.lang === 'vi'")
        assert page.locator("h1").inner_text() == HEADINGS["home", "vi"]
        watched.assert_clean()


def test_the_phone_menu_opens_by_keyboard(site, browser):  # noqa: F811
    with watched_context(browser) as watched:
        page = watched.new_page(390, 844)
        page.goto(site + "/")
        menu = page.locator(".menu-narrow nav")
        assert not menu.is_visible()
        tab_to(page, "SUMMARY Trình đơn")
        page.keyboard.press("Enter")
        assert menu.is_visible()
        page.keyboard.press("Tab")
        assert focused(page) == "A Dữ liệu mở"
        page.keyboard.press("Tab")
        assert focused(page) == "A Báo cáo"
        axe_check(page)
        screenshot(page, "home-vi-menu", 390, full_page=False)
        page.keyboard.press("Enter")
        page.wait_for_url(site + "/bao-cao/")
        watched.assert_clean()
