"""The DTI frameworks loaded and the published results in the admin, shown only: they are
loaded from files by ``cds dti-framework load`` and ``cds dti-published import``, which check
the whole file and audit every change (docs/dti.md)."""

from typing import cast

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chuyendoiso.dti import models
from chuyendoiso.web.read_only_admin import ReadOnlyAdmin

NOTE = cast(
    str,
    _(
        "Bộ chỉ số DTI và kết quả đã công bố chỉ xem ở đây, không sửa được. Bộ chỉ số được "
        "nạp từ tệp bằng lệnh cds dti-framework load TỆP, kết quả đã công bố bằng lệnh cds "
        "dti-published import TỆP: cả tệp được kiểm tra trước khi ghi, và mỗi thay đổi được "
        "ghi vào nhật ký thay đổi."
    ),
)


@admin.register(models.FrameworkFile)
class FrameworkFileAdmin(ReadOnlyAdmin[models.FrameworkFile]):
    read_only_note = NOTE
    list_display = ["code", "number", "name_vi", "kind", "file_name", "loaded_at", "loaded_by_name"]


@admin.register(models.PublishedResult)
class PublishedResultAdmin(ReadOnlyAdmin[models.PublishedResult]):
    read_only_note = NOTE
    list_display = ["year", "structure", "province_code", "province_name", "measure", "value"]
    list_display += ["rank"]
    list_filter = ["year", "structure", "measure"]
    search_fields = ["province_code", "province_name"]
