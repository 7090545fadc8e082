"""Documents in and out: the platform's own report passes its own fact-check in Markdown,
HTML, DOCX and PDF; DOCX made with python-docx (tables too), HTML with broken markup,
text in other encodings; unreadable inputs are refused with a clear error."""

from __future__ import annotations

import io
import unicodedata
from collections import Counter

import pytest
from docx import Document as WordDocument
from pypdf import PdfWriter

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import Verdict, factcheck, read_document
from chuyendoiso.engine.reader.text import detect_format, html_text
from chuyendoiso.engine.report import render

from .support import catalog, platform_report, seed_values


@pytest.fixture(scope="module")
def report():
    return platform_report()


def matched(result):
    return sorted(
        (m.indicator, m.period.id, f.value)
        for f, m in zip(result.figures, result.matches, strict=True)
        if m.indicator and not f.target
    )


@pytest.fixture(scope="module")
def markdown_result(report):
    return factcheck(render(report, "md").decode("utf-8"), catalog())


def test_the_platform_report_passes_its_own_fact_check(markdown_result):
    assert markdown_result.inconsistent == []
    assert markdown_result.document_period.id == "2024S1"
    kinds = Counter((c.kind.value, c.status.value) for c in markdown_result.checks)
    assert kinds == {
        ("ratio", "consistent"): 4,  # 89,44%, 96%, 96,24% and 80,2% against their parts
        # 3G/4G subscribers, party members, activated e-ID accounts, health facilities and
        # people with a health record, each within its total
        ("part_of_total", "consistent"): 5,
        ("repeated", "consistent"): 2,  # the tasks repeat 76% and 80,2%
        ("change", "not_checkable"): 3,  # the stated changes: no 2023 value in the text
    }


def test_every_reported_value_is_read_back(markdown_result):
    """Each figure the platform reported is read back with its indicator and value."""
    read_back = {(code, value) for code, _period, value in matched(markdown_result)}
    reported = {
        (v.indicator, v.value)
        for v in seed_values()
        if v.origin.value == "reported" and v.numerator is None
    }
    # the parts of a stated fraction are read as the fraction (its indicator)
    parts = {"CQS_STDV_DANG_VIEN", "CQS_DANG_VIEN", "XHS_CSKCB_KET_NOI", "XHS_CSKCB"}
    parts |= {"XHS_HSSK", "XHS_DAN_SO"}
    missing = {(c, v) for c, v in reported if c not in parts} - read_back
    assert missing == set()
    targets = [f.text for f in markdown_result.figures if f.target]
    assert targets == ["tối thiểu 80%", "tối thiểu 90%"]


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_format_of_the_report_reads_the_same(report, markdown_result, fmt):
    document = read_document(render(report, fmt), f"bao-cao.{fmt}")
    assert document.format == fmt
    result = factcheck(document.text, catalog())
    assert result.inconsistent == []
    assert matched(result) == matched(markdown_result)
    for figure in result.figures:  # spans index the document's text
        assert document.text[figure.start : figure.end] == figure.text
    if fmt == "pdf":
        assert document.pages >= 2


