"""Hostile or careless values files: refused with the place, or read back unchanged."""

import time

import click
import pytest
from click.testing import CliRunner
from django.db import DataError, IntegrityError, OperationalError, connection

from chuyendoiso.cli_setup import django_command
from chuyendoiso.engine.domain.datavalues import DataValue
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.values_file import (
    COLUMNS,
    dumps_csv,
    escape_cell,
    export_rows,
    parse_values_file,
    unescape_cell,
)
from tests.test_cli import run

HEADER = "indicator,org_unit,period,value,comment\n"


def parse(text: str):
    return parse_values_file(text, file="upload.csv", source="upload.csv")


def test_an_unclosed_quote_is_refused_at_the_row_it_opened():
    text = HEADER + 'HTS_BTS,19,2024Q1,1,ok\nHTS_BTS,19,2024Q2,2,"never closed\n'
    text += "HTS_BTS,19,2024Q3,3,\nHTS_BTS,19,2024Q4,4,\n"
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert caught.value.extra["row"] == 3
    assert "never closed" in caught.value.message


def test_a_quoted_cell_over_several_lines_is_still_read():
    read = parse(HEADER + 'HTS_BTS,19,2024Q1,1,"two\nlines"\nHTS_BTS,19,2024Q2,2,\n')
    assert [value.comment for value in read.values] == ["two\nlines", ""]
    assert read.rows == [2, 3]


@pytest.mark.parametrize(
    "cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "'=x", "''@y", "'", "-5", "-0.5", "a=b", ""]
)
def test_an_escaped_cell_reads_back_unchanged(cell):
    escaped = escape_cell(cell)
    assert unescape_cell(escaped) == cell
    if cell[:1] in {"=", "+", "@"} or cell == "-2+3":
        assert escaped.startswith("'")
    if cell in {"-5", "-0.5", "a=b", ""}:  # a plain number or text stays as it is
        assert escaped == cell


def test_a_formula_in_a_code_is_exported_escaped_and_imported_back():
    value = DataValue(indicator="=HYPERLINK(1)", org_unit="@19", period="-1+2", value=5)
    text = dumps_csv(export_rows([value]))
    assert "\n'=HYPERLINK(1),'@19,'-1+2,,5," in text
    [back] = parse(text).values
    assert (back.indicator, back.org_unit, back.period) == ("=HYPERLINK(1)", "@19", "-1+2")


def test_the_header_check_is_linear():
    header = ",".join([*COLUMNS, *(f"x{number}" for number in range(40_000))])
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        parse(header + "\n")
    # linear: a check per pair of columns would take minutes for 40,000 of them
    assert time.perf_counter() - started < 30
    assert len(caught.value.extra["unknown_columns"]) == 40_000
    repeated = ",".join([*COLUMNS, *COLUMNS[:2]] * 2)
    with pytest.raises(ValidationError) as caught:
        parse(repeated + "\n")
    assert caught.value.extra["repeated_columns"] == sorted(COLUMNS)


@pytest.mark.django_db
def test_an_unknown_category_option_is_refused_with_its_row(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator,org_unit,period,category_option,value\n"
        "CQS_HS_TIEP_NHAN,19,2024Q4,CHANNEL:NOPE,5\n",
        encoding="utf-8",
    )
    result = run("values", "import", str(path))
    assert result.exit_code == 2
    assert "row=2" in result.output and "field=category_option" in result.output


@pytest.mark.django_db
def test_a_nul_byte_is_not_reported_as_a_missing_database(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "HTS_BTS,19,2024Q4,1900,a\x00b\n", encoding="utf-8")
    result = run("values", "import", str(path))
    assert "DATABASE_URL" not in result.output and "cds migrate" not in result.output
    if connection.vendor == "postgresql":  # SQLite stores the character
        assert result.exit_code == 2 and "NUL" in result.output


@pytest.mark.parametrize(
    ("error", "said", "not_said"),
    [
        (IntegrityError("UNIQUE constraint failed"), "rule of the database", "DATABASE_URL"),
        (DataError("text cannot contain NUL (0x00) bytes"), "NUL character", "DATABASE_URL"),
        (OperationalError("could not connect"), "DATABASE_URL", "rule of the database"),
    ],
)
def test_each_database_error_has_its_own_message(error, said, not_said):
    @click.command()
    @django_command(migrates=True)
    def failing() -> None:
        raise error

    result = CliRunner().invoke(failing, [])
    assert result.exit_code == 2
    assert said in result.output and not_said not in result.output
