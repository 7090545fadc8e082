"""The issue's workflow in a real headless Chromium, on the demo, through the real pages: the
ward's reporter logs in, fills the monthly one-stop-shop form of its ward by keyboard so that
one rule warns (more dossiers processed than received), explains it with a comment, saves,
and submits on the submission page; the city's approver above it approves; the completeness
page shows the change. Screenshots of the form and of the completeness page at 1366 and
390 px wide are saved in the test's tmp dir (printed at the end): look at them after a change
of the pages' layout."""

import pytest

from tests.browser.login import log_in_by_keyboard
from tests.browser.site import browser, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

MONTH = "202504"  # NĐ 09 calendar: 15/03/2025 - 14/04/2025; the ward reports to its district
UNIT = "05440@before_2025"
FORM = f"/thu-thap/nhap/?dataset=BC_MOT_CUA_THANG&org={UNIT}&period={MONTH}"
PAGE = f"/thu-thap/BC_MOT_CUA_THANG/{UNIT}/{MONTH}/"
COMPLETENESS = f"/thu-thap/tien-do/?dataset=BC_MOT_CUA_THANG&period={MONTH}&province=19"


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def save_by_keyboard(page):
    page.focus("button:text('Lưu')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-saved")


def unit_state(page):
    return page.locator(f'tr[data-unit="{UNIT}"] .state-cell').inner_text()


def approved_communes(page):
    """The communes' count in the column "đã duyệt" of the counts per level."""
    header = page.locator("table.counts thead th").all_inner_texts()
    cells = page.locator('table.counts tr[data-stage="commune"] > *').all_inner_texts()
    return int(cells[header.index("đã duyệt")])


def test_enter_submit_approve_and_completeness(demo_site, browser, tmp_path):  # noqa: F811
    url = demo_site["url"]
    wide = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in_by_keyboard(wide, url, "baocao.xa", FORM)
    assert "Phường Hoàng Văn Thụ" in wide.locator(".entry-meta").inner_text()
    type_into(wide, "#f-CQS_HS_TIEP_NHAN-value", "40")
    type_into(wide, "#f-CQS_HS_DA_XU_LY-value", "45")  # more processed than received
    save_by_keyboard(wide)
    assert "Đã lưu 2 số liệu dạng bản nháp" in wide.locator("#entry-saved").inner_text()
    warnings = wide.locator(".field-warning").all_inner_texts()
    assert len(set(warnings)) == 1, warnings  # one rule, shown at each field it reads
    warning = wide.locator("#m-CQS_HS_DA_XU_LY .field-warning")
    assert "hãy ghi chú giải trình" in warning.inner_text()

    type_into(wide, "#f-CQS_HS_DA_XU_LY-comment", "gồm 5 hồ sơ tồn từ tháng trước")
    save_by_keyboard(wide)
    assert "Đã có ghi chú giải trình" in warning.inner_text()
    wide.screenshot(path=str(tmp_path / "form-1366.png"), full_page=True)
    wide.set_viewport_size({"width": 390, "height": 844})
    width = wide.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form scrolls sideways at phone width ({width} px)"
    wide.locator("#m-CQS_HS_DA_XU_LY").scroll_into_view_if_needed()
    wide.screenshot(path=str(tmp_path / "form-390.png"))
    wide.set_viewport_size({"width": 1366, "height": 900})

    wide.click("p.back a")  # the form's link back to the submission page of the same unit
    wide.wait_for_url(url + PAGE)
    assert wide.locator("#state").inner_text() == "đang nhập"
    assert "(đã giải trình)" in wide.locator(".violations").inner_text()
    wide.focus("button:text('Gửi duyệt')")
    wide.keyboard.press("Enter")
    wide.wait_for_selector("#state:text('đã gửi – chờ duyệt')")
    assert wide.locator("button:text('Phê duyệt')").count() == 0
    wide.goto(url + COMPLETENESS)
    assert unit_state(wide).startswith("đã gửi – chờ duyệt")
    approved_before = approved_communes(wide)
    wide.click("button:text('Đăng xuất')")
    wide.wait_for_url(url + "/")

    log_in_by_keyboard(wide, url, "duyet.huyen", "/thu-thap/")
    assert "chờ bạn duyệt" in wide.locator("table.submissions").inner_text()
    wide.goto(url + PAGE)
    wide.click("button:text('Phê duyệt')")
    wide.wait_for_selector("#state:text('đã duyệt')")
    history = wide.locator("ol.history").inner_text()
    assert "baocao.xa · đang nhập → đã gửi – chờ duyệt" in history
    assert "duyet.huyen · đã gửi – chờ duyệt → đã duyệt" in history

    wide.goto(url + COMPLETENESS)
    assert unit_state(wide) == "đã duyệt"
    assert approved_communes(wide) == approved_before + 1
    wide.screenshot(path=str(tmp_path / "completeness-1366.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    log_in_by_keyboard(phone, url, "duyet.huyen", COMPLETENESS)
    row = phone.locator(f'tr[data-unit="{UNIT}"]')
    assert "đã duyệt" in row.inner_text()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the completeness page scrolls sideways at phone width ({width} px)"
    row.scroll_into_view_if_needed()
    phone.screenshot(path=str(tmp_path / "completeness-390.png"))
    phone.screenshot(path=str(tmp_path / "completeness-390-full.png"), full_page=True)
    phone.close()
    wide.close()
    print("screenshots in", tmp_path)
