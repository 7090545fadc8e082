"""Reading reports: the command, the page, drafts, and the platform's own reports."""

import json

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.reports.factcheck_selectors import factcheck_source
from chuyendoiso.reports.presenters import report_file

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_seed_checks_out_against_itself_and_the_stored_data(seed_report_path):
    result = run("factcheck", str(seed_report_path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document_period"] == "2024S1"
    assert data["summary"]["inconsistent"] == 0
    assert data["summary"]["matched"] >= 50
    stored = [c for c in data["checks"] if c["kind"] == "stored" and c["status"] == "consistent"]
    assert len(stored) >= 40  # most figures agree with the approved values of province 19


def test_a_figure_that_conflicts_with_approved_data_is_flagged(tmp_path):
    report = tmp_path / "bao-cao.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh Thái Nguyên có 1.930 trạm BTS.",
        encoding="utf-8",
    )
    result = run("factcheck", str(report), "--format", "text")
    assert result.exit_code == 1
    assert "✗" in result.output and "1.830" in result.output


def test_import_stores_drafts_beside_the_approved_values(tmp_path):
    report = tmp_path / "bao-cao-moi.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.", encoding="utf-8"
    )
    result = run("factcheck", str(report), "--import", "--org", "19")
    assert "bản nháp" in result.output
    drafts = DataValue.objects.filter(status="draft", source="document:bao-cao-moi.txt")
    assert list(drafts.values_list("indicator__code", "value")) == [("HTS_BTS", 1930)]
    approved = DataValue.objects.get(
        status="approved", indicator__code="HTS_BTS", org_unit__code="19", period="2024S1"
    )
    assert approved.value == 1830


@pytest.mark.parametrize(("org", "period"), [("19", "2024S1"), ("164", "2024Q1"), ("19", "2026S1")])
def test_the_platforms_own_reports_pass_its_own_factcheck(org, period):
    text = report_file(org, period, "md").content.decode("utf-8")
    result = factcheck_source(text, "", org_code=org)
    assert len(result.figures) >= 15  # a district states only the indicators reported at it
    assert [c.message for c in result.inconsistent] == []


def test_the_docx_report_can_be_read_back(tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(report_file("19", "2024S1", "docx").content)
    result = factcheck_source(path, path.name, org_code="19")
    assert result.inconsistent == []
    assert "88.020" in result.text


def test_factcheck_page_highlights_figures(client, seed_report_text):
    page = client.post("/bao-cao/kiem-tra/", {"text": seed_report_text, "org": "19"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<mark class="fc-consistent" data-figure') >= 30
    assert "Các phép kiểm tra" in html


def test_factcheck_page_upload(client, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(report_file("19", "2024S1", "docx").content)
    with path.open("rb") as upload:
        page = client.post("/bao-cao/kiem-tra/", {"file": upload, "org": "19"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<mark class="fc-consistent" data-figure' in html
    assert '<mark class="fc-inconsistent" data-figure' not in html


def test_factcheck_page_without_input_explains(client):
    page = client.post("/bao-cao/kiem-tra/", {"text": "  ", "org": "19"})
    assert page.status_code == 400
    assert "Hãy dán nội dung" in page.content.decode()


def test_an_unknown_org_unit_is_refused_not_silently_unchecked(tmp_path):
    report = tmp_path / "bao-cao.txt"
    report.write_text("Trong 6 tháng đầu năm 2024, có 1.930 trạm BTS.", encoding="utf-8")
    result = run("factcheck", str(report), "--org", "99999")
    assert result.exit_code == 2
    assert "99999" in result.output and "Traceback" not in result.output


def test_an_empty_file_is_refused_by_name(tmp_path):
    report = tmp_path / "rong.txt"
    report.write_bytes(b"")
    result = run("factcheck", str(report))
    assert result.exit_code == 2
    assert "rỗng" in result.output and "rong.txt" in result.output


def test_a_damaged_upload_is_refused_by_name(client):
    upload = SimpleUploadedFile("hong.docx", b"PK\x03\x04 not a zip")
    page = client.post("/bao-cao/kiem-tra/", {"file": upload, "org": "19"})
    assert page.status_code == 400
    assert "DOCX" in page.content.decode()


def test_import_is_all_or_nothing(tmp_path):
    """One figure the data service refuses: none of the others is written either."""
    report = tmp_path / "bao-cao-sai.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS; "
        "tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang đạt 130%.",
        encoding="utf-8",
    )
    result = run("factcheck", str(report), "--import", "--org", "19")
    assert result.exit_code == 2, result.output
    assert "không ghi giá trị nào" in result.output
    assert not DataValue.objects.filter(source="document:bao-cao-sai.txt").exists()


# TCVN3 bytes of "Trong 6 tháng đầu năm 2024, tỉnh đạt 1.930 trạm BTS, tăng được 12%."
TCVN3 = (
    b"Trong 6 th\xb8ng \xaec\xa7u n\xa8m 2024, t\xd8nh \xae\xb9t 1.930 tr\xb9m BTS, "
    b"t\xa8ng \xae\xad\xeec 12%."
)
VNI = "Trong 6 thaùng ñaàu naêm 2024, tænh ñaït 1.930 traïm BTS, taêng ñöôïc 12%."


def test_text_in_a_legacy_encoding_is_refused_naming_it(client, tmp_path):
    report = tmp_path / "cu.txt"
    report.write_bytes(TCVN3)
    result = run("factcheck", str(report))
    assert result.exit_code == 2
    assert "TCVN3" in result.output and "Traceback" not in result.output
    page = client.post("/bao-cao/kiem-tra/", {"text": VNI, "org": "19"})
    assert page.status_code == 400
    assert "VNI" in page.content.decode()


def test_a_file_over_a_reading_limit_is_refused_naming_the_limit(client, settings):
    settings.CDS_READER_MAX_CHARS = 1000
    upload = SimpleUploadedFile("dai.txt", "Có 1.830 trạm BTS. ".encode() * 200)
    page = client.post("/bao-cao/kiem-tra/", {"file": upload, "org": "19"})
    assert page.status_code == 400
    assert "max_chars" in page.content.decode() and "tối đa 1000" in page.content.decode()


def test_an_upload_stops_at_the_limit_while_it_streams_in(rf, settings):
    from django.core.files.uploadhandler import StopUpload

    from chuyendoiso.reports.uploads import LimitedUploadHandler, upload_refused

    settings.CDS_UPLOAD_MAX_BYTES = 10
    request = rf.post("/bao-cao/kiem-tra/")
    handler = LimitedUploadHandler(request)
    handler.handle_raw_input(None, {}, 15, "b")  # type: ignore[arg-type]
    handler.new_file("file", "lon.txt", "text/plain", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"678901", 5)  # the 11th byte: no more is read
    assert upload_refused(request) == "lon.txt"
    handler = LimitedUploadHandler(request)
    handler.handle_raw_input(None, {}, 10**9, "b")  # type: ignore[arg-type]
    with pytest.raises(StopUpload) as stopped:
        handler.new_file("file", "bom.txt", "text/plain", None)
    assert stopped.value.connection_reset


def test_the_factcheck_page_limits_each_clients_rate(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CDS_RATE_FACTCHECK = 2
    form = {"text": "Có 1.830 trạm BTS.", "org": "19"}
    assert [client.post("/bao-cao/kiem-tra/", form).status_code for _ in range(2)] == [200, 200]
    page = client.post("/bao-cao/kiem-tra/", form)
    assert page.status_code == 429
    assert "quá nhiều yêu cầu" in page.content.decode()
    other = client.post("/bao-cao/kiem-tra/", form, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()
