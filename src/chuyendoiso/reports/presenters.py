"""The reports app's results as files and HTML: the report in a format, with its file name;
an error's details as labelled rows. A fact-check's page is in factcheck_presenters.py, so
that writing a report loads nothing of the reader."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuyendoiso.analytics.audience import Audience
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.report import FORMATS, Renderer, render, render_html
from chuyendoiso.reports.selectors import report_cached, report_document, report_period

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
