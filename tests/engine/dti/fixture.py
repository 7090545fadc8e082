"""The fixture framework (tests/fixtures/dti/every_rule.yaml) and values whose scores are
worked out by hand in the tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from chuyendoiso.engine.dti import Framework, Measured, read_framework

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "dti" / "every_rule.yaml"

VALUES = {
    "CQS_01": "60",  # proportional, full at 80: 20 x 60/80 = 15
    "CQS_02": "96",  # thresholds 90/95/99: 15
    "CQS_03": "1",  # yes: 10
    "CQS_04": "50",  # at most 100: 5 (at most 10 would give 10)
    "XHS_01": "150",  # 150 of a norm of 200: 10 x 0.75 = 7.5
    "XHS_02": "600000",  # 80 per 100 of 1,000,000 = 800,000 expected: 7.5
}
BASES = {"XHS_DAN_SO": Decimal(1_000_000)}


def framework() -> Framework:
    return read_framework(FIXTURE)


def measured() -> dict[str, Measured]:
    return {code: Measured(Decimal(value), origin="test") for code, value in VALUES.items()}
