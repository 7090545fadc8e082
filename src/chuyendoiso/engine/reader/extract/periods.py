"""The period of each figure, and the report's own period.

The report's period is the one its title lines and sentence-opening expressions name most
("Báo cáo ... 6 tháng đầu năm 2024"). A figure takes the period stated in its own clause,
else the one carried from an earlier clause of its sentence, else the report's; an
earlier value takes the period it is compared with ("cùng kỳ năm 2023" of a half-year).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import (
    Period,
    PeriodType,
    parse_period,
    previous_period,
    same_period_last_year,
)
from chuyendoiso.engine.reader.extract.page import Draft, Phase
from chuyendoiso.engine.reader.model import FigurePeriod, PeriodSource
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.timeexpr import TimeExpr


class Periods(Phase):
    """Gives each draft of a page its period."""

    def infer_document_period(self) -> Period | None:
        weights: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        periods: dict[str, Period] = {}
        for expr in self.times:
            if expr.baseline or expr.kind not in ("months", "short", "quarter", "month", "year"):
                continue
            period = expr.period()
            if period is None:
                continue
            paragraph = self.seg.paragraph(expr.start)
            if paragraph[0] < 1500 and paragraph[1] - paragraph[0] < 200:
                weight = 3.0  # a title line near the top
            elif self._starts_clause(expr, sentence=True):
                weight = 1.0
            else:
                continue
            weights[period.id] = weights.get(period.id, 0) + weight
            first_seen.setdefault(period.id, expr.start)
            periods[period.id] = period
        if not weights:
            return None
        best = max(weights, key=lambda pid: (weights[pid], -periods[pid].days, -first_seen[pid]))
        return periods[best]

    def _starts_clause(self, expr: TimeExpr, *, sentence: bool = False) -> bool:
        start = (self.seg.sentence if sentence else self.seg.clause)(expr.start)[0]
        lead = self.key[start : expr.start]
        return bool(self.p.period_lead.fullmatch(lead))

    def _expr_period(self, expr: TimeExpr) -> Period | None:
        default_year = self.page.document_period.year if self.page.document_period else None
        if expr.needs_year:
            default_year = self.page.year_before[self.page.time_index[id(expr)]] or default_year
        if expr.kind == "to_now":
            return self._to_now(expr)
        return expr.period(default_year)

    def _to_now(self, expr: TimeExpr) -> Period | None:
        """ "từ đầu năm đến nay": to the cut-off of the last range stated in the paragraph."""
        paragraph_start = self.seg.paragraph(expr.start)[0]
        year = next((n for n in expr.numbers if n >= 1000), None)
        for i in range(self.page.time_index[id(expr)] - 1, -1, -1):
            earlier = self.times[i]
            if earlier.start < paragraph_start:
                break
            if earlier.kind in ("range", "to_day", "month_range") and not earlier.baseline:
                period = earlier.period(year)
                if period is not None and (year is None or period.end.year == year):
                    return Period(
                        PeriodType.RANGE,
                        period.end.replace(month=1, day=1),
                        period.end,
                        period.calendar,
                    )
        doc = self.page.document_period
        if doc is not None and (year is None or doc.year == year):
            start = doc.end.replace(month=1, day=1)
            if (doc.start, doc.end) == (start, doc.end):
                return doc
            return Period(PeriodType.RANGE, start, doc.end, doc.calendar)
        return None

    def assign(self) -> None:
        times_by_clause: dict[int, list[TimeExpr]] = {}
        for expr in self.times:
            if expr.baseline or expr.kind == "cumulative":
                continue
            if expr.kind == "date" and not self._starts_clause(expr):
                continue  # a document's date, not a figure's period
            times_by_clause.setdefault(self.seg.clause_index(expr.start), []).append(expr)
        carried: dict[int, TimeExpr | None] = {}  # clause index -> expression carried into it
        self._first_figure: dict[int, int] = {}
        for draft in self.drafts:
            self._first_figure.setdefault(self.seg.clause_index(draft.number_start), draft.start)
        for draft in self.drafts:
            draft.period = self._figure_period(draft, times_by_clause, carried)
        for draft in self.drafts:  # earlier values take the period they are compared with
            if draft.baseline_of is not None:
                compared = self.drafts[draft.baseline_of]
                period = self._baseline_period(compared)
                if period is not None:
                    draft.period = FigurePeriod(period, PeriodSource.STATED, text="kỳ so sánh")
            if draft.comparison is not None:
                draft.comparison = replace(
                    draft.comparison, baseline_period=self._baseline_period(draft)
                )

    def _baseline_period(self, draft: Draft) -> Period | None:
        """The period a figure's comparison refers to: "cùng kỳ năm 2023" of a half -> 2023S1."""
        comparison = draft.comparison
        current = draft.period.period
        if comparison is None or comparison.figure is None or current is None:
            return None
        change = self.drafts[comparison.figure]
        text = fold(change.baseline_text)
        try:
            if "cung ky" in text:
                stated = change.baseline_expr.period() if change.baseline_expr else None
                steps = current.year - stated.year if stated else 1
                baseline = current
                for _ in range(max(1, min(steps, 10))):
                    baseline = same_period_last_year(baseline)
                return baseline
            if change.baseline_expr is not None:
                return self._expr_period(change.baseline_expr)
            if "nam truoc" in text or "nam ngoai" in text:
                if current.type is PeriodType.YEAR:
                    return same_period_last_year(current)
                return parse_period(str(current.year - 1))
            if "truoc" in text:
                return previous_period(current)
        except ValidationError:  # outside the supported dates
            return None
        return None

    def _figure_period(
        self,
        draft: Draft,
        times_by_clause: dict[int, list[TimeExpr]],
        carried: dict[int, TimeExpr | None],
    ) -> FigurePeriod:
        clause_index = self.seg.clause_index(draft.number_start)
        clause_start, clause_end = self.seg.clause(draft.number_start)
        first = bisect_left(self.page.cumulative, clause_start)
        cumulative = (
            first < len(self.page.cumulative) and self.page.cumulative[first] < draft.number_start
        )
        own = times_by_clause.get(clause_index, [])
        before = [t for t in own if t.end <= draft.start]
        expr: TimeExpr | None = before[-1] if before else None
        source = PeriodSource.STATED
        if expr is None:
            next_start = (
                self.drafts[draft.id + 1].start if draft.id + 1 < len(self.drafts) else clause_end
            )
            after = [t for t in own if draft.end <= t.start < min(clause_end, next_start)]
            expr = after[0] if after else None
        if expr is None:
            expr = self._carried(clause_index, times_by_clause, carried)
            source = PeriodSource.CARRIED
        if expr is not None:
            period = self._expr_period(expr)
            if period is not None:
                return FigurePeriod(
                    period,
                    source,
                    as_of=expr.as_of,
                    to_date=expr.to_date,
                    cumulative=cumulative,
                    text=self.text[expr.start : expr.end],
                )
        if self.page.document_period is not None:
            return FigurePeriod(
                self.page.document_period, PeriodSource.DOCUMENT, cumulative=cumulative
            )
        return FigurePeriod(None, PeriodSource.NONE, cumulative=cumulative)

    def _carried(
        self,
        clause_index: int,
        times_by_clause: dict[int, list[TimeExpr]],
        carried: dict[int, TimeExpr | None],
    ) -> TimeExpr | None:
        """The period stated in an earlier clause of the sentence and still in force."""
        if clause_index in carried:
            return carried[clause_index]
        clause_start = self.seg.clauses[clause_index] if clause_index >= 0 else 0
        sentence_start = self.seg.sentence(clause_start)[0]
        state: TimeExpr | None = None
        index = self.seg.clause_index(sentence_start)
        while index < clause_index:
            start = self.seg.clauses[index]
            if self.p.topic.match(self.key, start):
                state = None
            first_figure = self._first_figure.get(index, len(self.key))
            for expr in times_by_clause.get(index, []):
                # only what is said before the clause's figures goes on to the next clauses
                if not expr.as_of and expr.kind != "date" and expr.start < first_figure:
                    state = expr
            index += 1
        if self.p.topic.match(self.key, clause_start):
            state = None
        carried[clause_index] = state
        return state
