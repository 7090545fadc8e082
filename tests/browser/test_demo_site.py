"""The README's first command, end to end: `cds demo` into a fresh SQLite database, then
`cds serve --dev` (the development server of the demo), driven in a real headless Chromium."""

import re

import pytest

from tests.browser.site import browser, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser: about 15 seconds


def test_demo_prints_the_admin_login(demo_site):  # noqa: F811
    assert "admin / mat-khau-thu" in demo_site["demo_output"]
    counts = re.search(
        r"(\d+) chỉ tiêu, (\d+) số liệu từ báo cáo, (\d+) số liệu giả lập", demo_site["demo_output"]
    )
    assert counts and int(counts[1]) >= 45 and int(counts[2]) >= 55 and int(counts[3]) > 1000


def test_home_page_in_the_browser(demo_site, browser, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(demo_site["url"] + "/")
    assert page.locator("h1").inner_text() == "Theo dõi chuyển đổi số cấp tỉnh"
    rows = page.locator("table.pillars tbody tr")
    assert rows.count() == 8
    assert "Hạ tầng số" in rows.nth(2).inner_text()
    assert page.locator(".synthetic-note").is_visible()
    css = page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
    assert css == "rgb(179, 38, 30)", "the product's own stylesheet is served"
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    page.close()


def test_admin_login_and_catalogue(demo_site, browser):  # noqa: F811
    page = browser.new_page()
    page.goto(demo_site["url"] + "/admin/catalog/indicator/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "mat-khau-thu")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/catalog/indicator/$"))
    assert "HTS_BTS" in page.content()
    assert page.locator("#result_list tbody tr").count() >= 45
    page.close()


def test_a_reporter_logs_in_from_the_menu_and_out_again(demo_site, browser, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(demo_site["url"] + "/")
    menu = page.locator(".menu-narrow")
    menu.locator("summary").click()  # on a phone the menu opens from its button
    menu.locator("a:text('Đăng nhập')").click()
    page.fill("#id_username", "baocao.xa")
    page.fill("#id_password", "mat-khau-thu")
    page.screenshot(path=str(tmp_path / "login.png"))
    page.click("main button:text('Đăng nhập')")
    page.wait_for_url(demo_site["url"] + "/bang-dieu-khien/")
    menu.locator("summary").click()
    assert menu.locator(".who").inner_text() == "baocao.xa"
    menu.locator("button:text('Đăng xuất')").click()
    page.wait_for_url(demo_site["url"] + "/")
    menu.locator("summary").click()
    assert menu.locator("a:text('Đăng nhập')").is_visible()
    page.close()


def test_report_from_the_home_page(demo_site, browser, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(demo_site["url"] + "/")
    page.click("text=Viết báo cáo 6 tháng đầu năm 2024")
    page.wait_for_url(re.compile(r".*/bao-cao/\?org=19&period=2024S1$"))
    preview = page.locator(".report-preview")
    assert "tăng 71,79% so với cùng kỳ năm 2023" in preview.inner_text()
    assert preview.locator("svg").count() >= 3  # a chart per pillar that has a series
    with page.expect_download() as download_info:
        page.click("a.button:text('DOCX')")
    saved = tmp_path / "report.docx"
    download_info.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    page.close()


def test_factcheck_page_in_the_browser(demo_site, browser, tmp_path, seed_report_text):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 1000})  # the wide menu
    page.goto(demo_site["url"] + "/")
    page.click("text=Kiểm tra số liệu")
    page.fill("textarea[name=text]", seed_report_text)
    page.click("button:text('Kiểm tra')")
    page.wait_for_selector(".fc-text")
    assert page.locator(".fc-text mark.fc-consistent").count() >= 30
    assert page.locator(".fc-text mark.fc-inconsistent").count() == 0
    title = page.locator(".fc-text mark", has_text="1.830").first.get_attribute("title")
    assert title and title.startswith("HTS_BTS")
    page.screenshot(path=str(tmp_path / "factcheck.png"))
    page.close()


def test_every_menu_link_is_on_screen_at_desktop_width(demo_site, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(demo_site["url"] + "/")
    assert not page.locator(".menu-narrow").is_visible()
    links = page.locator(".topbar .brand, .menu-wide a")
    assert links.count() == 6  # the name of the product and the five menu entries
    assert_on_one_line_within(links, 1366)
    page.close()


@pytest.mark.parametrize("width", [390, 360])
def test_every_menu_link_is_on_screen_once_the_phone_menu_is_open(demo_site, browser, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(demo_site["url"] + "/")
    assert not page.locator(".menu-wide").is_visible()
    page.locator(".menu-narrow summary").click()
    links = page.locator(".topbar .brand, .menu-narrow a")
    assert links.count() == 6
    assert_on_one_line_within(links, width)
    page.close()


def assert_on_one_line_within(links, width):
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None, f"{links.nth(index).inner_text()} is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, links.nth(index).inner_text()
        assert box["height"] < 40, f"{links.nth(index).inner_text()} breaks over lines"
