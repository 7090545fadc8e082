"""Grouped bar charts of a report, drawn with matplotlib as PNG (DOCX) or SVG (HTML, PDF).

Each call builds its own ``matplotlib.figure.Figure`` on an Agg canvas: no pyplot, so no
figure or state is kept between calls. Labels use the body's typeface, Times New Roman, or
Liberation Serif (the same metrics, Debian's fonts-liberation), else DejaVu Serif, which
ships with matplotlib; all have every Vietnamese glyph. Numbers are written the Vietnamese
way (1.567.705; 89,44).
The chart's title is not drawn: the hosting document prints it as the caption.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from chuyendoiso.engine.report.document import Chart
from chuyendoiso.engine.report.layout import format_value

# The body's typeface first (layout.LAYOUT), then what stands for it where it is missing.
CHART_FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
# Colour-blind-safe (Okabe-Ito) and distinct in greyscale print, darkest first.
PALETTE = ("#0b4f8a", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#666666")
ASPECT = 0.55  # height / width
PNG_DPI = 200
VALUE_PT = 8  # values written on the bars
MAX_VALUE_LABELS = 30  # above this many bars, values on the bars would overlap


def render_chart_png(chart: Chart, *, width_cm: float = 15) -> bytes:
    """The chart as a PNG of ``width_cm`` at 200 dpi, for print."""
    buffer = io.BytesIO()
    with _chart_settings():
        figure = _draw(chart, width_cm)
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def render_chart_svg(chart: Chart) -> str:
    """The chart as an SVG element to inline in HTML: no XML prolog, ids unique per chart."""
    buffer = io.StringIO()
    with _chart_settings():
        figure = _draw(chart, 15)
        figure.savefig(
            buffer, format="svg", metadata=dict.fromkeys(("Creator", "Date", "Format", "Type"))
        )
    svg = _as_attributes(buffer.getvalue())
    return _prefix_ids(svg, "c" + hashlib.sha256(repr(chart).encode()).hexdigest()[:8])


@contextmanager
def _chart_settings() -> Iterator[None]:
    # rc_context restores every setting on exit; hashsalt makes SVG ids reproducible.
    with rc_context({"svg.hashsalt": "chuyendoiso", "font.family": chart_fonts(), "font.size": 10}):
        yield


@cache
def chart_fonts() -> list[str]:
    """The typefaces of ``CHART_FONTS`` installed here, in that order (DejaVu Serif always
    is: asking for a missing one would log a warning on every chart)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in CHART_FONTS if name in installed]


def _draw(chart: Chart, width_cm: float) -> Figure:
    width_in = width_cm / 2.54
    figure = Figure(figsize=(width_in, width_in * ASPECT), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(len(chart.series), 1)
    bar_width = 0.8 / count
    bars = sum(value is not None for series in chart.series for value in series.values)
    values = [format_value(v) for series in chart.series for v in series.values if v is not None]
    # Value labels wider than their bar stand upright, so that neighbours never overlap.
    slot_cm = width_cm * 0.85 / max(len(chart.labels), 1) * bar_width
    upright = max(map(len, values), default=0) * VALUE_PT * 0.6 / 72 * 2.54 > slot_cm
    for index, series in enumerate(chart.series):
        labelled = series.values[: len(chart.labels)]
        points = [(x, v) for x, v in enumerate(labelled) if v is not None]
        offset = (index - (count - 1) / 2) * bar_width
        container = axes.bar(
            [x + offset for x, _ in points],
            [float(v) for _, v in points],
            bar_width * 0.92,
            label=series.name,
            color=PALETTE[index % len(PALETTE)],
            zorder=2,
        )
        if bars <= MAX_VALUE_LABELS:
            axes.bar_label(
                container,
                [format_value(v) for _, v in points],
                padding=2,
                fontsize=VALUE_PT,
                rotation=90 if upright else 0,
            )
    _style_axes(axes, chart)
    axes.margins(y=0.35 if upright and bars <= MAX_VALUE_LABELS else 0.12)
    if len(chart.series) > 1:  # one series: the caption names it
        figure.legend(loc="outside upper center", ncols=min(count, 4), frameon=False)
    if chart.note:
        figure.supxlabel(chart.note, fontsize=8.5, style="italic", color="#444444")
    return figure


def _style_axes(axes: Axes, chart: Chart) -> None:
    axes.set_xticks(range(len(chart.labels)), [textwrap.fill(label, 16) for label in chart.labels])
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.yaxis.set_major_formatter(FuncFormatter(_tick_label))
    axes.set_ylabel(chart.unit_label)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    axes.tick_params(axis="x", length=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _tick_label(value: float, _position: int | None = None) -> str:
    exact = Decimal(str(round(float(value), 6))).normalize()
    return format_value(exact) if exact != 0 else "0"


_STYLE = re.compile(r'\bstyle="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')


def _as_attributes(svg: str) -> str:
    """The SVG element alone, its styles written as presentation attributes. matplotlib's
    ``<style>*{...}</style>`` would style the whole HTML page it is inlined in, and WeasyPrint
    warns about every SVG property it meets in a ``style`` attribute of an HTML document."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<defs>\s*<style[^<]*</style>\s*</defs>", "", svg, count=1)
    svg = svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return _STYLE.sub(_attributes, svg)


def _attributes(match: re.Match[str]) -> str:
    declarations = (item.split(":", 1) for item in match.group(1).split(";") if ":" in item)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _prefix_ids(svg: str, prefix: str) -> str:
    """Give every id (glyphs, clip paths, groups) a per-chart prefix, so that two charts
    inlined in one HTML page never share an id."""
    for name in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f'"#{name}"', f'"#{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
    return svg
