"""`cds values export --status`: the export says which values are not approved, and a file
with drafts imports back as it was (a draft stays a draft)."""

import csv
import io

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue

pytestmark = pytest.mark.django_db

HEADER = (
    "indicator,org_unit,period,category_option,value,numerator,denominator,qualifier,"
    "decimals,scale,reference_date,origin,comment,change_vs_last_year,level_vs_last_year,status"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _draft_of_bts(tmp_path):
    """A draft of 2,000 BTS stations beside the approved 1,830 of the half-year."""
    path = tmp_path / "draft.csv"
    path.write_text(
        HEADER + "\nHTS_BTS,19,2024S1,,2000,,,exact,0,1,,reported,đếm lại,,,draft\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path), "--actor", "test")
    assert result.exit_code == 0, result.output


def _exported(*args: str) -> list[dict[str, str]]:
    result = run("values", "export", "--org", "19", "--period", "2024S1", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def _bts(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [
        (row["value"], row["status"])
        for row in rows
        if (row["indicator"], row["org_unit"], row["period"]) == ("HTS_BTS", "19", "2024S1")
    ]


def test_a_draft_in_a_file_is_stored_as_a_draft_beside_the_approved_value(tmp_path):
    _draft_of_bts(tmp_path)
    stored = DataValue.objects.filter(
        indicator__code="HTS_BTS", org_unit__code="19", period_type="half", start_date__year=2024
    )
    assert sorted(stored.values_list("status", "value")) == [
        ("approved", 1830),
        ("draft", 2000),
    ]


def test_the_export_lists_approved_values_unless_asked_and_says_which(tmp_path):
    _draft_of_bts(tmp_path)
    assert _bts(_exported()) == [("1830", "approved")]
    assert _bts(_exported("--status", "draft")) == [("2000", "draft")]
    assert _bts(_exported("--status", "all")) == [("1830", "approved"), ("2000", "draft")]
    everything = _exported("--status", "all")
    assert {row["status"] for row in everything} == {"approved", "draft"}
    assert len(everything) == len(_exported()) + 1


def test_an_export_with_drafts_imports_back_unchanged(tmp_path):
    _draft_of_bts(tmp_path)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export = ["values", "export", "--org", "19", "--period", "2024S1", "--status", "all", "-o"]
    assert run(*export, str(first)).exit_code == 0
    result = run("import", str(first))
    assert result.exit_code == 0, result.output
    assert "mới / new 0, đổi / updated 0" in result.output
    assert run(*export, str(second)).exit_code == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_a_bad_status_is_named_at_its_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER + "\nHTS_BTS,19,2024S1,,2000,,,exact,0,1,,reported,,,,chờ duyệt\n",
        encoding="utf-8",
    )
    before = DataValue.objects.count()
    result = run("values", "import", str(path), "--actor", "test")
    assert result.exit_code != 0
    assert "status" in result.output and "chờ duyệt" in result.output
    assert "draft, approved" in result.output
    assert DataValue.objects.count() == before
