"""Every figure of the seed report is in the demo, with its qualifier and its own period.

The expected figures are typed here from the seed report, in its own notation, and each
is checked to appear in that report, so this table cannot drift from the source.
"""

import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main

# pytest-django creates the test database only for a session with tests marked django_db
pytestmark = pytest.mark.django_db

H1 = "2024S1"
SOC = "2024-01-01..2024-05-26"
DOSSIERS = "2024-01-01..2024-05-27"

# (as written in the seed, qualifier, period the figure is stated for, reference date)
SEED_FIGURES = [
    ("gần 140", "gan", H1, ""),
    ("8 chuyên mục/tháng", "exact", H1, ""),
    ("hơn 100", "hon", H1, ""),
    ("476 tin, bài", "exact", H1, ""),
    ("90%", "exact", H1, ""),
    ("97%", "exact", H1, ""),
    ("76%", "exact", H1, ""),
    ("07 doanh nghiệp", "exact", H1, ""),
    ("1.830", "exact", H1, ""),
    ("1.567.705", "exact", H1, ""),
    ("1.182.686", "exact", H1, ""),
    ("đạt 100%", "exact", H1, ""),
    ("09 thôn", "exact", H1, ""),
    ("99,7%", "exact", H1, ""),
    ("16.544.448", "exact", SOC, ""),
    ("110.651", "exact", SOC, ""),
    ("63.605", "exact", SOC, ""),
    ("383", "exact", SOC, ""),
    ("1207", "exact", SOC, ""),
    ("1.486", "exact", SOC, ""),
    ("114", "exact", SOC, ""),
    ("2.597", "exact", SOC, ""),
    ("48 sở", "exact", H1, ""),
    ("08 đơn vị", "exact", H1, ""),
    ("100% xã", "exact", H1, ""),
    ("12.026", "exact", H1, ""),
    ("9.336", "exact", "20240526", "2024-05-26"),
    ("100% chứng thư", "exact", "20240526", "2024-05-26"),
    ("16 Đảng bộ", "exact", "20240526", "2024-05-26"),
    ("88.020", "exact", "20240526", "2024-05-26"),
    ("98.408", "exact", "20240526", "2024-05-26"),
    ("89,44%", "exact", "20240526", "2024-05-26"),
    ("1.163.038", "exact", "20240526", "2024-05-26"),
    ("822.099", "exact", "20240415", "2024-04-15"),
    ("786.370", "exact", "20240415", "2024-04-15"),
    ("96%", "exact", "20240415", "2024-04-15"),
    ("78,72%", "exact", DOSSIERS, ""),
    ("76,45%", "exact", DOSSIERS, ""),
    ("77,21%", "exact", DOSSIERS, ""),
    ("529.500", "exact", H1, ""),
    ("72.554", "exact", H1, ""),
    ("89%", "exact", H1, ""),
    ("14.770", "exact", "2024-01-01..2024-05-19", ""),
    ("275.540", "exact", DOSSIERS, ""),
    ("262.969", "exact", DOSSIERS, ""),
    ("99,63%", "exact", DOSSIERS, ""),
    ("khoảng 389 nghìn tỷ", "khoang", H1, ""),
    ("hơn 505.000", "hon", H1, ""),
    ("trên 9.300", "tren", H1, ""),
    ("trên 6,6 triệu", "tren", H1, ""),
    ("trên 66 nghìn tỷ", "tren", H1, ""),
    ("205/213", "exact", H1, ""),
    ("1.057.207/1.318.208", "exact", H1, ""),
    ("80,2%", "exact", H1, ""),
    ("4 phần mềm", "exact", H1, ""),
]

WORDS = {"triệu": 10**6, "nghìn tỷ": 10**12}


def seed_numbers(written: str) -> list[Decimal]:
    """The numbers in a seed phrase, read the Vietnamese way (1.567.705; 89,44; 6,6 triệu)."""
    scale = next((factor for word, factor in WORDS.items() if word in written), 1)
    return [
        Decimal(digits.replace(".", "").replace(",", ".")) * scale
        for digits in re.findall(r"\d[\d.,]*\d|\d", written)
    ]


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = CliRunner().invoke(
            main,
            [
                "values",
                "export",
                "--org",
                "19",
                "--period",
                "2024S1",
                "--format",
                "json",
                "--origin",
                "reported",
            ],
        )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(("written", "qualifier", "period", "reference_date"), SEED_FIGURES)
def test_seed_figure_is_exported(
    exported, seed_report_text, written, qualifier, period, reference_date
):
    assert written in seed_report_text
    *parts, value = seed_numbers(written)
    matches = [
        row
        for row in exported
        if Decimal(row["value"]) == value
        and row["period"] == period
        and row["qualifier"] == qualifier
        and row["reference_date"] == reference_date
        and row["org_unit"] == "19"
    ]
    if parts:  # "88.020/98.408": a ratio row with both parts, or the parts as values
        numerator, denominator = parts[0], value
        ratio_rows = [
            row
            for row in exported
            if row["numerator"]
            and Decimal(row["numerator"]) == numerator
            and Decimal(row["denominator"]) == denominator
        ]
        assert ratio_rows, f"no ratio row with {numerator}/{denominator}"
    assert matches, f"{written!r}: no exported row with {value} {qualifier} {period}"


def test_figures_have_their_own_period_inside_the_half_year(exported):
    periods = {row["period"] for row in exported}
    assert {H1, SOC, DOSSIERS, "20240415", "20240526"} <= periods
    assert all(not p.startswith("2023") for p in periods)


def test_every_reported_row_names_an_indicator(exported):
    assert len(exported) >= len(SEED_FIGURES)
    assert len({row["indicator"] for row in exported}) == len(exported)
