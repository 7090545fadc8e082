"""Every action a service writes into the audit has a Vietnamese word for the pages: the
actions are read from the source (each call of audit_record, audit_records, audit_changes),
so that a new action without a word fails here rather than showing "datavalue_xyz"."""

import ast
from pathlib import Path

import pytest

import chuyendoiso
from chuyendoiso.audit.presenters import ACTION_LABELS, action_label, state_label
from chuyendoiso.engine.domain.workflow import State, Transition

SOURCE = Path(chuyendoiso.__file__).parent
WRITERS = {"audit_record", "audit_records", "audit_changes"}


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _actions(node: ast.expr, where: str) -> set[str]:
    """The action names a call's ``action=`` can take."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _actions(node.body, where) | _actions(node.orelse, where)
    if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'submission_{transition.value}'":
        return {f"submission_{transition.value}" for transition in Transition}
    raise AssertionError(f"{where}: an action this test cannot read: {ast.unparse(node)}")


def written_actions() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "engine" in path.parts or (path.name == "services.py" and path.parent.name == "audit"):
            continue  # the engine writes nothing; the audit's own helpers pass the name on
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and _name(call.func) in WRITERS:
                where = f"{path.relative_to(SOURCE)}:{call.lineno}"
                for keyword in call.keywords:
                    if keyword.arg == "action":
                        found |= dict.fromkeys(_actions(keyword.value, where), where)
    return found


def test_the_source_writes_the_known_actions():
    actions = written_actions()
    # a sample that must be found, so that a change of the calls' shape cannot empty the list
    for action in ("datavalue_import", "datavalue_approve", "submission_submit", "user_add"):
        assert action in actions


@pytest.mark.parametrize("action, where", sorted(written_actions().items()))
def test_every_action_written_by_a_service_has_a_label(action, where):
    assert action in ACTION_LABELS, f"{where} writes '{action}' with no Vietnamese label"
    assert action_label(action) != action


def test_labels():
    assert action_label("datavalue_import") == "nhập"
    assert action_label("datavalue_approve") == "phê duyệt"
    assert action_label("submission_return") == "trả lại"
    assert action_label("something_new") == "something_new"  # shown as stored, never hidden


def test_state_labels():
    assert state_label({"state": "draft"}) == "đang nhập"
    assert state_label({"state": State.SUBMITTED.value}) == "đã gửi – chờ duyệt"
    assert state_label(None) == "—"
    assert all(state_label({"state": state.value}) != state.value for state in State)
