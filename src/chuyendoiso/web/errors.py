"""The pages of an error: what went wrong, in Vietnamese, with the status of the error.
A request body over the upload limit (a pasted text too long) gets 413 and the limit."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuyendoiso.reports.uploads import upload_limit_label


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return _page(
            request,
            413,
            "Nội dung quá lớn",
            f"Nội dung gửi lên vượt quá {upload_limit_label()}; hãy gửi tệp nhỏ hơn hoặc "
            "chia văn bản thành nhiều phần / the request body is over the limit",
        )
    if isinstance(exception, TooManyFieldsSent):
        return _page(
            request, 413, "Quá nhiều trường", "Biểu mẫu gửi quá nhiều trường / too many fields"
        )
    return _page(
        request, 400, "Yêu cầu không hợp lệ", "Máy chủ không hiểu yêu cầu này / bad request"
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, "Không có quyền", "Bạn không có quyền xem trang này / forbidden")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, "Không tìm thấy trang", "Địa chỉ này không có trang nào / page not found"
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        "Lỗi máy chủ",
        "Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại, xin thử lại sau "
        "/ server error, logged",
    )
