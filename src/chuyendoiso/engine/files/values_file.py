"""Data values as CSV: read a file of figures (row-numbered errors), write an export."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from chuyendoiso.engine.domain.datavalues import (
    VALUE_FIELDS,
    DataValue,
    Status,
    ValueField,
    field_text,
)
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.csv_cells import DECIMAL, escape_cell, unescape_cell

# the fields of a data value are the file's columns, in their order, except these: an import
# gives values of the calendar year, and names its file as their source; the status is the
# last column of a CSV file, optional (approved when absent; see STATUS_COLUMN)
NOT_IN_FILE = {"calendar", "status", "source"}
# the columns whose name is not the field's
COLUMN_NAMES = {"change_stated": "change_vs_last_year", "level_stated": "level_vs_last_year"}
FILE_FIELDS = {
    COLUMN_NAMES.get(each.name, each.name): each
    for each in VALUE_FIELDS
    if each.name not in NOT_IN_FILE
}
COLUMNS = list(FILE_FIELDS)
# approved or draft: an export says which values are not approved, and its import keeps them
# so (a draft stays a draft). Only the CSV file has it: an Excel template's values are always
# drafts, and a dataValueSets payload gets its status from the request.
STATUS_COLUMN = "status"
CSV_COLUMNS = [*COLUMNS, STATUS_COLUMN]
REQUIRED = [column for column, each in FILE_FIELDS.items() if each.required]
_WHOLE = re.compile(r"\d+", re.ASCII)


@dataclass(frozen=True)
class ValuesFile:
    """The values of a file, in order, and the file row each was read from; read with
    ``partial``, the problems of the rows left out (a bad cell), to be reported with those
    found later against the database."""

    values: list[DataValue]
    rows: list[int]
    problems: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def read_values_csv(path: str | Path, *, source: str = "") -> list[DataValue]:
    """Read every row or raise one ValidationError listing each bad cell (row, column, reason).

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    return read_values_file(path, source=source).values


def read_values_file(path: str | Path, *, source: str = "", partial: bool = False) -> ValuesFile:
    """:func:`read_values_csv` with the file row of each value, for errors found later; with
    ``partial``, the rows with a bad cell are left out and their problems returned."""
    path = Path(path)
    text = read_utf8(path)
    return parse_values_file(text, file=str(path), source=source or path.name, partial=partial)


