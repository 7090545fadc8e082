"""The report page, its downloads and the fact-check page: input read here, the work done by
the selectors, services and presenters. They are open to anyone: an anonymous visitor's
report and fact-check know the public indicators only (``audience_of``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from chuyendoiso.analytics.audience import audience_of
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError
from chuyendoiso.engine.report import FORMATS, report_css
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunits_at_levels
from chuyendoiso.reports.factcheck_presenters import (
    READABLE_ACCEPT,
    READABLE_LABEL,
    render_factcheck_html,
)
from chuyendoiso.reports.factcheck_selectors import factcheck_source
from chuyendoiso.reports.models import LetterheadLevel
from chuyendoiso.reports.presenters import error_details, report_file, report_html
from chuyendoiso.reports.selectors import (
    letterhead_editable,
    letterhead_level,
    report_default,
    report_issue_state,
    report_templates,
)
from chuyendoiso.reports.services import LetterheadForm, letterhead_save, report_issue
from chuyendoiso.reports.uploads import rate_exceeded, upload_limit_label, upload_refused
from chuyendoiso.web.language import in_language

# The units offered in the report page's list (communes are typed in by code).
CHOOSABLE_LEVELS = (OrgUnit.Level.PROVINCE, OrgUnit.Level.DISTRICT)
RATE_MESSAGE = _(
    "Bạn đã gửi quá nhiều yêu cầu kiểm tra trong thời gian ngắn; xin thử lại sau ít phút"
)


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
    return _report_page(request, org, period)


@require_POST
@login_required
def report_issue_page(request: HttpRequest) -> HttpResponse:
    """Issue the report shown: the next number of its register, dated today (the unit's
    leader, a coordinator); back to the report with its number."""
    org, period = request.POST.get("org", "").strip(), request.POST.get("period", "").strip()
    try:
        report_issue(acting_user=request.user, org_code=org, period_id=period)
    except CdsError as error:
        return _report_page(request, org, period, issue_error=error)
    return redirect(f"{reverse('reports:page')}?{urlencode({'org': org, 'period': period})}")


def _report_page(
    request: HttpRequest, org: str, period: str, *, issue_error: CdsError | None = None
) -> HttpResponse:
    context: dict[str, object] = {
        "org": org,
        "period": period,
        "formats": list(FORMATS),
        "report_css": report_css(),
        "units": orgunits_at_levels(*CHOOSABLE_LEVELS),
        "may_edit_letterhead": letterhead_editable(request.user),
    }
    try:
        audience = audience_of(request.user)
        context["report_html"] = report_html(org, period, cached=True, audience=audience)
        context["issue"] = report_issue_state(request.user, org, period)
    except CdsError as error:
        context["error"] = error
        context["error_details"] = error_details(error)
    if issue_error is not None:
        context["issue_error"] = issue_error
    failed = "error" in context or issue_error is not None
    status = 403 if isinstance(issue_error, PermissionDeniedError) else 400 if failed else 200
    return render(request, "reports/report.html", context, status=status)


def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    org, period = _choice(request)
    try:
        file = report_file(org, period, fmt, cached=True, audience=audience_of(request.user))
    except CdsError as error:
        status = 404 if isinstance(error, NotFoundError) and fmt not in FORMATS else 400
        lines = [error.message, *(f"{label}: {value}" for label, value in error_details(error))]
        return HttpResponse(
            "\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _too_large(name: str) -> CdsError:
    return CdsError(f"Tệp quá lớn (tối đa {upload_limit_label()}) / file too large", file=name)


def _factcheck_input(request: HttpRequest) -> tuple[bytes | str, str]:
    """The uploaded file (its bytes and name), else the pasted text."""
    refused = upload_refused(request)
    if refused is not None:
        raise _too_large(refused)
    upload = request.FILES.get("file")
    if upload is not None:
        name = upload.name or ""
        if upload.size and upload.size > settings.CDS_UPLOAD_MAX_BYTES:
            raise _too_large(name)
        return upload.read(), name
    text = request.POST.get("text", "")
    if len(text.encode()) > settings.CDS_UPLOAD_MAX_BYTES:
        raise _too_large("")
    if text.strip():
        return text, ""
    raise CdsError(
        f"Hãy dán nội dung hoặc chọn tệp ({READABLE_LABEL}) / paste text or choose a file"
    )


def factcheck_page(request: HttpRequest) -> HttpResponse:
    """Paste a report or upload it; see every figure highlighted with its check."""
    context: dict[str, object] = {
        "org": request.POST.get("org", "").strip(),  # empty: the unit the text is about
        "text": request.POST.get("text", ""),
        "accept": READABLE_ACCEPT,
        "readable": READABLE_LABEL,
    }
    if request.method == "POST":
        if rate_exceeded(request, "factcheck", settings.CDS_RATE_FACTCHECK):
            context["error"] = RATE_MESSAGE
            return render(request, "reports/factcheck.html", context, status=429)
        try:
            source, filename = _factcheck_input(request)
            result = factcheck_source(
                source, filename, org_code=str(context["org"]), audience=audience_of(request.user)
            )
            context["result_html"] = render_factcheck_html(result, standalone=False)
        except CdsError as error:
            context["error"] = in_language(error.message)
            return render(request, "reports/factcheck.html", context, status=400)
    return render(request, "reports/factcheck.html", context)


@login_required
def letterhead_page(request: HttpRequest) -> HttpResponse:
    """The letterhead of each level's reports: issuing body, symbol, signer, to whom it is
    sent; set here by system administrators and coordinators (through the same service,
    checked and audited), the rest from data/report/vi/letterhead.yaml."""
    level = request.POST.get("level") or request.GET.get("level") or "province"
    if request.method != "POST" and level not in LetterheadLevel.Level.values:
        level = "province"  # a posted one is checked by the service, which names it
    context: dict[str, object] = {
        "levels": LetterheadLevel.Level.choices,
        "level": level,
        "saved": request.GET.get("saved") == "1",
        "may_edit": letterhead_editable(request.user),
    }
    if request.method == "POST":
        form = LetterheadForm(
            body=request.POST.get("body", "").strip(),
            number_suffix=request.POST.get("number_suffix", "").strip(),
            signer="\n".join(_lines(request.POST.get("signer", ""))),
            signer_name=request.POST.get("signer_name", "").strip(),
            addressees=tuple(_lines(request.POST.get("addressees", ""))),
        )
        try:
            letterhead_save(acting_user=request.user, level=level, form=form)
        except CdsError as error:
            status = 403 if isinstance(error, PermissionDeniedError) else 400
            context |= {"error": error, "error_details": error_details(error), "form": form}
            context["addressees_text"] = "\n".join(form.addressees)
            return render(request, "reports/letterhead.html", context, status=status)
        query = urlencode({"level": level, "saved": "1"})
        return redirect(f"{reverse('reports:letterhead')}?{query}")
    form_now = letterhead_level(report_templates(), level)
    context |= {"form": form_now, "addressees_text": "\n".join(form_now.addressees)}
    return render(request, "reports/letterhead.html", context)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
