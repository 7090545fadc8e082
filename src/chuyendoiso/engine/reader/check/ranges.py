"""A share above 100%, a rank beyond its field, a rank outside the "Top N" it is said to be in."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.reader.check.base import (
    Checker,
    num,
)
from chuyendoiso.engine.reader.model import (
    PLAN_NOTE,
    RANK_BOUND_NOTE,
    CheckKind,
    ExtractedFigure,
    Kind,
)

_RANK_REACH = 6  # figures back from "Top 10" to the rank it bounds


class Ranges(Checker):
    def ranges(self) -> None:
        for figure in self.f:
            if (
                figure.kind is Kind.PERCENT
                and self.code(figure)
                and PLAN_NOTE not in figure.notes
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
                    both(
                        "Một tỷ lệ phần trăm trên tổng số không thể vượt 100%.",
                        "A percentage of a total cannot exceed 100%.",
                    ),
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
                    both(
                        "Thứ hạng nằm trong số đơn vị được xếp.",
                        "The rank is within the number of units ranked.",
                    )
                    if ok
                    else both(
                        "Thứ hạng lớn hơn số đơn vị được xếp hạng.",
                        "The rank is greater than the number of units ranked.",
                    ),
                )
            if figure.kind is Kind.RANK and RANK_BOUND_NOTE in figure.notes and not figure.target:
                self._within_bound(figure)

    def _within_bound(self, bound: ExtractedFigure) -> None:
        """ "xếp thứ 7/63, lọt Top 10": the rank stated just before is within the bound."""
        rank = next(
            (
                f
                for f in reversed(self.f[max(0, bound.id - _RANK_REACH) : bound.id])
                if f.kind is Kind.RANK
                and RANK_BOUND_NOTE not in f.notes
                and f.baseline_of is None
                and f.period.id == bound.period.id
            ),
            None,
        )
        if rank is None:
            return
        ok = rank.value <= bound.value
        relation = "≤" if ok else ">"
        self.add(
            CheckKind.RANGE,
            ok,
            (bound.id, rank.id),
            bound.text,
            None if ok else rank.value,
            f"{num(rank.value)} {relation} {num(bound.value)}",
            both(
                f"Thứ hạng {num(rank.value)} nằm trong nhóm {num(bound.value)} đơn vị đầu.",
                f"The rank {num(rank.value)} is within the first {num(bound.value)} units.",
            )
            if ok
            else both(
                f"Thứ hạng {num(rank.value)} không nằm trong nhóm {num(bound.value)} đơn vị "
                "đầu như đã nêu.",
                f"The rank {num(rank.value)} is not within the first {num(bound.value)} units "
                "as stated.",
            ),
        )
