"""A report as DOCX in the format of Nghị định 30/2020/NĐ-CP, with python-docx.

Body text is the Normal style (Times New Roman 14 pt, justified, 1 cm first-line indent);
section titles are Heading 1 so that Word's navigation pane lists them; the header and the
closing (recipients, signer) are borderless two-column tables. Measures come from ``LAYOUT``.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from chuyendoiso.engine.report.charts import render_chart_png
from chuyendoiso.engine.report.document import ReportDocument
from chuyendoiso.engine.report.layout import LAYOUT, chart_captions

FORM_STYLE = "Thể thức"  # centred, single-spaced lines of the header and the closing
MOTTO_RULE_CM = 5.6  # as long as "Độc lập - Tự do - Hạnh phúc" in bold 13 pt
CELL_PADDING_CM = 0.38  # left and right margins of a cell in Word's default table style
LANGUAGE = "vi-VN"

Container = DocxDocument | _Cell


def render_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    _header(document, doc)
    _line(document, doc.title, size=LAYOUT.body_pt, bold=True, space_before=12)
    _line(document, doc.subtitle, size=LAYOUT.body_pt, bold=True, space_after=12)
    for text in doc.addressees:
        _line(
            document, text, size=LAYOUT.body_pt, space_after=6 if text == doc.addressees[-1] else 0
        )
    for text in doc.opening:
        document.add_paragraph(text)
    for section, caption in zip(doc.sections, chart_captions(doc), strict=True):
        document.add_paragraph(f"{section.number}. {section.title}", style="Heading 1")
        for text in section.paragraphs:
            document.add_paragraph(text)
        if section.chart is not None and caption is not None:
            png = render_chart_png(section.chart, width_cm=LAYOUT.chart_width_cm)
            picture = document.add_paragraph(style=FORM_STYLE)
            picture.paragraph_format.keep_with_next = True
            picture.add_run().add_picture(io.BytesIO(png), width=Cm(LAYOUT.chart_width_cm))
            document.add_paragraph(caption, style="Caption")
    for note in doc.notes:
        document.add_paragraph().add_run(note).italic = True
    _closing(document, doc)
    properties = document.core_properties
    properties.title = f"{doc.title}: {doc.subtitle}"
    properties.author = doc.issuing_body
    properties.language = LANGUAGE
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = (
        Mm(LAYOUT.margin_top_mm),
        Mm(LAYOUT.margin_bottom_mm),
    )
    section.left_margin, section.right_margin = (
        Mm(LAYOUT.margin_left_mm),
        Mm(LAYOUT.margin_right_mm),
    )
    section.header_distance = Mm(10)
    # The page number, centred at the top, from the second page on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = number.add_run()
    run.font.size = Pt(LAYOUT.page_number_pt)
    field = OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"})
    run._r.addprevious(field)
    field.append(run._r)  # the run, moved inside the field, carries the number's size


def _set_up_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    _use_font(defaults.find(qn("w:rPrDefault")))
    normal = _paragraph_style(document, "Normal")
    normal.font.size = Pt(LAYOUT.body_pt)
    body = normal.paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = Cm(LAYOUT.first_line_indent_cm)
    body.line_spacing = LAYOUT.line_spacing
    body.space_before, body.space_after = Pt(0), Pt(LAYOUT.space_after_pt)
    body.widow_control = True

    heading = _paragraph_style(document, "Heading 1")
    heading.font.size, heading.font.bold = Pt(LAYOUT.body_pt), True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    heading.paragraph_format.first_line_indent = Cm(LAYOUT.first_line_indent_cm)
    heading.paragraph_format.space_before = Pt(LAYOUT.space_after_pt)
    heading.paragraph_format.space_after = Pt(LAYOUT.space_after_pt)
    heading.paragraph_format.keep_with_next = True

    form = document.styles.add_style(FORM_STYLE, normal.type)
    assert isinstance(form, ParagraphStyle)
    form.base_style = normal
    form.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    form.paragraph_format.first_line_indent = Cm(0)
    form.paragraph_format.line_spacing = 1.0
    form.paragraph_format.space_after = Pt(0)

    caption = _paragraph_style(document, "Caption")
    caption.base_style = form
    caption.font.size, caption.font.bold, caption.font.italic = Pt(LAYOUT.caption_pt), False, True
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.space_after = Pt(LAYOUT.space_after_pt * 2)


def _paragraph_style(document: DocxDocument, name: str) -> ParagraphStyle:
    style = document.styles[name]
    assert isinstance(style, ParagraphStyle)
    _use_font(style.element)
    return style


def _use_font(element: BaseOxmlElement | None) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs), the theme fonts
    dropped (they win over named fonts in Word), and Vietnamese as the language."""
    assert element is not None
    rpr = element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), LAYOUT.font)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), LANGUAGE)