def test_a_docx_with_a_table(tmp_path):
    word = WordDocument()
    word.add_heading("Báo cáo kết quả chuyển đổi số quý III năm 2024", level=1)
    word.add_paragraph(
        "Trong quý III năm 2024, toàn tỉnh tiếp nhận 12.400 hồ sơ thủ tục hành chính, "
        "trong đó 11.950 hồ sơ đã giải quyết."
    )
    table = word.add_table(rows=3, cols=2)
    rows = [
        ("Chỉ tiêu", "Kết quả"),
        ("Số thuê bao điện thoại di động", "845.300"),
        ("Tỷ lệ hồ sơ giải quyết đúng hạn", "99,4%"),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    path = tmp_path / "quy3.docx"
    word.save(path)
    document = read_document(path)
    assert document.format == "docx"
    assert "Số thuê bao điện thoại di động | 845.300" in document.text
    result = factcheck(document.text, catalog())
    assert result.document_period.id == "2024Q3"
    assert [(m.indicator, m.period.id) for m in result.matches] == [
        ("CQS_HS_TIEP_NHAN", "2024Q3"),
        ("CQS_HS_DA_XU_LY", "2024Q3"),
        ("HTS_TB_DI_DONG", "2024Q3"),
        ("CQS_HS_DUNG_HAN_TY_LE", "2024Q3"),
    ]
    assert [c.status for c in result.checks] == [Verdict.CONSISTENT]  # 11.950 ≤ 12.400


def test_bytes_need_a_name_only_for_the_extension_less_cases():
    word = WordDocument()
    word.add_paragraph("Có 1.250 trạm BTS.")
    buffer = io.BytesIO()
    word.save(buffer)
    assert read_document(buffer.getvalue()).format == "docx"  # by its signature
    assert read_document("Có 1.250 trạm BTS.".encode(), "a.txt").text == "Có 1.250 trạm BTS."


def test_text_encodings():
    text = "Tỷ lệ hộ gia đình có điện thoại thông minh đạt 97%."
    assert read_document(text.encode("utf-8-sig"), "a.txt").text == text
    assert read_document(text.encode("utf-16"), "a.txt").text == text
    # Windows-1258 keeps some tone marks as combining characters: read back as NFC
    assert read_document(windows_1258(text), "a.txt").text == text


def windows_1258(text: str) -> bytes:
    """Windows-1258 has the letters with a hat or a horn but writes tone marks apart."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def test_html_without_scripts_and_with_broken_markup():
    html = (
        "<html><head><style>p{color:red}</style><script>var a='12.345 hồ sơ';</script></head>"
        "<body><div><p>Có <b>1.250 trạm BTS<p>Tỷ lệ &amp; số liệu: 97%</div></i></span>"
        "<script>unclosed 999 lượt"
    )
    text = html_text(html)
    assert text == "Có 1.250 trạm BTS\nTỷ lệ & số liệu: 97%"


def test_formats_are_recognised():
    assert detect_format(b"%PDF-1.7 ...", "x.txt") == "pdf"
    assert detect_format(b"<!DOCTYPE html><p>x</p>", "x") == "html"
    assert detect_format(b"plain", "x.md") == "md"
    assert detect_format(b"plain", "") == "txt"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"PK\x03\x04not really a zip", "x.docx", "DOCX"),
        (b"PK\x03\x04" + b"\0" * 20, "x.xlsx", "DOCX"),
        (b"%PDF-1.4 broken", "x.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0", "cu.doc", ".doc"),
    ],
)
def test_unreadable_documents_are_refused(data, name, words):
    with pytest.raises(ValidationError) as error:
        read_document(data, name)
    assert words in str(error.value)
    assert error.value.extra["file"] == name


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ValidationError) as error:
        read_document(tmp_path / "khong-co.docx")
    assert error.value.extra["file"] == str(tmp_path / "khong-co.docx")
    assert "No such file" in error.value.message


def blank_pdf(password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "rong.txt", "rỗng"),
        (b" \r\n\t\n", "rong.md", "rỗng"),
        (b"Co 1.250 tram BTS.", "bao-cao.docx", "không phải DOCX"),  # misnamed
        (b"Co 1.250 tram BTS.", "bao-cao.pdf", "không phải PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "bao-cao.bin", ".doc"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "anh.png", "nhị phân"),
        (b"Co 1.250\0 tram BTS.", "", "nhị phân"),
        (blank_pdf(), "ban-quet.pdf", "lớp chữ"),  # a scanned PDF: no text to read
        (blank_pdf("bi-mat"), "mat-khau.pdf", "mật khẩu"),
    ],
)
def test_files_without_text_to_read_are_refused_naming_the_file(data, name, words):
    with pytest.raises(ValidationError) as error:
        read_document(data, name)
    assert words in error.value.message
    assert error.value.extra == {"file": name}


def test_an_empty_file_on_disk_is_refused(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(ValidationError, match="rỗng") as error:
        read_document(path)
    assert error.value.extra == {"file": "rong.txt"}


def test_a_pdf_with_a_little_junk_before_its_signature_is_still_a_pdf():
    assert detect_format(b"\r\n%PDF-1.7 ...", "bao-cao.pdf") == "pdf"
    assert detect_format(b"text that quotes %PDF-1.7", "ghi-chu.txt") == "txt"
