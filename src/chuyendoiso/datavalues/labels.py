"""How the pages and the admin name a value's qualifier, origin and status, in the page's
language (``Qualifier.word_vi`` stays the report's and the files')."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.engine.domain.datavalues import Origin, Qualifier, Status

QUALIFIER_LABELS: dict[Qualifier, Promise] = {
    Qualifier.EXACT: _("chính xác"),
    Qualifier.GAN: pgettext_lazy("mức độ", "gần"),
    Qualifier.HON: pgettext_lazy("mức độ", "hơn"),
    Qualifier.TREN: pgettext_lazy("mức độ", "trên"),
    Qualifier.KHOANG: pgettext_lazy("mức độ", "khoảng"),
}
ORIGIN_LABELS: dict[Origin, Promise] = {
    Origin.REPORTED: pgettext_lazy("nguồn gốc", "Báo cáo"),
    Origin.DERIVED: _("Suy ra"),
    Origin.COMPUTED: _("Tính từ dữ liệu gốc"),
    Origin.SYNTHETIC: _("Tổng hợp giả lập"),
}
STATUS_LABELS: dict[Status, Promise] = {
    Status.DRAFT: _("Bản nháp chờ duyệt"),
    Status.APPROVED: _("Đã duyệt"),
}
