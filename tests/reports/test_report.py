"""The narrative report written from the demo data."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.reports.presenters import report_file
from chuyendoiso.reports.selectors import report_document

pytestmark = pytest.mark.django_db

# Every figure of the seed report, in the seed's own notation. The seed prints "1207"
# without grouping once; the report groups it like every other figure ("1.207").
SEED_NOTATION = [
    "gần 140",
    "8 chuyên mục/tháng",
    "hơn 100",
    "476",
    "90%",
    "97%",
    "76%",
    "07 doanh nghiệp",
    "1.830",
    "1.567.705",
    "1.182.686",
    "100%",
    "09 thôn",
    "99,7%",
    "16.544.448",
    "110.651",
    "63.605",
    "383",
    "1.207",
    "1.486",
    "114",
    "2.597",
    "48 sở, ban, ngành",
    "08 đơn vị cấp huyện",
    "12.026",
    "9.336",
    "16 Đảng bộ",
    "88.020/98.408 đảng viên (đạt 89,44%)",
    "1.163.038",
    "822.099",
    "786.370",
    "96%",
    "78,72%",
    "76,45%",
    "77,21%",
    "529.500",
    "72.554",
    "89%",
    "14.770",
    "275.540",
    "262.969",
    "99,63%",
    "khoảng 389 nghìn tỷ đồng",
    "hơn 505.000",
    "trên 9.300",
    "trên 6,6 triệu",
    "trên 66 nghìn tỷ đồng",
    "205/213",
    "1.057.207/1.318.208",
    "80,2%",
    "4 phần mềm",
    # comparisons and the figures' own periods and dates
    "tăng 71,79% so với cùng kỳ năm 2023",
    "tăng 9% so với cùng kỳ năm 2023",
    "bằng 76,6% so với cùng kỳ năm 2023",
    "từ ngày 01/01/2024 đến ngày 26/5/2024",
    "từ ngày 01/01/2024 đến ngày 27/5/2024",
    "tính đến ngày 15/4/2024",
    "tính đến ngày 26/5/2024",
    "6 tháng đầu năm 2024",
]


@pytest.fixture(scope="module")
def seed_report(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        result = CliRunner().invoke(
            main, ["report", "--org", "19", "--period", "2024S1", "--format", "md"]
        )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("notation", SEED_NOTATION)
def test_the_half_year_report_has_every_seed_figure(seed_report, notation):
    # a figure's own period may open a sentence ("Từ ngày ...")
    pattern = rf"(?<![\d.,]){re.escape(notation)}(?![\d])"
    assert re.search(pattern, seed_report, flags=re.IGNORECASE), notation


def test_the_seed_period_report_uses_no_synthetic_figure_in_its_text(seed_report):
    body = seed_report.split("## 7.")[0]
    text_lines = [line for line in body.splitlines() if not line.startswith("|")]
    assert "(*)" not in "\n".join(line for line in text_lines if not line.startswith("*"))


def test_each_figure_keeps_its_own_date(seed_report):
    text = seed_report.lower()
    soc = text.index("từ ngày 01/01/2024 đến ngày 26/5/2024")
    assert soc < text.index("16.544.448") < text.index("2.597")
    assert text.index("tính đến ngày 15/4/2024") < text.index("822.099")


def test_sections_follow_the_pillars_and_end_with_tasks(seed_report):
    titles = re.findall(r"^## \d+\. (.+)$", seed_report, flags=re.MULTILINE)
    assert titles[:3] == ["Nhận thức số", "Hạ tầng số", "An toàn thông tin mạng"]
    assert titles[-1] == "Nhiệm vụ thời gian tới"
    assert "tối thiểu 90%" in seed_report  # an unmet national target becomes a task


@pytest.mark.parametrize(
    ("org", "period"),
    [("164", "2024Q1"), ("19", "2026S1"), ("19", "2025"), ("19", "202603"), ("05443", "2026Q1")],
)
def test_other_units_and_periods_render(org, period):
    doc = report_document(org, period)
    text = report_file(org, period, "md").content.decode("utf-8")
    assert doc.sections and text.startswith("UBND")
    assert "Số liệu giả lập" in text  # figures of these periods are synthetic, and say so
    assert "synthetic" not in text and "not real" not in text  # in Vietnamese only


def test_merged_province_compares_with_the_same_territory():
    doc = report_document("19", "2026S1")
    text = " ".join(p for s in doc.sections for p in s.paragraphs)
    assert "so với cùng kỳ năm 2025" in text


@pytest.mark.parametrize(
    ("org", "period"), [("404", "2024S1"), ("19", "2024S9"), ("164", "2026S1")]
)
def test_bad_requests_are_clear_errors(org, period):
    with pytest.raises(CdsError):
        report_document(org, period)
    result = CliRunner().invoke(main, ["report", "--org", org, "--period", period])
    assert result.exit_code == 2 and "Lỗi:" in result.output


def test_a_department_is_refused_with_the_field_named():
    with pytest.raises(CdsError) as caught:
        report_document("19.STTTT", "2024S1")
    assert "sở, ban, ngành" in caught.value.message
    assert caught.value.extra == {"field": "org_unit", "value": "19.STTTT"}


def test_the_closing_sections_title_comes_from_the_editable_frame(settings, tmp_path):
    source = Path(settings.REFERENCE_DATA_DIR) / "report" / "vi"
    shutil.copytree(source, tmp_path / "report" / "vi")
    frame = tmp_path / "report" / "vi" / "report.yaml"
    frame.write_text(
        frame.read_text(encoding="utf-8").replace(
            "tasks_title: Nhiệm vụ thời gian tới", "tasks_title: Phương hướng kỳ tới"
        ),
        encoding="utf-8",
    )
    settings.REFERENCE_DATA_DIR = tmp_path
    assert report_document("19", "2024S1").sections[-1].title == "Phương hướng kỳ tới"


def test_binary_formats_need_an_output_file():
    result = CliRunner().invoke(
        main, ["report", "--org", "19", "--period", "2024S1", "--format", "docx"]
    )
    assert result.exit_code == 2 and "-o" in result.output


@pytest.mark.parametrize(
    ("org", "period", "above"),
    [("19", "2024S1", None), ("164", "2024Q1", None), ("05443", "2026Q1", "province")],
)
def test_the_report_is_addressed_to_the_peoples_committee_it_answers_to(org, period, above):
    from chuyendoiso.orgunits.selectors import orgunit_resolve
    from chuyendoiso.reports.selectors import report_period

    span = report_period(period, dt.date(2026, 12, 1))
    unit = orgunit_resolve(org, start=span.start, end=span.end)
    to = unit if above is None else unit.parent
    assert to.level == (above or unit.level)
    document = report_document(org, period)
    assert len(document.addressees) == 1
    line = document.addressees[0]
    assert line.startswith("Kính gửi: Ủy ban nhân dân ") and line.endswith(".")
    assert to.name.split()[-1] in line  # the committee of the unit itself, or the one above
