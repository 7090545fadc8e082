"""A share above 100% or a rank beyond its field."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.reader.check.base import (
    Checker,
    num,
)
from chuyendoiso.engine.reader.model import (
    CheckKind,
    Kind,
)


class Ranges(Checker):
    def ranges(self) -> None:
        for figure in self.f:
            if (
                figure.kind is Kind.PERCENT
                and self.code(figure)
                and "tỷ lệ so với kế hoạch" not in figure.notes
                and figure.value > 100
                and figure.percent_of is None
            ):
                self.add(
                    CheckKind.RANGE,
                    False,
                    (figure.id,),
                    figure.text,
                    Decimal(100),
                    f"{num(figure.value)}% > 100%",
                    "Một tỷ lệ phần trăm trên tổng số không thể vượt 100%.",
                )
            if figure.kind is Kind.RANK and figure.denominator is not None:
                ok = 1 <= figure.value <= figure.denominator
                self.add(
                    CheckKind.RANGE,
                    ok,
                    (figure.id,),
                    figure.text,
                    None if ok else figure.denominator,
                    f"1 ≤ {num(figure.value)} ≤ {num(figure.denominator)}"
                    if ok
                    else f"{num(figure.value)} > {num(figure.denominator)}",
                    "Thứ hạng nằm trong số đơn vị được xếp."
                    if ok
                    else "Thứ hạng lớn hơn số đơn vị được xếp hạng.",
                )
