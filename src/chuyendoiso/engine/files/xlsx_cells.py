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
from xml.parsers import expat

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAIN = "{" + SPREADSHEET + "}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TEXT, _RUN, _SHARED = MAIN + "t", MAIN + "r", MAIN + "si"
GENERAL = "General"
# a sheet's elements as the streamed reader names them (namespace, space, local name)
_ROW_NAME, _CELL_NAME, _VALUE_NAME, _INLINE_NAME, _TEXT_NAME, _PHONETIC = (
    f"{SPREADSHEET} {name}" for name in ("row", "c", "v", "is", "t", "rPh")
)
_DIGITS = "0123456789"
_CHUNK = 1 << 16  # bytes of the sheet's XML read at a time
# lxml (installed for python-docx) reads the small parts (the workbook, its shared strings and
# styles); no entity of the file is expanded and nothing is fetched
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
        reader = _SheetReader(columns)
        width = max(columns, default=-1) + 1 if columns is not None else 0
        with self._zip.open(self.sheets[sheet]) as stream:
            while chunk := stream.read(_CHUNK):
                reader.feed(chunk)
                for number, cells in reader.take():
                    yield (number, *self._row(cells, width))
            reader.feed(b"", last=True)
            for number, cells in reader.take():
                yield (number, *self._row(cells, width))

    def _row(self, cells: list[_Cell], width: int) -> tuple[list[Any], list[str]]:
        if cells:
            width = max(width, max(position for position, *_ in cells) + 1)
        values: list[Any] = [None] * width
        formats = [GENERAL] * width
        for position, kind, style, raw in cells:
            values[position] = self._value(kind, raw, style)
            formats[position] = self._formats[style] if style < len(self._formats) else GENERAL
        return values, formats

    def _value(self, kind: str, raw: str | None, style: int) -> Any:
        """A cell's value as openpyxl reads it with ``data_only``: ``raw`` is the text of its
        value element (of its inline string for ``inlineStr``)."""
        if kind == "inlineStr":
            return raw
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


_Cell = tuple[int, str, int, str | None]  # position, type, style, raw text


class _SheetReader:
    """The cells of a sheet's rows from its XML, fed a piece at a time (expat: a handler per
    element, where an element tree built the 77 MB sheet of 100,000 rows twice slower).
    A document type declaration is refused: no entity of the file is ever expanded."""

    def __init__(self, columns: Collection[int] | None) -> None:
        self.columns = None if columns is None else frozenset(columns)
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.done: list[tuple[int, list[_Cell]]] = []
        self.number = 0  # the row being read
        self.cells: list[_Cell] = []
        self.position = -1
        self.cell: list[Any] | None = None  # [position, type, style, text parts] being read
        self.inside: list[str] = []  # the elements open inside the cell
        self.texts: list[str] | None = None  # where the text being read goes

    def feed(self, data: bytes, *, last: bool = False) -> None:
        self.parser.Parse(data, last)

    def take(self) -> list[tuple[int, list[_Cell]]]:
        done, self.done = self.done, []
        return done

    def _doctype(self, *_: object) -> None:
        raise ValueError("the sheet declares a document type")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        cell = self.cell
        if cell is not None:
            inside = self.inside
            inside.append(name)
            self.texts = self._texts_of(cell, inside, name)
        elif name == _CELL_NAME:
            place = attributes.get("r")
            self.position = _letters_position(place.rstrip(_DIGITS)) if place else self.position + 1
            if self.columns is None or self.position in self.columns:
                kind = attributes.get("t", "n")
                self.cell = [self.position, kind, int(attributes.get("s") or 0), None]
                self.inside = []
        elif name == _ROW_NAME:
            found = attributes.get("r")
            self.number = int(float(found)) if found else self.number + 1
            self.position = -1
            self.cells = []

    @staticmethod
    def _texts_of(cell: list[Any], inside: list[str], name: str) -> list[str] | None:
        """Where the text of the element just opened in a cell goes, if it is the cell's
        value: the value element's (not a formula's), or the texts of an inline string (its
        own and its formatted runs', not the phonetic ones)."""
        if len(inside) == 1:
            if (name == _VALUE_NAME) if cell[1] != "inlineStr" else (name == _INLINE_NAME):
                cell[3] = cell[3] or []  # the cell has a value, maybe empty
                return cell[3] if name == _VALUE_NAME else None
            return None
        if cell[1] != "inlineStr" or name != _TEXT_NAME or inside[0] != _INLINE_NAME:
            return None
        return None if _PHONETIC in inside else cell[3]

    def _end(self, name: str) -> None:
        if self.cell is not None:
            if self.inside:
                self.inside.pop()
                self.texts = None
                return
            position, kind, style, parts = self.cell
            self.cells.append((position, kind, style, None if parts is None else "".join(parts)))
            self.cell = None
        elif name == _ROW_NAME:
            self.done.append((self.number, self.cells))

    def _text(self, text: str) -> None:
        if self.texts is not None:
            self.texts.append(text)


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


@cache
def _letters_position(letters: str) -> int:
    """The list position of a column's letters (A -> 0, AB -> 27)."""
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
