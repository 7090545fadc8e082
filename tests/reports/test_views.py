import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_report_page_shows_the_report_and_download_links(client):
    page = client.get("/bao-cao/", {"org": "19", "period": "2024S1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "88.020/98.408 đảng viên (đạt 89,44%)" in text
    for fmt in ("md", "html", "docx", "pdf"):
        assert f"/bao-cao/tai-ve/{fmt}/?org=19&amp;period=2024S1" in text


def test_a_bad_period_is_explained_on_the_page(client):
    page = client.get("/bao-cao/", {"org": "19", "period": "2024S7"})
    assert page.status_code == 400
    assert "Không viết được báo cáo" in page.content.decode()
    assert "2024S7" in page.content.decode()


@pytest.mark.parametrize(
    ("fmt", "magic", "content_type"),
    [
        ("md", b"UBND", "text/markdown"),
        ("html", b"<!DOCTYPE html>", "text/html"),
        ("docx", b"PK", "application/vnd.openxmlformats"),
        ("pdf", b"%PDF", "application/pdf"),
    ],
)
def test_download_in_every_format(client, fmt, magic, content_type):
    response = client.get(f"/bao-cao/tai-ve/{fmt}/", {"org": "164", "period": "2024Q1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f"bao-cao-cds-164-2024Q1.{fmt}" in response["Content-Disposition"]
    assert response.content.lstrip()[: len(magic)].upper() == magic.upper()


def test_download_of_an_unknown_unit_is_a_clear_error(client):
    response = client.get("/bao-cao/tai-ve/md/", {"org": "404", "period": "2024S1"})
    assert response.status_code == 400
    assert "404" in response.content.decode()


def test_a_bad_period_names_the_field_and_the_forms_expected(client):
    text = client.get("/bao-cao/", {"org": "19", "period": "2024S7"}).content.decode()
    assert "<dt>Trường</dt><dd>Kỳ (period)</dd>" in text
    assert "<dt>Giá trị đã nhập</dt><dd>2024S7</dd>" in text
    assert "<dt>Dạng hợp lệ</dt>" in text


def test_an_unknown_unit_names_the_field_on_the_page(client):
    text = client.get("/bao-cao/", {"org": "404", "period": "2024S1"}).content.decode()
    assert "<dt>Trường</dt><dd>Đơn vị (org)</dd>" in text


def test_an_unsupported_format_lists_the_formats_there_are(client):
    response = client.get("/bao-cao/tai-ve/xlsx/", {"org": "19", "period": "2024S1"})
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "xlsx" in text and "md, html, docx, pdf" in text


def test_the_file_name_carries_the_period_as_the_platform_writes_it(client):
    response = client.get("/bao-cao/tai-ve/md/", {"org": "19", "period": " 2024s1 "})
    assert response.status_code == 200
    assert 'filename="bao-cao-cds-19-2024S1.md"' in response["Content-Disposition"]


def test_without_a_choice_the_page_shows_the_latest_reported_half_year(client):
    page = client.get("/bao-cao/").content.decode()
    assert 'name="org" value="19"' in page and 'name="period" value="2024S1"' in page


def test_the_default_follows_the_data_not_a_constant():
    from chuyendoiso.datavalues.models import DataValue
    from chuyendoiso.reports.selectors import report_default

    assert (report_default().org, report_default().period) == ("19", "2024S1")
    DataValue.objects.filter(org_unit__code="19", org_unit__level="province").delete()
    assert report_default().period == "2026S1"  # no figure: the half-year before today's


def test_the_default_half_year_is_that_of_a_public_figure():
    """Anyone sees the default: an internal indicator's later figure does not move it (nor
    tell that it exists); a public one does."""
    from decimal import Decimal

    from chuyendoiso.datavalues.services import datavalue_save
    from chuyendoiso.engine.domain.datavalues import DataValue
    from chuyendoiso.reports.selectors import report_default

    def approved(indicator: str) -> DataValue:
        return DataValue(indicator=indicator, org_unit="19", period="202511", value=Decimal(3))

    datavalue_save(acting_user=None, value=approved("ATTT_SOC_LO_HONG"))
    assert report_default().period == "2024S1"
    datavalue_save(acting_user=None, value=approved("CQS_HS_TIEP_NHAN"))
    assert report_default().period == "2025S2"


def test_a_department_is_a_clear_error_on_the_page(client):
    page = client.get("/bao-cao/", {"org": "19.STTTT", "period": "2024S1"})
    assert page.status_code == 400
    assert "sở, ban, ngành" in page.content.decode()


def test_a_download_error_names_the_field_in_vietnamese(client):
    response = client.get("/bao-cao/tai-ve/pdf/", {"org": "19", "period": "2024S9"})
    assert response.status_code == 400
    assert "Trường: Kỳ (period)\nGiá trị đã nhập: 2024S9\n" in response.content.decode()


def test_the_unit_list_offers_provinces_and_districts_only(client):
    from chuyendoiso.orgunits.models import OrgUnit

    page = client.get("/bao-cao/", {"org": "19", "period": "2024S1"}).content.decode()
    for level, offered in (("province", True), ("district", True), ("commune", False)):
        unit = OrgUnit.objects.filter(level=level).order_by("path").first()
        assert (f'<option value="{unit.code}">{unit.name}' in page) is offered, level
    assert '<option value="19.SKHCN">' not in page  # a department has no report


def test_the_download_is_named_and_typed_by_the_presenter():
    from chuyendoiso.engine.report import FORMATS
    from chuyendoiso.reports.presenters import report_file

    file = report_file(" 164 ", "2024q1", "docx")
    assert file.filename == "bao-cao-cds-164-2024Q1.docx"
    assert file.media_type == FORMATS["docx"].media_type
    assert file.content.startswith(b"PK")


def test_the_factcheck_page_accepts_every_readable_format(client):
    import re

    from chuyendoiso.engine.reader import READABLE_FORMATS

    page = client.get("/bao-cao/kiem-tra/").content.decode()
    accept = re.search(r'type="file" name="file" accept="([^"]*)"', page)
    assert accept is not None
    extensions = {ext for exts in READABLE_FORMATS.values() for ext in exts}
    assert set(accept.group(1).split(",")) == {f".{ext}" for ext in extensions}
    for name in READABLE_FORMATS:
        assert name.upper() in page


def test_an_upload_over_the_limit_is_refused_naming_the_file(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CDS_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("lon.txt", b"1" * (settings.CDS_UPLOAD_MAX_BYTES + 1))
    page = client.post("/bao-cao/kiem-tra/", {"file": big, "org": "19"})
    assert page.status_code == 400
    assert "tối đa 2 MB" in page.content.decode()
    exact = SimpleUploadedFile("vua.txt", "Có 1.830 trạm BTS. ".encode().ljust(2 * 1024 * 1024))
    assert client.post("/bao-cao/kiem-tra/", {"file": exact, "org": "19"}).status_code == 200


def settings_in_a_subprocess(upload_max: str) -> subprocess.CompletedProcess[str]:
    code = (
        "from chuyendoiso.config.settings import base; "
        "print(base.CDS_UPLOAD_MAX_BYTES, base.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    )
    env = {**os.environ, "CDS_UPLOAD_MAX_BYTES": upload_max}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_the_upload_limit_is_read_from_the_environment_and_used_by_django():
    result = settings_in_a_subprocess("1048576")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1048576", "1048576"]
    for wrong in ("20MB", "0", "-5"):
        result = settings_in_a_subprocess(wrong)
        assert result.returncode != 0
        assert "CDS_UPLOAD_MAX_BYTES" in result.stderr and repr(wrong) in result.stderr


def test_the_views_leave_queries_to_the_selectors():
    from chuyendoiso.reports import views

    source = Path(views.__file__).read_text(encoding="utf-8")
    assert ".objects" not in source
