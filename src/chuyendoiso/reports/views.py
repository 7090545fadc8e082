from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.engine.domain.errors import CdsError, NotFoundError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.report import render_html, report_css
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.reports.selectors import FORMATS, report_default, report_document, report_file

# How the details of an error are named on the page (CdsError.extra keys and field names).
DETAIL_LABELS = {
    "field": "Trường",
    "value": "Giá trị đã nhập",
    "expected": "Dạng hợp lệ",
    "allowed": "Được phép",
}
FIELD_LABELS = {"period": "Kỳ (period)", "org_unit": "Đơn vị (org)", "format": "Định dạng"}


def error_details(error: CdsError) -> list[tuple[str, str]]:
    """The error's details as (Vietnamese label, value) rows, field names in Vietnamese."""
    rows = []
    for key, value in error.extra.items():
        if key == "field":
            value = FIELD_LABELS.get(str(value), value)
        elif isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        rows.append((DETAIL_LABELS.get(key, key), str(value)))
    return rows


def _choice(request: HttpRequest) -> tuple[str, str]:
    """The org unit and period asked for; what is not asked for is the default."""
    org, period = request.GET.get("org"), request.GET.get("period")
    if org is None or period is None:
        default = report_default()
        org = default.org if org is None else org
        period = default.period if period is None else period
    return org.strip(), period.strip()


def report_page(request: HttpRequest) -> HttpResponse:
    """Choose an org unit and a period; see the report and download it in any format."""
    org, period = _choice(request)
    context: dict[str, object] = {
        "org": org,
        "period": period,
        "formats": list(FORMATS),
        "report_css": report_css(),
        "units": OrgUnit.objects.exclude(level=OrgUnit.Level.DEPARTMENT)
        .exclude(level=OrgUnit.Level.COMMUNE)
        .order_by("path"),
    }
    try:
        context["report_html"] = render_html(report_document(org, period), standalone=False)
    except CdsError as error:
        context["error"] = error
        context["error_details"] = error_details(error)
    return render(
        request, "reports/report.html", context, status=400 if "error" in context else 200
    )


def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    org, period = _choice(request)
    try:
        if fmt not in FORMATS:
            raise NotFoundError(
                f"Định dạng không hỗ trợ / unsupported format: {fmt}",
                field="format",
                value=fmt,
                allowed=list(FORMATS),
            )
        content = report_file(org, period, fmt)
    except CdsError as error:
        status = 404 if isinstance(error, NotFoundError) and fmt not in FORMATS else 400
        lines = [error.message, *(f"{label}: {value}" for label, value in error_details(error))]
        return HttpResponse(
            "\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8"
        )
    content_type, extension = FORMATS[fmt].media_type, FORMATS[fmt].extension
    response = HttpResponse(content, content_type=content_type)
    # the period as the platform writes it ("2024q1 " -> "2024Q1")
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-cds-{org}-{parse_period(period).id}.{extension}"'
    )
    return response


MAX_UPLOAD = 20 * 1024 * 1024


def factcheck_page(request: HttpRequest) -> HttpResponse:
    """Paste a report or upload it; see every figure highlighted with its check."""
    from chuyendoiso.reports.factcheck import factcheck_source, render_factcheck_html

    default_org = report_default().org
    context: dict[str, object] = {"org": request.POST.get("org", default_org).strip(), "text": ""}
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        context["text"] = text
        try:
            if upload is not None:
                if upload.size and upload.size > MAX_UPLOAD:
                    raise CdsError("Tệp quá lớn (tối đa 20 MB) / file too large", file=upload.name)
                source: bytes | str = upload.read()
                filename = upload.name or ""
            elif text.strip():
                source, filename = text, ""
            else:
                raise CdsError("Hãy dán nội dung hoặc chọn tệp / paste text or choose a file")
            result = factcheck_source(source, filename, org_code=str(context["org"]))
            context["result_html"] = render_factcheck_html(result, standalone=False)
        except CdsError as error:
            context["error"] = error.message
            return render(request, "reports/factcheck.html", context, status=400)
    return render(request, "reports/factcheck.html", context)
