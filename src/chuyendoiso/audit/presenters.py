"""How a person reads the audit: its actions and the workflow's states in the page's
language. The one mapping of audit action names to words; the pages that show a history use
it (tests/audit/test_presenters.py checks that every action a service writes has a word)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuyendoiso.engine.domain.workflow import State, Transition

# the workflow's states and transitions as the pages name them, in the page's language
# (``label_vi`` of the engine stays the command line's and the report's)
STATE_LABELS: dict[State, Promise] = {
    State.DRAFT: pgettext_lazy("trạng thái", "đang nhập"),
    State.SUBMITTED: pgettext_lazy("trạng thái", "đã gửi – chờ duyệt"),
    State.APPROVED: pgettext_lazy("trạng thái", "đã duyệt"),
    State.RETURNED: pgettext_lazy("trạng thái", "bị trả lại"),
    State.LOCKED: pgettext_lazy("trạng thái", "khóa"),
}
TRANSITION_LABELS: dict[Transition, Promise] = {
    Transition.SUBMIT: pgettext_lazy("thao tác", "gửi duyệt"),
    Transition.APPROVE: pgettext_lazy("thao tác", "phê duyệt"),
    Transition.RETURN: pgettext_lazy("thao tác", "trả lại"),
    Transition.LOCK: pgettext_lazy("thao tác", "khóa"),
    Transition.REOPEN: pgettext_lazy("thao tác", "mở lại"),
}
ACTION_LABELS: dict[str, Promise] = {
    "datavalue_import": _("nhập"),
    "datavalues_import": _("nhập tệp"),
    "datavalue_save": _("lưu"),
    "datavalue_delete": _("xóa"),
    "datavalue_approve": _("phê duyệt"),
    "datavalue_reject": _("từ chối"),
    "catalog_import": _("nạp danh mục"),
    "orgunits_load": _("nạp đơn vị hành chính"),
    "membership_add": _("giao vai trò"),
    "membership_remove": _("bỏ vai trò"),
    "user_add": _("tạo người dùng"),
    "user_password": _("đặt mật khẩu"),
    "token_create": _("tạo mã API"),
    "token_revoke": _("thu hồi mã API"),
    "rollup_rebuild": _("tính lại số liệu tổng hợp"),
    "report_issue": _("cấp số báo cáo"),
    "register_set": _("đặt số tiếp theo của sổ đăng ký"),
    "letterhead_save": _("sửa mẫu đầu văn bản"),
    "dti_framework_load": _("nạp bộ chỉ số DTI"),
    "dti_published_import": _("nạp kết quả DTI đã công bố"),
    "evidence_add": _("thêm minh chứng"),
    "evidence_remove": _("bỏ minh chứng"),
    # the workflow's transitions, as the workflow names them (gửi duyệt, phê duyệt, ...)
    **{f"submission_{name.value}": label for name, label in TRANSITION_LABELS.items()},
}
STATES: dict[str, Promise] = {state.value: label for state, label in STATE_LABELS.items()}


def action_label(action: str) -> str:
    """The action in the page's language; an action unknown here as it is stored (never
    hidden)."""
    return str(ACTION_LABELS.get(action, action))


def state_label(fields: Mapping[str, Any] | None) -> str:
    """The workflow state an audit row's ``before`` or ``after`` holds, in the page's
    language; "—" for none (a submission's first transition starts from no row)."""
    state = (fields or {}).get("state")
    if state is None:
        return "—"
    return str(STATES.get(str(state), str(state)))
