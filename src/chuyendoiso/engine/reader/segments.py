"""Paragraphs, sentences and clauses of a text, as sorted start offsets.

A line break ends a paragraph unless it only wraps a long line (the next line goes on in
lower case); a sentence ends at '.', '!' or '?' followed by a capital, a digit or a line
break; a clause ends at ';', at '|' (table cells) and at sentence ends (not at ':', which
links a label to its figure: "Tỷ lệ hộ có cáp quang: 86,5%"). Lookups are by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_LINE = re.compile(r"\n")
# possessive, and only from the start of a run of stops: linear on "......" of any length
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"')\]]*+(?=\s|$)")
_CLAUSE_END = re.compile(r";|\|(?!\|)")
_LIST_MARK = re.compile(r"\s*(?:[-+*•#>]|[0-9]{1,2}[.)]\s|[a-zđ][)]\s|[ivx]+[.)]\s|\|)")


@dataclass(frozen=True)
class Segments:
    length: int
    paragraphs: tuple[int, ...]
    sentences: tuple[int, ...]
    clauses: tuple[int, ...]
    soft_breaks: tuple[int, ...] = ()  # line breaks that only wrap a line: read as spaces

    @staticmethod
    def _span(starts: tuple[int, ...], pos: int, length: int) -> tuple[int, int]:
        index = bisect_right(starts, pos) - 1
        start = starts[index] if index >= 0 else 0
        end = starts[index + 1] if index + 1 < len(starts) else length
        return start, end

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._span(self.paragraphs, pos, self.length)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sentences, pos, self.length)

    def clause(self, pos: int) -> tuple[int, int]:
        return self._span(self.clauses, pos, self.length)

    def clause_index(self, pos: int) -> int:
        return bisect_right(self.clauses, pos) - 1


def _hard_break(lower: str, newline: int, line_start: int) -> bool:
    """Whether the line break at ``newline`` ends a paragraph (not a wrapped line)."""
    before = lower[line_start:newline].rstrip()
    # a long line that does not end a sentence wraps (PDF lines end at ";" and "," too)
    if len(before) < 60 or before[-1:] in ".!?|…" or before[-1:] == "":
        return True
    rest = lower[newline + 1 : newline + 12]
    if not rest.strip() or rest[:1] == "\n":
        return True
    if _LIST_MARK.match(rest):
        return True
    first = rest.lstrip()[:1]
    return not (first.islower() or first.isdigit())


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether what follows a full stop at ``pos`` starts a new sentence."""
    rest = text[pos : pos + 8].lstrip(" ")
    if not rest or rest[0] == "\n":
        return True
    first = rest.lstrip("\"'([")[:1]
    return first.isupper() or first.isdigit()


def segment(text: str, lower: str) -> Segments:
    """Segment ``text`` (its lower-case form ``lower`` has the same length)."""
    paragraphs = [0]
    line_start = 0
    soft: list[int] = []
    for match in _LINE.finditer(lower):
        if _hard_break(lower, match.start(), line_start):
            paragraphs.append(match.end())
        else:
            soft.append(match.start())
        line_start = match.end()
    sentences = set(paragraphs)
    for match in _SENTENCE_END.finditer(text):
        if _starts_sentence(text, match.end()):
            sentences.add(match.end())
    clauses = set(sentences)
    for match in _CLAUSE_END.finditer(lower):
        clauses.add(match.end())
    length = len(text)
    return Segments(
        length,
        tuple(paragraphs),
        tuple(sorted(s for s in sentences if s < length or s == 0)),
        tuple(sorted(c for c in clauses if c < length or c == 0)),
        tuple(soft),
    )
