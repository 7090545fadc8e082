"""The entry form in a real headless Chromium: the demo's commune reporter logs in, fills the
monthly one-stop-shop form by keyboard, sees the ratio computed as it types, saves, and sees
the drafts and a rule's warning. Screenshots at desktop and phone width go to the test's tmp
directory (look at them after a change of the form's layout)."""

import pytest

from tests.browser.login import log_in_by_keyboard
from tests.browser.site import browser, demo_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow

FORM = "/thu-thap/nhap/?dataset=BC_MOT_CUA_THANG&org=05440&period=202405"


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def test_a_commune_reporter_fills_the_monthly_form_by_keyboard(demo_site, browser, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in_by_keyboard(page, demo_site["url"], "baocao.xa", FORM)
    assert "Phường Hoàng Văn Thụ" in page.locator(".entry-meta").inner_text()

    type_into(page, "#f-CQS_HS_TIEP_NHAN-value", "1.000")
    page.keyboard.press("Tab")  # the order of the inputs: value, qualifier, comment
    assert page.evaluate("document.activeElement.id") == "f-CQS_HS_TIEP_NHAN-qualifier"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focus is visible"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-CQS_HS_TIEP_NHAN-comment"
    type_into(page, "#f-CQS_HS_DA_XU_LY-value", "1.200")  # more than received: a warning
    type_into(page, "#f-CQS_HS_DUNG_HAN-value", "1.150")

    ratio = page.locator("#r-CQS_HS_DUNG_HAN_TY_LE")
    assert ratio.inner_text() == "—"
    type_into(page, "#f-CQS_HS_DUNG_HAN_TY_LE-num", "1.150")
    page.keyboard.press("Tab")
    type_into(page, "#f-CQS_HS_DUNG_HAN_TY_LE-den", "1.200")
    assert ratio.inner_text() == "95,83%"  # 1150/1200 = 95,8333... half up
    page.keyboard.press("Backspace")
    assert ratio.inner_text() == "—"  # "1.20" is no figure: nothing shown
    page.keyboard.type("0")
    assert ratio.inner_text() == "95,83%"
    page.screenshot(path=str(tmp_path / "form-1366-typed.png"), full_page=True)

    page.focus("button:text('Lưu')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-saved")
    assert "Đã lưu 4 số liệu dạng bản nháp" in page.locator("#entry-saved").inner_text()
    warning = page.locator("#m-CQS_HS_DA_XU_LY .field-warning")
    assert "ghi chú giải trình" in warning.inner_text()
    assert page.locator("#f-CQS_HS_DUNG_HAN_TY_LE-num").input_value() == "1.150"
    assert ratio.inner_text() == "95,83%"
    page.screenshot(path=str(tmp_path / "form-1366-saved.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width} px)"
    box = page.locator("#f-CQS_HS_DA_XU_LY-comment").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(tmp_path / "form-390-saved.png"), full_page=True)

    type_into(page, "#f-CQS_HS_TIEP_NHAN__CHANNEL__ONLINE-value", "1,234")  # ambiguous
    page.focus("button:text('Lưu')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-errors")
    assert page.evaluate("document.activeElement.id") == "entry-errors"  # announced, focused
    assert "nếu là số nguyên hãy viết 1.234" in page.locator("#entry-errors").inner_text()
    value = page.locator("#f-CQS_HS_TIEP_NHAN__CHANNEL__ONLINE-value").input_value()
    assert value == "1,234"
    page.screenshot(path=str(tmp_path / "form-390-error.png"), full_page=True)
    page.close()
