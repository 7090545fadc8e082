"""The DTI page and its downloads: the hand-worked year, the what-if, the other framework
side by side, drafts only for those who may read them, clear errors, English."""

import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.access.members import member

from .year import INDEX, YEAR, load_year

pytestmark = pytest.mark.django_db
PAGE = "/chi-so-dti/"
QUERY = f"?ou=19&year={YEAR}&fw=fixture"


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_page_shows_the_index_pillars_unscored_components_and_what_if(client):
    load_year()
    client.force_login(member("xem.19", "viewer", "19"))
    page = client.get(PAGE + QUERY).content.decode()
    assert '<p class="value" id="dti-index">0,7750</p>' in page
    assert "chưa có điểm chính thức" in page and "không tính điểm" in page
    assert 'name="wi-CQS_01"' in page
    assert 'name="drafts"' not in page  # a viewer reads approved figures only
    moved = client.get(PAGE + QUERY + "&wi-CQS_01=80").content.decode()
    assert '<p class="value" id="dti-index">0,8250</p>' in moved
    assert 'value="80"' in moved
    # typed the Vietnamese way, kept in the form and in the links as typed
    typed = client.get(PAGE + QUERY + "&wi-CQS_01=79,5&wi-XHS_02=800.000").content.decode()
    assert 'value="79,5"' in typed and 'value="800.000"' in typed
    assert "wi-CQS_01=79%2C5" in typed
    # 0.82375 with CQS_01 at 79,5, and XHS_02 at its norm: 10 points, XHS_03 18.75
    assert '<p class="value" id="dti-index">0,8613</p>' in typed


def test_both_frameworks_side_by_side(client):
    """Each column of the side-by-side table is the index its own page shows."""
    client.force_login(member("xem.19", "viewer", "19"))
    shown = {}
    side = {}
    for number in ("922", "405"):
        page = client.get(PAGE + f"?ou=19&year=2024&fw={number}").content.decode()
        shown[number] = re.search(r'id="dti-index">([^<]+)<', page).group(1)
        table = page[page.index('id="dti-side"') :]
        row = table[: table.index("</tr>", table.index("<tbody>"))]
        side[number] = re.findall(r"<strong>([^<]+)</strong>", row)
    assert side["405"] == [shown["405"], shown["922"]]
    assert side["922"] == [shown["922"], shown["405"]]
    assert shown["922"] != shown["405"]


def test_drafts_need_the_right_to_read_them(client):
    load_year()
    client.force_login(member("xem.19", "viewer", "19"))
    assert client.get(PAGE + QUERY + "&drafts=1").status_code == 403
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    page = client.get(PAGE + QUERY + "&drafts=1").content.decode()
    assert '<p class="value" id="dti-index">0,7000</p>' in page


def test_bad_requests(client):
    load_year()
    client.force_login(member("xem.19", "viewer", "19"))
    bad = client.get(PAGE + QUERY + "&wi-CQS_01=abc")
    assert bad.status_code == 400 and "wi-CQS_01" in bad.content.decode()
    assert client.get(PAGE + QUERY + "&wi-KHONG_CO=1").status_code == 400
    assert client.get(PAGE + QUERY + "&wi-CQS_01=NaN").status_code == 400
    assert client.get(PAGE + QUERY + "&wi-CQS_01=80.5").status_code == 400  # a dot: thousands
    formula = client.get(PAGE + QUERY + "&wi-XHS_03=5")
    assert formula.status_code == 400 and "XHS_03" in formula.content.decode()
    assert client.get("/chi-so-dti/tai-ve/" + QUERY + "&format=pdf").status_code == 400
    commune = client.get(PAGE + f"?ou=05440&year={YEAR}&fw=fixture")
    assert commune.status_code == 400 and "tỉnh" in commune.content.decode()
    assert client.get(PAGE + "?fw=999").status_code == 404
    assert client.get(PAGE + "?year=20x4").status_code == 400


def test_downloads(client):
    load_year()
    client.force_login(member("xem.19", "viewer", "19"))
    xlsx = client.get("/chi-so-dti/tai-ve/" + QUERY + "&format=xlsx")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Tong hop"].iter_rows(values_only=True)}
    assert summary["Chỉ số DTI"] == float(INDEX)
    data = json.loads(client.get("/chi-so-dti/tai-ve/" + QUERY + "&format=json").content)
    assert Decimal(str(data["index"])) == INDEX
    markdown = client.get("/chi-so-dti/tai-ve/" + QUERY + "&format=md").content.decode()
    assert "0,7750" in markdown


def test_the_english_page(client):
    load_year()
    client.force_login(member("xem.19", "viewer", "19"))
    client.cookies["django_language"] = "en"
    page = client.get(PAGE + QUERY).content.decode()
    assert "DTI self-assessment" in page and "official points not found" in page
    assert '<p class="value" id="dti-index">0.7750</p>' in page
    assert "within 0..1" in page
