"""Org units in the admin, shown only: they are loaded and updated by ``cds orgunits load``,
which audits every change."""

from typing import cast

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping
from chuyendoiso.web.read_only_admin import ReadOnlyAdmin

# a lazy text: the note is written in the language of the page that shows it
NOTE = cast(
    str,
    _(
        "Đơn vị hành chính chỉ xem ở đây, không sửa được. Đơn vị được nạp và cập nhật bằng lệnh "
        "cds orgunits load (đơn vị hành chính theo danh mục của Tổng cục Thống kê; các sở, ban, "
        "ngành theo tệp data/orgunits/departments.csv), và mỗi thay đổi được ghi vào nhật ký "
        "thay đổi."
    ),
)


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin[OrgUnit]):
    read_only_note = NOTE
    list_display = ["code", "name", "level", "structure", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "structure"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(OrgUnitMapping)
class OrgUnitMappingAdmin(ReadOnlyAdmin[OrgUnitMapping]):
    read_only_note = NOTE
    list_display = ["old", "new", "is_primary"]
    search_fields = ["old__code", "old__name", "new__code", "new__name"]
    raw_id_fields = ["old", "new"]
