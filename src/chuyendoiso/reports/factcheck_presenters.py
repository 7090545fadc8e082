"""A fact-check as a highlighted page: every figure of the text with its status and the
checks that name it; what the fact-check page reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext

from chuyendoiso.engine.reader import READABLE_FORMATS, FactCheckResult, Verdict
from chuyendoiso.web.language import current_language, in_language

# What the fact-check page reads: "TXT, MD, DOCX, PDF, HTML", and its file picker's filter.
READABLE_LABEL = ", ".join(name.upper() for name in READABLE_FORMATS)
READABLE_ACCEPT = ",".join(f".{ext}" for exts in READABLE_FORMATS.values() for ext in exts)


@dataclass(frozen=True)
class Piece:
    text: str
    figure: int | None
    status: str  # consistent | inconsistent | unchecked | unmatched | "" for plain text
    title: str


@dataclass(frozen=True)
class CheckRow:
    status: str  # consistent | inconsistent | not_checkable
    stated: str  # as the text writes it
    arithmetic: str  # in the page's language
    message: str  # in the page's language


def check_rows(result: FactCheckResult) -> list[CheckRow]:
    """The checks as the page's table shows them, in the page's language."""
    language = current_language()
    return [
        CheckRow(c.status.value, c.stated, c.arithmetic_in(language), in_language(c.message))
        for c in result.checks
    ]


def highlighted(result: FactCheckResult) -> list[Piece]:
    """The text cut into pieces, each figure with its status and a tooltip."""
    status: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    for check in result.checks:
        for figure in check.figures:
            notes.setdefault(figure, []).append(in_language(check.message))
            if check.status is Verdict.INCONSISTENT:
                status[figure] = "inconsistent"
            elif check.status is Verdict.CONSISTENT:
                status.setdefault(figure, "consistent")
    pieces = []
    for text, piece in result.segments():
        if piece is None:
            pieces.append(Piece(text, None, "", ""))
            continue
        match = result.matches[piece]
        state = status.get(piece) or ("unchecked" if match.indicator else "unmatched")
        title = f"{match.indicator or gettext('chưa gắn chỉ tiêu')} · {match.period.id or '?'}"
        title = " — ".join([title, *notes.get(piece, [])])
        pieces.append(Piece(text, piece, state, title))
    return pieces


def render_factcheck_html(result: FactCheckResult, *, standalone: bool = True) -> str:
    return render_to_string(
        "reports/factcheck_result.html",
        {
            "result": result,
            "pieces": highlighted(result),
            "checks": check_rows(result),
            "standalone": standalone,
        },
    )
