"""The workflow of a submission (a regime's report by one unit for one period): its states,
the transitions between them, who may make each (an access action on the unit) and whether
a reason is required. docs/collection.md draws it; docs/decisions/0018-workflow.md says why.

    draft ──submit──▶ submitted ──approve──▶ approved ──lock──▶ locked
      ▲                 │                      │                  │
      │               return (reason)          └──reopen (reason)─┴──▶ draft
      │                 ▼
      └──(edit)──── returned ──submit──▶ submitted

A unit's values can be changed only while its submission is a draft or returned (or when it
has none yet); submitted, approved and locked ones are read-only to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Period


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    LOCKED = "locked"

    @property
    def label_vi(self) -> str:
        return STATE_LABELS[self]

    @property
    def editable(self) -> bool:
        """Whether the unit's values of the submission may be changed."""
        return self in EDITABLE


STATE_LABELS = {
    State.DRAFT: "đang nhập",
    State.SUBMITTED: "đã gửi – chờ duyệt",
    State.APPROVED: "đã duyệt",
    State.RETURNED: "bị trả lại",
    State.LOCKED: "khóa",
}
EDITABLE = frozenset({State.DRAFT, State.RETURNED})


class Transition(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    LOCK = "lock"
    REOPEN = "reopen"

    @property
    def label_vi(self) -> str:
        return TRANSITION_LABELS[self]


TRANSITION_LABELS = {
    Transition.SUBMIT: "gửi duyệt",
    Transition.APPROVE: "phê duyệt",
    Transition.RETURN: "trả lại",
    Transition.LOCK: "khóa",
    Transition.REOPEN: "mở lại",
}


@dataclass(frozen=True)
class Rule:
    """A transition: from which states, to which, the access action it needs on the unit,
    and whether a reason must be given."""

    sources: frozenset[State]
    target: State
    action: Action
    needs_reason: bool = False


# the diagram above, as a table
TRANSITIONS: dict[Transition, Rule] = {
    Transition.SUBMIT: Rule(
        frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, Action.SUBMIT
    ),
    Transition.APPROVE: Rule(frozenset({State.SUBMITTED}), State.APPROVED, Action.APPROVE),
    Transition.RETURN: Rule(frozenset({State.SUBMITTED}), State.RETURNED, Action.RETURN, True),
    Transition.LOCK: Rule(frozenset({State.APPROVED}), State.LOCKED, Action.APPROVE),
    Transition.REOPEN: Rule(
        frozenset({State.APPROVED, State.LOCKED}), State.DRAFT, Action.REOPEN, True
    ),
}


def possible(state: State) -> list[Transition]:
    """The transitions that can start from ``state``, in the table's order."""
    return [name for name, rule in TRANSITIONS.items() if state in rule.sources]


def next_state(state: State, transition: Transition, reason: str = "") -> State:
    """The state after ``transition``; refused when it cannot start from ``state`` or when
    it needs a reason and none is given."""
    rule = TRANSITIONS[transition]
    if state not in rule.sources:
        allowed = ", ".join(t.label_vi for t in possible(state)) or "không có / none"
        raise ValidationError(
            f"Không thể {transition.label_vi} báo cáo đang ở trạng thái '{state.label_vi}' "
            f"(được: {allowed}) / cannot {transition.value} a submission in state "
            f"'{state.value}'",
            field="state",
            value=state.value,
            transition=transition.value,
        )
    if rule.needs_reason and not reason.strip():
        raise ValidationError(
            f"Cần ghi lý do để {transition.label_vi} / a reason is required to {transition.value}",
            field="reason",
            transition=transition.value,
        )
    return rule.target


def covers(submission: Period, value: Period) -> bool:
    """Whether a value of ``value``'s period belongs to a submission of ``submission``'s
    period: the same period (in either calendar: the seed states its half-year in calendar
    months, the regime counts it from the NĐ 09 cut-off), or one that lies inside it (a
    figure stated as of a day)."""
    return value.id == submission.id or (
        submission.start <= value.start and value.end <= submission.end
    )