def _header(document: DocxDocument, doc: ReportDocument) -> None:
    agency, nation, number, date = _two_columns(document, rows=2)
    _line(agency, doc.issuing_parent.upper(), size=LAYOUT.agency_pt)
    _line(agency, doc.issuing_body.upper(), size=LAYOUT.agency_pt, bold=True)
    _rule(agency, LAYOUT.agency_rule_cm)
    _line(nation, doc.NATIONAL_NAME.upper(), size=LAYOUT.agency_pt, bold=True)
    _line(nation, doc.MOTTO, size=LAYOUT.motto_pt, bold=True)
    _rule(nation, MOTTO_RULE_CM)
    _line(number, doc.number, size=LAYOUT.number_pt, space_before=4)
    _line(date, doc.place_and_date, size=LAYOUT.place_date_pt, italic=True, space_before=4)


def _closing(document: DocxDocument, doc: ReportDocument) -> None:
    recipients, signer = _two_columns(document, rows=1)
    size = LAYOUT.recipients_label_pt
    _line(recipients, "Nơi nhận:", size=size, bold=True, italic=True, left=True, space_before=12)
    for recipient in doc.recipients:
        _line(recipients, f"- {recipient}", size=LAYOUT.recipients_pt, left=True)
    _line(signer, doc.signer_role.upper(), size=LAYOUT.body_pt, bold=True, space_before=12)
    name = _line(signer, doc.signer_name, size=LAYOUT.body_pt, bold=True)
    name.paragraph_format.space_before = Pt(LAYOUT.signature_space_pt)


def _two_columns(document: DocxDocument, *, rows: int) -> list[_Cell]:
    """A borderless table as wide as the text, its cells left to right, top to bottom."""
    table = document.add_table(rows=rows, cols=2)  # the default table style has no borders
    table.autofit = False
    right_cm = LAYOUT.text_width_cm - LAYOUT.left_column_cm
    widths = (Cm(LAYOUT.left_column_cm), Cm(right_cm))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    cells = []
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # Word reads the cells' widths, LibreOffice the grid's
            cells.append(cell)
    return cells


def _line(
    where: Container,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    left: bool = False,
    space_before: float = 0,
    space_after: float = 0,
) -> Paragraph:
    """A single-spaced line of the document's form (header, title, closing), centred
    unless ``left``."""
    paragraph = _new_paragraph(where)
    paragraph.style = FORM_STYLE
    if left:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _rule(cell: _Cell, length_cm: float) -> None:
    """A centred horizontal line ``length_cm`` long: the bottom border of an empty paragraph
    indented from both sides."""
    paragraph = _new_paragraph(cell)
    paragraph.style = FORM_STYLE
    content_cm = (
        cell.width.cm if cell.width is not None else LAYOUT.left_column_cm
    ) - CELL_PADDING_CM
    indent = Cm(max(content_cm - length_cm, 0) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


def _new_paragraph(where: Container) -> Paragraph:
    """The cell's first, still empty paragraph, or a new one after the last."""
    if isinstance(where, _Cell):
        paragraphs: list[Paragraph] = where.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
    paragraph: Paragraph = where.add_paragraph()
    return paragraph
