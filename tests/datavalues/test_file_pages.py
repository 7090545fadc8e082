"""The web pages of collection by file: the Excel template download (login required, only
the units the user may write) and the upload page (dry run, then confirm; every problem at
its sheet, row and column; the logged-in user's scope)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.files.values_xlsx import HEADERS

pytestmark = pytest.mark.django_db

ASKED = {"dataset": "BC_CDS_6THANG", "period": "2024S1"}
COMMUNE, DISTRICT = "05440", "164"  # the demo reporter's ward, the city above it


@pytest.fixture
def reporter(client):
    client.force_login(get_user_model().objects.get(username="baocao.xa"))
    return client


def download(client, **asked):
    return client.get("/thu-thap/mau.xlsx", {**ASKED, **asked})


def filled(response, typed: dict[str, object], name: str = "mau.xlsx") -> io.BytesIO:
    """The downloaded template with values typed into the total rows of ``typed``'s codes."""
    book = load_workbook(io.BytesIO(response.content))
    for row in book["Số liệu"].iter_rows(min_row=2):
        code = row[HEADERS.index("Mã chỉ tiêu")].value
        if code in typed and not row[HEADERS.index("Mã phân tổ")].value:
            row[HEADERS.index("Giá trị")].value = typed[code]
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return out


def drafts():
    return DataValue.objects.filter(org_unit__code=COMMUNE, period="2024S1", status="draft")


def test_the_template_needs_a_login(client):
    response = download(client)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_reporter_gets_only_its_own_unit_even_when_asking_for_the_city(reporter):
    response = download(reporter, org=DISTRICT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "mau-BC_CDS_6THANG-2024S1-164.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Số liệu"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {COMMUNE}


def test_a_reporter_asking_for_another_commune_gets_a_clear_refusal(reporter):
    response = download(reporter, org="05443")
    assert response.status_code == 404
    assert "Không có đơn vị nào phải báo cáo" in response.content.decode()


def test_an_upload_is_checked_first_then_imported_on_confirmation(reporter):
    template = download(reporter)
    upload = filled(template, {"HTS_BTS": 12, "HTS_TB_DI_DONG": "1.567.705"})
    preview = reporter.post("/thu-thap/nap-tep/", {"file": upload, **ASKED})
    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert "mới 2, thay đổi 0, như cũ 0" in page and not drafts().exists()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    done = reporter.post("/thu-thap/nap-tep/", {"token": token, **ASKED})
    assert done.status_code == 200 and "Đã nạp tệp mau.xlsx" in done.content.decode()
    stored = drafts().select_related("created_by")
    assert {row.created_by.username for row in stored} == {"baocao.xa"}
    assert AuditEntry.objects.filter(action="datavalues_import", entity_key="mau.xlsx").exists()
    again = reporter.post("/thu-thap/nap-tep/", {"token": token, **ASKED})
    assert again.status_code == 400 and "hết hạn hoặc đã được nạp" in again.content.decode()


def test_every_problem_of_an_upload_is_listed_with_its_place_and_nothing_is_written(reporter):
    upload = filled(download(reporter), {"HTS_BTS": "mười hai", "HTS_TB_DI_DONG": "1,234"})
    response = reporter.post("/thu-thap/nap-tep/", {"file": upload, **ASKED})
    page = response.content.decode()
    assert response.status_code == 400
    cells = re.findall(r"<tr><td>Số liệu</td><td>(\d+)</td><td>([A-Z])</td>", page)
    assert len(cells) == 2 and {column for _, column in cells} == {"G"}, page
    assert "2 lỗi; không giá trị nào được ghi" in page and not drafts().exists()


def test_a_template_of_another_period_is_refused_by_name(reporter):
    upload = filled(download(reporter), {"HTS_BTS": 12})
    response = reporter.post("/thu-thap/nap-tep/", {"file": upload, **ASKED, "period": "2024S2"})
    assert response.status_code == 400
    assert "kỳ 2024S1 thay vì 2024S2" in response.content.decode()


def test_a_reporter_cannot_upload_values_of_another_unit(reporter, client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    city = download(client, org=DISTRICT)  # every unit of the city, as its approver sees them
    book = load_workbook(io.BytesIO(city.content))
    sheet = book["Số liệu"]
    other = next(row for row in sheet.iter_rows(min_row=2) if row[0].value != COMMUNE)
    other[HEADERS.index("Giá trị")].value = 3
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "tp.xlsx"
    client.force_login(get_user_model().objects.get(username="baocao.xa"))
    response = client.post("/thu-thap/nap-tep/", {"file": out, **ASKED})
    assert response.status_code == 403, response.content.decode()
    assert not DataValue.objects.filter(source="tp.xlsx").exists()


def test_an_upload_never_confirmed_is_removed_once_no_login_could_confirm_it(reporter, settings):
    import os
    import time
    from pathlib import Path

    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    stale, recent = folder / "bo-do.xlsx", folder / "dang-cho.xlsx"
    for waiting in (stale, recent):
        waiting.write_bytes(b"x")
    long_ago = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(stale, (long_ago, long_ago))
    upload = filled(download(reporter), {"HTS_BTS": 12})
    assert reporter.post("/thu-thap/nap-tep/", {"file": upload, **ASKED}).status_code == 200
    assert not stale.exists() and recent.exists()
    recent.unlink()
