"""The indicator page: definition, counting and collection, targets, history, the units
below, reporting, the rules that read it, and its figures downloaded as CSV, XLSX and JSON,
each file read back equal to the figures of the page."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from chuyendoiso.analytics.audience import Internal
from chuyendoiso.analytics.pages import periods_up_to
from chuyendoiso.analytics.selectors import ranking_of, series_of
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.validation.selectors import rules_compiled
from tests.access.members import member
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db

QUERY = "ou=19&pe=2024S1&cal=calendar"
CODE = "HTS_BTS"


@pytest.fixture
def viewer(client):
    user = member("xem.19", "viewer", "19")
    client.force_login(user)
    client.user = user
    return client


def test_the_page_tells_how_the_indicator_is_counted_collected_and_checked(viewer):
    page = viewer.get(f"/chi-tieu/HTS_HGD_CAP_QUANG_TY_LE/?{QUERY}").content.decode()
    assert "không cộng dồn" in page and "giá trị cuối cùng tính đến hết kỳ" in page
    assert "≥ 80%" in page and "Quyết định 411/QĐ-TTg" in page
    assert "đơn vị đã báo cáo" in page
    for path in ("tai-ve.csv", "tai-ve.xlsx", "tai-ve.json"):
        assert f"/chi-tieu/HTS_HGD_CAP_QUANG_TY_LE/{path}?ou=19&amp;pe=2024S1" in page
    reading = [c.rule.code for c in rules_compiled() if "HTS_HGD_CAP_QUANG_TY_LE" in c.reads]
    for code in reading:
        assert f">{code}</a>" in page


def test_the_units_below_are_listed_with_their_rank(viewer):
    province = OrgUnit.objects.get(code="19", structure="")
    ranking = ranking_of(Internal(viewer.user), CODE, province, parse_period("2024S1"))
    page = viewer.get(f"/chi-tieu/{CODE}/?{QUERY}").content.decode()
    for row in ranking.rows:
        assert re.search(
            rf'<td class="number">{row.rank}</td><th scope="row"><a [^>]+>{row.unit.name}</a>', page
        )


def read_csv(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [
        {k: ("" if v is None else str(v)) for k, v in zip(rows[0], row, strict=True)}
        for row in rows[1:]
    ]


def read_json(content):
    return [{k: v or "" for k, v in row.items()} for row in json.loads(content)]


@pytest.mark.parametrize(
    ("fmt", "read"), [("csv", read_csv), ("xlsx", read_xlsx), ("json", read_json)]
)
def test_each_download_read_back_holds_the_figures_of_the_page(viewer, fmt, read):
    response = viewer.get(f"/chi-tieu/{CODE}/tai-ve.{fmt}?{QUERY}")
    assert response.status_code == 200
    assert f'filename="{CODE}-19-2024S1.{fmt}"' in response["Content-Disposition"]
    rows = read(response.content)
    province = OrgUnit.objects.get(code="19", structure="")
    period = parse_period("2024S1")
    audience = Internal(viewer.user)
    series = series_of(audience, CODE, province, periods_up_to(period))
    ranking = ranking_of(audience, CODE, province, period)
    expected = [("19", p.period.id, p.figure.value) for p in series.points if p.figure]
    expected += [(r.unit.key, "2024S1", r.figure.value) for r in ranking.rows]
    got = [(r["org_unit"], r["period"], Decimal(r["value"])) for r in rows]
    assert sorted(got) == sorted(expected)
    assert {r["indicator"] for r in rows} == {CODE}
    # the page shows the same figures: the province's value of the half-year, each unit's
    page = viewer.get(f"/chi-tieu/{CODE}/?{QUERY}").content.decode()
    assert "1.830" in page and Decimal(1830) in [v for k, p, v in got if (k, p) == ("19", "2024S1")]


def test_a_download_of_an_unknown_indicator_or_format_is_not_found(viewer):
    assert viewer.get(f"/chi-tieu/KHONG_CO/tai-ve.csv?{QUERY}").status_code == 404
    assert viewer.get(f"/chi-tieu/{CODE}/tai-ve.pdf?{QUERY}").status_code == 404
    assert viewer.get(f"/chi-tieu/{CODE}/tai-ve.csv?pe=2024Q5").status_code == 400


def test_the_english_indicator_page_is_all_english(viewer):
    viewer.cookies["django_language"] = "en"
    page = viewer.get(f"/chi-tieu/{CODE}/?{QUERY}").content.decode()
    assert "1,830" in page and "Completeness of reporting" in page
    data = " ".join(OrgUnit.objects.values_list("name", flat=True))
    data += " ".join(c.rule.name_vi for c in rules_compiled())
    left = vietnamese_words(page) - set(re.findall(r"\w+", data))
    assert not left, sorted(left)
