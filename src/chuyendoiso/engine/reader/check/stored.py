"""Figures against the approved data of the unit (through a ``lookup``)."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.vnnumbers import round_half_up
from chuyendoiso.engine.reader.check.base import (
    Checker,
    Interval,
    figure_interval,
    num,
)
from chuyendoiso.engine.reader.model import (
    Bound,
    Check,
    CheckKind,
    ExtractedFigure,
    Kind,
    Verdict,
)


class Stored(Checker):
    def stored(self) -> None:
        if self.lookup is None:
            return
        for figure in self.f:
            code = self.code(figure)
            if code is None or figure.target or figure.kind is Kind.CHANGE:
                continue
            period = self.m[figure.id].period.period
            if period is None:
                continue
            if figure.kind is Kind.RATIO and figure.denominator is not None:
                match = self.m[figure.id]
                for part_code, value in (
                    (match.numerator, figure.value),
                    (match.denominator, figure.denominator),
                ):
                    if part_code:
                        self._against(figure, part_code, period, value, Interval(value, value), 0)
                continue
            self._against(
                figure, code, period, figure.value, figure_interval(figure), figure.decimals
            )

    def _against(
        self,
        figure: ExtractedFigure,
        code: str,
        period: Period,
        value: Decimal,
        interval: Interval,
        decimals: int,
    ) -> None:
        assert self.lookup is not None
        found = self.lookup(code, period)
        if found is None:
            return
        stored, stored_decimals = found
        rounded = round_half_up(stored, decimals) if figure.scale == 1 else stored
        ok = interval.meets(Interval(stored, stored)) or (
            figure.bound is Bound.EXACT and rounded == value
        )
        kept, said = num(stored, stored_decimals), num(value)
        arithmetic = f"đã lưu {kept} ({code}, {period.id}); văn bản: {said}"
        message = (
            both(
                f"Khớp với số liệu đã lưu của {code} kỳ {period.id}.",
                f"Matches the stored value of {code} for {period.id}.",
            )
            if ok
            else both(
                f"Khác số liệu đã lưu của {code} kỳ {period.id}: "
                f"đã lưu {kept}, văn bản nêu {said}.",
                f"Differs from the stored value of {code} for {period.id}: "
                f"stored {kept}, the text says {said}.",
            )
        )
        self.checks.append(
            Check(
                CheckKind.STORED,
                Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
                (figure.id,),
                figure.text,
                None if ok else stored,
                arithmetic,
                message,
                code,
                f"stored {kept} ({code}, {period.id}); the text: {said}",
            )
        )
