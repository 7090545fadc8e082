"""The text of a document: plain text, DOCX, PDF or HTML.

The text returned is what the reader's spans refer to (NFC). Paragraphs are separated by
a line break; table cells by " | " and table rows by a line break. HTML: scripts, styles
and other non-text elements are dropped, block elements start a new line, entities are
decoded, and broken markup is tolerated (the standard library's parser recovers from
unclosed and stray tags). PDF: pypdf's text extraction, page by page; lines that only
wrap a sentence are joined by the reader's segmentation, not here, so that the text
stays exactly what the PDF holds. See docs/decisions/0007-report-reader.md.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader.legacy import refuse_legacy_encoding
from chuyendoiso.engine.reader.limits import (
    Limits,
    check_docx,
    check_pages,
    check_text,
    refused,
)
from chuyendoiso.engine.reader.normalize import nfc

MAX_BYTES = 50 * 1024 * 1024  # a larger upload is refused
# The formats the reader reads, each with the file extensions that name it.
READABLE_FORMATS: Mapping[str, tuple[str, ...]] = {
    "txt": ("txt",),
    "md": ("md",),
    "docx": ("docx",),
    "pdf": ("pdf",),
    "html": ("html", "htm", "xhtml"),
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other old Office files


@dataclass(frozen=True)
class Document:
    text: str  # NFC; figure spans index it
    format: str  # txt, md, docx, pdf, html
    filename: str = ""
    pages: int = 0  # PDF pages, 0 for other formats


def read_document(
    source: str | Path | bytes, filename: str = "", *, limits: Limits | None = None
) -> Document:
    """The text of a file (a path) or of its bytes; ``filename`` tells the format of bytes.

    With ``limits`` (an untrusted document), its inflated size, pages and length are counted
    first and a document over a limit is refused (``limits.py``).

    Raises ``ValidationError`` naming the file when it cannot be read: missing, too large,
    empty, binary, damaged, protected by a password, or a PDF without a text layer.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        filename = filename or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise _too_large(filename)
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(
                f"Không đọc được tệp / cannot read file: {exc.strerror or exc}", file=str(path)
            ) from exc
    if len(data) > MAX_BYTES:
        raise _too_large(filename)
    if not data.strip():
        raise ValidationError("Tệp rỗng / the file is empty", file=filename)
    kind = detect_format(data, filename)
    if kind == "docx":
        if limits is not None:
            check_docx(data, limits, filename)
        document = Document(docx_text(data, filename), kind, filename)
    elif kind == "pdf":
        text, pages = pdf_text(data, filename, max_pages=limits.max_pages if limits else None)
        document = Document(text, kind, filename, pages)
    else:
        if limits is not None and len(data) > 4 * limits.max_chars:  # 4 bytes a character at most
            raise refused("số ký tự", "max_chars", limits.max_chars, filename, found=len(data))
        text = decode(data)
        refuse_legacy_encoding(text, filename)
        document = Document(html_text(text) if kind == "html" else nfc(text), kind, filename)
    if limits is not None:
        check_text(document.text, limits, filename)
    return document


def _too_large(filename: str) -> ValidationError:
    return ValidationError(
        f"Tệp quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB) / file too large",
        file=filename,
    )


def detect_format(data: bytes, filename: str = "") -> str:
    """By content first (PDF, ZIP and old Office signatures, HTML tags), then by extension.

    A file whose extension says DOCX or PDF but whose content is not, an old binary Office
    file and any other binary content (NUL bytes) are refused, naming the file.
    """
    suffix = Path(filename).suffix.lower().lstrip(".")
    if data.startswith(b"%PDF") or (suffix == "pdf" and b"%PDF-" in data[:1024]):
        return "pdf"  # a .pdf may have a little junk before its signature
    if data.startswith(b"PK\x03\x04"):
        if suffix in ("docx", "") or b"word/" in data[:4096]:
            return "docx"
        raise ValidationError(
            "Tệp nén không phải DOCX / a ZIP file that is not a DOCX document", file=filename
        )
    if suffix == "doc" or data.startswith(_OLE):
        raise ValidationError(
            "Định dạng .doc cũ chưa hỗ trợ; hãy lưu thành .docx / save the .doc file as .docx",
            file=filename,
        )
    if suffix in ("docx", "pdf"):
        raise ValidationError(
            f"Tệp .{suffix} bị hỏng hoặc không phải {suffix.upper()} "
            f"/ a damaged or misnamed .{suffix} file",
            file=filename,
        )
    if suffix in READABLE_FORMATS["html"]:
        return "html"
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise ValidationError(
            f"Tệp nhị phân, không phải văn bản ({', '.join(map(str.upper, READABLE_FORMATS))}) "
            "/ a binary file, not a text document",
            file=filename,
        )
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(?:body|p|div)[\s>]", head):
        return "html"
    return "md" if suffix == "md" else "txt"


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


# --- DOCX -------------------------------------------------------------------------------------


def docx_text(data: bytes, filename: str = "") -> str:
    """Paragraphs and tables of a DOCX body, in document order."""
    from docx import Document as open_docx  # heavy; imported when a DOCX comes
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a broken file
        raise ValidationError(
            f"Không đọc được tệp DOCX / cannot read DOCX: {exc}", file=filename
        ) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text for p in cell.paragraphs).strip()
                    if not cells or cells[-1] != text:  # merged cells repeat
                        cells.append(text)
                lines.append(" | ".join(cells))
    return nfc("\n".join(lines))


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(data: bytes, filename: str = "", *, max_pages: int | None = None) -> tuple[str, int]:
    """The text of every page (pypdf), pages separated by a blank line; with ``max_pages``,
    a PDF whose page tree counts more pages is refused before any page is read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError("Tệp PDF có mật khẩu / a password-protected PDF", file=filename)
        if max_pages is not None:
            _check_pdf_pages(reader, max_pages, filename)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file, not only its own
        raise ValidationError(
            f"Không đọc được tệp PDF / cannot read PDF: {exc}", file=filename
        ) from exc
    text = "\n\n".join(p.strip("\n") for p in pages)
    if pages and not text.strip():
        raise ValidationError(
            "Tệp PDF không có lớp chữ (có thể là bản quét); hãy dùng tệp có chữ "
            "/ the PDF has no text layer (a scanned document?)",
            file=filename,
        )
    return nfc(text), len(pages)


def _check_pdf_pages(reader: Any, max_pages: int, filename: str) -> None:
    """The page tree's own count first (no page is loaded), then the pages themselves."""
    limits = Limits(max_pages=max_pages)
    count = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
    check_pages(int(count) if isinstance(count, int) else 0, limits, filename)
    check_pages(len(reader.pages), limits, filename)


# --- HTML ---------------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
    "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote",
    "pre", "figure", "figcaption", "form", "fieldset", "address", "hr", "title", "caption",
}  # fmt: skip
_CELL = {"td", "th"}
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "wbr",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if self.skip_stack:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre":
                self.pre += 1
        elif tag in _CELL:
            self.parts.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() == "br" and not self.skip_stack:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in self.skip_stack:
            # close it and anything left open inside it (tolerates unbalanced markup)
            while self.skip_stack:
                if self.skip_stack.pop() == tag:
                    break
            return
        if self.skip_stack:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_stack:
            return
        if self.pre:
            self.parts.append(data)
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # the parser gives up on some garbage: keep what it read
        pass
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip(" ") for line in text.split("\n")]
    cleaned: list[str] = []
    for line in lines:
        line = re.sub(r"^(?:\|\s*)+", "", line).strip()
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return nfc("\n".join(cleaned).strip())
