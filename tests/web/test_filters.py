"""The `vn` template filters and the charts' include write numbers, dates, periods and
catalogue names in the language of the page."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.web.charts import Chart, Series
from chuyendoiso.web.language import current_language


def render(text: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load vn %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (1567705, 0, "1.567.705", "1,567,705"),
        (Decimal("89.44"), 2, "89,44", "89.44"),
        (Decimal("95.645"), 2, "95,65", "95.65"),
        (7, 0, "7", "7"),
    ],
)
def test_so_writes_numbers_as_the_language_does(value, decimals, vi, en):
    template = "{{ value|so:decimals }}"
    assert render(template, "vi", value=value, decimals=decimals) == vi
    assert render(template, "en", value=value, decimals=decimals) == en


def test_ngay_writes_a_date_and_a_moment_in_the_sites_time_zone():
    day = date(2024, 4, 15)
    assert render("{{ d|ngay }}", "vi", d=day) == "15/04/2024"
    assert render("{{ d|ngay }}", "en", d=day) == "15 Apr 2024"
    moment = datetime(2024, 4, 15, 18, 30, tzinfo=UTC)  # 16 April, 01:30 in Hà Nội
    assert render('{{ m|ngay:"gio" }}', "vi", m=moment) == "16/04/2024 01:30"
    assert render('{{ m|ngay:"gio" }}', "en", m=moment) == "16 Apr 2024, 01:30"
    assert render("{{ m|ngay }}", "en", m=moment) == "16 Apr 2024"
    assert render("{{ m|ngay }}", "vi", m=None) == ""


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        ("2024Q1", "quý I năm 2024", "Q1 2024"),
        ("2024S1", "6 tháng đầu năm 2024", "first half of 2024"),
        ("202402", "tháng 02 năm 2024", "February 2024"),
    ],
)
def test_ky_names_a_period_or_its_id(period, vi, en):
    assert render("{{ p|ky }}", "vi", p=period) == vi
    assert render("{{ p|ky }}", "en", p=parse_period(period)) == en


@dataclass
class Named:
    name_vi: str
    name_en: str


def test_localized_takes_the_english_name_when_there_is_one():
    template = '{{ x|localized:"name" }}'
    assert render(template, "vi", x=Named("Hạ tầng số", "Digital infrastructure")) == "Hạ tầng số"
    assert render(template, "en", x=Named("Hạ tầng số", "Digital infrastructure")) == (
        "Digital infrastructure"
    )
    assert render(template, "en", x=Named("Hạ tầng số", "")) == "Hạ tầng số"


@pytest.mark.parametrize(("active", "language"), [("vi", "vi"), ("en", "en"), ("en-gb", "en")])
def test_the_current_language_is_one_of_the_sites(active, language):
    with translation.override(active):
        assert current_language() == language


CHART = Chart(
    id="c",
    title="Số trạm",
    kind="bar",
    category_label="Năm",
    categories=("2023", "2024"),
    series=(Series("BTS", (1830, Decimal("2104.5"))), Series("5G", (None, 12))),
    decimals=1,
)


def test_a_chart_gives_its_data_as_json_and_its_table_in_the_pages_notation():
    page = render('{% include "web/_chart.html" with chart=chart %}', "en", chart=CHART)
    data = json.loads(
        re.search(r'<script id="c-data" type="application/json">(.*?)</script>', page, flags=re.S)[
            1
        ]
    )
    assert data["categories"] == ["2023", "2024"]
    assert data["series"] == [
        {"name": "BTS", "values": [1830, 2104.5]},
        {"name": "5G", "values": [None, 12]},
    ]
    assert 'data-chart="c-data"' in page and '<details class="chart-table" open>' in page
    cells = re.findall(r'<td class="number">([^<]*)</td>', page)
    assert cells == ["1,830.0", "—", "2,104.5", "12.0"]
    vietnamese = render('{% include "web/_chart.html" with chart=chart %}', "vi", chart=CHART)
    assert re.findall(r'<td class="number">([^<]*)</td>', vietnamese)[:3] == [
        "1.830,0",
        "—",
        "2.104,5",
    ]


def test_a_series_must_have_a_value_for_each_category():
    with pytest.raises(ValueError, match="series 'BTS' has 1 values for 2 categories"):
        Chart(
            id="c",
            title="t",
            kind="bar",
            category_label="Năm",
            categories=("2023", "2024"),
            series=(Series("BTS", (1,)),),
        )
