"""The four layouts of a report (Markdown, HTML, DOCX, PDF) and its charts, checked for real:
each output is reopened with a reader of its format and compared with the document."""

from __future__ import annotations

import io
import logging
import re
import shutil
import struct
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from chuyendoiso.engine.report import charts
from chuyendoiso.engine.report.charts import chart_fonts, render_chart_png, render_chart_svg
from chuyendoiso.engine.report.document import Chart, ChartSeries, ReportDocument, Section
from chuyendoiso.engine.report.layout import format_value
from chuyendoiso.engine.report.render_docx import render_docx
from chuyendoiso.engine.report.render_html import render_html, report_css
from chuyendoiso.engine.report.render_markdown import escape, render_markdown
from chuyendoiso.engine.report.render_pdf import render_pdf

SCRIPT = "Đoạn có <script>alert('xâm nhập')</script> & ký tự *đặc biệt* [liên kết]."
PILLARS = Chart(
    title="Hồ sơ trực tuyến theo trụ cột",
    labels=("Chính quyền số", "Kinh tế số", "Xã hội số", "Hạ tầng số"),
    series=(
        ChartSeries(
            "6 tháng đầu năm 2023", (Decimal(1234567), Decimal(876543), None, Decimal(1500))
        ),
        ChartSeries(
            "6 tháng đầu năm 2024", (Decimal(1567705), Decimal(989000), Decimal(45), Decimal(1))
        ),
    ),
    unit_label="hồ sơ",
    note="Số liệu giả lập: chưa có số liệu Xã hội số năm 2023",
)
RATES = Chart(
    title="Tỷ lệ hồ sơ xử lý trực tuyến toàn trình",
    labels=("Quý I", "Quý II"),
    series=(ChartSeries("Tỷ lệ", (Decimal("89.44"), Decimal("96.0"))),),
    unit_label="%",
)
# Times New Roman where installed, else a metric-compatible face: the PDF must use one.
TIMES_LIKE = (
    "TimesNewRoman",
    "Times-Roman",
    "LiberationSerif",
    "Liberation-Serif",
    "Tinos",
    "Termes",
)


ADDRESSEES = ("Kính gửi:", "- Ủy ban nhân dân tỉnh Thái Nguyên;", "- Bộ Khoa học và Công nghệ.")


@pytest.fixture(scope="module")
def report() -> ReportDocument:
    return ReportDocument(
        issuing_parent="UBND TỈNH THÁI NGUYÊN",
        issuing_body="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number="Số:      /BC-SKHCN",
        place_and_date="Thái Nguyên, ngày 29 tháng 11 năm 2026",
        title="BÁO CÁO",
        subtitle="Kết quả chuyển đổi số 6 tháng đầu năm 2024",
        addressees=ADDRESSEES,
        opening=(
            "Thực hiện Kế hoạch số 125/KH-UBND ngày 15/4/2024 của Ủy ban nhân dân tỉnh, "
            "Sở Khoa học và Công nghệ báo cáo kết quả chuyển đổi số như sau:",
        ),
        sections=(
            Section(
                "1",
                "Chính quyền số",
                (
                    "Tổng số hồ sơ tiếp nhận trực tuyến đạt 1.567.705 hồ sơ, tăng 27% so với "
                    "cùng kỳ năm 2023; tỷ lệ giải quyết đúng hạn đạt 99,7%.",
                    SCRIPT,
                ),
                PILLARS,
            ),
            Section(
                "2",
                "Kinh tế số",
                ("Giá trị giao dịch thương mại điện tử ước đạt 6,6 triệu đồng mỗi người dân.",),
            ),
            Section(
                "3",
                "Hạ tầng số",
                (
                    "Hạ tầng số được đầu tư đồng bộ: 100% xã, phường, thị trấn có cáp quang; "
                    "tỷ lệ người dân có điện thoại thông minh đạt 89,44%.",
                    "Ứng dụng Độc lập - Tự do - Hạnh phúc, ưu tiên đường truyền ổn định.",
                ),
                RATES,
            ),
        ),
        signer_name="Nguyễn Văn Ưởng",
        notes=("Ghi chú: số liệu quý II là số ước tính đến ngày 14/6/2024.",),
    )


def body_paragraphs(doc: ReportDocument) -> list[str]:
    paragraphs = list(doc.opening)
    for section in doc.sections:
        paragraphs += section.paragraphs
    return paragraphs


def headings(doc: ReportDocument) -> list[str]:
    return [f"{section.number}. {section.title}" for section in doc.sections]


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


