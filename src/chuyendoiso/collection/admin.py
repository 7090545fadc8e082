"""The evidence of reports in the admin, shown only: it is added and removed on the report's
page or with ``cds submissions evidence``, under the report's workflow and audited
(docs/collection.md, "Evidence"); a file is downloaded from the report's page."""

from typing import cast

from django.contrib import admin
from django.db import models as db_models
from django.utils.translation import gettext_lazy as _

from chuyendoiso.collection import models
from chuyendoiso.web.read_only_admin import ReadOnlyAdmin

NOTE = cast(
    str,
    _(
        "Minh chứng chỉ xem ở đây, không sửa được. Minh chứng được thêm, bỏ trên trang của "
        "báo cáo hoặc bằng lệnh cds submissions evidence, khi báo cáo còn đang nhập hoặc bị "
        "trả lại; mỗi thay đổi được ghi vào nhật ký thay đổi."
    ),
)


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdmin[models.Evidence]):
    read_only_note = NOTE
    list_display = ["dataset", "org_unit", "period", "indicator", "file_name", "link", "size"]
    list_display += ["added_by_name", "added_at"]
    list_filter = ["dataset", "period"]
    exclude = ["content"]  # the bytes: downloaded from the report's page, by who may read
    # the links are http(s) already (evidence_add checks them): no scheme to assume
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
