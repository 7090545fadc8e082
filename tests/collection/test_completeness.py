"""Completeness of a regime's period with a fixed "today": each expected unit's state, late
ones (past their deadline without sending), and the counts per level."""

import datetime as dt

import pytest

from chuyendoiso.collection.selectors import completeness
from chuyendoiso.collection.services import submission_return
from tests.collection.workflow_data import MONTH, REGIME, approved, enter, key, submitted, unit

pytestmark = pytest.mark.django_db

COMMUNE_DEADLINE = dt.date(2024, 5, 15)  # the month ends 14/05/2024; communes: one day after


def progress(today):
    found = completeness(dataset_code=REGIME, period_id=MONTH, today=today)
    return found, {each.expected.unit.key: each for each in found.units}


def counts(found):
    return {stage.value: counter for stage, counter in found.counts()}


def test_states_lateness_and_counts():
    approved(unit("05440"))
    submitted(unit("05443"))
    enter(unit("05446"))
    submitted(unit("05449"))
    submission_return(acting_user=None, reason="sửa", **key(unit("05449")))
    found, by_unit = progress(COMMUNE_DEADLINE)
    states = {
        code: by_unit[f"{code}@before_2025"].state
        for code in ("05440", "05443", "05446", "05449", "05452")
    }
    assert states == {
        "05440": "đã duyệt",
        "05443": "đã gửi – chờ duyệt",
        "05446": "đang nhập",
        "05449": "bị trả lại",
        "05452": "chưa nhập",
    }
    assert not any(each.late for each in found.units)  # on the deadline nobody is late
    communes = counts(found)["commune"]
    total = communes["tổng"]
    assert total > 100
    assert (communes["đã duyệt"], communes["đã gửi – chờ duyệt"], communes["đang nhập"]) == (
        1,
        1,
        1,
    )
    assert (communes["bị trả lại"], communes["chưa nhập"], communes["trễ hạn"]) == (1, total - 4, 0)

    found, by_unit = progress(COMMUNE_DEADLINE + dt.timedelta(days=1))
    late = {
        code
        for code in ("05440", "05443", "05446", "05449", "05452")
        if by_unit[f"{code}@before_2025"].late
    }
    assert late == {"05446", "05449", "05452"}  # not sent: a draft, a returned one, nothing
    communes = counts(found)["commune"]
    assert communes["trễ hạn"] == communes["tổng"] - 2
    district = by_unit["164@before_2025"]
    assert district.expected.deadline == dt.date(2024, 5, 17) and not district.late


def test_stages_are_in_the_chain_order():
    found, _ = progress(COMMUNE_DEADLINE)
    assert [stage.value for stage, _ in found.counts()] == [
        "commune",
        "district",
        "department",
        "compiler",
        "province",
    ]
