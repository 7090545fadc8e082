"""Largest-remainder apportionment: exact parts, in steps, under caps."""

from decimal import Decimal

import pytest

from chuyendoiso.engine.demo.apportion import largest_remainder


def test_largest_remainder_is_exact_and_respects_caps() -> None:
    parts = largest_remainder(Decimal(10), [1.0, 1.0, 1.0], Decimal(1))
    assert parts == [Decimal(4), Decimal(3), Decimal(3)]
    money = largest_remainder(Decimal("1234567.89"), [0.2, 0.3, 0.5], Decimal("0.01"))
    assert sum(money) == Decimal("1234567.89")
    assert all(p == p.quantize(Decimal("0.01")) for p in money)
    capped = largest_remainder(Decimal(9), [10.0, 1.0, 1.0], Decimal(1), caps=[Decimal(5)] * 3)
    assert capped == [Decimal(5), Decimal(2), Decimal(2)]
    with pytest.raises(ValueError):
        largest_remainder(Decimal(9), [1.0, 1.0], Decimal(1), caps=[Decimal(4), Decimal(4)])
