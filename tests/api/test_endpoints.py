"""The API's other endpoints (data sets, org units, the caller), its error shape, its OpenAPI
document and its docs page, served without any external asset under the site's CSP."""

import re

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.access.services import token_create

pytestmark = pytest.mark.django_db


def bearer(username="baocao.xa"):
    user = get_user_model().objects.get(username=username)
    return {"Authorization": f"Bearer {token_create(acting_user=None, user=user, name='t')[1]}"}


def test_the_data_sets_with_their_elements(client):
    answer = client.get("/api/dataSets", headers=bearer())
    assert answer.status_code == 200
    sets = {each["code"]: each for each in answer.json()["dataSets"]}
    monthly = sets["BC_MOT_CUA_THANG"]
    assert (monthly["periodType"], monthly["calendar"]) == ("month", "nd09")
    elements = {each["dataElement"]: each["categories"] for each in monthly["dataSetElements"]}
    assert elements["CQS_HS_TIEP_NHAN"] == ["CHANNEL"] and elements["CQS_HS_DUNG_HAN"] == []


def test_the_org_units_with_level_and_parent(client):
    answer = client.get("/api/orgUnits", {"level": "district"}, headers=bearer())
    units = {(each["code"], each["structure"]): each for each in answer.json()["orgUnits"]}
    city = units[("164", "before_2025")]
    assert city["parent"] == "19" and city["level"] == "district"
    assert {each["level"] for each in units.values()} == {"district"}


def test_the_caller_and_its_roles(client):
    me = client.get("/api/me", headers=bearer()).json()
    assert me["username"] == "baocao.xa" and me["unrestricted"] is False
    assert [(role["role"], role["orgUnit"]) for role in me["roles"]] == [("reporter", "05440")]


def test_a_user_without_any_role_may_not_call_the_api(client):
    lonely = get_user_model().objects.create_user("mot.minh", password="x")
    secret = token_create(acting_user=None, user=lonely, name="t")[1]
    for path in ("/api/me", "/api/dataSets", "/api/orgUnits"):
        answer = client.get(path, headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 403, path
        assert set(answer.json()) == {"message", "extra"}
        assert "không có quyền dùng API" in answer.json()["message"]


def test_errors_have_one_shape_and_their_status(client):
    auth = bearer()
    unknown = client.get(
        "/api/dataValueSets",
        {"dataSet": "KHONG", "period": "202403", "orgUnit": "05440"},
        headers=auth,
    )
    assert unknown.status_code == 404 and unknown.json()["extra"]["field"] == "dataset"
    wrong_period = client.get(
        "/api/dataValueSets",
        {"dataSet": "BC_MOT_CUA_THANG", "period": "2024S1", "orgUnit": "05440"},
        headers=auth,
    )
    assert wrong_period.status_code == 400 and "không phải kỳ" in wrong_period.json()["message"]
    missing = client.get("/api/dataValueSets", {"dataSet": "BC_MOT_CUA_THANG"}, headers=auth)
    assert missing.status_code == 400
    fields = {each["field"] for each in missing.json()["extra"]["errors"]}
    assert {"query.period", "query.orgUnit"} <= fields
    strategy = client.post(
        "/api/dataValueSets?importStrategy=MERGE", "{}", "application/json", headers=auth
    )
    assert strategy.status_code == 400 and "importStrategy" in str(strategy.json()["extra"])
    assert client.get("/api/me").status_code == 401


def test_the_openapi_document_describes_the_endpoints_and_the_token(client):
    document = client.get("/api/openapi.json").json()
    assert {"/api/dataValueSets", "/api/dataSets", "/api/orgUnits", "/api/me"} <= set(
        document["paths"]
    )
    post = document["paths"]["/api/dataValueSets"]["post"]
    names = {each["name"] for each in post["parameters"]}
    assert {"dryRun", "importStrategy"} <= names
    assert (
        "dataValues" in post["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )
    schemes = document["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_the_docs_page_loads_only_its_own_assets_under_the_sites_policy(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "cdn" not in policy
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/ninja/") for source in sources)
    for source in sources:  # served by the site itself
        asset = client.get(source)
        assert asset.status_code == 200, source
        asset.close()  # a file response holds its file open until closed
    # the only inline script is JSON data, which the policy does not run
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
