"""A figure of the text is compared with stored data only when the stored figure covers
exactly its period (a stock: stands on the same day): never with the months inside a
range summed, nor with a figure of another span."""

from decimal import Decimal

import pytest

from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, Status
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.reports.factcheck_selectors import factcheck_source, stored_lookup

pytestmark = pytest.mark.django_db

HEAD = "UBND TỈNH THÁI NGUYÊN\nBÁO CÁO\nKết quả chuyển đổi số năm 2024\n\n"
DOSSIERS = "CQS_HS_TIEP_NHAN"  # approved for 19: 275.540 from 01/01/2024 to 27/5/2024


def received(start: str, end: str, value: str) -> str:
    return (
        f"{HEAD}Từ ngày {start} đến ngày {end}, trên địa bàn tỉnh đã tiếp nhận {value} hồ sơ "
        "thủ tục hành chính.\n"
    )


def stored(result) -> list[tuple[str, str]]:
    return [(c.indicator, c.status.value) for c in result.checks if c.kind.value == "stored"]


@pytest.fixture
def months():
    """Four months of dossiers approved for the province, 50.000 each."""
    values = [
        DataValue(
            indicator=DOSSIERS,
            org_unit="19",
            period=f"20240{month}",
            value=Decimal(50000),
            status=Status.APPROVED,
            origin=Origin.REPORTED,
        )
        for month in range(1, 5)
    ]
    datavalues_import(acting_user=None, values=values, source_name="test")


def test_a_range_is_compared_with_the_figure_of_exactly_that_range():
    same = factcheck_source(received("01/01/2024", "27/5/2024", "275.540"), "")
    assert stored(same) == [(DOSSIERS, "consistent")]
    other = factcheck_source(received("01/01/2024", "27/5/2024", "275.000"), "")
    assert stored(other) == [(DOSSIERS, "inconsistent")]


def test_a_range_is_not_compared_with_the_months_inside_it(months):
    lookup = stored_lookup("19")
    assert lookup(DOSSIERS, parse_period("2024-01-01..2024-05-15")) is None
    result = factcheck_source(received("01/01/2024", "15/5/2024", "210.000"), "")
    assert [m.period.id for m in result.matches] == ["2024-01-01..2024-05-15"]
    assert stored(result) == []


def test_the_months_that_make_a_range_exactly_are_compared_with(months):
    lookup = stored_lookup("19")
    assert lookup(DOSSIERS, parse_period("2024-01-01..2024-04-30")) == (Decimal(200000), 0)
    result = factcheck_source(received("01/01/2024", "30/4/2024", "210.000"), "")
    assert stored(result) == [(DOSSIERS, "inconsistent")]


def test_a_year_is_not_compared_with_a_part_of_it():
    lookup = stored_lookup("19")
    assert lookup(DOSSIERS, parse_period("2024")) is None
    result = factcheck_source(f"{HEAD}Năm 2024, toàn tỉnh đã tiếp nhận 275.540 hồ sơ.\n", "")
    assert stored(result) == []


def test_a_stock_is_compared_on_its_own_day_only():
    certificates = "CQS_CTS_CHUYEN_DUNG"  # 9.336 approved as of 26/5/2024
    lookup = stored_lookup("19")
    assert lookup(certificates, parse_period("20240526")) == (Decimal(9336), 0)
    assert lookup(certificates, parse_period("2024S1")) is None  # 30 June is another day
    assert lookup(certificates, parse_period("20240525")) is None


def test_a_stock_of_a_periods_last_day_is_that_periods():
    certificates = DataValue(
        indicator="CQS_CTS_CHUYEN_DUNG",
        org_unit="19",
        period="202406",
        value=Decimal(9500),
        status=Status.APPROVED,
        origin=Origin.REPORTED,
    )
    datavalues_import(acting_user=None, values=[certificates], source_name="test")
    lookup = stored_lookup("19")
    assert lookup("CQS_CTS_CHUYEN_DUNG", parse_period("2024S1")) == (Decimal(9500), 0)
    assert lookup("CQS_CTS_CHUYEN_DUNG", parse_period("2024")) is None  # not as of 31/12
