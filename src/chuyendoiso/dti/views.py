"""The DTI self-assessment page (docs/dti.md): a province's index for a year under a
framework, its pillars and components, the points lost, a what-if form, the ten best
changes, its place among the published results, and the other framework side by side;
and its download as XLSX, JSON or Markdown. The work is done by the selectors."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.access.selectors import actor_can
from chuyendoiso.collection.evidence_selectors import evidence_of_year
from chuyendoiso.collection.models import Evidence
from chuyendoiso.dti.presenters import Choice, page_choice, side_by_side
from chuyendoiso.dti.selectors import dti_report, frameworks_all
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError
from chuyendoiso.engine.dti import (
    STATUS_LABELS,
    ComponentResult,
    DtiReport,
    report_dict,
    report_markdown,
    report_xlsx,
)

TEMPLATE = "dti/dti.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "json", "md")


def _status(error: CdsError) -> int:
    return 403 if isinstance(error, PermissionDeniedError) else 400


def _report(request: HttpRequest) -> tuple[Choice, DtiReport]:
    choice = page_choice(request.GET)
    if choice.drafts and not actor_can(request.user, Action.READ_DRAFT, choice.unit):
        raise PermissionDeniedError(
            "Không có quyền xem bản nháp của đơn vị này / you may not read this unit's drafts",
            field="drafts",
        )
    report = dti_report(
        choice.framework,
        choice.unit,
        choice.year,
        drafts=choice.drafts,
        overrides=choice.what_if,
    )
    return choice, report


@login_required
def dti_page(request: HttpRequest) -> HttpResponse:
    try:
        choice, report = _report(request)
    except NotFoundError as error:
        raise Http404(error.message) from error
    except CdsError as error:
        return render(request, TEMPLATE, {"error": error}, status=_status(error))
    readable = actor_can(request.user, Action.READ_DRAFT, choice.unit)
    context: dict[str, Any] = {
        "choice": choice,
        "report": report,
        "components": _with_evidence(report, choice, readable),
        "frameworks": frameworks_all(),
        "statuses": STATUS_LABELS,
        "can_read_drafts": readable,
        "side": side_by_side(choice, report),
        "query": choice.query(),
    }
    return render(request, TEMPLATE, context)


def _with_evidence(
    report: DtiReport, choice: Choice, readable: bool
) -> list[tuple[ComponentResult, list[Evidence]]]:
    """Each component with the evidence of its indicator's yearly value, for those who may
    read the unit's drafts (nothing for the others)."""
    codes = [c.indicator for c in report.framework.components if c.indicator]
    found: dict[str, list[Evidence]] = {}
    for each in evidence_of_year(choice.unit, codes, choice.year) if readable else []:
        found.setdefault(each.indicator.code, []).append(each)
    return [(c, found.get(c.component.indicator, [])) for c in report.assessment.components]


@login_required
def dti_download(request: HttpRequest) -> HttpResponse:
    try:
        choice, report = _report(request)
    except NotFoundError as error:
        raise Http404(error.message) from error
    except CdsError as error:
        return HttpResponse(
            error.message, status=_status(error), content_type="text/plain; charset=utf-8"
        )
    name = f"dti_{choice.unit.code}_{choice.year}_{report.framework.number}"
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponse(
            f"Định dạng '{fmt}' không có; chọn / unknown format; choose: {', '.join(FORMATS)}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if fmt == "json":
        body: bytes | str = json.dumps(report_dict(report), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        extension = "json"
    elif fmt == "md":
        response = HttpResponse(
            report_markdown(report), content_type="text/markdown; charset=utf-8"
        )
        extension = "md"
    else:
        response = HttpResponse(report_xlsx(report), content_type=XLSX)
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
