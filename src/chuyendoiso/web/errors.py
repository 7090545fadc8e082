"""The pages of an error, the site's own in the page's language, with the error's status.

A request body over the upload limit (a pasted text too long) gets 413 and the limit. The
server error page is drawn from its template alone, without the request, its user or the
database (any of which may be what failed), so that it is shown whatever broke.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from chuyendoiso.reports.uploads import upload_limit_label


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "Nội dung gửi lên vượt quá %(limit)s; hãy gửi tệp nhỏ hơn hoặc chia văn bản "
            "thành nhiều phần."
        ) % {"limit": upload_limit_label()}
        return _page(request, 413, _("Nội dung quá lớn"), message)
    if isinstance(exception, TooManyFieldsSent):
        return _page(request, 413, _("Quá nhiều trường"), _("Biểu mẫu gửi quá nhiều trường."))
    return _page(request, 400, _("Yêu cầu không hợp lệ"), _("Máy chủ không hiểu yêu cầu này."))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(render_to_string("web/errors/500.html"))
