"""Figures as downloads (CSV, XLSX, JSON), read back with csv, openpyxl and json; cards in words."""

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.presenters import (
    COLUMNS,
    card_text,
    figures_csv,
    figures_file,
    figures_json,
    figures_xlsx,
)
from chuyendoiso.analytics.selectors import FigureRow, Unit, cards_of, figures_of
from chuyendoiso.engine.analytics import Figure
from chuyendoiso.engine.domain.catalog import (
    Indicator,
    MeasureUnit,
    OrgAggregation,
    TimeAggregation,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import Origin, Qualifier
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit

S1 = parse_period("2024S1")
RATE = Indicator(
    code="CQS_HS_DUNG_HAN_TY_LE",
    name_vi="Tỷ lệ hồ sơ đúng hạn",
    name_en="On-time dossiers (%)",
    pillar="CQS",
    unit=MeasureUnit.PERCENT,
    value_type=ValueType.RATIO,
    aggregation_org=OrgAggregation.RATIO,
    aggregation_time=TimeAggregation.FLOW,
    unit_label_vi="%",
    unit_label_en="%",
)
# a name a spreadsheet would run as a formula, had it not been escaped
TRAP = replace(
    RATE,
    code="NTS_TRAP",
    name_vi='=HYPERLINK("http://x","bấm")',
    name_en="@SUM(A1)",
    unit=MeasureUnit.PER_MONTH,
    value_type=ValueType.COUNT,
    aggregation_org=OrgAggregation.SUM,
    aggregation_time=TimeAggregation.RATE_PER_MONTH,
    unit_label_vi="-chuyên mục",
    unit_label_en="programmes",
)
UNIT = Unit(key="164@before_2025", code="164", name="Thành phố Thái Nguyên", level="district")


def figure(value, **kw) -> Figure:
    return Figure(indicator="X", unit="1", period=S1, value=Decimal(value), own_period=S1, **kw)


ROWS = [
    FigureRow(
        RATE,
        UNIT,
        S1,
        figure(
            "99.60",
            numerator=Decimal("262000.000000"),
            denominator=Decimal("263052.000000"),
            decimals=2,
        ),
    ),
    # an average per month: 25 programmes over 3 months
    FigureRow(
        TRAP,
        UNIT,
        S1,
        figure(Decimal(25) / 3, qualifier=Qualifier.GAN, origins=frozenset({Origin.SYNTHETIC})),
    ),
]


def test_csv_has_a_bom_escapes_formulas_and_reads_back():
    content = figures_csv(ROWS)
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert list(table[0]) == COLUMNS
    rate, trap = table
    assert (rate["value"], rate["numerator"], rate["denominator"]) == ("99.60", "262000", "263052")
    assert (rate["org_unit"], rate["period"], rate["start_date"]) == (
        "164@before_2025",
        "2024S1",
        "2024-01-01",
    )
    assert (rate["synthetic"], rate["complete"], rate["qualifier"]) == ("false", "true", "exact")
    assert trap["value"] == "8.33"  # more decimals than the figure's 0, as it has them
    assert trap["indicator_name_vi"] == "'" + TRAP.name_vi
    assert trap["indicator_name_en"] == "'@SUM(A1)"
    assert trap["unit_label_vi"] == "'-chuyên mục"
    assert (trap["synthetic"], trap["qualifier"]) == ("true", "gan")


def test_xlsx_keeps_numbers_as_numbers_with_their_decimals():
    book = load_workbook(io.BytesIO(figures_xlsx(ROWS)))
    sheet = book["Số liệu"]
    assert [cell.value for cell in sheet[1]] == COLUMNS
    column = {name: index for index, name in enumerate(COLUMNS)}
    rate, trap = list(sheet.iter_rows(min_row=2))
    assert rate[column["value"]].value == pytest.approx(99.6)
    assert rate[column["value"]].number_format == "#,##0.00"
    assert rate[column["numerator"]].value == 262000
    assert rate[column["numerator"]].number_format == "#,##0"
    assert trap[column["value"]].value == pytest.approx(8.33)
    name = trap[column["indicator_name_vi"]]
    assert name.data_type == "s" and name.value == "'" + TRAP.name_vi
    assert rate[column["numerator"]].data_type == "n"
    assert trap[column["numerator"]].value is None


def test_json_keeps_numbers_as_text():
    table = json.loads(figures_json(ROWS))
    assert [row["value"] for row in table] == ["99.60", "8.33"]
    assert table[0]["numerator"] == "262000" and table[1]["numerator"] is None
    assert table[1]["indicator_name_vi"] == TRAP.name_vi  # JSON is no spreadsheet
    assert list(table[0]) == COLUMNS


def test_a_file_by_format_and_an_unknown_format():
    file = figures_file(ROWS, "xlsx", name="so-lieu-164-2024S1")
    assert file.filename == "so-lieu-164-2024S1.xlsx" and file.content.startswith(b"PK")
    assert figures_file(ROWS, "csv", name="x").media_type == "text/csv; charset=utf-8"
    with pytest.raises(NotFoundError) as caught:
        figures_file(ROWS, "pdf", name="x")
    assert caught.value.extra["field"] == "format"


@pytest.mark.django_db
def test_the_demo_figures_download_and_read_back_equal():
    province = OrgUnit.objects.get(code="19", structure="")
    codes = ["HTS_BTS", "HTS_TB_DI_DONG", "CQS_HS_DUNG_HAN_TY_LE", "KTS_DOANH_THU"]
    rows = figures_of(PUBLIC, codes, [province], [parse_period("2023S2"), S1])
    as_csv = list(csv.DictReader(io.StringIO(figures_csv(rows).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(figures_xlsx(rows)))["Số liệu"]
    as_xlsx = list(sheet.iter_rows(min_row=2, values_only=True))
    as_json = json.loads(figures_json(rows))
    assert len(as_csv) == len(as_xlsx) == len(as_json) == len(rows) >= 6
    value = COLUMNS.index("value")
    for row, line, cells, item in zip(rows, as_csv, as_xlsx, as_json, strict=True):
        assert Decimal(line["value"]) == Decimal(item["value"]) == row.figure.value
        assert cells[value] == pytest.approx(float(row.figure.value))
    seed = {(line["indicator"], line["period"]): line["value"] for line in as_csv}
    assert seed[("HTS_BTS", "2024S1")] == "1830"
    assert seed[("HTS_TB_DI_DONG", "2024S1")] == "1567705"
    assert seed[("CQS_HS_DUNG_HAN_TY_LE", "2024S1")] == "99.63"


@pytest.mark.django_db
def test_cards_in_words():
    province = OrgUnit.objects.get(code="19", structure="")
    cards = {c.indicator.code: c for c in cards_of(PUBLIC, province, S1)}
    texts = {code: card_text(card, S1) for code, card in cards.items()}
    assert texts["HTS_BTS"].value == "1.830"
    assert texts["XHS_HSSK_TY_LE"].value == "80,2%"
    assert texts["XHS_HSSK_TY_LE"].national == "≥ 90% (2025): 89,1% mục tiêu"
    assert texts["KTS_DOANH_THU"].value == "khoảng 389 nghìn tỷ"
    assert texts["NTS_TRANG_CDS_TIN_BAI"].change == "tăng 71,79% so với cùng kỳ năm 2023"
    assert texts["NTS_TRANG_CDS_TIN_BAI"].status == "đúng lộ trình"
    assert texts["HTS_TB_3G4G_TY_LE"].value == "—"  # no figure for the half-year
