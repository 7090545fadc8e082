"""The same quantity stated twice: both statements must allow one value."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.reader.check.base import (
    Checker,
    Interval,
    divide,
    figure_interval,
    num,
)
from chuyendoiso.engine.reader.model import (
    Check,
    CheckKind,
    ExtractedFigure,
    Kind,
    Verdict,
)


class Repeats(Checker):
    def repeats(self) -> None:
        groups: dict[tuple[str, str | None], list[tuple[ExtractedFigure, Interval, str]]] = {}
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
    ) -> list[tuple[tuple[str, str | None], Interval, str]]:
        match = self.m[figure.id]
        if figure.kind is Kind.RATIO and figure.denominator:
            exact = divide(figure.value * 100, figure.denominator) or Decimal(0)
            found = [((code, period), Interval(exact, exact), f"{figure.text} ({num(exact)}%)")]
            if match.numerator:
                found.append(
                    (
                        (match.numerator, period),
                        Interval(figure.value, figure.value),
                        num(figure.value),
                    )
                )
            if match.denominator:
                d = figure.denominator
                found.append(((match.denominator, period), Interval(d, d), num(d)))
            return found
        return [((code, period), figure_interval(figure), figure.text)]