# Charts


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_png_is_15_cm_wide_at_print_resolution_and_reproducible():
    png = render_chart_png(PILLARS)
    width, height = png_size(png)
    assert width == pytest.approx(15 / 2.54 * 200, abs=2)
    assert 0.4 < height / width < 0.7
    assert render_chart_png(PILLARS) == png
    assert png_size(render_chart_png(PILLARS, width_cm=8))[0] < width


def test_charts_are_drawn_in_the_bodys_typeface_with_every_vietnamese_glyph():
    # Times New Roman, or Liberation Serif with its metrics (fonts-liberation, installed
    # with the product), as the document's body
    assert chart_fonts()[0] in ("Times New Roman", "Liberation Serif")
    texts = "".join((*PILLARS.labels, *(s.name for s in PILLARS.series), PILLARS.note))
    texts += "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    for style in ("regular", "italic"):
        font = TTFont(charts._font(style).path, fontNumber=0)
        glyphs = font.getBestCmap()
        missing = {c for c in texts + texts.upper() if not c.isspace() and ord(c) not in glyphs}
        assert missing == set(), (style, missing)


def test_chart_svg_writes_vietnamese_labels_numbers_and_note():
    svg = render_chart_svg(PILLARS)
    assert svg.startswith("<svg") and svg == render_chart_svg(PILLARS)
    # texts stay text: searchable, selectable, and laid out by the reader's own fonts
    for text in (*PILLARS.labels, "6 tháng đầu năm 2024", "hồ sơ", PILLARS.note):
        assert f">{text}</text>" in svg
    assert ">1.500.000</text>" in svg  # an axis tick, grouped the Vietnamese way
    assert ">1.234.567</text>" in svg  # value on a bar
    assert ">89,44</text>" in render_chart_svg(RATES)


def test_chart_skips_missing_values():
    svg = render_chart_svg(PILLARS)
    first, second = (svg.count(f'fill="{colour}"') for colour in ("#0b4f8a", "#e69f00"))
    assert (first, second) == (3 + 1, 4 + 1)  # bars with a figure, and the legend's key


def test_a_chart_svg_has_no_id_or_stylesheet_to_clash_with_its_page():
    for chart in (PILLARS, RATES):
        svg = render_chart_svg(chart)
        assert not re.search(r'\bid="', svg) and "<style" not in svg and "class=" not in svg


def test_a_chart_label_is_escaped_in_svg():
    chart = Chart(
        title="x",
        labels=("<b>Xã & phường</b>",),
        series=(ChartSeries("s", (Decimal(5),)),),
    )
    svg = render_chart_svg(chart)
    assert "&lt;b&gt;Xã &amp;" in svg and "phường&lt;/b&gt;" in svg and "<b>" not in svg


def test_values_wider_than_their_bars_stand_upright_and_fit_the_picture():
    labels = tuple(f"T{i}/2024" for i in range(1, 8))
    series = tuple(
        ChartSeries(f"S{j}", tuple(Decimal(1234567 * (i + j + 1)) for i in range(7)))
        for j in range(3)
    )
    svg = render_chart_svg(Chart(title="x", labels=labels, series=series))
    assert svg.count("rotate(-90") == 21  # every value, none lying across its neighbours
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
    ys = [float(y) for y in re.findall(r'<text x="[\d.]+" y="(-?[\d.]+)"', svg)]
    assert all(0 <= y <= height for y in ys)


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal(1567705), "1.567.705"), (Decimal("89.44"), "89,44"), (Decimal("96.0"), "96,0")],
)
def test_values_keep_their_stated_decimals(value, written):
    assert format_value(value) == written


# Markdown


def test_markdown_has_the_header_headings_and_paragraphs_in_order(report):
    markdown = render_markdown(report)
    header = [
        report.issuing_parent,
        report.issuing_body,
        report.number,
        ReportDocument.NATIONAL_NAME,
        ReportDocument.MOTTO,
        report.place_and_date,
    ]
    addressed = [escape(line) for line in ADDRESSEES]
    assert in_order(markdown, [*header, "# BÁO CÁO", report.subtitle, *addressed])
    ordered = [escape(p) for p in report.opening]
    for section, heading in zip(report.sections, headings(report), strict=True):
        ordered += [f"## {heading}", *(escape(p) for p in section.paragraphs)]
    assert in_order(markdown, ordered)
    assert in_order(markdown, [f"*{report.notes[0]}*", "Nơi nhận:", "- Như trên;", "GIÁM ĐỐC"])


def test_markdown_writes_charts_as_tables(report):
    markdown = render_markdown(report)
    assert "*Biểu đồ 1. Hồ sơ trực tuyến theo trụ cột*" in markdown
    assert "| Đơn vị tính: hồ sơ | 6 tháng đầu năm 2023 | 6 tháng đầu năm 2024 |" in markdown
    assert "| Xã hội số | – | 45 |" in markdown
    assert "| Chính quyền số | 1.234.567 | 1.567.705 |" in markdown
    assert "| Quý I | 89,44 |" in markdown
    assert f"*{PILLARS.note}*" in markdown


