"""A DHIS2-style client of /api/dataValueSets: a token of the demo's commune reporter pushes a
payload, dry run first, then for real, reads the import summary, pulls the values back and
pushes them again (all ignored); the refusals: another unit, a revoked token, a bad body."""

import json

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.access.services import token_create, token_revoke
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue

pytestmark = pytest.mark.django_db

URL = "/api/dataValueSets"
PAYLOAD = {
    "dataSet": "BC_MOT_CUA_THANG",
    "period": "202403",
    "orgUnit": "05440",
    "dataValues": [
        {"dataElement": "CQS_HS_TIEP_NHAN", "categoryOptionCombo": "", "value": "120"},
        {"dataElement": "CQS_HS_TIEP_NHAN", "categoryOptionCombo": "CHANNEL:ONLINE", "value": 70},
        {"dataElement": "CQS_HS_DA_XU_LY", "value": "100", "comment": "đã rà soát"},
    ],
}


@pytest.fixture
def secret():
    reporter = get_user_model().objects.get(username="baocao.xa")  # the demo's, ward 05440
    return token_create(acting_user=None, user=reporter, name="dhis2-client")[1]


def post(client, secret, payload, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(
        f"{URL}?{query}",
        data=payload if isinstance(payload, (str, bytes)) else json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def stored(unit="05440"):
    return DataValue.objects.filter(
        org_unit__code=unit, period="202403", calendar="nd09", indicator__code__startswith="CQS_HS"
    )


def test_a_dhis2_client_pushes_dry_run_first_then_for_real_and_pulls_the_values_back(
    client, secret
):
    audit_rows = AuditEntry.objects.count()
    dry = post(client, secret, PAYLOAD, dryRun="true")
    assert dry.status_code == 200, dry.content
    summary = dry.json()
    assert summary["status"] == "SUCCESS" and summary["dryRun"] is True
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert not stored().exists() and AuditEntry.objects.count() == audit_rows

    real = post(client, secret, PAYLOAD)
    assert real.status_code == 200, real.content
    assert real.json()["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    rows = {(row.indicator.code, row.category_option_id is None): row for row in stored()}
    assert len(rows) == 3 and {row.status for row in rows.values()} == {"draft"}
    assert rows[("CQS_HS_TIEP_NHAN", True)].value == 120
    assert rows[("CQS_HS_DA_XU_LY", True)].comment == "đã rà soát"
    assert AuditEntry.objects.filter(action="datavalue_import").count() >= 3

    pulled = client.get(
        URL,
        {"dataSet": "BC_MOT_CUA_THANG", "period": "202403", "orgUnit": "05440"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert pulled.status_code == 200, pulled.content
    payload = pulled.json()
    assert (payload["dataSet"], payload["period"]) == ("BC_MOT_CUA_THANG", "202403")
    got = {(v["dataElement"], v["categoryOptionCombo"]): v for v in payload["dataValues"]}
    assert set(got) == {
        ("CQS_HS_TIEP_NHAN", ""),
        ("CQS_HS_TIEP_NHAN", "CHANNEL:ONLINE"),
        ("CQS_HS_DA_XU_LY", ""),
    }
    assert got[("CQS_HS_TIEP_NHAN", "CHANNEL:ONLINE")]["value"] == "70"
    assert got[("CQS_HS_DA_XU_LY", "")]["comment"] == "đã rà soát"
    assert {v["orgUnit"] for v in got.values()} == {"05440"}

    again = post(client, secret, payload)  # what GET returned, unchanged
    assert again.status_code == 200, again.content
    assert again.json()["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}

    changed = {**PAYLOAD, "dataValues": [{"dataElement": "CQS_HS_DA_XU_LY", "value": "101"}]}
    assert post(client, secret, changed).json()["importCount"]["updated"] == 1


def test_a_value_of_another_unit_is_refused_naming_it_and_nothing_is_written(client, secret):
    sibling = {**PAYLOAD, "dataValues": [*PAYLOAD["dataValues"], {**PAYLOAD["dataValues"][0]}]}
    sibling["dataValues"][-1]["orgUnit"] = "05443"  # another ward of the city
    audit_rows = AuditEntry.objects.count()
    answer = post(client, secret, sibling)
    assert answer.status_code == 403
    body = answer.json()
    assert "05443" in body["message"] and body["extra"]["org_unit"] == "05443"
    assert not stored().exists() and not stored("05443").exists()
    assert AuditEntry.objects.count() == audit_rows


def test_bad_values_are_conflicts_named_as_dhis2_names_them_and_nothing_is_written(client, secret):
    bad = {
        **PAYLOAD,
        "dataValues": [
            *PAYLOAD["dataValues"],
            {"dataElement": "CQS_HS_DA_XU_LY", "value": "1.5e3", "categoryOptionCombo": "X:Y"},
            {"dataElement": "HTS_BTS", "value": "3"},
        ],
    }
    answer = post(client, secret, bad)
    assert answer.status_code == 409
    summary = answer.json()
    assert summary["status"] == "ERROR"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
    objects = [conflict["object"] for conflict in summary["conflicts"]]
    assert "dataValues[3].value" in objects and "dataValues[4].dataElement" in objects
    assert not stored().exists()


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ("{not json", 400, "JSON"),
        ("[1, 2]", 400, "đối tượng JSON"),
        ('{"dataSet": "BC_MOT_CUA_THANG"}', 400, "dataValues"),
        (b"\xff\xfe{}", 400, "UTF-8"),
        ("x" * 300, 413, "vượt quá"),
    ],
)
def test_a_body_that_is_no_payload_gets_an_error_summary(
    client, secret, settings, body, status, said
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    settings.CDS_UPLOAD_MAX_BYTES = 200
    answer = post(client, secret, body)
    assert answer.status_code == status
    summary = answer.json()
    assert summary["status"] == "ERROR" and said in summary["conflicts"][0]["value"]
    assert not stored().exists()


def test_a_revoked_or_missing_token_is_refused_with_401(client, secret):
    assert post(client, secret, PAYLOAD, dryRun="true").status_code == 200
    token_revoke(acting_user=None, prefix=secret.split("_")[1])
    refused = post(client, secret, PAYLOAD)
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"
    assert "Bearer" in refused.json()["message"]
    assert client.get(URL, {"dataSet": "X", "period": "1", "orgUnit": "1"}).status_code == 401
    assert not stored().exists()


def test_import_strategies_create_update_and_delete(client, secret):
    first, online, processed = PAYLOAD["dataValues"]
    post(client, secret, {**PAYLOAD, "dataValues": [first]})
    changed = [{**first, "value": "130"}, processed]

    create = post(client, secret, {**PAYLOAD, "dataValues": changed}, importStrategy="CREATE")
    assert create.json()["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert stored().get(indicator__code="CQS_HS_TIEP_NHAN").value == 120  # left alone

    update_payload = {**PAYLOAD, "dataValues": [*changed, online]}
    update = post(client, secret, update_payload, importStrategy="UPDATE")
    assert update.json()["importCount"] == {"imported": 0, "updated": 1, "ignored": 2, "deleted": 0}
    assert stored().get(indicator__code="CQS_HS_TIEP_NHAN", category_option=None).value == 130
    assert not stored().filter(category_option__code="ONLINE").exists()

    delete_payload = {**PAYLOAD, "dataValues": [first, online]}
    dry = post(client, secret, delete_payload, importStrategy="DELETE", dryRun="true")
    assert dry.json()["importCount"] == {"imported": 0, "updated": 0, "ignored": 1, "deleted": 1}
    assert stored().count() == 2
    delete = post(client, secret, delete_payload, importStrategy="DELETE")
    assert delete.json()["importCount"]["deleted"] == 1
    assert [row.indicator.code for row in stored()] == ["CQS_HS_DA_XU_LY"]
    assert AuditEntry.objects.filter(action="datavalue_delete", actor_name="baocao.xa").exists()


def test_a_browser_session_needs_its_csrf_token_and_a_token_does_not(secret):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(get_user_model().objects.get(username="baocao.xa"))
    refused = browser.post(URL, json.dumps(PAYLOAD), content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    browser.get("/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    answer = browser.post(
        f"{URL}?dryRun=true",
        json.dumps(PAYLOAD),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert answer.status_code == 200 and answer.json()["importCount"]["imported"] == 3
    machine = Client(enforce_csrf_checks=True)
    assert post(machine, secret, PAYLOAD, dryRun="true").status_code == 200
