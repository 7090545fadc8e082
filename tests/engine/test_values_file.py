from decimal import Decimal

import pytest

from chuyendoiso.engine.datavalues import DataValue, Origin, Qualifier
from chuyendoiso.engine.errors import ValidationError
from chuyendoiso.engine.values_file import (
    dumps_csv,
    dumps_json,
    export_rows,
    parse_values_csv,
    read_values_csv,
)

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
