"""A part against its total, and listed parts against the total they add up to."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.domain.vnnumbers import round_half_up
from chuyendoiso.engine.reader.check.base import (
    Checker,
    Interval,
    divide,
    figure_interval,
    num,
)
from chuyendoiso.engine.reader.model import (
    PLAN_NOTE,
    CheckKind,
    ExtractedFigure,
    Kind,
)


class Parts(Checker):
    def parts(self) -> None:
        for figure in self.f:
            if figure.kind is Kind.RATIO and figure.denominator is not None:
                if PLAN_NOTE not in figure.notes:  # a share of a plan may pass it
                    self._part(figure, figure.value, figure.denominator, (figure.id,), figure.text)
            elif figure.whole is not None and figure.baseline_of is None:
                whole = self.f[figure.whole]
                if len(whole.parts) > 1:
                    continue  # checked with the sum of the parts
                part_i, whole_i = figure_interval(figure), figure_interval(whole)
                ok = whole_i.hi is None or part_i.lo <= whole_i.hi
                self._part(
                    figure, figure.value, whole.value, (figure.id, whole.id), figure.text, ok
                )
            if len(figure.parts) > 1 or (figure.parts and figure.parts_complete):
                self._sum(figure)

    def _part(
        self,
        figure: ExtractedFigure,
        part: Decimal,
        total: Decimal,
        ids: tuple[int, ...],
        stated: str,
        ok: bool | None = None,
    ) -> None:
        ok = part <= total if ok is None else ok
        share = divide(part * 100, total) if total else None
        arithmetic = f"{num(part)} {'≤' if ok else '>'} {num(total)}" + (
            f" ({num(round_half_up(share, 2), 2)}%)" if share is not None else ""
        )
        p, t = num(part), num(total)
        message = (
            both(f"Phần {p} không vượt tổng {t}.", f"The part {p} does not exceed the total {t}.")
            if ok
            else both(
                f"Phần {p} lớn hơn tổng {t}: phần không thể vượt tổng.",
                f"The part {p} is greater than the total {t}: a part cannot exceed its total.",
            )
        )
        self.add(
            CheckKind.PART_OF_TOTAL, ok, ids, stated, None if ok else total, arithmetic, message
        )

    def _sum(self, total: ExtractedFigure) -> None:
        parts = [self.f[i] for i in total.parts]
        given = sum((p.value for p in parts), Decimal(0))
        lo = sum((figure_interval(p).lo for p in parts), Decimal(0))
        his = [figure_interval(p).hi for p in parts]
        hi = (
            None if any(h is None for h in his) else sum((h or Decimal(0) for h in his), Decimal(0))
        )
        total_i = figure_interval(total)
        g, t = num(given), num(total.value)
        if total.parts_complete:
            ok = total_i.meets(Interval(lo, hi))
            relation = "=" if ok else "≠"
            message = (
                both(
                    f"Các phần cộng lại {g} bằng tổng {t}.",
                    f"The parts add up to {g}, equal to the total {t}.",
                )
                if ok
                else both(
                    f"Các phần cộng lại {g}, khác tổng nêu {t}.",
                    f"The parts add up to {g}, not to the total stated, {t}.",
                )
            )
        else:
            ok = total_i.hi is None or lo <= total_i.hi
            relation = "≤" if ok else ">"
            message = (
                both(
                    f"Các phần cộng lại {g} không vượt tổng {t}.",
                    f"The parts add up to {g}, not more than the total {t}.",
                )
                if ok
                else both(
                    f"Các phần cộng lại {g} lớn hơn tổng {t}.",
                    f"The parts add up to {g}, more than the total {t}.",
                )
            )
        arithmetic = (
            " + ".join(num(p.value) for p in parts)
            + f" = {num(given)} {relation} {num(total.value)}"
        )
        self.add(
            CheckKind.SUM_OF_PARTS,
            ok,
            (total.id, *total.parts),
            total.text,
            None if ok else given,
            arithmetic,
            message,
        )
