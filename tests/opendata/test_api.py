"""The open-data API: DHIS2's analytics response over the approved figures of the public
indicators, its downloads, the public indicators, the org units and the document; every
refusal in the product's one shape, naming the parameter. The figures expected are the
stored ones (the seed report's, for the province's first half of 2024)."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from chuyendoiso.analytics.audience import PUBLIC
from chuyendoiso.analytics.selectors import series_of
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.analytics import parse_analytics
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.opendata.selectors import units_selected
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunits_valid_during
from tests.access.members import member

pytestmark = pytest.mark.django_db

API = "/du-lieu-mo/api/analytics"
PAIR = "HTS_BTS;HTS_TB_DI_DONG"


def stored(code: str, org: str = "19", period: str = "2024S1") -> Decimal:
    return DataValue.objects.get(
        indicator__code=code,
        org_unit__code=org,
        org_unit__structure="",
        period=period,
        status="approved",
        category_option=None,
    ).value


def refusal(client, query, status=400, url=API) -> dict:
    answer = client.get(url, query)
    assert answer.status_code == status, answer.content[:300]
    body = answer.json()
    assert set(body) == {"message", "extra"}
    return body["extra"]


def test_the_answer_has_dhis2_s_shape_and_the_stored_figures(client):
    answer = client.get(API, {"dimension": [f"dx:{PAIR}", "pe:2024S1"], "filter": "ou:19"})
    assert answer.status_code == 200
    body = answer.json()
    names = [header["name"] for header in body["headers"]]
    assert names == ["dx", "pe", "value", "qualifier", "synthetic", "complete"]
    assert body["width"] == body["headerWidth"] == 6
    assert body["height"] == len(body["rows"]) == 2
    values = {(row[0], row[1]): Decimal(row[2]) for row in body["rows"]}
    assert values == {
        ("HTS_BTS", "2024S1"): stored("HTS_BTS"),
        ("HTS_TB_DI_DONG", "2024S1"): stored("HTS_TB_DI_DONG"),
    }
    assert all(row[4] == "false" for row in body["rows"])  # the seed's, not synthetic
    meta = body["metaData"]
    assert meta["dimensions"] == {"dx": PAIR.split(";"), "pe": ["2024S1"], "ou": ["19"]}
    assert meta["items"]["HTS_BTS"]["name"] == Indicator.objects.get(code="HTS_BTS").name_vi
    assert meta["items"]["2024S1"] == {
        "name": "6 tháng đầu năm 2024",
        "nameEn": "first half of 2024",
    }
    assert meta["items"]["19"]["name"] == OrgUnit.objects.get(code="19", structure="").name


def test_the_rows_follow_the_dimensions_asked_and_the_short_forms_ask_the_same(client):
    long = client.get(API, {"dimension": ["pe:2024S1", "ou:19", "dx:HTS_BTS"]}).json()
    assert [h["name"] for h in long["headers"]][:3] == ["pe", "ou", "dx"]
    assert long["rows"][0][:3] == ["2024S1", "19", "HTS_BTS"]
    short = client.get(API, {"dx": "HTS_BTS", "pe": "2024S1", "ou": "19"}).json()
    assert short["rows"][0][:3] == ["HTS_BTS", "2024S1", "19"]
    assert short["rows"][0][3:] == long["rows"][0][3:]


def test_a_cell_without_an_approved_figure_has_no_row(client):
    body = client.get(API, {"dx": "HTS_BTS", "pe": "2024S1;2031", "ou": "19"}).json()
    assert [row[1] for row in body["rows"]] == ["2024S1"]
    assert body["metaData"]["dimensions"]["pe"] == ["2024S1", "2031"]


def test_the_figures_of_communes_are_those_stored(client):
    communes = list(OrgUnit.objects.filter(level="commune", structure="from_2025")[:3])
    codes = ";".join(c.code for c in communes)
    query = {"dx": "CQS_HS_TIEP_NHAN", "pe": "202509", "ou": codes}
    body = client.get(API, query).json()
    assert body["metaData"]["dimensions"]["ou"] == [f"{c.code}@from_2025" for c in communes]
    expected = {
        f"{row.org_unit.code}@from_2025": row.value
        for row in DataValue.objects.filter(
            indicator__code="CQS_HS_TIEP_NHAN", org_unit__in=communes, period="202509"
        ).select_related("org_unit")
    }
    assert len(expected) == 3
    assert {row[2]: Decimal(row[3]) for row in body["rows"]} == expected
    assert {row[5] for row in body["rows"]} == {"true"}  # the demo's monthly commune figures


def test_the_same_answer_for_a_signed_in_user(client):
    query = {"dx": PAIR, "pe": "2024S1", "ou": "19"}
    anonymous = client.get(API, query).content
    client.force_login(member("dieu.phoi", "coordinator"))
    assert client.get(API, query).content == anonymous


# --- org units, as ou names them ------------------------------------------------------------


def selected(ou: str, pe: str) -> list[OrgUnit]:
    request = parse_analytics([("dx", "A"), ("pe", pe), ("ou", ou)], today=dt.date(2026, 12, 1))
    return units_selected(request, today=dt.date(2026, 12, 1))


def test_user_org_unit_is_the_top_units_of_the_periods():
    tops_2024 = set(
        orgunits_valid_during(dt.date(2024, 1, 1), dt.date(2024, 6, 30)).filter(parent=None)
    )
    assert {u.code for u in tops_2024} == {"06", "19"}
    assert set(selected("USER_ORGUNIT", "2024S1")) == tops_2024
    assert [u.code for u in selected("USER_ORGUNIT", "2026")] == ["19"]


def test_children_and_grandchildren_are_those_of_the_periods():
    children = selected("USER_ORGUNIT_CHILDREN", "2026")
    assert {u.level for u in children} == {"commune", "department"}
    assert all(u.parent.code == "19" and u.structure != "before_2025" for u in children)
    grandchildren = selected("USER_ORGUNIT_GRANDCHILDREN", "2024S1")
    assert {u.level for u in grandchildren} == {"commune"}
    assert all(u.parent.level == "district" for u in grandchildren)


def test_a_level_inside_the_units_named_or_the_top_units():
    inside = selected("164;LEVEL-commune", "2024S1")
    assert inside and all(
        u.path.startswith(u.parent.path) and u.parent.code == "164" for u in inside
    )
    everywhere = selected("LEVEL-district", "2024S1")
    assert {u.level for u in everywhere} == {"district"}
    assert {u.province.code for u in everywhere} == {"06", "19"}
    assert selected("19;LEVEL-district", "2026") == []  # districts ended on 1 July 2025


def test_a_code_that_repeats_is_taken_by_its_key(client):
    (old,) = selected("164@before_2025", "2026")
    assert old.structure == "before_2025"
    extra = refusal(client, {"dx": "HTS_BTS", "pe": "2024", "ou": "99999"}, status=404)
    assert (extra["field"], extra["value"]) == ("ou", "99999")


# --- downloads ------------------------------------------------------------------------------


def test_the_downloads_hold_the_figures_of_the_answer(client):
    query = {"dx": PAIR, "pe": "2024S1;2023S1", "ou": "19"}
    rows = client.get(API, query).json()["rows"]
    expected = {(row[0], row[1]): Decimal(row[3]) for row in rows}
    assert len(expected) == 4

    answer = client.get(API + ".csv", query)
    assert answer["Content-Disposition"] == 'attachment; filename="du-lieu-mo.csv"'
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert {(r["indicator"], r["period"]): Decimal(r["value"]) for r in table} == expected

    book = load_workbook(io.BytesIO(client.get(API + ".xlsx", query).content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    got = {
        (row[header.index("indicator")], row[header.index("period")]): row[header.index("value")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert got == expected

    table = json.loads(client.get(API + ".json", query).content)
    assert {(r["indicator"], r["period"]): Decimal(r["value"]) for r in table} == expected


def test_territory_current_gives_earlier_periods_for_the_latest_territory(client):
    """After the 2025 merger, a history as its chart shows it: the province's earlier
    half-years for its territory of today (the provinces merged into it added)."""
    query = {"dx": "HTS_BTS", "pe": "2024S1;2025S2", "ou": "19"}
    reported = {r[1]: Decimal(r[3]) for r in client.get(API, query).json()["rows"]}
    assert reported["2024S1"] == stored("HTS_BTS")
    current = client.get(API, query | {"territory": "current"}).json()["rows"]
    current_values = {r[1]: Decimal(r[3]) for r in current}
    assert current_values["2025S2"] == reported["2025S2"]
    assert current_values["2024S1"] > reported["2024S1"]
    province = OrgUnit.objects.get(code="19", structure="")
    series = series_of(
        PUBLIC, "HTS_BTS", province, [parse_period("2024S1"), parse_period("2025S2")]
    )
    assert [current_values[p.period.id] for p in series.points] == [
        p.figure.value for p in series.points
    ]
    extra = refusal(client, query | {"territory": "today"})
    assert "territory" in json.dumps(extra)


def test_a_download_in_another_format_is_refused(client):
    extra = refusal(client, {"dx": "HTS_BTS", "pe": "2024"}, url=API + ".pdf")
    assert extra["errors"][0]["field"] == "path.fmt"


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"pe": "2024"}, "dimension"),  # no dx
        ({"dx": "HTS_BTS", "pe": "2024X"}, "pe"),
        ({"dx": "HTS_BTS", "dimension": "pe:20240415"}, "dimension"),
        ({"dx": "HTS_BTS", "pe": "2024", "calendar": "âm lịch"}, "calendar"),
        ({"dx": "HTS_BTS", "pe": "2024", "ou": "19;LEVEL-3"}, "ou"),
        ({"dx": "HTS_BTS", "pe": "2024", "status": "draft"}, "status"),
        ({"dx": "HTS_BTS", "pe": "2024", "dimension": "co:ALL"}, "dimension"),
        ({"dx": "HTS_BTS", "pe": "2024", "filter": "ou:USER_ORGUNIT"}, "filter"),  # 06 and 19
    ],
)
def test_a_bad_parameter_is_named_with_the_reason(client, query, field):
    extra = refusal(client, query)
    assert extra["field"] == field


def test_a_request_over_the_cap_names_the_dimension_to_narrow(client):
    public = list(Indicator.objects.filter(public=True).values_list("code", flat=True))
    query = {"dx": ";".join(public), "pe": "2024;2025", "ou": "19;LEVEL-commune"}
    extra = refusal(client, query)
    assert (extra["field"], extra["dimension"]) == ("ou", "ou")
    assert extra["cells"] > extra["limit"] == 10_000


# --- indicators, org units, the document ----------------------------------------------------


def test_the_public_indicators_are_listed_with_what_they_count(client):
    listed = client.get("/du-lieu-mo/api/indicators").json()["indicators"]
    public = Indicator.objects.filter(public=True)
    assert [i["code"] for i in listed] == list(public.values_list("code", flat=True))
    ratio = next(i for i in listed if i["code"] == "CQS_HS_DUNG_HAN_TY_LE")
    stored_ratio = public.get(code="CQS_HS_DUNG_HAN_TY_LE")
    assert ratio["numerator"] == stored_ratio.numerator.code
    assert ratio["definition"] == stored_ratio.definition_vi
    assert ratio["pillar"] == stored_ratio.pillar.code
    one = client.get("/du-lieu-mo/api/indicators/HTS_BTS").json()
    assert one == next(i for i in listed if i["code"] == "HTS_BTS")


def test_the_org_units_are_listed_by_level(client):
    districts = client.get("/du-lieu-mo/api/orgUnits", {"level": "district"}).json()["orgUnits"]
    assert len(districts) == OrgUnit.objects.filter(level="district").count()
    city = next(u for u in districts if u["code"] == "164")
    assert (city["key"], city["parent"], city["validTo"]) == ("164@before_2025", "19", "2025-06-30")
    extra = refusal(client, {"level": "village"}, url="/du-lieu-mo/api/orgUnits")
    assert extra["field"] == "level"


def test_the_document_and_its_page_are_served_by_the_site(client):
    document = client.get("/du-lieu-mo/api/openapi.json").json()
    paths = set(document["paths"])
    assert {"/du-lieu-mo/api/analytics", "/du-lieu-mo/api/indicators"} <= paths
    parameters = document["paths"]["/du-lieu-mo/api/analytics"]["get"]["parameters"]
    assert {"dimension", "filter", "dx", "pe", "ou", "calendar"} <= {p["name"] for p in parameters}
    page = client.get("/du-lieu-mo/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "http" not in html
    assert client.get("/du-lieu-mo/api/openapi.json").status_code == 200


def test_the_portal_links_its_figures_to_download(client):
    page = client.get("/du-lieu-mo/", {"pe": "2024S1", "ou": "19"}).content.decode()
    assert "/du-lieu-mo/api/analytics.csv?dx=" in page
    assert "/du-lieu-mo/api/docs" in page
