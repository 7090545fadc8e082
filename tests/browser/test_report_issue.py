"""The report's number and letterhead in a real headless Chromium, on the demo: the
provincial coordinator sets the commune level's signer on the letterhead form, then issues
the province's half-year report from the report page; the page shows its number and the
report carries it. Both pages fit a phone's width. Screenshots at 1366 and 390 px are saved
in the test's tmp dir (printed at the end)."""

import pytest

from tests.browser.login import log_in_by_keyboard
from tests.browser.site import browser, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

REPORT = "/bao-cao/?org=19&period=2024S1"
LETTERHEAD = "/bao-cao/mau-van-ban/?level=commune"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_set_the_letterhead_and_issue_the_report(demo_site, browser, tmp_path):  # noqa: F811
    url = demo_site["url"]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in_by_keyboard(page, url, "dieuphoi.tinh", LETTERHEAD)
    page.fill("input[name=signer_name]", "Lê Văn C")
    page.click("form.letterhead-form button[type=submit]")
    page.wait_for_selector("p.notice")
    assert page.input_value("input[name=signer_name]") == "Lê Văn C"
    page.screenshot(path=str(tmp_path / "letterhead-1366.png"), full_page=True)

    page.goto(url + REPORT)
    assert "/BC-SKHCN" in page.locator(".report-preview").inner_text()
    page.click("form.issue-form button[type=submit]")
    page.wait_for_selector("p.issued")
    issued = page.locator("p.issued").inner_text()
    assert "/BC-SKHCN" in issued
    number = issued.split("Đã cấp số ")[1].split(",")[0]
    assert f"Số: {number}" in page.locator(".report-preview").inner_text()
    assert page.locator("form.issue-form").count() == 0  # issued once
    page.screenshot(path=str(tmp_path / "report-1366.png"))

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    log_in_by_keyboard(phone, url, "dieuphoi.tinh", LETTERHEAD)
    assert fits(phone)
    phone.screenshot(path=str(tmp_path / "letterhead-390.png"), full_page=True)
    phone.goto(url + REPORT)
    assert fits(phone)
    phone.screenshot(path=str(tmp_path / "report-390.png"))
    print(f"screenshots: {tmp_path}")
