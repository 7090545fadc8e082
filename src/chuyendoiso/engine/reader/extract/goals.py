"""Which figures are goals, not results ("phấn đấu", "mục tiêu", a period yet to come)."""

from __future__ import annotations

from chuyendoiso.engine.reader.extract.page import Phase
from chuyendoiso.engine.reader.model import Kind, PeriodSource


class Goals(Phase):
    """Marks the goals among the drafts of a page."""

    def mark(self) -> None:
        doc = self.page.document_period
        for draft in self.drafts:
            left = self.key[max(self.seg.clause(draft.start)[0], draft.start - 80) : draft.start]
            future = (
                doc is not None
                and draft.period.period is not None
                and draft.period.source is PeriodSource.STATED
                and draft.period.period.start > doc.end
            )
            if self.p.target.search(left) or future:
                draft.target = True
            if draft.kind is Kind.CHANGE and draft.compares is not None:
                draft.period = self.drafts[draft.compares].period
