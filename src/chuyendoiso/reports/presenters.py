"""The reports app's results as files and HTML: the report in a format, with its file name;
a fact-check as a highlighted page; an error's details as labelled rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chuyendoiso.analytics.audience import Audience
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.reader import READABLE_FORMATS, FactCheckResult, Verdict
from chuyendoiso.engine.report import FORMATS, Renderer, render, render_html
from chuyendoiso.reports.selectors import report_cached, report_document, report_period

# What the fact-check page reads: "TXT, MD, DOCX, PDF, HTML", and its file picker's filter.
READABLE_LABEL = ", ".join(name.upper() for name in READABLE_FORMATS)
READABLE_ACCEPT = ",".join(f".{ext}" for exts in READABLE_FORMATS.values() for ext in exts)

# How the details of an error are named on the page (CdsError.extra keys and field names).
DETAIL_LABELS = {
    "field": _("Trường"),
    "value": _("Giá trị đã nhập"),
    "expected": _("Dạng hợp lệ"),
    "allowed": _("Được phép"),
}
FIELD_LABELS = {
    "period": _("Kỳ (period)"),
    "org_unit": _("Đơn vị (org)"),
    "format": _("Định dạng"),
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str  # "bao-cao-cds-19-2024S1.docx"
    media_type: str


def report_renderer(fmt: str) -> Renderer:
    """The renderer of a download format; a format there is not is not found."""
    if fmt not in FORMATS:
        raise NotFoundError(
            f"Định dạng không hỗ trợ / unsupported format: {fmt}",
            field="format",
            value=fmt,
            allowed=list(FORMATS),
        )
    return FORMATS[fmt]


def report_file(
    org_code: str,
    period_id: str,
    fmt: str,
    *,
    cached: bool = False,
    audience: Audience | None = None,
) -> ReportFile:
    """The report of the org unit for the period, as a file in ``fmt``, for ``audience``
    (None: the whole catalogue); with ``cached`` (the downloads), kept in the cache with
    the report."""
    renderer = report_renderer(fmt)
    today = timezone.localdate()
    period = report_period(period_id, today)
    document = partial(report_document, org_code, period_id, today=today, audience=audience)
    content = report_cached(
        f"file:{fmt}",
        org_code,
        period,
        today,
        lambda: render(document(cached=cached), fmt),
        cached=cached,
        audience=audience,
    )
    # the period as the platform writes it ("2024q1 " -> "2024Q1")
    name = f"bao-cao-cds-{org_code.strip()}-{period.id}.{renderer.extension}"
    return ReportFile(content, name, renderer.media_type)


def report_html(
    org_code: str, period_id: str, *, cached: bool = False, audience: Audience | None = None
) -> str:
    """The report of the org unit for the period as a part of a page, for ``audience``
    (None: the whole catalogue); with ``cached`` (the report page), kept in the cache with
    the report."""
    today = timezone.localdate()
    period = report_period(period_id, today)
    document = partial(report_document, org_code, period_id, today=today, audience=audience)
    return report_cached(
        "html",
        org_code,
        period,
        today,
        lambda: render_html(document(cached=cached), standalone=False),
        cached=cached,
        audience=audience,
    )


def error_details(error: CdsError) -> list[tuple[str, str]]:
    """The error's details as (label, value) rows, labels and field names in the page's
    language."""
    rows = []
    for key, value in error.extra.items():
        if key == "field":
            value = str(FIELD_LABELS.get(str(value), value))
        elif isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        rows.append((str(DETAIL_LABELS.get(key, key)), str(value)))
    return rows


@dataclass(frozen=True)
class Piece:
    text: str
    figure: int | None
    status: str  # consistent | inconsistent | unchecked | unmatched | "" for plain text
    title: str


def highlighted(result: FactCheckResult) -> list[Piece]:
    """The text cut into pieces, each figure with its status and a tooltip."""
    status: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    for check in result.checks:
        for figure in check.figures:
            notes.setdefault(figure, []).append(check.message)
            if check.status is Verdict.INCONSISTENT:
                status[figure] = "inconsistent"
            elif check.status is Verdict.CONSISTENT:
                status.setdefault(figure, "consistent")
    pieces = []
    for text, piece in result.segments():
        if piece is None:
            pieces.append(Piece(text, None, "", ""))
            continue
        match = result.matches[piece]
        state = status.get(piece) or ("unchecked" if match.indicator else "unmatched")
        title = f"{match.indicator or gettext('chưa gắn chỉ tiêu')} · {match.period.id or '?'}"
        title = " — ".join([title, *notes.get(piece, [])])
        pieces.append(Piece(text, piece, state, title))
    return pieces


def render_factcheck_html(result: FactCheckResult, *, standalone: bool = True) -> str:
    return render_to_string(
        "reports/factcheck_result.html",
        {"result": result, "pieces": highlighted(result), "standalone": standalone},
    )
