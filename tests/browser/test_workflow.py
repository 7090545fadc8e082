"""The issue's workflow in a real headless Chromium, on the demo: a ward's reporter submits
its monthly report, whose one warning (more dossiers processed than received) is explained
by a comment; the city's approver approves it; the completeness page shows the change.
The entry form is another page's: the values are entered with the value service here.
Screenshots at 1366 and 390 px wide are saved in the test's tmp dir."""

import os
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.test_demo_site import CDS, CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = pytest.mark.slow  # a demo database, a server and a browser

MONTH = "202504"  # NĐ 09 calendar: 15/03/2025 - 14/04/2025
PAGE = f"/thu-thap/BC_MOT_CUA_THANG/05440@before_2025/{MONTH}/"
COMPLETENESS = f"/thu-thap/tien-do/?dataset=BC_MOT_CUA_THANG&period={MONTH}"
ENTER = f"""
import django; django.setup()
from decimal import Decimal
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue, Status
values = [DataValue(indicator=code, org_unit="05440", period="{MONTH}", calendar="nd09",
                    value=Decimal(figure), status=Status.DRAFT, comment=comment)
          for code, figure, comment in (("CQS_HS_TIEP_NHAN", 40, ""),
              ("CQS_HS_DA_XU_LY", 45, "gồm 5 hồ sơ tồn từ tháng trước"))]
summary = datavalues_import(acting_user=None, values=values, source_name="browser-test")
print(len(summary.warnings))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cds-workflow")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"CDS_DATA_DIR": str(data_dir), "CDS_DEMO_PASSWORD": "mat-khau-thu"}
    loaded = subprocess.run([*CDS, "demo"], env=env, capture_output=True, text=True, timeout=600)
    assert loaded.returncode == 0, loaded.stderr
    entered = subprocess.run(
        [sys.executable, "-c", ENTER],
        env=env | {"DJANGO_SETTINGS_MODULE": "chuyendoiso.config.settings.dev"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert entered.returncode == 0, entered.stderr
    assert entered.stdout.strip() == "1"  # the one warning, explained by its comment
    port = free_port()
    log = (data_dir / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [*CDS, "serve", "--dev", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        pytest.fail("cds serve did not start within 60 s")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)
    log.close()


def log_in(page, url, name):
    page.goto(url + "/dang-nhap/?next=/thu-thap/")
    page.fill("#id_username", name)
    page.fill("#id_password", "mat-khau-thu")
    page.click("button:text('Đăng nhập')")
    page.wait_for_url(url + "/thu-thap/")


def unit_row(page):
    return page.locator('tr[data-unit="05440@before_2025"]')


def test_submit_approve_and_completeness(site, tmp_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        wide = browser.new_page(viewport={"width": 1366, "height": 900})
        log_in(wide, site, "baocao.xa")
        wide.goto(site + PAGE)
        assert wide.locator("#state").inner_text() == "đang nhập"
        assert "(đã giải trình)" in wide.locator(".violations").inner_text()
        wide.screenshot(path=str(tmp_path / "submission-draft-1366.png"), full_page=True)
        wide.click("button:text('Gửi duyệt')")
        wide.wait_for_load_state()
        assert wide.locator("#state").inner_text() == "đã gửi – chờ duyệt"
        assert wide.locator("button:text('Phê duyệt')").count() == 0
        wide.click("button:text('Đăng xuất')")

        log_in(wide, site, "duyet.huyen")
        assert "chờ bạn duyệt" in wide.locator("table.submissions").inner_text()
        wide.goto(site + PAGE)
        wide.click("button:text('Phê duyệt')")
        wide.wait_for_load_state()
        assert wide.locator("#state").inner_text() == "đã duyệt"
        history = wide.locator("ol.history").inner_text()
        assert "baocao.xa · draft → submitted" in history
        assert "duyet.huyen · submitted → approved" in history
        wide.screenshot(path=str(tmp_path / "submission-approved-1366.png"), full_page=True)

        wide.goto(site + COMPLETENESS)
        assert "đã duyệt" in unit_row(wide).inner_text()
        wide.screenshot(path=str(tmp_path / "completeness-1366.png"), full_page=True)

        phone = browser.new_page(viewport={"width": 390, "height": 800})
        log_in(phone, site, "duyet.huyen")
        phone.goto(site + COMPLETENESS)
        row = unit_row(phone)
        assert "đã duyệt" in row.inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the page fits a phone's width"
        row.scroll_into_view_if_needed()
        phone.screenshot(path=str(tmp_path / "completeness-390.png"))
        phone.screenshot(path=str(tmp_path / "completeness-390-full.png"), full_page=True)
        browser.close()
    print("screenshots in", tmp_path)
