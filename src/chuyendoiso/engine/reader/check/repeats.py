"""The same quantity stated twice: both statements must allow one value.

Statements are grouped by their indicator (or, with none, their kind and unit) and
compared when their periods are the same (check/quantities.py). A conflict is declared
only when their subjects agree; two statements of one indicator whose subjects may
differ (a flow and a stock, an average, a sub-type) and whose values differ are "not
checkable", never "không khớp".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from chuyendoiso.engine.domain.errors import both
from chuyendoiso.engine.reader.check.base import Checker, Interval, divide, num
from chuyendoiso.engine.reader.check.quantities import Quantities, Statement
from chuyendoiso.engine.reader.lexicon import default_lexicon
from chuyendoiso.engine.reader.model import Check, CheckKind, ExtractedFigure, Kind, Verdict

_MAX_GROUP = 60  # statements of one key compared at most (a long text stays linear)


class Repeats(Checker):
    def repeats(self) -> None:
        quantities = Quantities(self.lexicon or default_lexicon())
        groups: dict[tuple[str, ...], list[Statement]] = {}
        for figure in self.f:
            for statement in self._statements(figure, quantities):
                group = groups.setdefault(statement.key, [])
                if len(group) < _MAX_GROUP:
                    group.append(statement)
        for statements in groups.values():
            self._compare(statements)

    def _stated_once(self, figure: ExtractedFigure) -> bool:
        """Figures that are no second statement of anything."""
        if figure.target or figure.baseline_of is not None or figure.kind is Kind.CHANGE:
            return True
        if figure.kind in (Kind.RANK, Kind.SCORE):
            return True  # checked as ranks
        # a share stated with its fraction or parts: one claim, checked as a ratio
        return figure.kind is Kind.PERCENT and figure.percent_of is not None

    def _statements(self, figure: ExtractedFigure, quantities: Quantities) -> list[Statement]:
        if self._stated_once(figure):
            return []
        match = self.m.get(figure.id)
        if match is None:
            return []
        code = self.code(figure)
        part = figure.whole is not None
        if figure.kind is Kind.RATIO and figure.denominator:
            return self._ratio_statements(figure, quantities, code, part)
        indicator = self.indicators.get(code or "")
        label = indicator.unit_label_vi if indicator else ""
        found = quantities.statement(figure, match, code, part, label)
        return [found] if found is not None else []

    def _ratio_statements(
        self, figure: ExtractedFigure, quantities: Quantities, code: str | None, part: bool
    ) -> list[Statement]:
        """A fraction states its share, and with a ratio indicator its two parts."""
        match = self.m[figure.id]
        base = quantities.statement(figure, match, code, part, figure.unit)
        if base is None or code is None or figure.denominator is None:
            return []
        share = divide(figure.value * 100, figure.denominator) or Decimal(0)
        found = [_replace(base, Interval(share, share), f"{figure.text} ({num(share)}%)")]
        for part_code, value in ((match.numerator, figure.value), (match.denominator, None)):
            if part_code:
                value = figure.denominator if value is None else value
                found.append(_replace(base, Interval(value, value), num(value), key=(part_code,)))
        return found

    def _compare(self, statements: list[Statement]) -> None:
        done: set[int] = set()
        for i, first in enumerate(statements):
            if first.figure.id in done:
                continue
            same = [
                s
                for s in statements[i + 1 :]
                if s.figure.id != first.figure.id and first.same_period(s)
            ]
            agreeing = [s for s in same if first.same_subject(s)]
            unsure = [
                s
                for s in same
                if s not in agreeing
                and first.maybe_same(s)
                and not first.interval.meets(s.interval)
            ]
            # a difference worded otherwise ("tiếp nhận" / "thu nhận") is no sure conflict
            unsure += [
                s
                for s in agreeing
                if not first.interval.meets(s.interval) and not first.says_alike(s)
            ]
            agreeing = [s for s in agreeing if s not in unsure]
            if agreeing:
                done.update(s.figure.id for s in agreeing)
                self._verdict([first, *agreeing])
            for other in unsure:
                self._unsure(first, other)

    def _verdict(self, statements: list[Statement]) -> None:
        first = statements[0]
        conflicts = [s for s in statements[1:] if not s.interval.meets(first.interval)]
        code = first.key[0] if first.key[0] != "~" else None
        what = code or first.figure.unit or first.figure.subject
        said = code or f"«{what}»"  # the words of the text, quoted in the English
        ids = tuple(dict.fromkeys(s.figure.id for s in statements))
        if conflicts:
            shown, other = first.shown, conflicts[0].shown
            message = both(
                f"Cùng một số liệu ({what}) được nêu khác nhau: {shown} và {other}.",
                f"The same figure ({said}) is stated differently: {shown} and {other}.",
            )
        else:
            message = both(
                f"Số liệu {what} được nêu {len(statements)} lần, khớp nhau.",
                f"The figure {said} is stated {len(statements)} times, alike.",
            )
        self.checks.append(
            Check(
                CheckKind.REPEATED,
                Verdict.INCONSISTENT if conflicts else Verdict.CONSISTENT,
                ids,
                "; ".join(s.shown for s in statements),
                first.figure.value if conflicts else None,
                " / ".join(s.shown for s in statements),
                message,
                code,
            )
        )

    def _unsure(self, first: Statement, other: Statement) -> None:
        if first.key[0] == "~":
            return  # with no indicator, no sure subject: nothing to say
        self.checks.append(
            Check(
                CheckKind.REPEATED,
                Verdict.NOT_CHECKABLE,
                (first.figure.id, other.figure.id),
                f"{first.shown}; {other.shown}",
                None,
                f"{first.shown} / {other.shown}",
                both(
                    f"{first.shown} và {other.shown} cùng chỉ tiêu {first.key[0]} nhưng có thể "
                    "là hai số liệu khác nhau (mới tăng thêm, bình quân, nơi khác, một phần, "
                    "loại khác): không kết luận.",
                    f"{first.shown} and {other.shown} are of the same indicator {first.key[0]} "
                    "but may be two different figures (an addition, an average, another place, "
                    "a part, another type): no conclusion.",
                ),
                first.key[0],
            )
        )


def _replace(
    base: Statement, interval: Interval, shown: str, key: tuple[str, ...] | None = None
) -> Statement:
    return replace(base, interval=interval, shown=shown, key=key or base.key)
