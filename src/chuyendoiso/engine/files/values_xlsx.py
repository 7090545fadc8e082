"""Excel entry templates (.xlsx) of a reporting regime and period, and reading them back.

A template has one row per unit expected to report, indicator of the regime and option of
its disaggregations (the total first). The codes are in locked cells (the sheet is protected,
the cells to fill are not), the qualifier column offers the Vietnamese words in a list, and a
hidden sheet names the regime, period and template version so that a file of another regime
or period is refused by name. Reading it back gives the filled rows as draft values, and every
bad cell with its sheet, row, column letter and reason, for ``datavalues_import``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chuyendoiso.engine.domain.catalog import Catalog, Indicator, ValueType
from chuyendoiso.engine.domain.datavalues import (
    DataValue,
    Qualifier,
    Status,
    field_text,
    ratio_percent,
)
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Period, label_vi
from chuyendoiso.engine.domain.regimes import DataSet
from chuyendoiso.engine.domain.vnnumbers import parse_typed_number
from chuyendoiso.engine.files.csv_cells import escape_cell, unescape_cell
from chuyendoiso.engine.files.values_file import value_of_cells
from chuyendoiso.engine.files.xlsx_cells import XlsxBook

SHEET = "Số liệu"
META_SHEET = "_cds"
KIND = "chuyendoiso-values-template"
VERSION = "1"
# header, the value field it fills (None: shown only), width
COLUMNS: list[tuple[str, str | None, int]] = [
    ("Mã đơn vị", "org_unit", 12),
    ("Tên đơn vị", None, 28),
    ("Mã chỉ tiêu", "indicator", 26),
    ("Tên chỉ tiêu", None, 50),
    ("Phân tổ", None, 18),
    ("Đơn vị tính", None, 14),
    ("Giá trị", "value", 16),
    ("Tử số", "numerator", 14),
    ("Mẫu số", "denominator", 14),
    ("Cách nêu", "qualifier", 12),
    ("Ghi chú", "comment", 30),
    ("Mã phân tổ", "category_option", 22),  # hidden: the option's code
]
HEADERS = [header for header, _, _ in COLUMNS]
LETTER = {header: get_column_letter(position) for position, header in enumerate(HEADERS, 1)}
HEADER_OF_FIELD = {field: header for header, field, _ in COLUMNS if field}
_FILLED = ("Giá trị", "Tử số", "Mẫu số", "Cách nêu", "Ghi chú")  # unlocked for people
_NUMBERS = ("Giá trị", "Tử số", "Mẫu số")
_READ = list(HEADER_OF_FIELD.values())  # the columns read back (the others are shown only)
TOTAL_LABEL = "Tổng"
QUALIFIER_OF_WORD = {q.word_vi: q for q in Qualifier if q.word_vi}
_UNIT_LABELS = {"percent": "%", "vnd": "đồng", "score": "điểm", "rank": "hạng"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")


@dataclass(frozen=True)
class TemplateUnit:
    code: str
    name: str


@dataclass(frozen=True)
class TemplateRow:
    unit: TemplateUnit
    indicator: Indicator
    option: str  # CATEGORY:OPTION, "" for the total
    option_label: str


def template_rows(
    dataset: DataSet, catalog: Catalog, units: Iterable[TemplateUnit]
) -> list[TemplateRow]:
    """One row per unit, indicator of the regime and option of its disaggregations, the
    total first."""
    categories = {category.code: category for category in catalog.categories}
    per_unit: list[tuple[Indicator, str, str]] = []
    for item in dataset.indicators:
        indicator = catalog.indicator(item.indicator)
        per_unit.append((indicator, "", TOTAL_LABEL))
        for code in item.categories:
            category = categories[code]
            per_unit += [
                (indicator, f"{code}:{option.code}", f"{category.name_vi}: {option.name_vi}")
                for option in category.options
            ]
    return [TemplateRow(unit, *each) for unit in units for each in per_unit]


def write_template(
    out: str | Path | IO[bytes],
    *,
    dataset: DataSet,
    period: Period,
    rows: list[TemplateRow],
    stored: Iterable[DataValue] = (),
) -> None:
    """Write the template; ``stored`` values (drafts already entered) fill their rows."""
    known = {(v.org_unit, v.indicator, v.category_option): v for v in stored}
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(rows, start=2):
        _write_row(sheet, number, row, known.get((row.unit.code, row.indicator.code, row.option)))
    for header, _, width in COLUMNS:
        sheet.column_dimensions[LETTER[header]].width = width
    sheet.column_dimensions[LETTER["Mã phân tổ"]].hidden = True
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # printed: the header on every page, the columns on one
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    last = max(len(rows) + 1, 2)
    words = ",".join(QUALIFIER_OF_WORD)
    listed = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    listed.error = f"Chọn một trong: {words}, hoặc để trống (chính xác)"
    listed.errorTitle = "Cách nêu"
    listed.prompt = "Để trống nếu số liệu chính xác / blank: exact"
    sheet.add_data_validation(listed)
    listed.add(f"{LETTER['Cách nêu']}2:{LETTER['Cách nêu']}{last}")
    # protected without a password: it keeps codes from being changed by mistake
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.auto_filter.ref = f"A1:{LETTER['Ghi chú']}{last}"
    _write_meta(book, dataset, period)
    book.save(out)


def _write_row(sheet: Any, number: int, row: TemplateRow, value: DataValue | None) -> None:
    shown = {
        "Mã đơn vị": row.unit.code,
        "Tên đơn vị": row.unit.name,
        "Mã chỉ tiêu": row.indicator.code,
        "Tên chỉ tiêu": row.indicator.name_vi,
        "Phân tổ": row.option_label,
        "Đơn vị tính": row.indicator.unit_label_vi or _UNIT_LABELS.get(row.indicator.unit, ""),
        "Mã phân tổ": row.option,
    }
    if value is not None:
        shown |= {"Cách nêu": value.qualifier.word_vi, "Ghi chú": value.comment}
    for header, text in shown.items():
        _text_cell(sheet, number, header, text)
    decimals = value.decimals if value is not None else 0
    for header in _NUMBERS:
        cell = sheet[f"{LETTER[header]}{number}"]
        number_value = _number_of(value, header)
        if number_value is not None:
            cell.value = int(number_value) if number_value == int(number_value) else number_value
        cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    ratio = row.indicator.value_type is ValueType.RATIO
    for header in _FILLED:  # the cells people fill; a count has no parts to give
        if ratio or header not in ("Tử số", "Mẫu số"):
            cell = sheet[f"{LETTER[header]}{number}"]
            cell.protection, cell.fill = Protection(locked=False), _INPUT_FILL


def _number_of(value: DataValue | None, header: str) -> Decimal | None:
    if value is None:
        return None
    return {"Giá trị": value.value, "Tử số": value.numerator, "Mẫu số": value.denominator}[header]


def _text_cell(sheet: Any, number: int, header: str, text: str) -> None:
    cell = sheet[f"{LETTER[header]}{number}"]
    cell.value = escape_cell(text) if text else None
    cell.data_type = "s"  # text, never a formula, whatever it starts with
    cell.number_format = "@"  # so that codes such as 001 stay text when edited


def _write_meta(book: Workbook, dataset: DataSet, period: Period) -> None:
    meta = book.create_sheet(META_SHEET)
    for key, text in _meta(dataset.code, period).items():
        meta.append([key, text])
        meta.cell(meta.max_row, 2).data_type = "s"
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


def _meta(dataset_code: str, period: Period) -> dict[str, str]:
    return {
        "kind": KIND,
        "version": VERSION,
        "dataset": dataset_code,
        "period": period.id,
        "calendar": str(period.calendar),
        "period_label": label_vi(period),
    }


# --- reading back ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilledTemplate:
    """The values of the filled rows (drafts), the sheet row each was read from, and the
    problems of the rows left out, each with sheet, row, column letter and reason."""

    dataset: str
    period: str
    calendar: str
    values: list[DataValue]
    rows: list[int]
    problems: list[dict[str, Any]]


def read_template(
    source: str | Path | IO[bytes],
    *,
    name: str = "",
    dataset: str | None = None,
    period: str | None = None,
) -> FilledTemplate:
    """Read a filled template; with ``dataset`` or ``period``, a template of another regime
    or period is refused naming both."""
    file = name or str(source)
    try:
        book = XlsxBook(source)
    except Exception as exc:  # a zip, XML or key error for a file that is not xlsx
        raise _unreadable(exc, file) from exc
    try:
        meta = _read_meta(book, file)
        _check_meta(meta, file, dataset=dataset, period=period)
        if SHEET not in book.sheetnames:
            raise ValidationError(f"Thiếu trang '{SHEET}' / sheet missing", file=file, sheet=SHEET)
        values, rows, problems = _read_rows(book, meta, file)
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _unreadable(exc, file) from exc
    finally:
        book.close()
    return FilledTemplate(meta["dataset"], meta["period"], meta["calendar"], values, rows, problems)


def _unreadable(exc: Exception, file: str) -> ValidationError:
    return ValidationError(
        f"Không đọc được tệp Excel / cannot read the .xlsx file: {exc}", file=file
    )


def _read_meta(book: XlsxBook, file: str) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        raise ValidationError(
            "Tệp không phải mẫu nhập liệu của chuyendoiso (thiếu trang ẩn _cds); hãy tải mẫu "
            "mới / not a chuyendoiso template",
            file=file,
        )
    meta = {
        str(cells[0]): str(cells[1])
        for _, cells, _ in book.rows(META_SHEET, columns=(0, 1))
        if len(cells) == 2 and None not in cells
    }
    if meta.get("kind") != KIND or meta.get("version") != VERSION:
        raise ValidationError(
            f"Phiên bản mẫu không được hỗ trợ ({meta.get('version')}); hãy tải mẫu mới "
            f"/ template version not supported (expected {VERSION})",
            file=file,
        )
    return meta


def _check_meta(
    meta: dict[str, str], file: str, *, dataset: str | None, period: str | None
) -> None:
    wrong = []
    if dataset is not None and meta.get("dataset") != dataset:
        wrong.append(f"chế độ {meta.get('dataset')} thay vì {dataset}")
    if period is not None and meta.get("period") != period:
        wrong.append(f"kỳ {meta.get('period')} thay vì {period}")
    if wrong:
        raise ValidationError(
            f"Tệp là mẫu của {', '.join(wrong)} / the file is the template of another "
            "regime or period",
            file=file,
            dataset=meta.get("dataset"),
            period=meta.get("period"),
        )


def _read_rows(
    book: XlsxBook, meta: dict[str, str], file: str
) -> tuple[list[DataValue], list[int], list[dict[str, Any]]]:
    first = next(book.rows(SHEET), (1, [], []))
    header = [_cell_text(raw) for raw in first[1]] if first[0] == 1 else []
    missing = [name for name in HEADERS if name not in header]
    if missing:
        raise ValidationError(
            f"Thiếu cột / missing columns: {', '.join(missing)}", file=file, sheet=SHEET, row=1
        )
    at = {name: header.index(name) for name in HEADERS}
    values: list[DataValue] = []
    rows: list[int] = []
    problems: list[dict[str, Any]] = []
    source = Path(file).name
    read = {at[name] for name in _READ}  # the columns shown only are not read
    for number, line, formats in book.rows(SHEET, columns=read):
        if number == 1:
            continue  # the header, read above
        cells = {name: line[at[name]] if at[name] < len(line) else None for name in _READ}
        shown = {name: formats[at[name]] for name in _NUMBERS if at[name] < len(formats)}
        found: list[dict[str, Any]] = []
        value = _row_value(cells, shown, number, meta, found, source)
        if value is not None and not found:
            values.append(value)
            rows.append(number)
        problems += [locate(problem) for problem in found]
    return values, rows, problems


def _row_value(
    cells: Mapping[str, Any],
    formats: Mapping[str, str],
    number: int,
    meta: dict[str, str],
    found: list[dict[str, Any]],
    source: str,
) -> DataValue | None:
    if all(_blank(cells[name]) for name in _NUMBERS):
        return None  # not filled: skipped
    given = {
        name: _numbers(cells[name], formats.get(name, ""), name, number, found) for name in _NUMBERS
    }
    value, decimals = given["Giá trị"] or (None, 0)
    parts = given["Tử số"], given["Mẫu số"]
    if value is None and parts[0] and parts[1] and parts[1][0] > 0:
        decimals = 2  # the ratio from its parts, as the reports state it
        value = ratio_percent(parts[0][0], parts[1][0], decimals)
    text = {name: _cell_text(cells[name]) for name in _READ}
    word = text["Cách nêu"].lower()
    qualifier = QUALIFIER_OF_WORD.get(word, word)  # a code (khoang) is read as well
    if word and qualifier not in set(Qualifier):
        words = ", ".join(QUALIFIER_OF_WORD)
        found.append(_problem(number, "Cách nêu", word, f"chọn / one of: {words}, hoặc để trống"))
        qualifier = ""
    record = {
        "org_unit": text["Mã đơn vị"],
        "indicator": text["Mã chỉ tiêu"],
        "category_option": text["Mã phân tổ"],
        "period": meta["period"],
        "value": field_text(value),
        "numerator": field_text(parts[0] and parts[0][0]),
        "denominator": field_text(parts[1] and parts[1][0]),
        "qualifier": str(qualifier),
        "decimals": str(max([decimals] + [p[1] for p in parts if p])),
        "comment": text["Ghi chú"],
    }
    later: list[dict[str, Any]] = []
    read = value_of_cells(
        record,
        row=number,
        problems=later,
        source=source,
        calendar=meta["calendar"],
        status=Status.DRAFT,
    )
    flagged = {problem["column"] for problem in found}
    for problem in later:  # a cell already found bad is not reported again (as empty)
        problem["column"] = HEADER_OF_FIELD.get(problem["column"], problem["column"])
        if problem["column"] not in flagged:
            found.append(problem | {"value": text.get(problem["column"], problem["value"])})
    return read


def _numbers(
    raw: Any, number_format: str, name: str, number: int, found: list[dict[str, Any]]
) -> tuple[Decimal, int] | None:
    """A number cell, typed as a number or as Vietnamese text, and its decimals shown."""
    if _blank(raw):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        found.append(_problem(number, name, raw, "không phải số / not a number"))
        return None
    if isinstance(raw, str):
        try:
            typed = parse_typed_number(unescape_cell(raw))
        except ValidationError as exc:
            found.append(_problem(number, name, raw, exc.message))
            return None
        return typed.value, typed.decimals
    exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)  # 89.44 stays 89.44
    exponent = int(exact.normalize().as_tuple().exponent)
    return exact, max(-exponent, _format_decimals(number_format))


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@cache
def _format_decimals(number_format: str) -> int:
    """The decimals a cell's number format shows ("#,##0.00" -> 2)."""
    found = re.search(r"\.(0+)", number_format)
    return len(found.group(1)) if found else 0


def _cell_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a code turned into a number by a spreadsheet: 19.0 -> 19
    return unescape_cell(str(raw).strip())


def _problem(number: int, column: str, raw: object, reason: str) -> dict[str, Any]:
    return {"row": number, "column": column, "value": str(raw), "reason": reason}


def locate(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem of a template row with its place as a spreadsheet shows it: the sheet, the
    row and the column letter (a problem found by the import names a value field)."""
    header = problem.get("column") or HEADER_OF_FIELD.get(str(problem.get("field", "")), "")
    placed = {"sheet": SHEET, "row": problem.get("row"), "column": LETTER.get(header, "")}
    rest = {k: v for k, v in problem.items() if k not in ("row", "column", "field")}
    return placed | ({"header": header} if header else {}) | rest


def locate_all(problems: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (locate(problem) if "sheet" not in problem else problem for problem in problems)
