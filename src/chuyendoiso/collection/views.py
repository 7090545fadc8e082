"""The workflow's pages: the submissions a user sees, one submission with its values,
violations, history and the buttons of the transitions the user may make, a value's history,
and the completeness of a regime's period. The work is done by the selectors and services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from chuyendoiso.access.selectors import Permissions
from chuyendoiso.audit.presenters import STATE_LABELS, action_label, state_label
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.catalog.selectors import datasets_all
from chuyendoiso.collection import services
from chuyendoiso.collection.evidence_selectors import (
    evidence_get,
    evidence_of_report,
    evidence_readable,
)
from chuyendoiso.collection.evidence_services import evidence_add, evidence_remove
from chuyendoiso.collection.presenters import (
    STAGE_LABELS,
    audited_figure,
    figure,
    progress_label,
    unit_param,
)
from chuyendoiso.collection.selectors import (
    Key,
    Progress,
    awaits,
    completeness,
    home_province,
    provinces,
    submission_history,
    submission_key,
    submission_of,
    submission_rows,
    submission_state,
    submission_violations,
    submissions_visible,
    value_history,
)
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import CdsError, PermissionDeniedError, ValidationError
from chuyendoiso.engine.domain.regimes import latest_due_period, recent_periods
from chuyendoiso.engine.domain.workflow import TRANSITIONS, Transition, possible
from chuyendoiso.orgunits.selectors import orgunit_by_key
from chuyendoiso.reports.uploads import upload_limit_label, upload_refused
from chuyendoiso.validation.presenters import values_text
from chuyendoiso.web.templatetags.vn import ky


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    permissions = Permissions(request.user)
    rows = [
        (row, unit_param(row.org_unit), awaits(permissions, row))
        for row in submissions_visible(request.user)
    ]
    return render(request, "collection/list.html", {"rows": rows})


def _key(dataset: str, org: str, period: str) -> Key:
    unit = orgunit_by_key(org, today=timezone.localdate())
    return submission_key(dataset_code=dataset, org_unit=unit, period_id=period)


@login_required
@require_http_methods(["GET", "POST"])
def submission_page(request: HttpRequest, dataset: str, org: str, period: str) -> HttpResponse:
    try:
        key = _key(dataset, org, period)
    except CdsError as unknown:
        return render(request, "collection/error.html", {"error": unknown}, status=404)
    error: CdsError | None = None
    if request.method == "POST":
        try:
            _act(request, key)
            return redirect(request.path)
        except CdsError as caught:
            error = caught
    return render(
        request,
        "collection/submission.html",
        _context(request, key) | {"error": error},
        status=_status(error),
    )


def _act(request: HttpRequest, key: Key) -> None:
    name = request.POST.get("transition", "")
    if name not in Transition.__members__.values():
        raise CdsError("Thao tác không rõ / unknown action", field="transition", value=name)
    call = getattr(services, f"submission_{name}")
    call(
        acting_user=request.user,
        dataset_code=key.dataset.code,
        org_unit=key.org_unit,
        period_id=key.period.id,
        reason=request.POST.get("reason", ""),
    )


def _status(error: CdsError | None) -> int:
    if error is None:
        return 200
    return 403 if isinstance(error, PermissionDeniedError) else 400


def _context(request: HttpRequest, key: Key) -> dict[str, object]:
    permissions = Permissions(request.user)
    state = submission_state(key)
    reads = permissions.can(Action.READ_DRAFT, key.org_unit)
    buttons = [
        (transition, TRANSITIONS[transition].needs_reason)
        for transition in possible(state)
        if permissions.can(TRANSITIONS[transition].action, key.org_unit)
    ]
    entry = None
    if state.editable and permissions.can(Action.WRITE, key.org_unit):
        query = {
            "dataset": key.dataset.code,
            "org": unit_param(key.org_unit),
            "period": key.period.id,
        }
        entry = "/thu-thap/nhap/?" + urlencode(query)
    violations = (
        [(each, values_text(each.result)) for each in submission_violations(key)] if reads else []
    )
    return {
        "key": key,
        "org": unit_param(key.org_unit),
        "evidence": evidence_of_report(key) if reads else [],
        "evidence_form": state.editable and permissions.can(Action.WRITE, key.org_unit),
        "evidence_indicators": Indicator.objects.filter(code__in=key.indicators).order_by("code"),
        "row": submission_of(key),
        "state": state,
        "state_label": STATE_LABELS[state],
        "reads_drafts": reads,
        "values": [(each, figure(each.value.value)) for each in submission_rows(key)]
        if reads
        else [],
        "violations": violations,
        "history": [
            (entry, state_label(entry.before), state_label(entry.after))
            for entry in submission_history(key)
        ],
        "buttons": buttons,
        "entry_url": entry,
    }


@login_required
@require_http_methods(["POST"])
def evidence_add_page(request: HttpRequest, dataset: str, org: str, period: str) -> HttpResponse:
    """Attach a file or a link to one indicator of the report, then back to the report."""
    try:
        key = _key(dataset, org, period)
    except CdsError as unknown:
        return render(request, "collection/error.html", {"error": unknown}, status=404)
    upload = request.FILES.get("file")
    assert isinstance(request.user, AbstractBaseUser)  # login_required
    try:
        refused = upload_refused(request)
        if refused is not None:  # stopped at the limit while it streamed in
            raise ValidationError(
                f"Tệp '{refused}' quá lớn (tối đa {upload_limit_label()}) / file too large",
                field="file",
                value=refused,
            )
        evidence_add(
            acting_user=request.user,
            dataset_code=key.dataset.code,
            org_unit=key.org_unit,
            period_id=key.period.id,
            indicator=request.POST.get("indicator", ""),
            file_name=(upload.name or "") if upload else "",
            content=upload.read() if upload else b"",
            link=request.POST.get("link", ""),
            note=request.POST.get("note", ""),
        )
    except CdsError as error:
        context = _context(request, key) | {"error": error}
        return render(request, "collection/submission.html", context, status=_status(error))
    return redirect(request.path.removesuffix("minh-chung/") + "#minh-chung")


@login_required
@require_http_methods(["POST"])
def evidence_remove_page(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, AbstractBaseUser)  # login_required
    try:
        found = evidence_get(pk)
        evidence_remove(acting_user=request.user, evidence_id=pk)
    except CdsError as error:
        return render(request, "collection/error.html", {"error": error}, status=_status(error))
    unit = unit_param(found.org_unit)
    page = reverse("collection:submission", args=[found.dataset.code, unit, found.period])
    return redirect(page + "#minh-chung")


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, to those who may read the unit's drafts."""
    try:
        found = evidence_get(pk)
    except CdsError as error:
        return render(request, "collection/error.html", {"error": error}, status=404)
    if not found.file_name or not evidence_readable(request.user, found):
        refused = CdsError("Không xem được minh chứng này / not available", value=pk)
        return render(request, "collection/error.html", {"error": refused}, status=404)
    response = HttpResponse(bytes(found.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, found.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def value_page(request: HttpRequest, dataset: str, org: str, period: str) -> HttpResponse:
    """The history of one value of the submission (``?key=`` as the audit names it)."""
    try:
        key = _key(dataset, org, period)
    except CdsError as error:
        return render(request, "collection/error.html", {"error": error}, status=404)
    entity_key = request.GET.get("key", "")
    known = {row.key_text for row in submission_rows(key)}
    readable = Permissions(request.user).can(Action.READ_DRAFT, key.org_unit)
    if entity_key not in known or not readable:
        refused = CdsError("Không xem được lịch sử số liệu này / not available", value=entity_key)
        return render(request, "collection/error.html", {"error": refused}, status=404)
    return render(
        request,
        "collection/value.html",
        {
            "key": key,
            "org": unit_param(key.org_unit),
            "entity_key": entity_key,
            "history": [
                (
                    entry,
                    action_label(entry.action),
                    audited_figure(entry.before),
                    audited_figure(entry.after),
                )
                for entry in value_history(entity_key)
            ],
        },
    )


@login_required
def completeness_page(request: HttpRequest) -> HttpResponse:
    """The completeness of a regime's period in a province; by default the first regime,
    its latest period whose first deadline has passed, the user's own province (else
    CDS_PROVINCE)."""
    today = timezone.localdate()
    datasets = datasets_all()
    code = request.GET.get("dataset", "") or (datasets[0].code if datasets else "")
    province = request.GET.get("province", "").strip() or home_province(
        request.user, settings.PROVINCE
    )
    context: dict[str, object] = {
        "datasets": datasets,
        "code": code,
        "provinces": provinces(),
        "province": province,
    }
    dataset = next((each for each in datasets if each.code == code), None)
    if dataset is None:
        return render(request, "collection/completeness.html", context)
    period = request.GET.get("period", "").strip() or latest_due_period(dataset, today).id
    recent = recent_periods(dataset, today)
    choices = [(each.id, f"{each.id} — {ky(each)}") for each in recent]
    if period not in dict(choices):  # one asked for by its id, older than the list
        choices.insert(0, (period, period))
    context |= {"period": period, "periods": choices}
    try:
        found = completeness(
            dataset_code=code, period_id=period, today=today, province_code=province
        )
    except CdsError as error:
        context["error"] = error
        return render(request, "collection/completeness.html", context, status=400)
    context["result"] = found
    context["columns"] = [progress_label(column) for column in Progress.COLUMNS]
    context["counts"] = [
        (stage, STAGE_LABELS[stage], [counter[column] for column in Progress.COLUMNS])
        for stage, counter in found.counts()
    ]
    context["units"] = [
        (each, STAGE_LABELS[each.expected.stage], progress_label(each.state))
        for each in found.units
    ]
    return render(request, "collection/completeness.html", context)
