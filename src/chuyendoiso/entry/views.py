"""The entry form of a regime for a unit and period: /thu-thap/nhap/?dataset=&org=&period=."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError
from chuyendoiso.entry.forms import read_posted
from chuyendoiso.entry.presenters import QUALIFIERS, form_view, period_labels
from chuyendoiso.entry.selectors import EntryForm, entry_form
from chuyendoiso.entry.services import Saved, entry_save
from chuyendoiso.orgunits.services import unit_key
from chuyendoiso.web.language import in_language


def _status(error: CdsError) -> int:
    if isinstance(error, PermissionDeniedError):
        return 403
    return 404 if isinstance(error, NotFoundError) else 400


@login_required
def entry_page(request: HttpRequest) -> HttpResponse:
    asked = {name: request.GET.get(name, "").strip() for name in ("dataset", "org", "period")}
    try:
        form = entry_form(
            user=request.user,
            dataset_code=asked["dataset"],
            org_code=asked["org"],
            period_id=asked["period"],
        )
    except CdsError as error:
        refused = {
            "title": gettext("Không mở được biểu mẫu nhập liệu"),
            "message": in_language(error.message),
        }
        return render(request, "web/error.html", refused, status=_status(error))
    saved, typed, status = Saved(), None, 200
    if request.method == "POST":
        if not form.editable:
            saved.refused = gettext("Bạn chỉ được xem, không được nhập số liệu của đơn vị này")
            saved.forbidden = True
            status = 403
        else:
            posted = read_posted(form, request.POST)
            assert isinstance(request.user, AbstractBaseUser)  # login_required
            saved = entry_save(acting_user=request.user, form=form, posted=posted)
            if saved.ok:  # show the drafts as stored
                form = entry_form(
                    user=request.user,
                    dataset_code=form.dataset.code,
                    org_code=form.org_unit.code,
                    period_id=form.period.id,
                )
            else:
                typed, status = posted.text, 403 if saved.forbidden else 400
    context = {
        "form": form,
        "groups": form_view(form, typed=typed, problems=saved.problems, warnings=saved.warnings),
        "labels": period_labels(form),
        "saved": saved,
        "general_problems": saved.problems.get("", []),
        "general_warnings": saved.warnings.get("", []),
        "qualifiers": QUALIFIERS,
        "submission_url": _submission_url(form),
        "posted": request.method == "POST",
    }
    return render(request, "entry/form.html", context, status=status)


def _submission_url(form: EntryForm) -> str:
    """The submission page of the form's unit: with its structure, as a bare code would be
    read as the unit of that code today (a ward of before 2025 may share its code with one
    of after)."""
    unit = unit_key(form.org_unit.code, form.org_unit.structure)
    return f"/thu-thap/{form.dataset.code}/{unit}/{form.period.id}/"
