"""The access matrix through the API: each role, held on district 164 and calling with a
token, imports drafts, reads drafts and reads approved figures of its own unit, a child, a
sibling, its parent and a unit of another province. The outcomes are written out by hand."""

import json
from decimal import Decimal

import pytest

from chuyendoiso.access.services import token_create
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_save
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from tests.access.test_scopes import ROLES, SCOPES, UNIT_OF, other_province, unit, user_with

pytestmark = pytest.mark.django_db
__all__ = ["other_province"]  # the fixture that makes the unit of another province

PERIOD = "2024S1"  # a half-year of BC_CDS_6THANG, on the NĐ 09 calendar
EXPECTED = {
    #                          own    child  sibl.  parent other
    ("admin", "import"): (True, True, True, True, True),
    ("coordinator", "import"): (True, True, True, True, False),
    ("reporter", "import"): (True, False, False, False, False),
    ("approver", "import"): (False, False, False, False, False),
    ("viewer", "import"): (False, False, False, False, False),
    ("admin", "call_api"): (True, True, True, True, True),
    ("coordinator", "call_api"): (True, True, True, True, False),
    ("reporter", "call_api"): (True, False, False, False, False),
    ("approver", "call_api"): (True, True, False, False, False),
    ("viewer", "call_api"): (True, True, False, False, False),
    ("admin", "read_draft"): (True, True, True, True, True),
    ("coordinator", "read_draft"): (True, True, True, True, False),
    ("reporter", "read_draft"): (True, False, False, False, False),
    ("approver", "read_draft"): (True, True, False, False, False),
    ("viewer", "read_draft"): (False, False, False, False, False),
}


def cases(action):
    for role in ROLES:
        for scope, expected in zip(SCOPES, EXPECTED[(role, action)], strict=True):
            yield pytest.param(role, scope, expected, id=f"{role}-{scope}")


def headers(role):
    secret = token_create(acting_user=None, user=user_with(role), name="client")[1]
    return {"Authorization": f"Bearer {secret}"}


def value(scope, status=Status.DRAFT):
    return Value(
        indicator="HTS_BTS",
        org_unit=UNIT_OF[scope][0],
        period=PERIOD,
        calendar="nd09",
        value=Decimal(7),
        status=status,
    )


def stored(scope, status="draft"):
    return DataValue.objects.filter(
        indicator__code="HTS_BTS", org_unit=unit(scope), period=PERIOD, status=status
    )


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("import")))
def test_importing_drafts(client, role, scope, expected):
    payload = {
        "dataSet": "BC_CDS_6THANG",
        "period": PERIOD,
        "orgUnit": UNIT_OF[scope][0],
        "dataValues": [{"dataElement": "HTS_BTS", "value": "7"}],
    }
    answer = client.post(
        "/api/dataValueSets", json.dumps(payload), "application/json", headers=headers(role)
    )
    if expected:
        assert answer.status_code == 200, answer.content
        assert answer.json()["importCount"]["imported"] == 1
        assert stored(scope).get().value == 7
    else:
        assert answer.status_code == 403
        assert answer.json()["extra"]["org_unit"] == UNIT_OF[scope][0]
        assert not stored(scope).exists()


def pull(client, role, scope, status):
    query = {"dataSet": "BC_CDS_6THANG", "period": PERIOD, "orgUnit": UNIT_OF[scope][0]}
    return client.get("/api/dataValueSets", {**query, "status": status}, headers=headers(role))


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("read_draft")))
def test_reading_drafts(client, role, scope, expected):
    datavalue_save(acting_user=None, value=value(scope))
    answer = pull(client, role, scope, "draft")
    may_call = EXPECTED[(role, "call_api")][SCOPES.index(scope)]
    assert answer.status_code == (200 if may_call else 403)
    listed = answer.json().get("dataValues", [])
    assert (listed == [_entry(scope)]) is expected


@pytest.mark.parametrize(("role", "scope", "expected"), list(cases("call_api")))
def test_reading_approved_figures_needs_the_right_to_call_the_api_there(
    client, role, scope, expected
):
    datavalue_save(acting_user=None, value=value(scope, Status.APPROVED))
    answer = pull(client, role, scope, "approved")
    assert answer.status_code == (200 if expected else 403)
    if expected:
        assert answer.json()["dataValues"] == [_entry(scope)]


def _entry(scope):
    return {
        "dataElement": "HTS_BTS",
        "period": PERIOD,
        "orgUnit": UNIT_OF[scope][0],
        "categoryOptionCombo": "",
        "value": "7",
        "comment": "",
    }
