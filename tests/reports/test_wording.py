"""The report's words and letterhead come from data/report/vi/: a province edits the files
and the report follows, without code."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.reports.selectors import report_document, report_letterhead, report_templates

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def wording(settings, tmp_path) -> Path:
    """An editable copy of the wording, used by the report from now on."""
    source = Path(settings.REFERENCE_DATA_DIR) / "report" / "vi"
    shutil.copytree(source, tmp_path / "report" / "vi")
    settings.REFERENCE_DATA_DIR = tmp_path
    return tmp_path / "report" / "vi"


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def text_of(org: str, period: str) -> str:
    doc = report_document(org, period, today=TODAY)
    parts = [doc.number, doc.place_and_date, doc.signer_role, *doc.notes]
    for section in doc.sections:
        parts += section.paragraphs
        if section.chart:
            parts += [*section.chart.labels, section.chart.note]
    return "\n".join(parts)


def test_edited_words_are_the_reports_words(wording: Path):
    def change(words):
        words["short_labels"]["half1"] = "Nửa đầu {{ year }}"
        words["synthetic"]["chart_note"] = "Có số liệu minh họa"
        words["change"]["up"] = "cao hơn"

    before = text_of("19", "2026S1")
    edit_yaml(wording / "words.yaml", change)
    after = text_of("19", "2026S1")
    assert "Nửa đầu 2026" in after and "Nửa đầu" not in before
    assert "Có số liệu minh họa" in after
    assert "cao hơn" in after and after.count("cao hơn") > before.count("cao hơn")


def test_edited_letterhead_is_the_reports_letterhead(wording: Path):
    def change(letterhead):
        letterhead["number"] = "Số: ___/{{ symbol }}"
        letterhead["symbol"] = "BC-{{ suffix }}-UB"
        letterhead["date_line"] = "{{ place }}, {{ day }}/{{ month }}/{{ year }}"
        letterhead["levels"]["district"]["signer"] = "KT. TRƯỞNG PHÒNG"
        letterhead["levels"]["district"]["number_suffix"] = "PVHTT"

    edit_yaml(wording / "letterhead.yaml", change)
    doc = report_document("164", "2024S1", today=TODAY)
    assert doc.number == "Số: ___/BC-PVHTT-UB"
    assert doc.place_and_date.endswith(", 29/11/2026")
    assert doc.signer_role == "KT. TRƯỞNG PHÒNG"


def letterhead_of(code: str, period_end: dt.date = TODAY):
    unit = OrgUnit.objects.get(code=code, valid_to__isnull=True)
    return unit, report_letterhead(unit, period_end, report_templates())


def test_the_province_is_reported_by_its_first_listed_department():
    levels = report_templates().letterhead.get("levels")
    unit, letterhead = letterhead_of("19")
    first = OrgUnit.objects.get(code=f"19.{levels['province']['bodies'][0]}")
    assert first.name.upper().startswith(letterhead.issuing_body)
    assert unit.name.upper() not in letterhead.issuing_body  # the province is the line above
    assert unit.name.upper() in letterhead.issuing_parent


def test_without_its_departments_the_province_falls_back_to_the_levels_body(wording: Path):
    edit_yaml(
        wording / "letterhead.yaml", lambda data: data["levels"]["province"].update(bodies=["X"])
    )
    _, letterhead = letterhead_of("19")
    levels = report_templates().letterhead.get("levels")
    assert letterhead.issuing_body == levels["province"]["body"]


def test_a_commune_and_a_district_take_their_levels_letterhead():
    levels = report_templates().letterhead.get("levels")
    for level in ("district", "commune"):
        unit = OrgUnit.objects.filter(level=level).order_by("path").first()
        letterhead = report_letterhead(unit, TODAY, report_templates())
        assert letterhead.issuing_body == levels[level]["body"]
        assert letterhead.signer_role == levels[level]["signer"]
        assert letterhead.number_suffix == levels[level]["number_suffix"]
