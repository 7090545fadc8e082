"""The workflow's state machine: every (state, transition) pair, written out by hand here,
either leads to the state given or is refused with a message naming the state and the
action; returning and reopening need a reason."""

import pytest

from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.workflow import TRANSITIONS, State, Transition, next_state

D, S, A, R, L = State.DRAFT, State.SUBMITTED, State.APPROVED, State.RETURNED, State.LOCKED
# state -> transition -> the state after it (None: refused)
EXPECTED = {
    D: {"submit": S, "approve": None, "return": None, "lock": None, "reopen": None},
    S: {"submit": None, "approve": A, "return": R, "lock": None, "reopen": None},
    A: {"submit": None, "approve": None, "return": None, "lock": L, "reopen": D},
    R: {"submit": S, "approve": None, "return": None, "lock": None, "reopen": None},
    L: {"submit": None, "approve": None, "return": None, "lock": None, "reopen": D},
}
CASES = [
    pytest.param(state, Transition(name), after, id=f"{state}-{name}")
    for state, row in EXPECTED.items()
    for name, after in row.items()
]


@pytest.mark.parametrize(("state", "transition", "after"), CASES)
def test_every_transition(state, transition, after):
    if after is None:
        with pytest.raises(ValidationError) as caught:
            next_state(state, transition, reason="lý do")
        assert f"state '{state.value}'" in caught.value.message
        assert transition.label_vi in caught.value.message
        assert caught.value.extra == {
            "field": "state",
            "value": state.value,
            "transition": transition.value,
        }
    else:
        assert next_state(state, transition, reason="lý do") is after


@pytest.mark.parametrize(
    ("state", "transition"),
    [(S, Transition.RETURN), (A, Transition.REOPEN), (L, Transition.REOPEN)],
)
def test_returning_and_reopening_need_a_reason(state, transition):
    with pytest.raises(ValidationError, match="Cần ghi lý do") as caught:
        next_state(state, transition, reason="   ")
    assert caught.value.extra["field"] == "reason"


def test_submit_and_approve_need_no_reason():
    assert next_state(D, Transition.SUBMIT) is S
    assert next_state(S, Transition.APPROVE) is A


def test_the_access_action_of_each_transition():
    actions = {name.value: rule.action for name, rule in TRANSITIONS.items()}
    assert actions == {
        "submit": Action.SUBMIT,
        "approve": Action.APPROVE,
        "return": Action.RETURN,
        "lock": Action.APPROVE,
        "reopen": Action.REOPEN,
    }


def test_only_drafts_and_returned_submissions_are_editable():
    assert [state.value for state in State if state.editable] == ["draft", "returned"]


def test_the_values_a_submission_covers():
    from chuyendoiso.engine.domain.periods import Calendar, parse_period
    from chuyendoiso.engine.domain.workflow import covers

    half = parse_period("2024S1", Calendar.ND09)  # 15/12/2023 - 14/06/2024
    assert covers(half, parse_period("2024S1"))  # the calendar half-year of the same id
    assert covers(half, parse_period("2024-01-01..2024-05-26"))  # as of a day, inside
    assert covers(half, parse_period("2023-12-15..2024-06-14"))  # its own bounds
    assert not covers(half, parse_period("2023-12-14..2024-05-26"))  # starts before it
    assert not covers(half, parse_period("2024S2"))
    assert not covers(half, parse_period("2023S1"))
