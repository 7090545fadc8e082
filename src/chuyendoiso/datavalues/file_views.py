"""Collection by file: download the Excel entry template of a regime and period (the units the
user may write), upload a filled template or a values CSV, see what would change (a dry run),
then confirm. Every value goes through ``datavalues_import`` with the logged-in user, so scope,
validation rules and audit apply as everywhere else."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from chuyendoiso.catalog.selectors import datasets_all
from chuyendoiso.datavalues.presenters import (
    XLSX_MEDIA_TYPE,
    problem_table,
    template_filename,
    template_xlsx,
)
from chuyendoiso.datavalues.selectors import entry_template
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, PermissionDeniedError
from chuyendoiso.engine.files.values_any import FORMATS, read_values_any
from chuyendoiso.validation.presenters import violation_problem

PAGE = "datavalues/upload.html"
ACCEPT = ".xlsx,.csv"
SESSION_KEY = "chuyendoiso.uploads"  # token -> the uploaded file's name and expected template


def _asked(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {key: source.get(key, "").strip() for key in ("dataset", "org", "period")}


def _status(error: CdsError) -> int:
    if isinstance(error, PermissionDeniedError):
        return 403
    return 404 if isinstance(error, NotFoundError) else 400


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """/thu-thap/mau.xlsx?dataset=&org=&period=: the template of the units under ``org`` that
    the user may write."""
    asked = _asked(request)
    try:
        found = entry_template(
            dataset_code=asked["dataset"],
            period_id=asked["period"],
            province_code=settings.PROVINCE,
            org_code=asked["org"] or None,
            user=request.user,
        )
    except CdsError as error:
        return _page(request, asked, error=error, status=_status(error))
    response = HttpResponse(template_xlsx(found), content_type=XLSX_MEDIA_TYPE)
    filename = template_filename(found, asked["org"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def upload_page(request: HttpRequest) -> HttpResponse:
    """/thu-thap/nap-tep/: choose a file, see the dry run, confirm."""
    asked = _asked(request)
    if request.method != "POST":
        return _page(request, asked)
    confirming = "token" in request.POST
    try:
        token, name = _confirmed(request) if confirming else _received(request)
    except CdsError as error:
        return _page(request, asked, error=error, status=_status(error))
    path = _path(token, name)
    user = request.user
    assert isinstance(user, AbstractBaseUser)  # login_required
    try:
        read = read_values_any(
            path, name=name, dataset=asked["dataset"] or None, period=asked["period"] or None
        )
        try:
            summary = datavalues_import(
                acting_user=user,
                values=read.values,
                source_name=name,
                source_rows=read.rows,
                source_problems=read.problems,
                reason="nạp tệp trên trang / uploaded on the page",
                dry_run=not confirming,
            )
        except CdsError as error:
            if "errors" in error.extra:
                error.extra["errors"] = read.locate(error.extra["errors"])
            raise
    except CdsError as error:
        path.unlink(missing_ok=True)
        return _page(request, asked, error=error, name=name, status=_status(error))
    if confirming:
        path.unlink(missing_ok=True)
    warnings = [violation_problem(each) for each in summary.warnings]
    return _page(
        request,
        asked,
        summary=summary,
        warnings=warnings,
        name=name,
        token=None if confirming else token,
    )


def _received(request: HttpRequest) -> tuple[str, str]:
    upload = request.FILES.get("file")
    if upload is None or not upload.name:
        raise CdsError(gettext("Hãy chọn tệp .xlsx hoặc .csv"))
    if upload.size and upload.size > settings.CDS_UPLOAD_MAX_BYTES:
        raise CdsError(gettext("Tệp quá lớn"), file=upload.name)
    _forget_unconfirmed()
    token = secrets.token_urlsafe(16)
    with _path(token, upload.name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[SESSION_KEY] = request.session.get(SESSION_KEY, {}) | {token: upload.name}
    return token, upload.name


def _confirmed(request: HttpRequest) -> tuple[str, str]:
    """The file of a dry run shown to this session, imported now."""
    token = request.POST.get("token", "")
    kept: dict[str, str] = dict(request.session.get(SESSION_KEY, {}))
    name = kept.pop(token, None)
    request.session[SESSION_KEY] = kept
    if name is None or not _path(token, name).is_file():
        raise CdsError(gettext("Tệp đã hết hạn hoặc đã được nạp; hãy chọn lại tệp"))
    return token, name


def _forget_unconfirmed() -> None:
    """Remove the uploads waiting longer than a login lasts: no session can confirm them."""
    folder = Path(settings.DATA_DIR) / "uploads"
    oldest = time.time() - settings.SESSION_COOKIE_AGE
    for waiting in folder.glob("*") if folder.is_dir() else ():
        if waiting.is_file() and waiting.stat().st_mtime < oldest:
            waiting.unlink(missing_ok=True)


def _path(token: str, name: str) -> Path:
    """Where an upload waits for its confirmation: named by its token, with the suffix of a
    format the platform reads (openpyxl reads a file by its suffix)."""
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower()
    return folder / (token + (suffix if suffix in FORMATS else ""))


def _page(
    request: HttpRequest,
    asked: dict[str, str],
    *,
    error: CdsError | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    headers, rows = problem_table(list(error.extra.get("errors", []))) if error else ([], [])
    context |= {
        "asked": asked,
        "datasets": datasets_all(),
        "accept": ACCEPT,
        "error": error,
        "problem_headers": headers,
        "problem_rows": rows,
    }
    return render(request, PAGE, context, status=status)
