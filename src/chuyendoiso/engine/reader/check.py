"""Recompute every claim of a text that can be recomputed, and show the arithmetic.

Kinds of check (docs/reader.md): a percentage against the two figures it was computed
from, with the rounding the text used (786.370/822.099 = 95,65% stated as 96% is right at
0 decimals); a part against its total; listed parts against their total; a stated change
against both values (from the text, or from stored data); the same quantity stated twice;
a share above 100% or a rank beyond its field; and figures against stored data through a
``lookup(indicator_code, period) -> (value, decimals) | None`` callable.

A figure stated exactly is exact (counts) or exact to its last written digit (89,44 means
[89,435; 89,445)); "khoảng" widens it by 5%, "gần" means at most it and not 10% below,
"hơn"/"trên" means at least it. When every figure of a claim is exact, the claim holds
if the arithmetic rounded half up as the text rounds gives the stated value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.vnnumbers import format_number, round_half_up
from chuyendoiso.engine.reader.model import (
    Bound,
    ChangeKind,
    Check,
    CheckKind,
    ExtractedFigure,
    Kind,
    Match,
    Trend,
    Verdict,
)

Lookup = Callable[[str, Period], "tuple[Decimal, int] | None"]
MIN_CONFIDENCE = 0.5  # matches below this are not used to relate figures
_SHOWN_DECIMALS = 4


@dataclass(frozen=True)
class _Interval:
    lo: Decimal
    hi: Decimal | None  # None: no upper bound ("hơn 100")

    def meets(self, other: _Interval) -> bool:
        if self.hi is not None and other.lo > self.hi:
            return False
        return not (other.hi is not None and self.lo > other.hi)

    @property
    def exact(self) -> bool:
        return self.hi == self.lo


def _interval(
    value: Decimal, decimals: int, scale: int, bound: Bound, qualifier: Qualifier, *, whole: bool
) -> _Interval:
    """What a stated figure allows, from its last written digit and its qualifier."""
    half = (
        Decimal(0)
        if whole and decimals == 0 and scale == 1
        else Decimal("0.5").scaleb(-decimals) * scale
    )
    lo, hi = value - half, value + half
    if bound is Bound.APPROX:
        lo, hi = min(lo, value * Decimal("0.95")), max(hi, value * Decimal("1.05"))
    elif bound is Bound.AT_MOST:
        lo = value * Decimal("0.9") if qualifier is Qualifier.GAN else Decimal(0)
    elif bound is Bound.AT_LEAST:
        return _Interval(lo, None)
    return _Interval(lo, hi)


def figure_interval(figure: ExtractedFigure) -> _Interval:
    whole = figure.kind in (Kind.COUNT, Kind.RATIO, Kind.AMOUNT, Kind.RANK)
    return _interval(
        figure.value, figure.decimals, figure.scale, figure.bound, figure.qualifier, whole=whole
    )


def _n(value: Decimal, decimals: int | None = None) -> str:
    """A number in Vietnamese notation: 1.567.705; 89,44; up to 4 decimals when not given."""
    if decimals is None:
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        decimals = min(places, _SHOWN_DECIMALS)
        text = format_number(value, decimals)
        return text + ("…" if places > _SHOWN_DECIMALS else "")
    return format_number(value, decimals)


def _divide(a: Decimal, b: Decimal) -> Decimal | None:
    with localcontext() as ctx:
        ctx.prec = 40
        try:
            return a / b
        except (DivisionByZero, InvalidOperation):
            return None


def _is_exact(*figures: ExtractedFigure) -> bool:
    return all(f.bound is Bound.EXACT for f in figures)


class _Checker:
    def __init__(
        self,
        figures: Sequence[ExtractedFigure],
        matches: Sequence[Match] | None,
        lookup: Lookup | None,
    ) -> None:
        self.f = figures
        self.m = {m.figure: m for m in matches or ()}
        self.lookup = lookup
        self.checks: list[Check] = []
        self._by_statement: dict[tuple[str, str | None, Kind], ExtractedFigure] | None = None

    def code(self, figure: ExtractedFigure) -> str | None:
        match = self.m.get(figure.id)
        if match is None or match.indicator is None or match.confidence < MIN_CONFIDENCE:
            return None
        return match.indicator

    def add(
        self,
        kind: CheckKind,
        ok: bool | None,
        figures: Sequence[int],
        stated: str,
        expected: Decimal | None,
        arithmetic: str,
        message: str,
    ) -> None:
        status = (
            Verdict.NOT_CHECKABLE
            if ok is None
            else Verdict.CONSISTENT
            if ok
            else Verdict.INCONSISTENT
        )
        self.checks.append(
            Check(
                kind,
                status,
                tuple(figures),
                stated,
                expected,
                arithmetic,
                message,
                next((c for i in figures if (c := self.code(self.f[i])) is not None), None),
            )
        )

    # --- a percentage against its parts ---------------------------------------------------

    def shares(self) -> None:
        for share in self.f:
            if share.kind is not Kind.PERCENT or share.percent_of is None:
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
                    f"Không kiểm tra được tỷ lệ {_n(share.value)}%: văn bản nêu "
                    f"{_n(base.value)} {base.unit} nhưng không nêu tổng số để tính.",
                )

    def _ratio(
        self,
        share: ExtractedFigure,
        part: ExtractedFigure,
        numerator: Decimal,
        denominator: Decimal,
        ids: tuple[int, ...],
        whole: ExtractedFigure | None = None,
    ) -> None:
        quotient = _divide(numerator * 100, denominator)
        if quotient is None:
            self.add(CheckKind.RATIO, None, ids, share.text, None, "", "Mẫu số bằng 0.")
            return
        expected = round_half_up(quotient, share.decimals)
        arithmetic = (
            f"{_n(numerator)} / {_n(denominator)} × 100 = {_n(quotient)}% "
            f"→ {_n(expected, share.decimals)}% ({share.decimals} chữ số thập phân)"
        )
        figures = (share, part) + ((whole,) if whole else ())
        if _is_exact(*figures):
            ok = expected == share.value
        else:
            parts = figure_interval(part)
            total = figure_interval(whole) if whole else _Interval(denominator, denominator)
            lo = _divide(parts.lo * 100, total.hi) if total.hi else Decimal(0)
            hi = _divide(parts.hi * 100, total.lo) if parts.hi is not None and total.lo else None
            ok = figure_interval(share).meets(_Interval(lo or Decimal(0), hi))
        message = (
            f"Tỷ lệ {_n(share.value, share.decimals)}% khớp với {_n(numerator)}/{_n(denominator)}."
            if ok
            else f"Tỷ lệ nêu {_n(share.value, share.decimals)}% không khớp: "
            f"{_n(numerator)}/{_n(denominator)} = {_n(expected, share.decimals)}%."
        )
        self.add(CheckKind.RATIO, ok, ids, share.text, expected, arithmetic, message)

    # --- parts and totals -------------------------------------------------------------------

    def parts(self) -> None:
        for figure in self.f:
            if figure.kind is Kind.RATIO and figure.denominator is not None:
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
        share = _divide(part * 100, total) if total else None
        arithmetic = f"{_n(part)} {'≤' if ok else '>'} {_n(total)}" + (
            f" ({_n(round_half_up(share, 2), 2)}%)" if share is not None else ""
        )
        message = (
            f"Phần {_n(part)} không vượt tổng {_n(total)}."
            if ok
            else f"Phần {_n(part)} lớn hơn tổng {_n(total)}: phần không thể vượt tổng."
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
        if total.parts_complete:
            ok = total_i.meets(_Interval(lo, hi))
            relation = "=" if ok else "≠"
            message = (
                f"Các phần cộng lại {_n(given)} bằng tổng {_n(total.value)}."
                if ok
                else f"Các phần cộng lại {_n(given)}, khác tổng nêu {_n(total.value)}."
            )
        else:
            ok = total_i.hi is None or lo <= total_i.hi
            relation = "≤" if ok else ">"
            message = (
                f"Các phần cộng lại {_n(given)} không vượt tổng {_n(total.value)}."
                if ok
                else f"Các phần cộng lại {_n(given)} lớn hơn tổng {_n(total.value)}."
            )
        arithmetic = (
            " + ".join(_n(p.value) for p in parts) + f" = {_n(given)} {relation} {_n(total.value)}"
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

    # --- comparisons --------------------------------------------------------------------------

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
                what = comparison.baseline_text or "kỳ so sánh"
                if self.lookup is None or not self._stored_change(figure):
                    self.add(
                        CheckKind.CHANGE,
                        None,
                        (*ids, figure.id),
                        stated,
                        None,
                        "",
                        f"Không kiểm tra được '{stated}': văn bản không nêu giá trị {what}.",
                    )
                continue
            self._change(
                figure,
                baseline.value,
                figure_interval(baseline),
                (*ids, figure.id, baseline.id),
                stated,
                _is_exact(figure, baseline),
                "",
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
        previous_i: _Interval,
        ids: tuple[int, ...],
        stated: str,
        exact: bool,
        source: str,
    ) -> None:
        comparison = figure.comparison
        assert comparison is not None
        current = figure.value
        measure, d = comparison.measure, comparison.decimals
        value = comparison.signed_value
        sign = {Trend.UP: 1, Trend.DOWN: -1, Trend.SAME: 0}[comparison.direction]
        if measure is ChangeKind.DIRECTION or value is None:
            actual = current - previous
            ok = (actual > 0) if sign > 0 else (actual < 0) if sign < 0 else actual == 0
            arithmetic = f"{_n(current)} − {_n(previous)} = {_n(actual)}"
            word = {1: "tăng", -1: "giảm", 0: "không đổi"}[sign]
            message = f"Số liệu {word} như đã nêu." if ok else f"Nêu là {word}, nhưng {arithmetic}."
            self.add(CheckKind.CHANGE, ok, ids, stated, None, arithmetic, message + source)
            return
        if measure in (ChangeKind.PERCENT, ChangeKind.LEVEL, ChangeKind.TIMES) and previous == 0:
            self.add(CheckKind.CHANGE, None, ids, stated, None, "", "Giá trị kỳ so sánh bằng 0.")
            return
        with localcontext() as ctx:
            ctx.prec = 40
            if measure is ChangeKind.PERCENT:
                computed = (current - previous) * 100 / previous
                formula = f"({_n(current)} − {_n(previous)}) / {_n(previous)} × 100"
                unit = "%"
            elif measure is ChangeKind.LEVEL:
                computed = current * 100 / previous
                formula = f"{_n(current)} / {_n(previous)} × 100"
                unit = "%"
            elif measure is ChangeKind.TIMES:
                computed = current / previous
                formula = f"{_n(current)} / {_n(previous)}"
                unit = " lần"
            elif measure is ChangeKind.RANK:
                computed = previous - current
                formula = f"{_n(previous)} − {_n(current)}"
                unit = " bậc"
            else:  # ABSOLUTE, POINTS
                computed = current - previous
                formula = f"{_n(current)} − {_n(previous)}"
                unit = " điểm phần trăm" if measure is ChangeKind.POINTS else ""
        expected = round_half_up(computed, d)
        if exact:
            ok = expected == value
        else:
            span = self._change_span(figure, previous_i, measure)
            stated_i = _Interval(
                value - Decimal("0.5").scaleb(-d), value + Decimal("0.5").scaleb(-d)
            )
            ok = span is None or stated_i.meets(span)
        arithmetic = f"{formula} = {_n(computed)}{unit} → {_n(expected, d)}{unit}"
        shown = f"{_n(value, d)}{unit}"
        message = (
            f"Mức so sánh {shown} khớp với hai giá trị."
            if ok
            else f"Nêu {shown}, nhưng tính từ hai giá trị được {_n(expected, d)}{unit}."
        )
        self.add(CheckKind.CHANGE, ok, ids, stated, expected, arithmetic, message + source)

    def _change_span(
        self, figure: ExtractedFigure, previous: _Interval, measure: ChangeKind
    ) -> _Interval | None:
        current = figure_interval(figure)
        if current.hi is None or previous.hi is None or previous.lo <= 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 40
            if measure is ChangeKind.PERCENT:
                return _Interval(
                    (current.lo / previous.hi - 1) * 100, (current.hi / previous.lo - 1) * 100
                )
            if measure is ChangeKind.LEVEL:
                return _Interval(current.lo * 100 / previous.hi, current.hi * 100 / previous.lo)
            if measure is ChangeKind.TIMES:
                return _Interval(current.lo / previous.hi, current.hi / previous.lo)
            low, high = current.lo - previous.hi, current.hi - previous.lo
            if measure is ChangeKind.RANK:
                low, high = -high, -low
            return _Interval(low, high)

    # --- the same quantity twice ------------------------------------------------------------------

    def repeats(self) -> None:
        groups: dict[tuple[str, str | None], list[tuple[ExtractedFigure, _Interval, str]]] = {}
        for figure in self.f:
            code = self.code(figure)
            if code is None or figure.target or figure.baseline_of is not None:
                continue
            if figure.kind is Kind.CHANGE:
                continue
            if figure.whole is not None and self.code(self.f[figure.whole]) == code:
                continue  # a part of a total of the same indicator is not a second statement
            period = self.m[figure.id].period.id
            if figure.kind is Kind.PERCENT and figure.percent_of is not None:
                base = self.f[figure.percent_of]
                if base.kind is Kind.RATIO and self.code(base) == code:
                    continue  # one claim with its fraction, checked as a ratio
            for key, interval, shown in self._statements(figure, code, period):
                groups.setdefault(key, []).append((figure, interval, shown))
        for (code, _period), statements in groups.items():
            if len(statements) < 2:
                continue
            first_figure, first_interval, first_shown = statements[0]
            conflicts = [s for s in statements[1:] if not s[1].meets(first_interval)]
            ids = tuple(dict.fromkeys(s[0].id for s in statements))
            shown = "; ".join(s[2] for s in statements)
            if conflicts:
                other = conflicts[0]
                message = (
                    f"Cùng một số liệu ({code}) được nêu khác nhau: {first_shown} và {other[2]}."
                )
                expected = first_figure.value
            else:
                message = f"Số liệu {code} được nêu {len(statements)} lần, khớp nhau."
                expected = None
            self.checks.append(
                Check(
                    CheckKind.REPEATED,
                    Verdict.INCONSISTENT if conflicts else Verdict.CONSISTENT,
                    ids,
                    shown,
                    expected,
                    " / ".join(s[2] for s in statements),
                    message,
                    code,
                )
            )

    def _statements(
        self, figure: ExtractedFigure, code: str, period: str | None
    ) -> list[tuple[tuple[str, str | None], _Interval, str]]:
        match = self.m[figure.id]
        if figure.kind is Kind.RATIO and figure.denominator:
            exact = _divide(figure.value * 100, figure.denominator) or Decimal(0)
            found = [((code, period), _Interval(exact, exact), f"{figure.text} ({_n(exact)}%)")]
            if match.numerator:
                found.append(
                    (
                        (match.numerator, period),
                        _Interval(figure.value, figure.value),
                        _n(figure.value),
                    )
                )
            if match.denominator:
                d = figure.denominator
                found.append(((match.denominator, period), _Interval(d, d), _n(d)))
            return found
        return [((code, period), figure_interval(figure), figure.text)]

    # --- ranges ---------------------------------------------------------------------------------

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
                    f"{_n(figure.value)}% > 100%",
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
                    f"1 ≤ {_n(figure.value)} ≤ {_n(figure.denominator)}"
                    if ok
                    else f"{_n(figure.value)} > {_n(figure.denominator)}",
                    "Thứ hạng nằm trong số đơn vị được xếp."
                    if ok
                    else "Thứ hạng lớn hơn số đơn vị được xếp hạng.",
                )

    # --- stored data ------------------------------------------------------------------------------

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
                        self._against(figure, part_code, period, value, _Interval(value, value), 0)
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
        interval: _Interval,
        decimals: int,
    ) -> None:
        assert self.lookup is not None
        found = self.lookup(code, period)
        if found is None:
            return
        stored, stored_decimals = found
        rounded = round_half_up(stored, decimals) if figure.scale == 1 else stored
        ok = interval.meets(_Interval(stored, stored)) or (
            figure.bound is Bound.EXACT and rounded == value
        )
        arithmetic = (
            f"đã lưu {_n(stored, stored_decimals)} ({code}, {period.id}); văn bản: {_n(value)}"
        )
        message = (
            f"Khớp với số liệu đã lưu của {code} kỳ {period.id}."
            if ok
            else f"Khác số liệu đã lưu của {code} kỳ {period.id}: "
            f"đã lưu {_n(stored, stored_decimals)}, văn bản nêu {_n(value)}."
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
            )
        )

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
            _Interval(previous, previous),
            ids,
            stated,
            figure.bound is Bound.EXACT,
            f" (giá trị {baseline_period.id} lấy từ số liệu đã lưu)",
        )
        return True


def check(
    figures: Sequence[ExtractedFigure],
    matches: Sequence[Match] | None = None,
    *,
    lookup: Lookup | None = None,
) -> list[Check]:
    """Every claim of the text recomputed; with ``lookup``, figures against stored data."""
    checker = _Checker(figures, matches, lookup)
    checker.shares()
    checker.parts()
    checker.changes()
    checker.repeats()
    checker.ranges()
    checker.stored()
    return sorted(checker.checks, key=lambda c: (min(c.figures) if c.figures else -1, c.kind.value))


def check_against(
    figures: Sequence[ExtractedFigure], matches: Sequence[Match], lookup: Lookup
) -> list[Check]:
    """Only the checks against stored data: figures that conflict with approved values."""
    checker = _Checker(figures, matches, lookup)
    checker.stored()
    for figure in figures:
        if figure.comparison is not None and checker._baseline(figure) is None:
            checker._stored_change(figure)
    return checker.checks
