"""Find every figure of a Vietnamese report and what it is about.

The extraction runs in phases over one page (the text in the forms the phases share):

1. ``figures``: the numbers that are figures, each with its value, unit and kind;
2. ``context``: ranges dropped, the words around each figure and its subject;
3. ``relations``: comparisons and earlier values, shares, parts and totals;
4. ``periods``: the period of each figure (the report's own is found first);
5. ``goals``: the figures that are goals rather than results.

See docs/reader.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader.extract.context import ContextReader
from chuyendoiso.engine.reader.extract.figures import MAX_FIGURES, NumberReader
from chuyendoiso.engine.reader.extract.goals import Goals
from chuyendoiso.engine.reader.extract.page import Draft, Page
from chuyendoiso.engine.reader.extract.periods import Periods
from chuyendoiso.engine.reader.extract.relations import Relations
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon
from chuyendoiso.engine.reader.model import PLAN_NOTE, ExtractedFigure

__all__ = ["MAX_FIGURES", "Extraction", "extract", "read"]


@dataclass(frozen=True)
class Extraction:
    """The figures of a text and what they were read from."""

    text: str  # the text the spans refer to (NFC)
    figures: tuple[ExtractedFigure, ...]
    document_period: Period | None
    truncated: bool = False  # MAX_FIGURES was reached


def extract(
    text: str, *, period: Period | None = None, lexicon: Lexicon | None = None
) -> list[ExtractedFigure]:
    """Every figure of ``text``; spans index the NFC form of ``text`` (see ``read``)."""
    return list(read(text, period=period, lexicon=lexicon).figures)


def read(text: str, *, period: Period | None = None, lexicon: Lexicon | None = None) -> Extraction:
    """Extract the figures of ``text``; ``period`` is the report's own period if known."""
    page = Page(text, period, lexicon or default_lexicon())
    if page.document_period is None:
        page.document_period = Periods(page, []).infer_document_period()
    numbers = NumberReader(page, [])
    drafts = ContextReader(page, numbers.read_all()).attach()
    Relations(page, drafts).relate()
    Periods(page, drafts).assign()
    Goals(page, drafts).mark()
    figures = tuple(_freeze(page, d) for d in drafts)
    return Extraction(page.text, figures, page.document_period, numbers.truncated)


def _freeze(page: Page, d: Draft) -> ExtractedFigure:
    notes = list(d.notes)
    if d.of_plan:
        notes.append(PLAN_NOTE)
    (sentence_start, sentence_end) = page.seg.sentence(d.number_start)
    return ExtractedFigure(
        id=d.id,
        start=d.start,
        end=d.end,
        text=page.text[d.start : d.end],
        value=d.value,
        kind=d.kind,
        decimals=d.decimals,
        scale=d.scale,
        unit=d.unit,
        subject=d.subject,
        qualifier=d.qualifier,
        qualifier_word=d.qualifier_word,
        bound=d.bound,
        period=d.period,
        number_start=d.number_start,
        number_end=d.number_end,
        denominator=d.denominator,
        upper=d.upper,
        comparison=d.comparison,
        whole=d.whole,
        parts=tuple(d.parts),
        parts_complete=d.parts_complete,
        percent_of=d.percent_of,
        compares=d.compares,
        baseline_of=d.baseline_of,
        target=d.target,
        context_left=d.left,
        context_right=d.right,
        context_after=d.after,
        sentence=(sentence_start, sentence_end),
        notes=tuple(notes),
    )