def test_markdown_escapes_what_it_would_interpret(report):
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    assert r"\<script\>" in markdown and r"\*đặc biệt\*" in markdown


# HTML


class Outline(HTMLParser):
    """Tags, attributes and the text of each block of an HTML page."""

    BLOCKS = ("p", "h1", "h2", "li", "td", "div", "figcaption")

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self._open and self._open[-1][0] == tag:
            name, parts = self._open.pop()
            self.blocks.append((name, "".join(parts).strip()))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_html_has_every_heading_and_paragraph_in_order(report):
    page = outline(render_html(report))
    texts = [text for tag, text in page.blocks if tag in ("p", "h1", "h2")]
    addressed = "".join(ADDRESSEES)  # one paragraph, a line each
    expected = [report.title, report.subtitle, addressed, *report.opening]
    for section, heading in zip(report.sections, headings(report), strict=True):
        expected += [heading, *section.paragraphs]
    assert texts[: len(expected)] == expected
    assert report.notes[0] in texts
    cells = [text for tag, text in page.blocks if tag == "div"]
    assert {report.issuing_body, ReportDocument.NATIONAL_NAME, ReportDocument.MOTTO} <= set(cells)
    captions = [text for tag, text in page.blocks if tag == "figcaption"]
    assert captions == ["Biểu đồ 1. " + PILLARS.title, "Biểu đồ 2. " + RATES.title]


def test_html_escapes_text_and_inlines_everything(report):
    html = render_html(report)
    page = outline(html)
    assert "script" not in {tag for tag, _ in page.tags}
    assert "&lt;script&gt;alert(" in html
    assert html.count("<svg") == 2
    links = [v for _, attrs in page.tags for k, v in attrs.items() if k in ("src", "href")]
    assert not [link for link in links if link and not link.startswith("#")]
    assert not re.search(r"url\(\s*['\"]?(https?:|//)|@import|<link\b", html)
    assert '<html lang="vi">' in html and "size: A4" in html
    assert '"Times New Roman", "Liberation Serif", "Tinos", "TeX Gyre Termes", serif' in html


def test_html_fragment_is_the_article_alone(report):
    fragment = render_html(report, standalone=False).strip()
    assert fragment.startswith('<article class="report"') and fragment.endswith("</article>")
    assert "<style" not in fragment and "<html" not in fragment
    assert [t for t, _ in outline(fragment).tags].count("svg") == 2


def test_the_fragments_stylesheet_styles_the_article_alone():
    css = report_css()
    assert "@page" not in css and "Times New Roman" in css
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments
    rules = re.sub(r"@media[^{]*\{", "", rules)  # the rules inside each media query stay
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", rules) for s in block.split(",")]
    assert selectors and all(s.startswith((".report", "body > .report")) for s in selectors)


# DOCX


def test_docx_page_is_a4_with_the_decree_30_margins(report):
    section = Document(io.BytesIO(render_docx(report))).sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 20, 20, 30, 15]


def test_docx_body_is_times_new_roman_14_pt_for_every_script(report):
    document = Document(io.BytesIO(render_docx(report)))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    scripts = ("ascii", "hAnsi", "eastAsia", "cs")
    assert [fonts.get(qn(f"w:{script}")) for script in scripts] == ["Times New Roman"] * 4
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(normal.paragraph_format.first_line_indent.cm, 2) == 1
    assert normal.paragraph_format.space_after == Pt(6)
    assert 1.15 <= normal.paragraph_format.line_spacing <= 1.3
    body = [p for p in document.paragraphs if p.style.name == "Normal"]
    assert body
    for paragraph in body:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
            assert run.font.size in (None, Pt(14))


def test_docx_paragraphs_are_the_input_in_order(report):
    document = Document(io.BytesIO(render_docx(report)))
    body = [p.text for p in document.paragraphs if p.style.name == "Normal"]
    assert body == [*body_paragraphs(report), *report.notes]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == headings(report)
    titles = [p for p in document.paragraphs if p.text in (report.title, report.subtitle)]
    aligned = [p.alignment or p.style.paragraph_format.alignment for p in titles]
    assert [(p.text, p.runs[0].bold) for p in titles] == [
        (report.title, True),
        (report.subtitle, True),
    ]
    assert aligned == [WD_ALIGN_PARAGRAPH.CENTER] * 2
    texts = [p.text for p in document.paragraphs]
    after_title = texts.index(report.subtitle) + 1
    assert texts[after_title : after_title + len(ADDRESSEES)] == list(ADDRESSEES)
    assert next(p for p in document.paragraphs if p.text == report.notes[0]).runs[0].italic


