"""Data values: one figure of an indicator for an org unit and a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Qualifier(StrEnum):
    """How the figure was stated: exactly, or with a word that bounds it."""

    EXACT = "exact"
    GAN = "gan"  # gần: nearly
    HON = "hon"  # hơn: more than
    TREN = "tren"  # trên: over
    KHOANG = "khoang"  # khoảng: about

    @property
    def word_vi(self) -> str:
        return _QUALIFIER_WORDS[self]


_QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.GAN: "gần",
    Qualifier.HON: "hơn",
    Qualifier.TREN: "trên",
    Qualifier.KHOANG: "khoảng",
}


class Origin(StrEnum):
    REPORTED = "reported"  # stated by a reporting unit or a published report
    DERIVED = "derived"  # computed from a reported comparison (for example a same-period value)
    SYNTHETIC = "synthetic"  # generated for the demo; never real data


@dataclass(frozen=True)
class DataValue:
    indicator: str
    org_unit: str
    period: str
    value: Decimal
    category_option: str = ""  # "" is the total; otherwise CATEGORY:OPTION
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    qualifier: Qualifier = Qualifier.EXACT
    decimals: int = 0  # decimals shown when reported (89,44% -> 2)
    scale: int = 1  # magnitude the figure was stated in (6,6 triệu -> 1_000_000)
    reference_date: dt.date | None = None
    origin: Origin = Origin.REPORTED
    source: str = ""
    comment: str = ""
