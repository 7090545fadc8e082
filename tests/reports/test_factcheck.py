"""Reading reports: the command, the page, drafts, and the platform's own reports."""

import json

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.reports.presenters import report_file
from chuyendoiso.reports.selectors import factcheck_source

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
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.", encoding="utf-8"
    )
    result = run("factcheck", str(report), "--format", "text")
    assert result.exit_code == 1
    assert "✗" in result.output and "1.830" in result.output


def test_import_stores_drafts_beside_the_approved_values(tmp_path):
    report = tmp_path / "bao-cao-moi.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.", encoding="utf-8"
    )
    result = run("factcheck", str(report), "--import")
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
    assert len(result.figures) >= 20
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
    result = run("factcheck", str(report), "--import")
    assert result.exit_code == 2, result.output
    assert "không ghi giá trị nào" in result.output
    assert not DataValue.objects.filter(source="document:bao-cao-sai.txt").exists()
