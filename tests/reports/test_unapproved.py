"""The report says which figures it leaves out because they are not approved yet: drafts
entered for the unit or the units below it in the report's period."""

import pytest
from click.testing import CliRunner

from chuyendoiso.catalog.models import Indicator
from chuyendoiso.cli import main
from chuyendoiso.reports.factcheck_selectors import factcheck_source
from chuyendoiso.reports.presenters import report_file

pytestmark = pytest.mark.django_db

HEADER = "indicator,org_unit,period,value,origin,status"


def _drafts(tmp_path, *rows: str) -> None:
    path = tmp_path / "drafts.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["values", "import", str(path), "--actor", "test"])
    assert result.exit_code == 0, result.output


def _report(org: str = "19", period: str = "2024S1") -> str:
    return report_file(org, period, "md").content.decode("utf-8")


def _name(code: str) -> str:
    return Indicator.objects.get(code=code).name_vi


def test_a_report_without_drafts_has_no_note_on_them():
    assert "chờ phê duyệt" not in _report()


def test_the_report_names_the_drafts_it_leaves_out_and_keeps_its_figures(tmp_path):
    _drafts(
        tmp_path,
        "HTS_BTS,19,2024S1,2000,reported,draft",
        "HTS_BTS,164,2024S1,350,reported,draft",
        "HTS_BTS,164,202402,300,reported,draft",
    )
    text = _report()
    note = next(line for line in text.splitlines() if "chờ phê duyệt" in line)
    assert "3 số liệu" in note and ": 2)" in note
    assert _name("HTS_BTS").lower() in note.lower()
    assert "1.830" in text and "2.000" not in text  # the approved figure, not the draft
    result = factcheck_source(text, "", org_code="19")
    assert [c.message for c in result.inconsistent] == []


def test_drafts_of_another_period_or_outside_the_unit_are_not_counted(tmp_path):
    _drafts(
        tmp_path,
        "HTS_BTS,19,2024S2,2000,reported,draft",  # another half-year
        "HTS_BTS,164,2024S1,350,reported,draft",  # the city, below the province
    )
    assert "chờ phê duyệt" not in _report("19", "2023S1")
    city = next(line for line in _report("164").splitlines() if "chờ phê duyệt" in line)
    assert "1 số liệu" in city and ": 1)" in city
    other_district = _report("165")
    assert "chờ phê duyệt" not in other_district
