"""A stated change against both values: from the text, or the earlier one from stored data."""

from __future__ import annotations

from decimal import Decimal, localcontext

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.vnnumbers import round_half_up
from chuyendoiso.engine.reader.check.base import (
    Checker,
    Interval,
    figure_interval,
    is_exact,
    num,
)
from chuyendoiso.engine.reader.model import (
    Bound,
    ChangeKind,
    CheckKind,
    ExtractedFigure,
    Trend,
)

# how the English says a direction: the figure went so, it was stated as so
_DIRECTIONS = {1: ("rose", "a rise"), -1: ("fell", "a fall"), 0: ("did not change", "unchanged")}
_UNITS_EN = {" lần": " times", " bậc": " places", " điểm phần trăm": " percentage points"}


class Changes(Checker):
    def changes(self) -> None:
        for figure in self.f:
            comparison = figure.comparison
            if comparison is None or comparison.against_plan:
                continue
            ids = (comparison.figure,) if comparison.figure is not None else ()
            stated = (
                self.f[comparison.figure].text if comparison.figure is not None else figure.text
            )
            baseline = self._baseline(figure)
            if baseline is None:
                if self.lookup is None or not self._stored_change(figure):
                    what = comparison.baseline_text
                    message = both(
                        f"Không kiểm tra được '{stated}': văn bản không nêu giá trị "
                        f"{what or 'kỳ so sánh'}.",
                        f"Cannot check '{stated}': the text does not give the value it is "
                        f"compared with{f' («{what}»)' if what else ''}.",
                    )
                    self.add(CheckKind.CHANGE, None, (*ids, figure.id), stated, None, "", message)
                continue
            self._change(
                figure,
                baseline.value,
                figure_interval(baseline),
                (*ids, figure.id, baseline.id),
                stated,
                is_exact(figure, baseline),
            )

    def _baseline(self, figure: ExtractedFigure) -> ExtractedFigure | None:
        comparison = figure.comparison
        if comparison is None:
            return None
        if comparison.baseline_figure is not None:
            return self.f[comparison.baseline_figure]
        code, period = self.code(figure), self._baseline_period(figure)
        if code is None or period is None:
            return None
        if self._by_statement is None:
            self._by_statement = {}
            for other in self.f:
                other_code = self.code(other)
                if other_code is not None and not other.target:
                    key = (other_code, self.m[other.id].period.id, other.kind)
                    self._by_statement.setdefault(key, other)
        found = self._by_statement.get((code, period.id, figure.kind))
        return found if found is not None and found.id != figure.id else None

    def _baseline_period(self, figure: ExtractedFigure) -> Period | None:
        match = self.m.get(figure.id)
        if match is not None and match.baseline_period is not None:
            return match.baseline_period
        return figure.comparison.baseline_period if figure.comparison else None

    def _change(
        self,
        figure: ExtractedFigure,
        previous: Decimal,
        previous_i: Interval,
        ids: tuple[int, ...],
        stated: str,
        exact: bool,
        source: tuple[str, str] = ("", ""),
    ) -> None:
        """``source``: what the message adds of where the earlier value comes from, in
        Vietnamese and in English."""
        comparison = figure.comparison
        assert comparison is not None
        current = figure.value
        measure, d = comparison.measure, comparison.decimals
        value = comparison.signed_value
        sign = {Trend.UP: 1, Trend.DOWN: -1, Trend.SAME: 0}[comparison.direction]
        if measure is ChangeKind.DIRECTION or value is None:
            actual = current - previous
            ok = (actual > 0) if sign > 0 else (actual < 0) if sign < 0 else actual == 0
            arithmetic = f"{num(current)} − {num(previous)} = {num(actual)}"
            word = {1: "tăng", -1: "giảm", 0: "không đổi"}[sign]
            went, said = _DIRECTIONS[sign]
            message = both(
                (f"Số liệu {word} như đã nêu." if ok else f"Nêu là {word}, nhưng {arithmetic}.")
                + source[0],
                (f"The figure {went} as stated." if ok else f"Stated as {said}, but {arithmetic}.")
                + source[1],
            )
            self.add(CheckKind.CHANGE, ok, ids, stated, None, arithmetic, message)
            return
        if measure in (ChangeKind.PERCENT, ChangeKind.LEVEL, ChangeKind.TIMES) and previous == 0:
            message = both("Giá trị kỳ so sánh bằng 0.", "The value compared with is 0.")
            self.add(CheckKind.CHANGE, None, ids, stated, None, "", message)
            return
        with localcontext() as ctx:
            ctx.prec = 40
            if measure is ChangeKind.PERCENT:
                computed = (current - previous) * 100 / previous
                formula = f"({num(current)} − {num(previous)}) / {num(previous)} × 100"
                unit = "%"
            elif measure is ChangeKind.LEVEL:
                computed = current * 100 / previous
                formula = f"{num(current)} / {num(previous)} × 100"
                unit = "%"
            elif measure is ChangeKind.TIMES:
                computed = current / previous
                formula = f"{num(current)} / {num(previous)}"
                unit = " lần"
            elif measure is ChangeKind.RANK:
                computed = previous - current
                formula = f"{num(previous)} − {num(current)}"
                unit = " bậc"
            else:  # ABSOLUTE, POINTS
                computed = current - previous
                formula = f"{num(current)} − {num(previous)}"
                unit = " điểm phần trăm" if measure is ChangeKind.POINTS else ""
        expected = round_half_up(computed, d)
        if exact:
            ok = expected == value
        else:
            span = self._change_span(figure, previous_i, measure)
            stated_i = Interval(
                value - Decimal("0.5").scaleb(-d), value + Decimal("0.5").scaleb(-d)
            )
            ok = span is None or stated_i.meets(span)
        arithmetic = f"{formula} = {num(computed)}{unit} → {num(expected, d)}{unit}"
        unit_en = _UNITS_EN.get(unit, unit)
        english = f"{formula} = {num(computed)}{unit_en} → {num(expected, d)}{unit_en}"
        shown, shown_en = f"{num(value, d)}{unit}", f"{num(value, d)}{unit_en}"
        message = (
            both(
                f"Mức so sánh {shown} khớp với hai giá trị." + source[0],
                f"The change stated, {shown_en}, matches the two values." + source[1],
            )
            if ok
            else both(
                f"Nêu {shown}, nhưng tính từ hai giá trị được {num(expected, d)}{unit}."
                + source[0],
                f"The change stated, {shown_en}, does not match: the two values give "
                f"{num(expected, d)}{unit_en}." + source[1],
            )
        )
        english = english if unit != unit_en else ""
        self.add(CheckKind.CHANGE, ok, ids, stated, expected, arithmetic, message, english)

    def _change_span(
        self, figure: ExtractedFigure, previous: Interval, measure: ChangeKind
    ) -> Interval | None:
        current = figure_interval(figure)
        if current.hi is None or previous.hi is None or previous.lo <= 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 40
            if measure is ChangeKind.PERCENT:
                return Interval(
                    (current.lo / previous.hi - 1) * 100, (current.hi / previous.lo - 1) * 100
                )
            if measure is ChangeKind.LEVEL:
                return Interval(current.lo * 100 / previous.hi, current.hi * 100 / previous.lo)
            if measure is ChangeKind.TIMES:
                return Interval(current.lo / previous.hi, current.hi / previous.lo)
            low, high = current.lo - previous.hi, current.hi - previous.lo
            if measure is ChangeKind.RANK:
                low, high = -high, -low
            return Interval(low, high)

    def _stored_change(self, figure: ExtractedFigure) -> bool:
        """A stated change against the stored value of the period compared with."""
        assert self.lookup is not None
        code, comparison = self.code(figure), figure.comparison
        baseline_period = self._baseline_period(figure)
        if code is None or comparison is None or baseline_period is None:
            return False
        found = self.lookup(code, baseline_period)
        if found is None:
            return False
        previous, _ = found
        ids = (*((comparison.figure,) if comparison.figure is not None else ()), figure.id)
        stated = self.f[comparison.figure].text if comparison.figure is not None else figure.text
        self._change(
            figure,
            previous,
            Interval(previous, previous),
            ids,
            stated,
            figure.bound is Bound.EXACT,
            (
                f" (giá trị {baseline_period.id} lấy từ số liệu đã lưu)",
                f" (the value of {baseline_period.id} from stored data)",
            ),
        )
        return True
