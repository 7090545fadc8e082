from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.engine.errors import CdsError
from chuyendoiso.engine.report.render_html import render_html, report_css
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.reports.selectors import FORMATS, report_document, report_file

DEFAULT_ORG = "19"
DEFAULT_PERIOD = "2024S1"


def report_page(request: HttpRequest) -> HttpResponse:
    """Choose an org unit and a period; see the report and download it in any format."""
    org = request.GET.get("org", DEFAULT_ORG).strip()
    period = request.GET.get("period", DEFAULT_PERIOD).strip()
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
    return render(
        request, "reports/report.html", context, status=400 if "error" in context else 200
    )


def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    org = request.GET.get("org", DEFAULT_ORG).strip()
    period = request.GET.get("period", DEFAULT_PERIOD).strip()
    if fmt not in FORMATS:
        return HttpResponse(f"Định dạng không hỗ trợ: {fmt}", status=404)
    try:
        content = report_file(org, period, fmt)
    except CdsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-cds-{org}-{period}.{extension}"'
    )
    return response


MAX_UPLOAD = 20 * 1024 * 1024


def factcheck_page(request: HttpRequest) -> HttpResponse:
    """Paste a report or upload it; see every figure highlighted with its check."""
    from chuyendoiso.reports.factcheck import factcheck_source, render_factcheck_html

    context: dict[str, object] = {"org": request.POST.get("org", DEFAULT_ORG).strip(), "text": ""}
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
