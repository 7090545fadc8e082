"""The streamed reader of .xlsx cells gives what openpyxl gives (read-only, data_only) for
what spreadsheets write and openpyxl itself does not: shared strings with formatted and
phonetic runs, cells without a reference, rows skipped, booleans, errors, a formula's
cached result, dates by their number format, a 1904 workbook, a relative part path."""

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chuyendoiso.engine.files.xlsx_cells import XlsxBook

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook {NS} {R_NS}><workbookPr date1904="1"/><sheets>'
        '<sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC}/styles" Target="/xl/styles.xml"/>'
        "</Relationships>"
    ),
    "xl/sharedStrings.xml": (
        f'<sst {NS} count="3" uniqueCount="3"><si><t>05440</t></si>'
        '<si><r><t>1.567</t></r><r><rPr><b/></rPr><t xml:space="preserve">.705 </t></r>'
        '<rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>Tổng &amp; &lt;x&gt;</t></si></sst>'
    ),
    "xl/styles.xml": (  # what openpyxl needs of a style sheet, and the number formats
        f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.000"/>'
        '</numFmts><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="4"/>'
        '<xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
    "xl/worksheets/sheet1.xml": (
        f"<worksheet {NS}><sheetData>"
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c>'
        '<c r="D1" t="s"><v>2</v></c></row>'
        '<row r="3"><c t="inlineStr"><is><t>liền</t></is></c><c s="1"><v>12.5</v></c>'
        '<c s="2"><v>3</v></c><c t="b"><v>1</v></c><c r="F3" t="e"><v>#N/A</v></c></row>'
        '<row><c r="B4" t="str"><f>A1&amp;"x"</f><v>05440x</v></c><c r="C4" s="3"><v>1</v></c>'
        '<c r="D4"><v>1E3</v></c><c r="E4" s="1"/><c r="AB4"><v>-7</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
    return path


def test_the_cells_are_those_openpyxl_reads(tmp_path):
    path = workbook(tmp_path)
    with XlsxBook(path) as book:
        assert book.sheetnames == ["Số liệu"]
        read = {number: values for number, values, _ in book.rows("Số liệu")}
    expected = load_workbook(path, read_only=True, data_only=True)["Số liệu"]
    for number, row in enumerate(expected.iter_rows(values_only=True), start=1):
        given = read.get(number, [])
        assert given + [None] * (len(row) - len(given)) == list(row), number
    assert read[1] == ["05440", None, "1.567.705 ", "Tổng & <x>"]
    assert read[3] == ["liền", 12.5, 3, True, None, "#N/A"]
    assert read[4][1:5] == ["05440x", datetime(1904, 1, 2), 1000.0, None]
    assert read[4][27] == -7


def test_numbers_come_with_their_format_and_columns_can_be_left_unread(tmp_path):
    with XlsxBook(workbook(tmp_path)) as book:
        rows = list(book.rows("Số liệu", columns={1, 2}))
    assert [number for number, _, _ in rows] == [1, 3, 4]
    _, values, formats = rows[1]
    assert values == [None, 12.5, 3]
    assert formats[1:] == ["#,##0.00", "#,##0.000"]


def sheet_replaced(tmp_path: Path, sheet: str) -> Path:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in (PARTS | {"xl/worksheets/sheet1.xml": sheet}).items():
            archive.writestr(name, text)
    return path


def test_a_sheet_that_declares_entities_is_refused_before_any_is_expanded(tmp_path):
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is>'
        "</c></row></sheetData></worksheet>"
    )
    book = XlsxBook(sheet_replaced(tmp_path, sheet))
    with book, pytest.raises(ValueError, match="document type"):
        list(book.rows("Số liệu"))


def test_a_sheet_cut_short_is_an_xml_error(tmp_path):
    from xml.parsers.expat import ExpatError

    sheet = f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">'
    book = XlsxBook(sheet_replaced(tmp_path, sheet))
    with book, pytest.raises(ExpatError):
        list(book.rows("Số liệu"))
