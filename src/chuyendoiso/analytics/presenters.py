"""Figures for the pages and the downloads: a dashboard card and a series in Vietnamese
words (``card_text``, ``series_text``), and a table of figures (``selectors.figures_of``)
as CSV, XLSX or JSON (``figures_file``).

The three files carry the same columns. CSV is UTF-8 with a BOM (so that Excel reads the
Vietnamese names right) and every text cell a spreadsheet would run as a formula escaped;
XLSX keeps numbers as numbers, shown with their decimals; JSON keeps numbers as text, as the
values export does, so that no reader turns them into floats. A value is written with the
decimals of its figure (more when it has more, an average per month, say).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from chuyendoiso.analytics.selectors import FigureRow, Point, Series
from chuyendoiso.engine.analytics import Card, Figure, TargetProgress
from chuyendoiso.engine.domain.catalog import MeasureUnit
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.periods import Period, label_vi, same_period_last_year
from chuyendoiso.engine.domain.vnnumbers import (
    describe_change,
    format_figure,
    format_number,
    round_half_up,
)
from chuyendoiso.engine.files.csv_cells import escape_cell

COLUMNS = [
    "indicator",
    "indicator_name_vi",
    "indicator_name_en",
    "org_unit",
    "org_unit_name",
    "period",
    "start_date",
    "end_date",
    "value",
    "numerator",
    "denominator",
    "unit_label_vi",
    "unit_label_en",
    "qualifier",
    "synthetic",
    "complete",
]
SHEET = "Số liệu"
MORE_DECIMALS = 2  # a value with more decimals than its figure's: an average per month
CHANGE_DECIMALS = 2  # "tăng 71,79%"; trailing zeros dropped: "tăng 9%"
OPERATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


def value_decimals(value: Decimal, decimals: int) -> int:
    """The decimals a value is written with: its figure's, or ``MORE_DECIMALS`` when
    rounding to them would change it (an average per month)."""
    if round_half_up(value, decimals) == value:
        return decimals
    return max(decimals, MORE_DECIMALS)


@dataclass(frozen=True)
class CardText:
    """A card in words: ``value`` "gần 140", "99,63%" ("—" without a figure), ``change``
    "tăng 9% so với cùng kỳ năm 2023", each target "≥ 80% (2025): 95% mục tiêu",
    ``status`` the progress ("đúng lộ trình"), "" where there is nothing to say."""

    card: Card
    value: str
    change: str
    national: str
    provincial: str
    status: str


def card_text(card: Card, period: Period) -> CardText:
    percent = card.indicator.unit is MeasureUnit.PERCENT
    change = card.change
    said = ""
    if change is not None and change.percent is not None:
        said = describe_change(change.percent, CHANGE_DECIMALS, same_period_last_year(period).year)
    return CardText(
        card=card,
        value=_shown(card.figure, percent),
        change=said,
        national=_target_text(card.national, percent),
        provincial=_target_text(card.provincial, percent),
        status=card.status.label_vi if card.status else "",
    )


def figure_text(figure: Figure, *, percent: bool) -> str:
    """The figure as stated, with its qualifier: "gần 140", "99,63%", "trên 6,6 triệu"."""
    return format_figure(
        figure.value,
        decimals=value_decimals(figure.value, figure.decimals),
        scale=1 if percent else figure.scale,
        qualifier=figure.qualifier,
        percent=percent,
        pad=False,
    )


@dataclass(frozen=True)
class PointText:
    point: Point
    label: str  # "6 tháng đầu năm 2024"
    value: str  # as ``figure_text``, "—" without a figure


def series_text(series: Series) -> list[PointText]:
    percent = series.indicator.unit is MeasureUnit.PERCENT
    return [PointText(p, label_vi(p.period), _shown(p.figure, percent)) for p in series.points]


def _shown(figure: Figure | None, percent: bool) -> str:
    return figure_text(figure, percent=percent) if figure else "—"


def _target_text(progress: TargetProgress | None, percent: bool) -> str:
    if progress is None:
        return ""
    target = progress.target
    goal = format_figure(
        target.value, decimals=value_decimals(target.value, 0), percent=percent, pad=False
    )
    share = format_number(progress.attainment.percent_of_target, 1)
    return f"{OPERATORS[target.operator.value]} {goal} ({target.year}): {share}% mục tiêu"


@dataclass(frozen=True)
class FiguresFile:
    content: bytes
    filename: str  # "so-lieu-19-2024S1.csv"
    media_type: str


def figure_cells(row: FigureRow) -> dict[str, str | Decimal | None]:
    """The cells of one figure: text, or a Decimal for a number (None: none)."""
    figure, indicator = row.figure, row.indicator
    return {
        "indicator": indicator.code,
        "indicator_name_vi": indicator.name_vi,
        "indicator_name_en": indicator.name_en,
        "org_unit": row.unit.key,
        "org_unit_name": row.unit.name,
        "period": row.period.id,
        "start_date": row.period.start.isoformat(),
        "end_date": row.period.end.isoformat(),
        "value": round_half_up(figure.value, value_decimals(figure.value, figure.decimals)),
        "numerator": _whole(figure.numerator),
        "denominator": _whole(figure.denominator),
        "unit_label_vi": indicator.unit_label_vi,
        "unit_label_en": indicator.unit_label_en,
        "qualifier": figure.qualifier.value,
        "synthetic": "true" if figure.synthetic else "false",
        "complete": "true" if figure.complete else "false",
    }


def _whole(part: Decimal | None) -> Decimal | None:
    """A ratio's part without the zeros a stored number has after its point (1830.000000)."""
    return None if part is None else part.normalize()


def _text(cell: str | Decimal | None) -> str:
    if cell is None:
        return ""
    return format(cell, "f") if isinstance(cell, Decimal) else cell  # "f": never an exponent


def figures_csv(rows: Sequence[FigureRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = figure_cells(row)
        writer.writerow(escape_cell(_text(cells[c])) for c in COLUMNS)  # a number stays
    return out.getvalue().encode("utf-8-sig")


def figures_xlsx(rows: Sequence[FigureRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        cells = figure_cells(row)
        for column, name in enumerate(COLUMNS, start=1):
            _xlsx_cell(sheet.cell(number, column), cells[name])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(cell: Cell, value: str | Decimal | None) -> None:
    if value is None:
        return
    if isinstance(value, Decimal):
        decimals = max(0, -int(value.as_tuple().exponent))
        cell.value = int(value) if value == value.to_integral_value() else value
        cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
        return
    cell.value = escape_cell(value)
    cell.data_type = "s"  # text, never a formula


def figures_json(rows: Sequence[FigureRow]) -> bytes:
    table = [
        {column: None if cell is None else _text(cell) for column, cell in figure_cells(r).items()}
        for r in rows
    ]
    return (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


FORMATS: dict[str, tuple[Callable[[Sequence[FigureRow]], bytes], str]] = {
    "csv": (figures_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        figures_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "json": (figures_json, "application/json"),
}


def figures_file(rows: Sequence[FigureRow], fmt: str, *, name: str) -> FiguresFile:
    """The rows as a file in ``fmt`` (csv, xlsx, json) named ``name``.fmt."""
    if fmt not in FORMATS:
        raise NotFoundError(
            f"Định dạng không hỗ trợ / unsupported format: {fmt}",
            field="format",
            value=fmt,
            expected=", ".join(FORMATS),
        )
    write, media_type = FORMATS[fmt]
    return FiguresFile(write(rows), f"{name}.{fmt}", media_type)
