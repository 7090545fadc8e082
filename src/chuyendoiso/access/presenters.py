"""How the pages name the roles, in the page's language (``Role.label_vi`` stays the command
line's)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chuyendoiso.engine.domain.access import Role

ROLE_LABELS: dict[Role, Promise] = {
    Role.ADMIN: _("Quản trị hệ thống"),
    Role.COORDINATOR: _("Điều phối cấp tỉnh"),
    Role.REPORTER: _("Người báo cáo"),
    Role.APPROVER: _("Người phê duyệt"),
    Role.VIEWER: _("Người xem"),
}
