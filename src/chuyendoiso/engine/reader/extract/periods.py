"""The period of each figure, and the report's own period.

The report's period is the one its title lines and sentence-opening expressions name most
("Báo cáo ... 6 tháng đầu năm 2024"), leaving out goal and horizon years ("nhiệm vụ năm
2025", "tầm nhìn đến năm 2030"), captions and source lines, and a figure's own period in
brackets. A figure takes, in this order: the period in brackets right after it ("12/63
(năm 2023)"); the period compared with when it is in brackets after "so với ..."; the
period before it in its clause, else after it; the one carried from an earlier clause of
its sentence (an "as of" day too when it opens the sentence); the one opening an earlier
sentence of its paragraph; its section's heading ("I. KẾT QUẢ NĂM 2021"); else the
report's. Horizon years are never a result's period (see scopes.py); "cùng kỳ năm 2024 ..."
is the same part of 2024; an earlier value takes the period it is compared with.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
from chuyendoiso.engine.reader.extract.scopes import scopes_of
from chuyendoiso.engine.reader.model import FigurePeriod, Kind, PeriodSource
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.timeexpr import TimeExpr, span

_IN_PARENTHESIS = re.compile(r"\s*\([^()0-9;]{0,80}\Z")  # "so với năm 2021 (xếp thứ 26/63)"
COMPARED = "kỳ so sánh"  # the text of an earlier value's period: the period compared with
_SHORT_GAP = re.compile(r"[^\W\d_]{0,3}(?:\s+[^\W\d_]+){0,2}\s+")  # "6th in 2021"
_COMPARED_LEAD = re.compile(r"(?:so\s+v(?:ới|oi)|from|than)\s+(?:[^\W\d_]+\s+){0,3}\Z")
_SAME_PERIOD = re.compile(r"(?:cung ky|same period)\s*\Z")


class Periods(Phase):
    """Gives each draft of a page its period."""

    def infer_document_period(self) -> Period | None:
        weights: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        periods: dict[str, Period] = {}
        scopes = scopes_of(self.page)
        for expr in self.times:
            if expr.baseline or expr.kind not in ("months", "short", "quarter", "month", "year"):
                continue
            if scopes.is_horizon(expr) or scopes.is_caption(expr.start) or scopes.is_dateline(expr):
                continue  # a goal year, a caption's or a source line's date
            if scopes.after_figure(expr):
                continue  # a figure's own: "từ vị trí 23/63 (năm 2022)"
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
        if expr.kind == "this_period":
            return self._this_period(expr, default_year)
        return expr.period(default_year)

    def _this_period(self, expr: TimeExpr, default_year: int | None) -> Period | None:
        """ "Trong năm": the report's year up to its end (a half-year report's half);
        "trong tháng", "trong kỳ": the report's period."""
        doc = self.page.document_period
        if doc is None:
            return expr.period(default_year)
        if expr.period(doc.end.year) is None:
            return doc
        return span(doc.end.replace(month=1, day=1), doc.end)

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
        self.scopes = scopes_of(self.page)
        for index, expr in enumerate(self.times):
            if expr.baseline or expr.kind == "cumulative" or index in self.scopes.horizons:
                continue  # a horizon ("phấn đấu đến năm 2030") is a goal's, not a result's
            if expr.kind == "date" and not self._starts_clause(expr):
                continue  # a document's date, not a figure's period
            times_by_clause.setdefault(self.seg.clause_index(expr.start), []).append(expr)
        carried: dict[int, TimeExpr | None] = {}  # clause index -> expression carried into it
        self._first_figure: dict[int, int] = {}
        for draft in self.drafts:
            self._first_figure.setdefault(self.seg.clause_index(draft.number_start), draft.start)
        for draft in self.drafts:
            draft.period = self._figure_period(draft, times_by_clause, carried)
            if draft.period.source is not PeriodSource.STATED and draft.kind is not Kind.CHANGE:
                draft.period = self._same_period(draft)
        for draft in self.drafts:  # earlier values take the period they are compared with
            if draft.baseline_of is not None:
                compared = self.drafts[draft.baseline_of]
                period = self._baseline_period(compared)
                if period is not None:
                    draft.period = FigurePeriod(period, PeriodSource.STATED, text=COMPARED)
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
        clause_start = self.seg.clause(draft.number_start)[0]
        first = bisect_left(self.page.cumulative, clause_start)
        cumulative = (
            first < len(self.page.cumulative) and self.page.cumulative[first] < draft.number_start
        )
        expr, source, text = self._stated(draft, times_by_clause.get(clause_index, []))
        if expr is None:
            expr = self._carried(clause_index, times_by_clause, carried)
            source = PeriodSource.CARRIED
        if expr is None:
            expr = self.scopes.opener_before(self.seg.sentence(draft.number_start)[0])
        if expr is None:
            expr = self.scopes.scope_at(draft.number_start).period
        if expr is not None:
            period = self._expr_period(expr)
            if period is not None:
                return FigurePeriod(
                    period,
                    source,
                    as_of=expr.as_of,
                    to_date=expr.to_date,
                    cumulative=cumulative,
                    text=text or self.text[expr.start : expr.end],
                )
        if self.page.document_period is not None:
            return FigurePeriod(
                self.page.document_period, PeriodSource.DOCUMENT, cumulative=cumulative
            )
        return FigurePeriod(None, PeriodSource.NONE, cumulative=cumulative)

    def _stated(
        self, draft: Draft, own: list[TimeExpr]
    ) -> tuple[TimeExpr | None, PeriodSource, str]:
        """The period stated in the figure's clause: in a parenthesis right after it ("12/63
        (năm 2023)"), else the nearest before it, else the first after it; else the period
        compared with when the figure is in a parenthesis after it ("so với năm 2021 (xếp
        thứ 26/63)")."""
        clause_end = self.seg.clause(draft.number_start)[1]
        next_start = (
            self.drafts[draft.id + 1].start if draft.id + 1 < len(self.drafts) else clause_end
        )
        after = [t for t in own if draft.end <= t.start < min(clause_end, next_start)]
        if after and self.scopes.right_after(draft.end, after[0]):
            return after[0], PeriodSource.STATED, ""
        baseline = self._compared_in_parenthesis(draft) or self._compared_after(draft)
        if baseline is not None:
            return baseline, PeriodSource.STATED, COMPARED
        before = [t for t in own if t.end <= draft.start]
        if before:
            return before[-1], PeriodSource.STATED, ""
        return (after[0] if after else None), PeriodSource.STATED, ""

    def _same_period(self, draft: Draft) -> FigurePeriod:
        """ "Cùng kỳ, ..." : the period of the figure before; "cùng kỳ năm 2024 ...": the
        same part of 2024 as the period the figure would have."""
        clause_start = self.seg.clause(draft.number_start)[0]
        same, year = self.scopes.same_period(clause_start)
        current = draft.period.period
        if not same:
            return draft.period
        if year is None:
            if (
                draft.id == 0
                or self.drafts[draft.id - 1].end <= self.seg.paragraph(clause_start)[0]
            ):
                return draft.period
            return self.drafts[draft.id - 1].period
        if current is None or not 0 < current.end.year - year <= 10:
            return draft.period
        shifted = current
        try:
            for _ in range(current.end.year - year):
                shifted = same_period_last_year(shifted)
        except ValidationError:
            return draft.period
        return FigurePeriod(shifted, PeriodSource.STATED, as_of=draft.period.as_of, text=COMPARED)

    def _compared_after(self, draft: Draft) -> TimeExpr | None:
        """An earlier value followed by the period compared with: "from 6th in 2021"."""
        index = bisect_left(self.page.time_starts, draft.end)
        if index >= len(self.times):
            return None
        expr = self.times[index]
        if not expr.baseline or expr.kind == "cumulative" or expr.start - draft.end > 20:
            return None
        if not _SHORT_GAP.fullmatch(self.key, draft.end, expr.start):
            return None
        before = self.key[max(0, draft.start - 30) : draft.start]
        return expr if _COMPARED_LEAD.search(before) else None

    def _compared_in_parenthesis(self, draft: Draft) -> TimeExpr | None:
        index = bisect_right(self.page.time_ends, draft.start) - 1
        if index < 0:
            return None
        expr = self.times[index]
        if not expr.baseline or draft.start - expr.end > 90 or expr.kind == "cumulative":
            return None
        if not _IN_PARENTHESIS.match(self.key, expr.end, draft.start):
            return None
        if _SAME_PERIOD.search(fold(self.key[max(0, expr.start - 15) : expr.start])):
            return None  # "cùng kỳ năm 2023 (...)": the same part of that year, see relations
        return expr

    def _carried(
        self,
        clause_index: int,
        times_by_clause: dict[int, list[TimeExpr]],
        carried: dict[int, TimeExpr | None],
    ) -> TimeExpr | None:
        """The period stated in an earlier clause of the sentence and still in force; an
        "as of" day goes on only when it opens the sentence ("Tính đến ngày 30/6/2024, ...;")."""
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
                if expr.kind == "date" or expr.start >= first_figure:
                    continue
                if not expr.as_of or self.scopes.opens_sentence(expr):
                    state = expr
            index += 1
        if self.p.topic.match(self.key, clause_start):
            state = None
        carried[clause_index] = state
        return state
