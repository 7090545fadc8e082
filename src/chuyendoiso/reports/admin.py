"""The register of report numbers in the admin, shown only: numbers are taken by issuing a
report (the report page, ``cds issue``) and the next number is set by ``cds register``,
both audited."""

from typing import cast

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chuyendoiso.reports import models
from chuyendoiso.web.read_only_admin import ReadOnlyAdmin

NOTE = cast(
    str,
    _(
        "Sổ đăng ký số báo cáo chỉ xem ở đây. Số được cấp khi ban hành báo cáo (trang báo cáo "
        "hoặc lệnh cds issue); số tiếp theo đặt bằng lệnh cds register, có ghi nhật ký."
    ),
)


@admin.register(models.IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin[models.IssuedReport]):
    read_only_note = NOTE
    list_display = ["__str__", "issuer", "org_unit", "period", "issued_on"]
    list_filter = ["symbol", "year"]


@admin.register(models.RegisterYear)
class RegisterYearAdmin(ReadOnlyAdmin[models.RegisterYear]):
    read_only_note = NOTE
    list_display = ["issuer", "symbol", "year", "next_number"]
