"""A stated percentage against the two figures it was computed from, with the rounding
the text used (786.370/822.099 = 95,65% stated as 96% is right at 0 decimals).
"""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.domain.vnnumbers import round_half_up
from chuyendoiso.engine.reader.check.base import (
    Checker,
    Interval,
    divide,
    figure_interval,
    is_exact,
    num,
)
from chuyendoiso.engine.reader.model import (
    CheckKind,
    ExtractedFigure,
    Kind,
)


class Shares(Checker):
    def shares(self) -> None:
        for share in self.f:
            if share.kind is not Kind.PERCENT:
                continue
            if share.percent_of is None:
                self._by_definition(share)
                continue
            base = self.f[share.percent_of]
            if base.kind is Kind.RATIO and base.denominator is not None:
                self._ratio(share, base, base.value, base.denominator, (share.id, base.id))
            elif base.whole is not None:
                whole = self.f[base.whole]
                self._ratio(
                    share, base, base.value, whole.value, (share.id, base.id, whole.id), whole
                )
            else:
                self.add(
                    CheckKind.RATIO,
                    None,
                    (share.id, base.id),
                    share.text,
                    None,
                    "",
                    both(
                        f"Không kiểm tra được tỷ lệ {num(share.value)}%: văn bản nêu "
                        f"{num(base.value)} {base.unit} nhưng không nêu tổng số để tính.",
                        f"Cannot check the share {num(share.value)}%: the text gives "
                        f"{num(base.value)} but not the total to compute it from.",
                    ),
                )

    def _by_definition(self, share: ExtractedFigure) -> None:
        """ "thu nhận 186.420 hồ sơ …, kích hoạt 142.905 tài khoản, đạt tỷ lệ 78,2%": a share
        of a ratio indicator whose two parts the same sentence states for its period."""
        code = self.code(share)
        indicator = self.indicators.get(code or "")
        if indicator is None or not indicator.numerator or not indicator.denominator:
            return
        period = self.m[share.id].period.id
        found = {}
        for part_code in (indicator.numerator, indicator.denominator):
            stated = [
                f
                for f in self.f
                if f.sentence == share.sentence
                and f.id != share.id
                and not f.target
                and f.kind in (Kind.COUNT, Kind.AMOUNT)
                and self.code(f) == part_code
                and self.m[f.id].period.id == period
            ]
            if len(stated) != 1:
                return
            found[part_code] = stated[0]
        part, whole = found[indicator.numerator], found[indicator.denominator]
        ids = (share.id, part.id, whole.id)
        self._ratio(share, part, part.value, whole.value, ids, whole)

    def _ratio(
        self,
        share: ExtractedFigure,
        part: ExtractedFigure,
        numerator: Decimal,
        denominator: Decimal,
        ids: tuple[int, ...],
        whole: ExtractedFigure | None = None,
    ) -> None:
        quotient = divide(numerator * 100, denominator)
        if quotient is None:
            message = both("Mẫu số bằng 0.", "The denominator is 0.")
            self.add(CheckKind.RATIO, None, ids, share.text, None, "", message)
            return
        expected = round_half_up(quotient, share.decimals)
        formula = (
            f"{num(numerator)} / {num(denominator)} × 100 = {num(quotient)}% "
            f"→ {num(expected, share.decimals)}%"
        )
        arithmetic = f"{formula} ({share.decimals} chữ số thập phân)"
        english = f"{formula} ({share.decimals} decimal{'' if share.decimals == 1 else 's'})"
        figures = (share, part) + ((whole,) if whole else ())
        if is_exact(*figures):
            ok = expected == share.value
        else:
            parts = figure_interval(part)
            total = figure_interval(whole) if whole else Interval(denominator, denominator)
            lo = divide(parts.lo * 100, total.hi) if total.hi else Decimal(0)
            hi = divide(parts.hi * 100, total.lo) if parts.hi is not None and total.lo else None
            ok = figure_interval(share).meets(Interval(lo or Decimal(0), hi))
        stated, fraction = (
            f"{num(share.value, share.decimals)}%",
            f"{num(numerator)}/{num(denominator)}",
        )
        message = (
            both(
                f"Tỷ lệ {stated} khớp với {fraction}.",
                f"The share {stated} matches {fraction}.",
            )
            if ok
            else both(
                f"Tỷ lệ nêu {stated} không khớp: {fraction} = {num(expected, share.decimals)}%.",
                f"The share stated, {stated}, does not match: "
                f"{fraction} = {num(expected, share.decimals)}%.",
            )
        )
        self.add(CheckKind.RATIO, ok, ids, share.text, expected, arithmetic, message, english)
