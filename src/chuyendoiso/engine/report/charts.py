"""Grouped bar charts of a report, drawn by the product's own code from one layout: SVG with
its texts as text (HTML, PDF) and PNG at 200 dpi (DOCX, with Pillow).

Labels use the body's typeface, Times New Roman, or what fontconfig puts in its place
(Liberation Serif, the same metrics, on Debian; without fontconfig, the first of Times New
Roman, Liberation Serif and DejaVu Serif that Pillow finds), measured with the font file
itself so that nothing overlaps. Numbers are written the Vietnamese way (1.567.705;
89,44). The chart's title is not drawn: the hosting document prints it as the caption. See
docs/decisions/0004-report-rendering.md for why not a plotting library.
"""

from __future__ import annotations

import io
import math
import subprocess
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from html import escape

from PIL import Image, ImageDraw, ImageFont

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report.document import Chart
from chuyendoiso.engine.report.layout import format_value

# The body's typeface first (layout.LAYOUT), then what stands for it where it is missing.
CHART_FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
# Colour-blind-safe (Okabe-Ito) and distinct in greyscale print, darkest first.
PALETTE = ("#0b4f8a", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#666666")
ASPECT = 0.55  # height / width
PNG_DPI = 200
TEXT_PT, VALUE_PT, NOTE_PT = 10.0, 8.0, 8.5
MAX_VALUE_LABELS = 30  # above this many bars, values on the bars would overlap
GRID, AXIS, NOTE = "#dddddd", "#333333", "#444444"
TICKS = 6


def render_chart_png(chart: Chart, *, width_cm: float = 15) -> bytes:
    """The chart as a PNG of ``width_cm`` at 200 dpi, for print."""
    drawing = _layout(chart, width_cm)
    return _png(drawing)


def render_chart_svg(chart: Chart) -> str:
    """The chart as an SVG element to inline in HTML (no XML prolog, no id)."""
    return _svg(_layout(chart, 15))


@cache
def chart_fonts() -> list[str]:
    """The typefaces the charts are drawn in, as fontconfig finds them: the first of
    ``CHART_FONTS`` it has, or the face it puts in its place."""
    return [_font("regular").family]


# --- the layout: every element placed in points ---------------------------------------------


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    anchor: str = "middle"  # start | middle | end
    upright: bool = False  # turned a quarter left, reading upwards
    italic: bool = False
    colour: str = "#000000"


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 0.6


@dataclass
class _Drawing:
    width: float
    height: float
    shapes: list[_Rect | _Line | _Text] = field(default_factory=list)


def _layout(chart: Chart, width_cm: float) -> _Drawing:
    width = width_cm / 2.54 * 72
    drawing = _Drawing(width, width * ASPECT)
    pad = 4.0
    count = max(len(chart.series), 1)
    labels = [textwrap.fill(label, 16).splitlines() or [""] for label in chart.labels]
    values = [list(series.values[: len(chart.labels)]) for series in chart.series]
    present = [v for row in values for v in row if v is not None]
    top, ticks = _ticks(max((float(v) for v in present), default=0.0))
    tick_texts = [_tick_label(t) for t in ticks]
    line = TEXT_PT * 1.15

    legend_h = line + 2 if len(chart.series) > 1 else 0.0
    note_h = NOTE_PT * 1.4 if chart.note else 0.0
    labels_h = line * max(len(lines) for lines in labels) if labels else line
    unit_w = TEXT_PT * 1.3 if chart.unit_label else 0.0
    left = pad + unit_w + max(_width(t, TEXT_PT) for t in tick_texts) + 5
    right = width - pad
    bottom = drawing.height - pad - note_h - labels_h - 3
    plot_top = pad + legend_h
    slot = (right - left) / max(len(chart.labels), 1)
    bar_w = 0.8 * slot / count
    widest = max((_width(format_value(v), VALUE_PT) for v in present), default=0.0)
    upright = widest > bar_w * 0.98  # wider than its bar: stood upright, never overlapping
    if len(present) <= MAX_VALUE_LABELS:  # room above the highest bar for its value
        plot_top += widest + 4 if upright else VALUE_PT * 1.6

    def y_of(value: float) -> float:
        return bottom - (bottom - plot_top) * (value / top if top else 0)

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        drawing.shapes.append(_Line(left, y, right, y, GRID))
        drawing.shapes.append(_Text(left - 4, y + TEXT_PT * 0.35, text, TEXT_PT, "end"))
    if chart.unit_label:
        middle = (plot_top + bottom) / 2
        drawing.shapes.append(_Text(pad + TEXT_PT, middle, chart.unit_label, TEXT_PT, upright=True))
    for index, row in enumerate(values):
        colour = PALETTE[index % len(PALETTE)]
        offset = (index - (count - 1) / 2) * bar_w
        for x_index, value in enumerate(row):
            if value is None:
                continue
            centre = left + slot * (x_index + 0.5) + offset
            y = y_of(max(float(value), 0.0))  # the figures are never negative: none drawn below
            drawing.shapes.append(_Rect(centre - bar_w * 0.46, y, bar_w * 0.92, bottom - y, colour))
            if len(present) <= MAX_VALUE_LABELS:
                text = format_value(value)
                if upright:
                    drawing.shapes.append(
                        _Text(centre + VALUE_PT * 0.35, y - 3, text, VALUE_PT, "start", True)
                    )
                else:
                    drawing.shapes.append(_Text(centre, y - 3, text, VALUE_PT))
    drawing.shapes.append(_Line(left, y_of(top), left, bottom, AXIS, 0.8))
    drawing.shapes.append(_Line(left, bottom, right, bottom, AXIS, 0.8))
    for x_index, lines in enumerate(labels):
        centre = left + slot * (x_index + 0.5)
        for n, text in enumerate(lines):
            drawing.shapes.append(_Text(centre, bottom + 3 + line * (n + 0.8), text, TEXT_PT))
    if len(chart.series) > 1:
        _legend(drawing, chart, pad, line)
    if chart.note:
        drawing.shapes.append(
            _Text(
                width / 2,
                drawing.height - pad - NOTE_PT * 0.3,
                chart.note,
                NOTE_PT,
                italic=True,
                colour=NOTE,
            )
        )
    return drawing


def _legend(drawing: _Drawing, chart: Chart, pad: float, line: float) -> None:
    key = TEXT_PT * 0.8
    items = [(s.name, PALETTE[i % len(PALETTE)]) for i, s in enumerate(chart.series)]
    widths = [key + 4 + _width(name, TEXT_PT) for name, _ in items]
    x = (drawing.width - (sum(widths) + 12 * (len(items) - 1))) / 2
    baseline = pad + line * 0.8
    for (name, colour), item_w in zip(items, widths, strict=True):
        drawing.shapes.append(_Rect(x, baseline - key, key, key, colour))
        drawing.shapes.append(_Text(x + key + 4, baseline, name, TEXT_PT, "start"))
        x += item_w + 12


def _ticks(highest: float) -> tuple[float, list[float]]:
    """Round steps from 0 to above ``highest`` (1, 2, 2.5 or 5 times a power of ten), at
    most ``TICKS`` of them."""
    if highest <= 0:
        return 1.0, [0.0, 1.0]
    raw = highest / (TICKS - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(highest / step - 1e-9)
    return step * count, [step * i for i in range(count + 1)]


def _tick_label(value: float) -> str:
    exact = Decimal(str(round(value, 6))).normalize()
    return format_value(exact) if exact != 0 else "0"


# --- fonts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    family: str
    path: str


# Where fontconfig is missing (a Windows server), Pillow finds these files in the system's
# font folders itself: Times New Roman, Liberation Serif, DejaVu Serif.
_FILES = {
    "regular": (
        ("Times New Roman", "times.ttf"),
        ("Liberation Serif", "LiberationSerif-Regular.ttf"),
        ("DejaVu Serif", "DejaVuSerif.ttf"),
    ),
    "italic": (
        ("Times New Roman", "timesi.ttf"),
        ("Liberation Serif", "LiberationSerif-Italic.ttf"),
        ("DejaVu Serif", "DejaVuSerif-Italic.ttf"),
    ),
}


@cache
def _font(style: str) -> _Face:
    """The face fontconfig gives for Times New Roman in ``style`` (itself, or what stands for
    it: Liberation Serif, Tinos, ...); without fontconfig, the first of ``_FILES`` found."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{file}", f"{CHART_FONTS[0]}:{style}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        found = ""
    family, _, path = found.partition("|")
    if family and path:
        return _Face(family, path)
    for family, name in _FILES[style]:
        try:
            ImageFont.truetype(name, size=10)
        except OSError:
            continue
        return _Face(family, name)
    raise ValidationError(
        "Không có phông chữ để vẽ biểu đồ (cài fonts-liberation) / no font to draw the charts "
        "(install fonts-liberation)",
        fonts=", ".join(CHART_FONTS),
    )


@cache
def _truetype(style: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font(style).path, size=max(1, round(size_px)))


def _width(text: str, size_pt: float) -> float:
    """The width of ``text`` in points, measured with the font file (at 10x for precision)."""
    return _truetype("regular", size_pt * 10).getlength(text) / 10


# --- SVG -------------------------------------------------------------------------------------


def _svg(drawing: _Drawing) -> str:
    family = ", ".join(f"'{name}'" for name in dict.fromkeys((*chart_fonts(), *CHART_FONTS)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(drawing.width)}pt" '
        f'height="{_n(drawing.height)}pt" viewBox="0 0 {_n(drawing.width)} '
        f'{_n(drawing.height)}" font-family="{family}, serif" role="img">'
    ]
    for shape in drawing.shapes:
        if isinstance(shape, _Rect):
            parts.append(
                f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
                f'height="{_n(shape.height)}" fill="{shape.colour}"/>'
            )
        elif isinstance(shape, _Line):
            parts.append(
                f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{shape.colour}" stroke-width="{shape.width}"/>'
            )
        else:
            parts.append(_svg_text(shape))
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_text(text: _Text) -> str:
    turn = f' transform="rotate(-90 {_n(text.x)} {_n(text.y)})"' if text.upright else ""
    style = ' font-style="italic"' if text.italic else ""
    colour = f' fill="{text.colour}"' if text.colour != "#000000" else ""
    return (
        f'<text x="{_n(text.x)}" y="{_n(text.y)}" font-size="{_n(text.size)}" '
        f'text-anchor="{text.anchor}"{turn}{style}{colour}>{escape(text.text)}</text>'
    )


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- PNG -------------------------------------------------------------------------------------


def _png(drawing: _Drawing) -> bytes:
    scale = PNG_DPI / 72
    image = Image.new("RGB", (round(drawing.width * scale), round(drawing.height * scale)), "white")
    pen = ImageDraw.Draw(image)
    for shape in drawing.shapes:
        if isinstance(shape, _Rect):
            box = [
                shape.x * scale,
                shape.y * scale,
                (shape.x + shape.width) * scale,
                (shape.y + shape.height) * scale,
            ]
            pen.rectangle(box, fill=shape.colour)
        elif isinstance(shape, _Line):
            pen.line(
                [shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale],
                fill=shape.colour,
                width=max(1, round(shape.width * scale)),
            )
        else:
            _png_text(image, pen, shape, scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI), optimize=False)
    return buffer.getvalue()


def _png_text(image: Image.Image, pen: ImageDraw.ImageDraw, text: _Text, scale: float) -> None:
    font = _truetype("italic" if text.italic else "regular", text.size * scale)
    anchor = {"start": "l", "middle": "m", "end": "r"}[text.anchor] + "s"  # on the baseline
    if not text.upright:
        pen.text(
            (text.x * scale, text.y * scale), text.text, font=font, fill=text.colour, anchor=anchor
        )
        return
    left, top, right, bottom = font.getbbox(text.text, anchor=anchor)
    ax, ay = 1 - left, 1 - top  # where the anchor falls in a flat image of the text
    flat = Image.new("L", (math.ceil(right - left) + 2, math.ceil(bottom - top) + 2), 0)
    ImageDraw.Draw(flat).text((ax, ay), text.text, font=font, fill=255, anchor=anchor)
    turned = flat.rotate(90, expand=True)  # a quarter left: (px, py) -> (py, width - px)
    x, y = text.x * scale - ay, text.y * scale - (flat.width - ax)
    image.paste(text.colour, (round(x), round(y)), turned)
