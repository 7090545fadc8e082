"""Who may do what, where: roles held on an org unit, the actions on a unit's figures, and the
place of the unit acted on relative to the member's unit. One table, ``MATRIX``, says it all;
``allowed`` reads it. The reasons are in docs/decisions/0015-roles-and-scopes.md.

A unit is placed by its path in the hierarchy (``/19/164/05998/``). The units of an old
province merged into a new one sit below the new one (``/19/06/058/...``), so that the new
province's coordinator and approvers see the history of the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    REPORTER = "reporter"
    APPROVER = "approver"
    VIEWER = "viewer"

    @property
    def label_vi(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Quản trị hệ thống",
    Role.COORDINATOR: "Điều phối cấp tỉnh",
    Role.REPORTER: "Người báo cáo",
    Role.APPROVER: "Người phê duyệt",
    Role.VIEWER: "Người xem",
}


class Action(StrEnum):
    READ_APPROVED = "read_approved"
    READ_DRAFT = "read_draft"
    WRITE = "write"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"
    IMPORT = "import"
    EXPORT = "export"  # a unit's values with its drafts (an entry template, a file to correct)
    CALL_API = "call_api"
    ISSUE = "issue"  # a report's number taken from the register: the report sent

    @property
    def label_vi(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.READ_APPROVED: "xem số liệu đã duyệt",
    Action.READ_DRAFT: "xem số liệu chưa duyệt",
    Action.WRITE: "nhập, sửa số liệu",
    Action.SUBMIT: "gửi báo cáo",
    Action.APPROVE: "phê duyệt",
    Action.RETURN: "trả lại để sửa",
    Action.REOPEN: "mở lại báo cáo đã duyệt",
    Action.IMPORT: "nạp tệp số liệu",
    Action.EXPORT: "xuất số liệu kể cả bản nháp",
    Action.CALL_API: "dùng API",
    Action.ISSUE: "cấp số, ban hành báo cáo",
}


class Relation(StrEnum):
    """Where the unit acted on stands relative to the member's unit."""

    OWN = "own"
    OWN_DEPARTMENT = "own_department"  # the member's own unit, a department of the province
    DESCENDANT = "descendant"  # below it, at any depth
    SIBLING = "sibling"  # elsewhere in the same province, neither above nor below
    ANCESTOR = "ancestor"  # above it
    OTHER_PROVINCE = "other_province"

    @property
    def label_vi(self) -> str:
        return RELATION_LABELS[self]


RELATION_LABELS = {
    Relation.OWN: "đơn vị mình",
    Relation.OWN_DEPARTMENT: "sở, ngành của mình",
    Relation.DESCENDANT: "đơn vị cấp dưới",
    Relation.SIBLING: "đơn vị khác cùng tỉnh",
    Relation.ANCESTOR: "đơn vị cấp trên",
    Relation.OTHER_PROVINCE: "tỉnh khác",
}

# the scopes the table is written in
NOWHERE: frozenset[Relation] = frozenset()
OWN = frozenset({Relation.OWN, Relation.OWN_DEPARTMENT})
BELOW = frozenset({Relation.DESCENDANT})
OWN_AND_BELOW = OWN | BELOW
PROVINCE = frozenset(Relation) - {Relation.OTHER_PROVINCE}
EVERYWHERE = frozenset(Relation)

# role -> action -> where it may be done. Approved figures are public (the report pages show
# them to anyone), so every role reads them everywhere.
MATRIX: dict[Role, dict[Action, frozenset[Relation]]] = {
    Role.ADMIN: dict.fromkeys(Action, EVERYWHERE),
    Role.COORDINATOR: dict.fromkeys(Action, PROVINCE) | {Action.READ_APPROVED: EVERYWHERE},
    Role.REPORTER: {
        Action.READ_APPROVED: EVERYWHERE,
        Action.READ_DRAFT: OWN,
        Action.WRITE: OWN,
        Action.SUBMIT: OWN,
        Action.APPROVE: NOWHERE,
        Action.RETURN: NOWHERE,
        Action.REOPEN: NOWHERE,
        Action.IMPORT: OWN,
        Action.EXPORT: OWN,
        Action.CALL_API: OWN,
        Action.ISSUE: NOWHERE,
    },
    # approves the units below its own, or its own department's submission; never writes
    # the figures it approves
    Role.APPROVER: {
        Action.READ_APPROVED: EVERYWHERE,
        Action.READ_DRAFT: OWN_AND_BELOW,
        Action.WRITE: NOWHERE,
        Action.SUBMIT: NOWHERE,
        Action.APPROVE: BELOW | {Relation.OWN_DEPARTMENT},
        Action.RETURN: BELOW | {Relation.OWN_DEPARTMENT},
        Action.REOPEN: BELOW | {Relation.OWN_DEPARTMENT},
        Action.IMPORT: NOWHERE,
        Action.EXPORT: OWN_AND_BELOW,
        Action.CALL_API: OWN_AND_BELOW,
        # the leader signs the report of its own unit (its own register)
        Action.ISSUE: OWN,
    },
    Role.VIEWER: dict.fromkeys(Action, NOWHERE)
    | {Action.READ_APPROVED: EVERYWHERE, Action.CALL_API: OWN_AND_BELOW},
}


def allowed(role: Role, action: Action, relation: Relation) -> bool:
    return relation in MATRIX[role][action]


@dataclass(frozen=True)
class Place:
    """A unit as the policy sees it: its path (old provinces placed under their successor)
    and whether it is a department of the province."""

    path: str
    is_department: bool = False

    @property
    def province(self) -> str:
        return self.path.strip("/").split("/")[0]


def relation(member: Place, target: Place) -> Relation:
    """Where ``target`` stands relative to ``member``."""
    if target.path == member.path:
        return Relation.OWN_DEPARTMENT if member.is_department else Relation.OWN
    if target.path.startswith(member.path):
        return Relation.DESCENDANT
    if member.path.startswith(target.path):
        return Relation.ANCESTOR
    if target.province == member.province:
        return Relation.SIBLING
    return Relation.OTHER_PROVINCE


def placed_path(path: str, successors: dict[str, str]) -> str:
    """``path`` with an old province's root placed under the province it merged into:
    ``/06/058/`` becomes ``/19/06/058/`` when ``successors`` maps ``/06/`` to ``/19/``."""
    root = "/" + path.strip("/").split("/")[0] + "/"
    successor = successors.get(root)
    return successor + path[1:] if successor else path


def matrix_text() -> str:
    """The whole matrix as a plain-text table, one block per role (docs, tests, review)."""
    lines = []
    for role in Role:
        lines.append(f"{role.value}:")
        lines.append(" " * 16 + " ".join(f"{rel.value[:14]:>14}" for rel in Relation))
        for action in Action:
            marks = " ".join(
                f"{'x' if allowed(role, action, rel) else '.':>14}" for rel in Relation
            )
            lines.append(f"  {action.value:<14}{marks}")
    return "\n".join(lines) + "\n"
