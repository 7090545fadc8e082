import csv
import io
from decimal import Decimal

import pytest

from chuyendoiso.engine.domain.datavalues import (
    VALUE_FIELDS,
    DataValue,
    Origin,
    Qualifier,
    Status,
)
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.values_file import (
    COLUMNS,
    NOT_IN_FILE,
    REQUIRED,
    dumps_csv,
    dumps_json,
    export_rows,
    file_row,
    parse_values_csv,
    parse_values_file,
    read_values_csv,
)
from tests.engine.domain.samples import at_default, every_field_set

HEADER = (
    "indicator,org_unit,period,category_option,value,numerator,denominator,"
    "qualifier,decimals,scale,reference_date,origin,comment\n"
)


def parse(body: str):
    return parse_values_csv(HEADER + body, file="x.csv", source="x")


def test_reads_exact_decimals_and_qualifiers():
    values = parse(
        "KTS_DOANH_THU,19,2024S1,,389000000000000,,,khoang,0,1000000000000,,reported,\n"
        "CQS_STDV_TY_LE,19,2024S1,,89.44,88020,98408,exact,2,1,,reported,\n"
        "CQS_DDDT,19,20240415,,822099,,,,,,2024-04-15,,\n"
    )
    assert values[0].value == Decimal("389000000000000")
    assert values[0].qualifier is Qualifier.KHOANG
    assert values[0].scale == 10**12
    assert values[1].value == Decimal("89.44") and values[1].denominator == Decimal(98408)
    assert values[2].qualifier is Qualifier.EXACT and values[2].origin is Origin.REPORTED
    assert values[2].reference_date.isoformat() == "2024-04-15"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (",19,2024S1,,1,,,,,,,,", "indicator"),
        ("A,19,2024S1,,,,,,,,,,", "value"),
        ("A,19,2024S1,,1.567.705,,,,,,,,", "value"),
        ("A,19,2024S1,,1e400x,,,,,,,,", "value"),
        ("A,19,2024S1,,NaN,,,,,,,,", "value"),
        ("A,19,2024S1,,1,,,about,,,,,", "qualifier"),
        ("A,19,2024S1,,1,,,,-1,,,,", "decimals"),
        ("A,19,2024S1,,1,,,,,,15/4/2024,,", "reference_date"),
        ("A,19,2024S1,,1,,,,,,,invented,", "origin"),
    ],
)
def test_bad_cell_is_reported_with_row_and_column(row, column):
    with pytest.raises(ValidationError) as caught:
        parse("A,19,2024S1,,1,,,,,,,,\n" + row + "\n")
    errors = caught.value.extra["errors"]
    assert caught.value.extra["file"] == "x.csv"
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)]


def test_missing_columns_are_named():
    with pytest.raises(ValidationError) as caught:
        parse_values_csv("indicator,period\nA,2024\n", file="x.csv", source="x")
    assert caught.value.extra["columns"] == ["org_unit", "value"]


def test_unreadable_file(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        HEADER.encode() + "A,19,2024S1,,1,,,,,,,,Hà Nội\n".encode("latin-1", "replace") + b"\xff\n"
    )
    with pytest.raises(ValidationError) as caught:
        read_values_csv(path)
    assert caught.value.extra["file"] == str(path)


def test_export_keeps_decimals_as_exact_strings():
    rows = export_rows(
        [
            DataValue(
                indicator="KTS_DOANH_THU",
                org_unit="19",
                period="2024S1",
                value=Decimal("389000000000000.000000"),
            ),
            DataValue(
                indicator="R",
                org_unit="19",
                period="2024S1",
                value=Decimal("89.440000"),
                numerator=Decimal("88020"),
                denominator=Decimal("98408"),
            ),
        ]
    )
    assert rows[0]["value"] == "389000000000000"
    assert rows[1]["value"] == "89.44"
    assert '"value": "389000000000000"' in dumps_json(rows)
    assert dumps_csv(rows).splitlines()[2].startswith("R,19,2024S1,,89.44,88020,98408,exact")


def test_row_numbers_count_blank_lines_as_a_spreadsheet_does():
    text = HEADER + "A,19,2024S1,,1,,,,,,,,\n\n,,,,,,,,,,,,\nA,19,2024S1,,abc,,,,,,,,\n"
    with pytest.raises(ValidationError) as caught:
        parse_values_csv(text, file="x.csv", source="x")
    assert [(e["row"], e["column"]) for e in caught.value.extra["errors"]] == [(5, "value")]


def test_the_file_row_of_each_value_is_kept():
    text = HEADER + "A,19,2024S1,,1,,,,,,,,\n\nB,19,2024S1,,2,,,,,,,,\n"
    read = parse_values_file(text, file="x.csv", source="x")
    assert [(v.indicator, row) for v, row in zip(read.values, read.rows, strict=True)] == [
        ("A", 2),
        ("B", 4),
    ]


def test_a_misspelt_or_repeated_column_is_rejected_not_ignored():
    with pytest.raises(ValidationError) as caught:
        parse_values_csv(
            "indicator,org_unit,period,value,qualifer,value\nA,19,2024,1,gan,2\n",
            file="x.csv",
            source="x",
        )
    assert caught.value.extra["row"] == 1
    assert caught.value.extra["unknown_columns"] == ["qualifer"]
    assert caught.value.extra["repeated_columns"] == ["value"]


def test_a_column_without_a_name_is_ignored():
    values = parse_values_csv(
        "indicator,org_unit,period,value,\nA,19,2024,1,\n", file="x.csv", source="x"
    )
    assert [v.value for v in values] == [Decimal(1)]


def test_a_row_with_more_cells_than_columns_is_rejected():
    with pytest.raises(ValidationError) as caught:
        parse_values_csv(
            "indicator,org_unit,period,value\nA,19,2024,1,5\n", file="x.csv", source="x"
        )
    assert [e["row"] for e in caught.value.extra["errors"]] == [2]


@pytest.mark.parametrize("cell", ["1_000", "3.89E+14", "Infinity", "1,5", "١٢"])
def test_only_plain_decimals_are_numbers(cell):
    with pytest.raises(ValidationError) as caught:
        parse(f'A,19,2024S1,,"{cell}",,,,,,,,\n')
    assert [e["column"] for e in caught.value.extra["errors"]] == ["value"]


@pytest.mark.parametrize("cell", ["²", "１", "+1"])
def test_a_whole_number_cell_takes_ascii_digits_only(cell):
    with pytest.raises(ValidationError) as caught:
        parse(f"A,19,2024S1,,1,,,,{cell},,,,\n")
    assert [e["column"] for e in caught.value.extra["errors"]] == ["decimals"]


def test_the_columns_are_the_fields_of_a_value_in_their_order():
    assert COLUMNS[: HEADER.count(",") + 1] == HEADER.strip().split(",")
    assert len(COLUMNS) == len(VALUE_FIELDS) - len(NOT_IN_FILE)
    assert REQUIRED == ["indicator", "org_unit", "period", "value"]


def test_every_field_a_file_holds_is_written_and_read_back():
    value = every_field_set(calendar="calendar", status=Status.APPROVED, source="x.csv")
    assert sorted(at_default(value)) == sorted(NOT_IN_FILE - {"source"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(file_row(value))
    assert parse_values_csv(out.getvalue(), file="x.csv", source="x.csv") == [value]
