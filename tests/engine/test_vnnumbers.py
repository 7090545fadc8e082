from decimal import Decimal

import pytest

from chuyendoiso.engine.vnnumbers import format_number


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (1567705, 0, "1.567.705"),
        (16544448, 0, "16.544.448"),
        (476, 0, "476"),
        (Decimal("89.44"), 2, "89,44"),
        (Decimal("99.7"), 1, "99,7"),
        (Decimal("80.2"), 2, "80,20"),
        (Decimal("95.645"), 2, "95,65"),  # half up, not half to even
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("389000000000000"), 0, "389.000.000.000.000"),
        (0, 0, "0"),
    ],
)
def test_vietnamese_notation(value, decimals, written):
    assert format_number(value, decimals) == written
