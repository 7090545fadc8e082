"""How a person reads the audit: its actions and the workflow's states in Vietnamese. The one
mapping of audit action names to words; the pages that show a history use it
(tests/audit/test_presenters.py checks that every action a service writes has a word)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chuyendoiso.engine.domain.workflow import STATE_LABELS, TRANSITION_LABELS

ACTION_LABELS: dict[str, str] = {
    "datavalue_import": "nhập",
    "datavalues_import": "nhập tệp",
    "datavalue_save": "lưu",
    "datavalue_delete": "xóa",
    "datavalue_approve": "phê duyệt",
    "datavalue_reject": "từ chối",
    "catalog_import": "nạp danh mục",
    "orgunits_load": "nạp đơn vị hành chính",
    "membership_add": "giao vai trò",
    "membership_remove": "bỏ vai trò",
    "user_add": "tạo người dùng",
    "user_password": "đặt mật khẩu",
    "token_create": "tạo mã API",
    "token_revoke": "thu hồi mã API",
    # the workflow's transitions, as the workflow names them (gửi duyệt, phê duyệt, ...)
    **{f"submission_{name.value}": label for name, label in TRANSITION_LABELS.items()},
}
STATES: dict[str, str] = {state.value: label for state, label in STATE_LABELS.items()}


def action_label(action: str) -> str:
    """The action in Vietnamese; an action unknown here as it is stored (never hidden)."""
    return ACTION_LABELS.get(action, action)


def state_label(fields: Mapping[str, Any] | None) -> str:
    """The workflow state an audit row's ``before`` or ``after`` holds, in Vietnamese;
    "—" for none (a submission's first transition starts from no row)."""
    state = (fields or {}).get("state")
    if state is None:
        return "—"
    return STATES.get(str(state), str(state))