def test_docx_header_and_closing_tables(report):
    document = Document(io.BytesIO(render_docx(report)))
    header, closing = document.tables
    cells = [[p.text for p in cell.paragraphs if p.text] for cell in header._cells]
    assert cells == [
        [report.issuing_parent, report.issuing_body],
        [ReportDocument.NATIONAL_NAME, ReportDocument.MOTTO],
        [report.number],
        [report.place_and_date],
    ]
    runs = {p.text: p.runs[0] for cell in header._cells for p in cell.paragraphs if p.text}
    assert runs[report.issuing_body].bold and not runs[report.issuing_parent].bold
    assert runs[ReportDocument.NATIONAL_NAME].bold and runs[ReportDocument.MOTTO].bold
    assert runs[report.place_and_date].italic
    assert 12 <= runs[ReportDocument.NATIONAL_NAME].font.size.pt <= 13
    assert 13 <= runs[ReportDocument.MOTTO].font.size.pt <= 14
    borders = header._tbl.xpath(".//w:tblBorders")
    assert not borders  # the default table style draws none
    recipients, signer = ([p for p in c.paragraphs if p.text] for c in closing._cells)
    assert [p.text for p in recipients] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    label = recipients[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert {p.runs[0].font.size for p in recipients[1:]} == {Pt(11)}
    assert [(p.text, p.runs[0].bold) for p in signer] == [
        ("GIÁM ĐỐC", True),
        (report.signer_name, True),
    ]


def test_docx_has_one_picture_per_chart_with_its_caption(report):
    document = Document(io.BytesIO(render_docx(report)))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    assert [round(shape.width.cm, 1) for shape in shapes] == [15.0, 15.0]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Biểu đồ 1. " + PILLARS.title, "Biểu đồ 2. " + RATES.title]
    properties = document.core_properties
    assert properties.language == "vi-VN" and report.subtitle in properties.title


# PDF


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether its glyphs are embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in files)
    return fonts


def assert_pdf_reads_right(pdf: bytes, report: ReportDocument) -> None:
    assert pdf.startswith(b"%PDF-")
    reader, text = pdf_text(pdf)
    assert 1 <= len(reader.pages) <= 3
    for page in reader.pages:  # A4 portrait
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    for words in (
        "Chính quyền số",
        "Hạ tầng số",
        "Độc lập - Tự do - Hạnh phúc",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Kết quả chuyển đổi số 6 tháng đầu năm 2024",
        "Nguyễn Văn Ưởng",
        "Nơi nhận:",
        "- Bộ Khoa học và Công nghệ.",
        "Biểu đồ 2. Tỷ lệ hồ sơ xử lý trực tuyến toàn trình",
    ):
        assert words in text
    assert "<script>alert('xâm nhập')</script>" in text  # shown as text, never run
    fonts = pdf_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert any(name in font for font in fonts for name in TIMES_LIKE), fonts


def test_pdf_embeds_a_times_font_and_reads_in_vietnamese(report):
    assert_pdf_reads_right(render_pdf(report), report)


def test_pdf_is_laid_out_without_a_stylesheet_warning(report, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(report)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert "max-width: 40em" in render_html(report)  # the page on a phone keeps its rule


def test_pdf_numbers_pages_from_the_second_on(report):
    long = ReportDocument(**{**report.__dict__, "opening": report.opening * 12})
    reader, _ = pdf_text(render_pdf(long))
    assert len(reader.pages) >= 2
    first, second = (page.extract_text().splitlines() for page in reader.pages[:2])
    assert "1" not in first and "2" in second  # the number alone on a line, at the top


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice is required (Debian: apt-get install libreoffice-writer-nogui)")
    return found


def test_docx_converts_to_pdf_in_libreoffice(report, tmp_path: Path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render_docx(report))
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert_pdf_reads_right((tmp_path / "bao-cao.pdf").read_bytes(), report)


def test_without_fontconfig_the_charts_find_their_font_files_themselves(monkeypatch):
    def no_fontconfig(*args, **kwargs):
        raise FileNotFoundError("fc-match")

    charts._font.cache_clear()
    charts._truetype.cache_clear()
    monkeypatch.setattr(charts.subprocess, "run", no_fontconfig)
    try:
        face = charts._font("regular")
        assert face.family in charts.CHART_FONTS
        assert render_chart_png(RATES).startswith(b"\x89PNG")
    finally:
        charts._font.cache_clear()
        charts._truetype.cache_clear()
