import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import CdsError

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_values_export_csv_lists_descendants_with_the_documented_columns():
    result = run("values", "export", "--org", "19", "--period", "2024S1", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == [
        "indicator",
        "org_unit",
        "period",
        "category_option",
        "value",
        "numerator",
        "denominator",
        "qualifier",
        "decimals",
        "scale",
        "reference_date",
        "origin",
        "comment",
        "change_vs_last_year",
        "level_vs_last_year",
        "status",
    ]
    assert {row["status"] for row in rows} == {"approved"}
    districts = {row["org_unit"] for row in rows if len(row["org_unit"]) == 3}
    assert len(districts) == 9  # the synthetic district breakdown is inside the province


def test_an_exported_file_imports_back_unchanged(tmp_path):
    """Ratios keep their decimals (89,44 %), so that their parts are checked as stated."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export = ["values", "export", "--org", "19", "--period", "2024", "-o"]
    assert run(*export, str(first)).exit_code == 0
    exported = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert any(row["numerator"] and row["decimals"] not in ("", "0") for row in exported)
    result = run("values", "import", str(first), "--actor", "test")
    assert result.exit_code == 0, result.output
    assert run(*export, str(second)).exit_code == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_values_export_of_a_district_stays_in_the_district():
    result = run("values", "export", "--org", "164", "--period", "2024S1", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(row["org_unit"] == "164" or len(row["org_unit"]) == 5 for row in rows)


def test_values_export_to_a_file(tmp_path):
    out = tmp_path / "values.json"
    result = run(
        "values",
        "export",
        "--org",
        "19",
        "--period",
        "20240415",
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    indicators = {row["indicator"] for row in json.loads(out.read_text(encoding="utf-8"))}
    assert {"CQS_DDDT_THU_NHAN", "CQS_DDDT_KICH_HOAT", "CQS_DDDT_KICH_HOAT_TY_LE"} <= indicators


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "19", "--period", "2024S3"], "2024S3"),
        (["--org", "404", "--period", "2024S1"], "404"),
        (["--org", "164", "--period", "2026S1"], "164"),
    ],
)
def test_values_export_bad_input_is_a_clear_error(args, message):
    result = run("values", "export", *args)
    assert result.exit_code == 2
    assert "Lỗi:" in result.output and message in result.output


def test_values_import_reports_row_and_column(tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text(
        "indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1900\nHTS_BTS,19,2024Q4,abc\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path))
    assert result.exit_code == 2
    assert "row=3" in result.output and "column=value" in result.output


def test_values_import_loads_a_good_file(tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text("indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1900\n", encoding="utf-8")
    result = run("values", "import", str(path))
    assert result.exit_code == 0, result.output
    exported = run("values", "export", "--org", "19", "--period", "2024Q4", "--format", "json")
    assert [
        row["value"]
        for row in json.loads(exported.output)
        if (row["indicator"], row["org_unit"], row["period"]) == ("HTS_BTS", "19", "2024Q4")
    ] == ["1900"]


def test_help_is_vietnamese_first():
    result = run("--help")
    assert result.exit_code == 0
    assert "chuyển đổi số" in result.output
    for command in ("demo", "serve", "catalog", "values", "orgunits"):
        assert command in result.output


def test_an_output_file_that_cannot_be_written_is_named(tmp_path):
    target = tmp_path / "missing-folder" / "values.json"
    result = run("values", "export", "--org", "19", "--period", "2024S1", "-o", str(target))
    assert result.exit_code == 2
    assert str(target) in result.output and "Traceback" not in result.output


def test_values_import_names_the_file_row_of_a_problem_found_in_the_database(tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text(
        "indicator,org_unit,period,value\nHTS_BTS,19,2024Q4,1900\n\nNO_SUCH,19,2024Q4,1\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path))
    assert result.exit_code == 2
    assert "row=4, field=indicator" in result.output and str(path) in result.output


def test_a_database_without_tables_is_a_clear_error(monkeypatch):
    from django.db import OperationalError

    def missing_table(**kwargs):
        raise OperationalError("no such table: datavalues_datavalue")

    monkeypatch.setattr("chuyendoiso.datavalues.selectors.datavalues_within", missing_table)
    result = run("values", "export", "--org", "19", "--period", "2024S1")
    assert result.exit_code == 2
    assert "no such table" in result.output and "cds migrate" in result.output
    assert "Traceback" not in result.output


def test_report_docx_without_an_output_file_fails_before_writing(monkeypatch):
    def not_called(*args):
        raise AssertionError("the report was written before the arguments were checked")

    monkeypatch.setattr("chuyendoiso.reports.presenters.report_file", not_called)
    result = run("report", "--org", "19", "--period", "2024S1", "--format", "docx")
    assert result.exit_code == 2
    assert "-o" in result.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["orgunits", "load", "--help"], "--province"),
        (["sources", "generate", "--help"], "--province"),
    ],
)
def test_the_default_province_is_the_setting_and_help_shows_it(settings, args, option):
    settings.PROVINCE = "06"
    result = run(*args)
    assert result.exit_code == 0
    line = result.output[result.output.index(option) :]
    assert re.search(r"\[default:\s+06\s+\(CDS_PROVINCE\)\]", line), result.output


class Called(CdsError):
    """Stops a command where the province reaches the services."""


def test_orgunits_load_loads_the_province_of_the_setting(settings, monkeypatch):
    def load(*, acting_user, province_codes, reason):
        raise Called("called", province_codes=province_codes)

    monkeypatch.setattr("chuyendoiso.orgunits.services.orgunits_load_provinces", load)
    settings.PROVINCE = "06"
    assert "province_codes=['06']" in run("orgunits", "load").output
    assert (
        "province_codes=['19', '22']"
        in run("orgunits", "load", "--province", "19", "--province", "22").output
    )


def test_factcheck_does_not_default_to_the_province_of_the_setting(settings, monkeypatch, tmp_path):
    """Without --org, the unit is the one the text is about (docs/reader.md), not the
    province of the setting: a text of another province is not compared with it."""
    asked = []

    def check(path, name, *, org_code):
        asked.append(org_code)
        raise Called("called")

    monkeypatch.setattr("chuyendoiso.reports.factcheck_selectors.factcheck_source", check)
    report = tmp_path / "bao-cao.txt"
    report.write_text("Có 1.830 trạm BTS.", encoding="utf-8")
    settings.PROVINCE = "06"
    run("factcheck", str(report))
    run("factcheck", str(report), "--org", "19")
    assert asked == ["", "19"]
    help_text = run("factcheck", "--help").output
    assert "CDS_PROVINCE" not in help_text and "suy ra từ văn bản" in help_text


def test_records_are_generated_for_the_province_of_the_setting(settings, monkeypatch, tmp_path):
    def structures(codes):
        raise Called("called", provinces=codes)

    monkeypatch.setattr("chuyendoiso.engine.domain.adminunits_package.load_structures", structures)
    settings.PROVINCE = "06"
    output = tmp_path / "dossiers.csv"
    result = run("sources", "generate", "dossiers", "--rows", "1", "-o", str(output))
    assert "provinces=['06']" in result.output and not output.exists()


def test_a_bad_cell_does_not_hide_the_other_problems_of_the_file(tmp_path):
    from chuyendoiso.datavalues.models import DataValue

    path = tmp_path / "bad.csv"
    path.write_text(
        "indicator,org_unit,period,value\n"
        "HTS_TB_DI_DONG,19,2024S1,12abc\n"
        "KHONG_CO,19,2024S1,5\n"
        "HTS_TB_DI_DONG,999,2024S1,7\n"
        "HTS_TB_DI_DONG,19,2023S1,8\n",
        encoding="utf-8",
    )
    before = DataValue.objects.count()
    result = run("values", "import", str(path), "--actor", "test")
    assert result.exit_code == 2
    lines = [line.strip() for line in result.output.splitlines() if "row=" in line]
    assert [re.search(r"row=(\d+)", line).group(1) for line in lines] == ["2", "3", "4"]
    assert "12abc" in lines[0] and "KHONG_CO" in lines[1] and "999" in lines[2]
    assert all(line.startswith(f"{path}: ") for line in lines)  # the file names each place
    assert DataValue.objects.count() == before  # the good row 5 is not written either
