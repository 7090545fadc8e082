"""The report's sections read as prose: statement groups of one or two sentences, no
catalogue name or code and no "no data" in them, every seed figure still there; the same once
the dossier figures are computed from raw records, at lower levels and in other periods."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from chuyendoiso.catalog.models import Indicator
from chuyendoiso.cli import main
from chuyendoiso.reports.selectors import report_document
from tests.sources.seed_records import generate_seed_dossiers

from .test_report import SEED_NOTATION

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
NO_DATA = re.compile(r"chưa có số liệu|không có số liệu|no data", re.IGNORECASE)


def section_paragraphs(org: str, period: str) -> list[str]:
    """The paragraphs of the pillars' sections (the closing section of tasks left out)."""
    document = report_document(org, period, today=TODAY)
    return [p for section in document.sections[:-1] for p in section.paragraphs]


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", paragraph) if s]


def assert_prose(paragraphs: list[str]) -> None:
    names = [(i.name_vi.lower(), i.code) for i in Indicator.objects.all()]
    assert paragraphs
    for paragraph in paragraphs:
        lowered = paragraph.lower()
        for name, code in names:
            assert name not in lowered, (name, paragraph)
            assert code not in paragraph, (code, paragraph)
        assert not NO_DATA.search(paragraph), paragraph
        assert 1 <= len(sentences(paragraph)) <= 2, paragraph
        for sentence in sentences(paragraph):
            assert sentence[0].isupper() or sentence[0].isdigit(), sentence
            assert sentence.endswith("."), sentence


def assert_seed_figures(text: str) -> None:
    for notation in SEED_NOTATION:
        pattern = rf"(?<![\d.,]){re.escape(notation)}(?![\d])"
        assert re.search(pattern, text, flags=re.IGNORECASE), notation


def test_the_seed_half_year_reads_as_prose_with_every_seed_figure():
    paragraphs = section_paragraphs("19", "2024S1")
    assert_prose(paragraphs)
    document = report_document("19", "2024S1", today=TODAY)
    labels = [label for s in document.sections if s.chart for label in s.chart.labels]
    assert_seed_figures("\n".join(paragraphs) + "\n" + "\n".join(labels) + document.subtitle)


@pytest.mark.parametrize(
    ("org", "period"),
    [("164", "2024S1"), ("05443", "2026Q1"), ("19", "2026S1"), ("19", "2025"), ("19", "2024")],
)
def test_other_levels_and_periods_read_as_prose(org, period):
    assert_prose(section_paragraphs(org, period))


@pytest.fixture(scope="module")
def dossier_records(tmp_path_factory) -> Path:
    return generate_seed_dossiers(tmp_path_factory.mktemp("dossiers"))


def test_figures_computed_from_records_take_the_same_sentences(dossier_records):
    before = section_paragraphs("19", "2024S1")
    result = CliRunner().invoke(
        main,
        [
            "sources",
            "compute",
            "dossiers",
            "--input",
            str(dossier_records),
            "--period",
            "2024-01-01..2024-05-27",
        ],
    )
    assert result.exit_code == 0, result.output
    after = section_paragraphs("19", "2024S1")
    assert after != before  # the computed counts are written too
    assert_prose(after)
    text = "\n".join(after)
    assert "đã giải quyết 262.969 hồ sơ" in text
    assert re.search(r"trong đó [\d.]+ hồ sơ đúng hạn, đạt 99,63%", text)
    for notation in ("275.540", "78,72%", "76,45%", "77,21%"):
        assert notation in text


@pytest.fixture
def wording(settings, tmp_path) -> Path:
    source = Path(settings.REFERENCE_DATA_DIR) / "report" / "vi"
    shutil.copytree(source, tmp_path / "report" / "vi")
    settings.REFERENCE_DATA_DIR = tmp_path
    return tmp_path / "report" / "vi" / "statements.yaml"


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_an_edited_statement_is_the_reports_sentence(wording: Path):
    def change(data):
        group = next(g for g in data["HTS"] if "bts" in g["figures"])
        group["sentences"] = [["mạng di động của tỉnh gồm {{ bts }} trạm BTS"]]

    edit(wording, change)
    paragraphs = section_paragraphs("19", "2024S1")
    assert "Mạng di động của tỉnh gồm 1.830 trạm BTS." in paragraphs


def test_a_figure_no_group_writes_is_a_sentence_of_its_own(wording: Path):
    edit(
        wording,
        lambda data: data["HTS"].pop(
            next(i for i, g in enumerate(data["HTS"]) if "bts" in g["figures"])
        ),
    )
    text = "\n".join(section_paragraphs("19", "2024S1"))
    name = Indicator.objects.get(code="HTS_BTS").name_vi
    assert f"{name} là 1.830 trạm." in text
    assert "1.567.705" in text  # the group's other figures are not lost either


def section_titles(org: str, period: str) -> list[str]:
    return [s.title for s in report_document(org, period, today=TODAY).sections[:-1]]


def test_a_lower_level_states_only_the_indicators_reported_at_it():
    province = "\n".join(section_paragraphs("19", "2024S1"))
    assert "báo của tỉnh" in province and "Trung tâm giám sát" in province
    for org, period in (("164", "2024S1"), ("05443", "2026Q1")):
        text = "\n".join(section_paragraphs(org, period))
        assert "báo của tỉnh" not in text and "Trung tâm giám sát" not in text
        assert "doanh nghiệp viễn thông" not in text
        assert not {"Nhận thức số", "An toàn thông tin mạng"} & set(section_titles(org, period))
        assert "hồ sơ thủ tục hành chính" in text  # reported at every level
    district = "\n".join(section_paragraphs("164", "2024S1"))
    assert "đảng viên" in district and "Đảng bộ trực thuộc" not in district


def test_a_level_added_in_the_catalogue_brings_the_indicator_into_that_levels_report(tmp_path):
    section_paragraphs("164", "2024S1")  # built once before the change
    out = tmp_path / "catalog.yaml"
    assert CliRunner().invoke(main, ["catalog", "export", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    block = text.index("code: NTS_BAO_TIN_BAI")
    out.write_text(
        text[:block]
        + text[block:].replace(
            "levels:\n  - province\n", "levels:\n  - province\n  - district\n", 1
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["catalog", "import", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(section_paragraphs("164", "2024S1"))
    assert "báo của tỉnh" in text and "Nhận thức số" in section_titles("164", "2024S1")
