"""The cells of an .xlsx workbook's sheets, read as a stream of rows from the sheet's XML.

openpyxl (even read-only) builds objects for every cell and style it meets, which makes a
sheet of 100,000 rows cost seconds more than its XML; the entry templates only need the
values of a few known columns. Each value is typed as openpyxl gives it with ``data_only``
(numbers as int or float, shared and inline strings, booleans, dates for date formats,
error codes as text, a formula's cached result), and each number comes with its cell's
number format, so that the reader of the template keeps the decimals a cell shows.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Collection, Iterator
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _CELL, _VALUE, _INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "is"
_TEXT, _RUN, _SHARED = MAIN + "t", MAIN + "r", MAIN + "si"
GENERAL = "General"
# lxml (installed for python-docx) parses the sheet a third faster than xml.etree; no entity
# of the file is expanded and nothing is fetched
_SAFE: dict[str, Any] = {"resolve_entities": False, "no_network": True}

Row = tuple[int, list[Any], list[str]]  # the row's number, its values and number formats


class XlsxBook:
    """An .xlsx file opened for reading its sheets' cells; close it (or use ``with``)."""

    def __init__(self, source: str | Path | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(source)
        try:
            self._open()
        except BaseException:
            self._zip.close()
            raise

    def _open(self) -> None:
        book = next(
            (part for _, kind, part in _relations(self._zip, "") if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        root = self._xml(book)
        relations = _relations(self._zip, book)
        targets = {each: part for each, _, part in relations}
        self.sheets = {
            str(sheet.get("name")): targets[str(sheet.get(_REL_ID))]
            for sheet in root.iter(MAIN + "sheet")
        }
        properties = root.find(MAIN + "workbookPr")
        mac = properties is not None and properties.get("date1904") in ("1", "true")
        self._epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
        by_type = {kind: part for _, kind, part in relations}
        self._strings = self._shared_strings(by_type.get("sharedStrings"))
        self._formats = self._number_formats(by_type.get("styles"))
        self._dates = {i for i, each in enumerate(self._formats) if is_date_format(each)}
        self._timedeltas = {i for i, each in enumerate(self._formats) if is_timedelta_format(each)}

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _xml(self, part: str) -> Any:
        return _parse(self._zip, part)

    def _shared_strings(self, part: str | None) -> list[str]:
        if part is None:
            return []
        strings = []
        with self._zip.open(part) as stream:
            for _, element in etree.iterparse(stream, tag=_SHARED, **_SAFE):
                strings.append(_text_of(element))
                _forget(element)
        return strings

    def _number_formats(self, part: str | None) -> list[str]:
        """The number format of each cell style, by its index (a cell's ``s``)."""
        if part is None:
            return [GENERAL]
        root = self._xml(part)
        custom = {
            int(each.get("numFmtId", 0)): each.get("formatCode", GENERAL)
            for each in root.iter(MAIN + "numFmt")
        }
        styles = root.find(MAIN + "cellXfs")
        formats = [
            custom.get(number) or BUILTIN_FORMATS.get(number, GENERAL)
            for number in (int(xf.get("numFmtId", 0)) for xf in (() if styles is None else styles))
        ]
        return formats or [GENERAL]

    def rows(self, sheet: str, columns: Collection[int] | None = None) -> Iterator[Row]:
        """The rows of ``sheet`` that have cells, in order, each as (number, values, number
        formats) with a list position per column (0 for A; None where no cell); with
        ``columns``, only those positions are read (the others are left None)."""
        with self._zip.open(self.sheets[sheet]) as stream:
            number = 0
            # events for the rows only: lxml walks the other elements in C
            for _, element in etree.iterparse(stream, tag=_ROW, **_SAFE):
                found = element.get("r")
                number = int(float(found)) if found else number + 1
                yield (number, *self._cells(element, columns))
                _forget(element)

    def _cells(self, row: Any, columns: Collection[int] | None) -> tuple[list[Any], list[str]]:
        width = max(columns, default=-1) + 1 if columns is not None else 0
        values: list[Any] = [None] * width
        formats = [GENERAL] * width
        position = -1
        for cell in row.iterchildren(_CELL):
            place = cell.get("r")
            position = _column(place) if place else position + 1
            if columns is not None and position not in columns:
                continue
            if position >= len(values):
                values += [None] * (position + 1 - len(values))
                formats += [GENERAL] * (position + 1 - len(formats))
            style = int(cell.get("s") or 0)
            values[position] = self._value(cell, style)
            formats[position] = self._formats[style] if style < len(self._formats) else GENERAL
        return values, formats

    def _value(self, cell: Any, style: int) -> Any:
        """The cell's value as openpyxl reads it with ``data_only``."""
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return None if inline is None else _text_of(inline)
        raw = None
        for child in cell.iterchildren(_VALUE):  # faster than findtext's path
            raw = child.text
        if not raw:
            return None
        if kind == "n":
            number = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
            return self._date(number, style) if style in self._dates else number
        if kind == "s":
            return self._strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text) and "e" (an error such as #N/A)

    def _date(self, number: float, style: int) -> datetime | timedelta | str:
        try:
            found: datetime | timedelta = from_excel(
                number, self._epoch, timedelta=style in self._timedeltas
            )
        except (OverflowError, ValueError):
            return "#VALUE!"  # a date out of range: openpyxl's error value
        return found


def _parse(archive: zipfile.ZipFile, part: str) -> Any:
    with archive.open(part) as stream:
        return etree.parse(stream, etree.XMLParser(**_SAFE)).getroot()


def _forget(element: Any) -> None:
    """Drop a streamed element and the ones before it: the file is never held whole."""
    element.clear(keep_tail=True)
    while element.getprevious() is not None:
        del element.getparent()[0]


def _text_of(element: Any) -> str:
    """A shared or inline string: its text and its formatted runs' (not the phonetic ones)."""
    plain = element.findtext(_TEXT)
    runs = [run.findtext(_TEXT) or "" for run in element.iter(_RUN)]
    return (plain or "") + "".join(runs)


def _column(place: str) -> int:
    """The list position of a cell reference's column (A1 -> 0, AB7 -> 27)."""
    return _letters_position(place.rstrip("0123456789"))


@cache
def _letters_position(letters: str) -> int:
    position = 0
    for letter in letters:
        position = position * 26 + ord(letter.upper()) - 64
    return position - 1


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relations(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type's last word, target part) of each internal relationship of ``part``."""
    try:
        root = _parse(archive, _rels_of(part))
    except KeyError:  # a part without relationships
        return []
    found = []
    for each in root.iter(_RELS):
        target = str(each.get("Target", ""))
        if each.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        found.append((str(each.get("Id")), str(each.get("Type", "")).rsplit("/", 1)[-1], resolved))
    return found
