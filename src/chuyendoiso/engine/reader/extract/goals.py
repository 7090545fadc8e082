"""Which figures are goals, not results, and the year each goal is for.

A figure is a goal when a goal word comes before it in its clause ("phấn đấu", "mục tiêu",
"(target: 60%)"), when its stated period is after the report's, or when it is under a goal
heading or lead ("Mục tiêu cụ thể:", "II. NHIỆM VỤ NĂM 2026", "Phấn đấu: ..."): see
scopes.py. A goal's period is its goal year: the year stated in its clause ("phấn đấu đến
năm 2025"), else the year of its heading or lead, else the year of the period it was read
with (a goal for the current year of a plan is that year).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.reader.extract.page import Draft, Phase
from chuyendoiso.engine.reader.extract.periods import COMPARED
from chuyendoiso.engine.reader.extract.scopes import scopes_of
from chuyendoiso.engine.reader.model import FigurePeriod, Kind, PeriodSource
from chuyendoiso.engine.reader.timeexpr import TimeExpr

_NOT_GOAL_YEARS = ("cumulative", "date", "month_label")


class Goals(Phase):
    """Marks the goals among the drafts of a page and gives them their goal year."""

    def mark(self) -> None:
        scopes = scopes_of(self.page)
        for draft in self.drafts:
            scope = scopes.scope_at(draft.number_start)
            clause_start = self.seg.clause(draft.number_start)[0]
            in_goals = scope.goal and not scopes.is_result(clause_start, draft.start)
            if self._goal_word_before(draft) or self._future(draft) or in_goals:
                draft.target = True
            compared = self.drafts[draft.compares] if draft.compares is not None else None
            if draft.kind is Kind.CHANGE and compared is not None:
                if compared.period.text != COMPARED:  # a change is not of the earlier value
                    draft.period = compared.period
            elif draft.target:
                draft.period = self._goal_period(draft, scope.goal_expr)

    def _goal_word_before(self, draft: Draft) -> bool:
        """A goal word before the figure in its clause, not closed by a parenthesis:
        "(mục tiêu 50%)" makes 50 a goal, not what follows it."""
        start = max(self.seg.clause(draft.start)[0], draft.start - 80)
        left = self.key[start : draft.start]
        ends = [m.end() for m in self.p.target.finditer(left)]
        return bool(ends) and ")" not in left[ends[-1] :]

    def _future(self, draft: Draft) -> bool:
        doc = self.page.document_period
        return (
            doc is not None
            and draft.period.period is not None
            and draft.period.source is PeriodSource.STATED
            and draft.period.period.start > doc.end
        )

    def _own_expr(self, draft: Draft) -> TimeExpr | None:
        """The period stated in the goal's clause, goal years included: the nearest before
        it, else the first after it and before the next figure (a few looked at, at most)."""
        clause_start, clause_end = self.seg.clause(draft.number_start)
        next_start = (
            self.drafts[draft.id + 1].start if draft.id + 1 < len(self.drafts) else clause_end
        )
        index = bisect_right(self.page.time_ends, draft.start) - 1
        for expr in self.times[max(0, index - 4) : index + 1][::-1]:
            if expr.start >= clause_start and self._goal_year(expr):
                return expr
        index = bisect_left(self.page.time_starts, draft.end)
        for expr in self.times[index : index + 5]:
            if expr.start >= min(clause_end, next_start):
                break
            if self._goal_year(expr):
                return expr
        return None

    @staticmethod
    def _goal_year(expr: TimeExpr) -> bool:
        return not expr.baseline and expr.kind not in _NOT_GOAL_YEARS

    def _goal_period(self, draft: Draft, scope_expr: TimeExpr | None) -> FigurePeriod:
        year: int | None = None
        default = draft.period.period.end.year if draft.period.period is not None else None
        source = draft.period.source
        text = draft.period.text
        if source is PeriodSource.STATED and default is not None and text != COMPARED:
            candidates: tuple[tuple[TimeExpr | None, PeriodSource], ...] = ()
            year = default  # its clause names its period: "Mục tiêu năm 2026 ... là 80%"
        else:
            candidates = (
                (self._own_expr(draft), PeriodSource.STATED),  # "phấn đấu đến năm 2025 ..."
                (scope_expr, PeriodSource.CARRIED),
            )
        for expr, from_source in candidates:
            period = expr.period(default) if expr is not None else None
            if expr is not None and period is not None:
                year, source, text = period.end.year, from_source, self.text[expr.start : expr.end]
                break
        if year is None:
            year = default
        if year is None:
            return draft.period
        try:
            goal_year = parse_period(str(year))
        except ValidationError:
            return draft.period
        return FigurePeriod(goal_year, source, cumulative=draft.period.cumulative, text=text)
