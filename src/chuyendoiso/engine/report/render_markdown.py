"""A report as Markdown (CommonMark): for previews, diffs and plain-text channels.

Markdown has no images, so a chart is written as its data: a table with one row per label
and one column per series. Text is escaped so that it reads as written (no HTML, no
emphasis made by a stray ``*``).
"""

from __future__ import annotations

import re

from chuyendoiso.engine.report.document import Chart, ReportDocument
from chuyendoiso.engine.report.layout import chart_captions, format_value

MISSING = "–"  # a cell without a figure
_SPECIAL = re.compile(r"([\\`*_<>\[\]])")


def escape(text: str) -> str:
    """Text that CommonMark shows as is: backslash before the characters it would interpret."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(doc: ReportDocument) -> str:
    lines = [
        f"{escape(doc.issuing_parent)}  ",
        f"**{escape(doc.issuing_body)}**  ",
        escape(doc.number),
        "",
        f"**{escape(doc.NATIONAL_NAME)}**  ",
        f"**{escape(doc.MOTTO)}**  ",
        f"*{escape(doc.place_and_date)}*",
        "",
        f"# {escape(doc.title)}",
        "",
        f"**{escape(doc.subtitle)}**",
        "",
    ]
    if doc.addressees:
        lines += ["  \n".join(escape(text) for text in doc.addressees), ""]
    lines += _paragraphs(doc.opening)
    for section, caption in zip(doc.sections, chart_captions(doc), strict=True):
        lines += [f"## {escape(section.number)}. {escape(section.title)}", ""]
        lines += _paragraphs(section.paragraphs)
        if section.chart is not None and caption is not None:
            lines += [f"*{escape(caption)}*", "", *_table(section.chart), ""]
    lines += _paragraphs(tuple(f"*{escape(note)}*" for note in doc.notes), escaped=True)
    lines += ["**_Nơi nhận:_**", ""]
    lines += [f"- {escape(recipient)}" for recipient in doc.recipients]
    lines += ["", f"**{escape(doc.signer_role)}**", ""]
    if doc.signer_name:
        lines += [f"**{escape(doc.signer_name)}**", ""]
    return "\n".join(lines)


def _paragraphs(texts: tuple[str, ...], *, escaped: bool = False) -> list[str]:
    lines: list[str] = []
    for text in texts:
        lines += [text if escaped else escape(text), ""]
    return lines


def _table(chart: Chart) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    unit = f"Đơn vị tính: {chart.unit_label}" if chart.unit_label else ""
    header = [escape(unit), *(escape(series.name) for series in chart.series)]
    lines = [row(header), "|" + "---|" + "---:|" * len(chart.series)]
    for index, label in enumerate(chart.labels):
        values = [(*series.values, None)[min(index, len(series.values))] for series in chart.series]
        lines.append(
            row([escape(label), *(MISSING if v is None else format_value(v) for v in values)])
        )
    if chart.note:
        lines += ["", f"*{escape(chart.note)}*"]
    return lines