def read_utf8(path: Path) -> str:
    """A text file's content (UTF-8, with or without a byte-order mark), or an error naming
    the file."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            f"Không đọc được tệp / cannot read file: {exc}", file=str(path)
        ) from exc


def parse_values_csv(text: str, *, file: str, source: str) -> list[DataValue]:
    return parse_values_file(text, file=file, source=source).values


def parse_values_file(text: str, *, file: str, source: str, partial: bool = False) -> ValuesFile:
    records = _records(text, file)
    header = [name.strip() for name in records[0]] if records else []
    _check_header(header, file)
    values: list[DataValue] = []
    rows: list[int] = []
    problems: list[dict[str, Any]] = []
    # every record counts, a blank line too, so that row numbers are the spreadsheet's
    for row_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):  # a blank line, or a spreadsheet's ",,,"
            continue
        if len(record) > len(header):
            problems.append(
                {
                    "row": row_number,
                    "column": "",
                    "value": ",".join(record[len(header) :]),
                    "reason": f"dòng có {len(record)} ô, tiêu đề có {len(header)} cột "
                    f"/ {len(record)} cells but {len(header)} columns",
                }
            )
            continue
        known = len(problems)
        cells = _Cells(dict(zip(header, record, strict=False)), row_number, problems)
        status = cells.choice(STATUS_COLUMN, Status, Status.APPROVED)
        value = _value(cells, source, {"status": status})
        if len(problems) == known:
            values.append(value)
            rows.append(row_number)
    if problems and not partial:
        raise ValidationError(
            f"Tệp có {len(problems)} ô không hợp lệ / {len(problems)} bad cell(s)",
            file=file,
            errors=problems,
        )
    return ValuesFile(values=values, rows=rows, problems=problems)


def _records(text: str, file: str) -> list[list[str]]:
    # strict: a quote never closed would otherwise swallow every row after it into one cell
    reader = csv.reader(io.StringIO(text), strict=True)
    records: list[list[str]] = []
    line = 1  # the file line the record being read starts on
    try:
        for record in reader:
            records.append(record)
            line = reader.line_num + 1
    except csv.Error as exc:
        row = len(records) + 1
        if reader.line_num > line or "end of data" in str(exc):  # ran on past its line
            message = (
                f"dấu ngoặc kép mở ở dòng {row} không được đóng / a quote opened in row "
                f"{row} (line {line}) is never closed"
            )
        else:
            message = f"Tệp CSV hỏng ở dòng {row} / malformed CSV in row {row}: {exc}"
        raise ValidationError(message, file=file, row=row, line=line) from exc
    return records


def _check_header(header: list[str], file: str) -> None:
    named = set(header)
    missing = [column for column in REQUIRED if column not in named]
    # a column without a name (a spreadsheet's trailing comma) is ignored
    unknown = [column for column in header if column and column not in CSV_COLUMNS]
    counts = Counter(column for column in header if column)
    repeated = sorted(column for column, count in counts.items() if count > 1)
    if not (missing or unknown or repeated):
        return
    reasons = []
    if missing:
        reasons.append(f"thiếu cột / missing columns: {', '.join(missing)}")
    if unknown:  # a misspelt optional column would otherwise be dropped without a word
        reasons.append(f"cột không được hỗ trợ / unknown columns: {', '.join(unknown)}")
    if repeated:
        reasons.append(f"cột lặp lại / repeated columns: {', '.join(repeated)}")
    raise ValidationError(
        "; ".join(reasons),
        file=file,
        row=1,
        columns=missing,
        unknown_columns=unknown,
        repeated_columns=repeated,
        allowed=", ".join(CSV_COLUMNS),
    )


def value_of_cells(
    cells: Mapping[str, str | None],
    *,
    row: int,
    problems: list[dict[str, Any]],
    source: str,
    **fixed: object,
) -> DataValue:
    """One value from the cells of a record, by column name, as a file row is read: each bad
    cell is added to ``problems`` with ``row`` (another format's reader uses it too).
    ``fixed``: fields the reader knows for every row (the file's calendar, say)."""
    return _value(_Cells(dict(cells), row, problems), source, fixed)


def _value(cells: _Cells, source: str, fixed: Mapping[str, object]) -> DataValue:
    # an optional cell left empty is the field's default: only the filled ones are read
    given = {
        each.name: cells.read(column, each)
        for column, each in FILE_FIELDS.items()
        if each.required or cells.row.get(column)
    }
    return DataValue(**given, **fixed, source=source)  # type: ignore[arg-type]


class _Cells:
    def __init__(self, row: dict[str, str | None], number: int, problems: list[dict[str, Any]]):
        self.row = row
        self.number = number
        self.problems = problems

    def _bad(self, column: str, reason: str) -> None:
        self.problems.append(
            {"row": self.number, "column": column, "value": self.raw(column), "reason": reason}
        )

    def read(self, column: str, field: ValueField) -> Any:
        """The cell of ``column`` as the field's kind; a bad cell is noted and gives its default."""
        if issubclass(field.kind, StrEnum):
            return self.choice(column, field.kind, field.default)
        if field.kind is Decimal:
            number = self.decimal(column, required=field.required)
            return Decimal(0) if number is None and field.required else number
        if field.kind is int:
            return self.integer(column, cast(int, field.default))
        if field.kind is dt.date:
            return self.date(column)
        return self.text(column, required=field.required)

    def raw(self, column: str) -> str:
        return unescape_cell((self.row.get(column) or "").strip())

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.raw(column)
        if required and not value:
            self._bad(column, "ô bắt buộc đang trống / required cell is empty")
        return value

    def decimal(self, column: str, *, required: bool = True) -> Decimal | None:
        raw = self.raw(column)
        if not raw:
            if required:
                self._bad(column, "ô bắt buộc đang trống / required cell is empty")
            return None
        # plain digits only: Decimal() would also take "1_000", "1e3" and "Infinity", and a
        # spreadsheet's "3.89E+14" has already lost digits
        if not DECIMAL.fullmatch(raw):
            self._bad(column, "không phải số (dùng dấu chấm thập phân) / not a number")
            return None
        return Decimal(raw)

    def integer(self, column: str, default: int) -> int:
        raw = self.raw(column)
        if not raw:
            return default
        if not _WHOLE.fullmatch(raw):
            self._bad(column, "phải là số nguyên không âm / must be a whole number")
            return default
        return int(raw)

    def date(self, column: str) -> dt.date | None:
        raw = self.raw(column)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self._bad(column, "ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD")
            return None

    def choice(self, column: str, enum: type[StrEnum], default: object) -> object:
        raw = self.raw(column)
        if not raw:
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self._bad(column, f"chọn một trong: {allowed} / one of: {allowed}")
            return default


def file_row(value: DataValue) -> dict[str, str]:
    """Every column of a value, as a file writes it."""
    return {column: field_text(getattr(value, each.name)) for column, each in FILE_FIELDS.items()}


def export_rows(values: Iterable[DataValue]) -> list[dict[str, str]]:
    """Every column the file reads, so that an exported file imports back unchanged (a ratio
    without its decimals would be checked again at 0 decimals and refused), and the status."""
    return [{**file_row(value), STATUS_COLUMN: value.status.value} for value in values]


def dumps_csv(rows: Sequence[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: escape_cell(cell) for column, cell in row.items()} for row in rows)
    return out.getvalue()


def dumps_json(rows: Sequence[dict[str, str]]) -> str:
    """Numbers stay strings in JSON so that no reader turns them into floats."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
