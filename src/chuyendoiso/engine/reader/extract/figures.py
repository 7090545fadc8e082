"""Read the numbers of a text: which are figures, and each one's value, unit and kind.

One pass over the numeric runs of the text keeps those that are figures (not dates,
years, document numbers, labels, codes, phone numbers or ranges) and reads each with what
is written around it: its qualifier ("gần", "hơn", "ước đạt"), magnitude word, unit, kind,
and for a change what it is measured in and compared with.
"""

from __future__ import annotations

import re
from decimal import Decimal

from chuyendoiso.engine.reader.extract.changes import ChangeReading, direction_of
from chuyendoiso.engine.reader.extract.page import Draft, words
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import ChangeKind, Kind, Trend
from chuyendoiso.engine.reader.normalize import fold
from chuyendoiso.engine.reader.numbers import Number, parse_number, scaled
from chuyendoiso.engine.reader.patterns import RUN

MAX_FIGURES = 200_000  # a safety bound: past it the rest of the text is not read
LEFT_SLICE = 60  # characters looked at before a number for its qualifier and kind
YEARS = range(1900, 2101)


class NumberReader(ChangeReading):
    """The pass over the numbers of the page: appends a draft for each figure."""

    _skip_until = 0
    truncated = False

    def read_all(self) -> list[Draft]:
        for match in RUN.finditer(self.key):
            if len(self.drafts) >= MAX_FIGURES:
                self.truncated = True
                break
            if match.start() < self._skip_until or self.page.in_time(match.start()):
                continue
            draft = self._read_number(match.start(), match.end(), match.group())
            if draft is not None:
                self.drafts.append(draft)
        return self.drafts

    def _read_number(self, start: int, end: int, run: str) -> Draft | None:
        key, n = self.key, len(self.key)
        before = key[start - 1] if start else ""
        after = key[end] if end < n else ""
        if before.isalpha() or before == "_":
            return None  # a code: H1, QĐ-TTg, IPv6
        if before == "-" and start >= 2 and key[start - 2].isalpha():
            return None  # COVID-19
        if after.isalpha() or after == "_":
            return None  # 3G, 5G, 8h30, 10km
        if after in "/-" and end + 1 < n and key[end + 1].isalpha():
            return None  # 749/QĐ-TTg, 05-NQ/TU
        if (after == ":" and key[end + 1 : end + 2].isdigit()) or (
            before == ":" and key[start - 2 : start - 1].isdigit()
        ):
            return None  # a time of day
        clause_start = self.seg.clause(start)[0]
        left = key[max(clause_start, start - LEFT_SLICE) : start]
        line_start = key.rfind("\n", 0, start) + 1
        if self.p.heading_number.fullmatch(key[line_start:start]) and re.match(
            r"[.)]\s", key[end : end + 2]
        ):
            return None  # 1. Nhận thức số; 2) ...
        if self.p.document.search(left) or self.p.label.search(left):
            return None
        if self.p.phone.search(left[-30:]) or self.p.number_word.search(left[-12:]):
            return None
        if "-" in run:
            return None  # a range, a date range, a phone number: not a figure
        line_end = key.find("\n", end)
        line = key[line_start : line_end if line_end >= 0 else n]
        if line.strip(" -–—.|*#()[]") == run:
            return None  # alone on its line: a page number
        if "/" in run:
            return self._read_slashed(start, end, run, left)
        number = parse_number(run)
        if number is None:
            return None  # 4.0, 1.1.1, 12.34: a version, a code or a list
        if self.p.duration_before.search(left[-16:]) and self.p.time_unit.match(self.key, end):
            return None  # "trong 6 tháng": a length of time
        if len(run) >= 9 and run.startswith("0") and not number.grouped:
            return None  # a phone number
        return self._figure(start, end, number, left)

    def _read_slashed(self, start: int, end: int, run: str, left: str) -> Draft | None:
        parts = run.split("/")
        if len(parts) != 2:
            return None  # a date or a code
        a, b = (parse_number(part) for part in parts)
        if a is None or b is None:
            return None
        if b.value in YEARS and 1 <= a.value <= 12 and not b.grouped:
            return None  # 5/2024: a month
        looks_like_date = 1 <= a.value <= 31 and 1 <= b.value <= 12 and not a.grouped
        if looks_like_date and self.p.date_words.search(left):
            return None  # từ 01/01 ...
        rank = bool(self.p.rank.search(left))
        draft = self._figure(start, end, a, left, slash=True)
        if draft is None:
            return None
        draft.number_end = end
        draft.denominator = b.value
        if rank:
            draft.kind = Kind.RANK
        elif draft.kind in (Kind.COUNT, Kind.AMOUNT):
            draft.kind = Kind.RATIO
        else:
            return None
        return draft

    def _figure(
        self, start: int, end: int, number: Number, left: str, *, slash: bool = False
    ) -> Draft | None:
        p, key = self.p, self.key
        value, decimals = number.value, number.decimals
        draft = Draft(
            id=len(self.drafts),
            start=start,
            end=end,
            number_start=start,
            number_end=end,
            value=value,
            kind=Kind.COUNT,
            decimals=decimals,
        )
        pos = end
        unit_found = False
        if (m := p.percent.match(key, pos)) and not slash:
            draft.kind, draft.unit, pos = Kind.PERCENT, "%", m.end()
        else:
            if m := p.scale.match(key, pos):
                draft.scale = self._scale(m.group("w"))
                draft.value = scaled(value, draft.scale)
                pos = m.end()
            if m := p.money.match(key, pos):
                draft.kind, draft.unit, pos = Kind.AMOUNT, self._original(m, "w"), m.end()
                unit_found = True
            elif m := p.unit.match(key, pos):
                draft.unit, pos = self._original(m, "w"), m.end()
                unit_found = True
                if draft.unit.endswith("/tháng"):
                    draft.kind = Kind.RATE
                elif r := p.rate.match(key, pos):
                    draft.kind = Kind.RATE
                    draft.unit = f"{draft.unit}/{r.group('w')}"
                    pos = r.end()
            elif draft.scale >= 10**9:
                draft.kind = Kind.AMOUNT  # 1,5 tỷ: money unless said otherwise
        if (
            not slash
            and not unit_found
            and draft.kind is Kind.COUNT
            and draft.scale == 1
            and decimals == 0
            and not number.grouped
            and number.value in YEARS
        ):
            return None  # a year
        self._read_left(draft, left, number)
        if draft.kind is Kind.CHANGE:
            pos = self._change_measure(draft, pos)
        elif (
            draft.kind is Kind.RANK
            and draft.denominator is None
            and (m := p.rank_out_of.match(key, pos))
        ):
            draft.denominator = Decimal(m.group("n"))
            pos = self._skip_to(m.end())
        if draft.kind is Kind.PERCENT and p.plan.match(key, pos):
            draft.of_plan = True
        if draft.unit.lower() == "điểm" and draft.kind is Kind.COUNT:
            if decimals > 0 or self.p.score.search(left):
                draft.kind = Kind.SCORE
        elif draft.kind is Kind.COUNT and not unit_found and self.p.score.search(left):
            draft.kind = Kind.SCORE
        draft.end = pos
        return draft

    def _scale(self, word: str) -> int:
        folded = fold(words(word))
        for known, scale in self.lexicon.scales.items():
            if fold(known) == folded:
                return scale
        return 1

    def _original(self, match: re.Match[str], group: str) -> str:
        """The words of a match as written in the text (diacritics, case)."""
        return words(self.text[match.start(group) : match.end(group)])

    def _skip_to(self, pos: int) -> int:
        self._skip_until = max(self._skip_until, pos)
        return pos

    def _read_left(self, draft: Draft, left: str, number: Number) -> None:
        p = self.p
        if m := p.change_level.search(left):
            draft.direction = Trend.UP if fold(m.group("t")) == "tang" else Trend.DOWN
            draft.notes.append("mức mới sau khi tăng/giảm")
        elif (m := p.change.search(left)) and self._is_change(draft, m.group("t")):
            trigger = words(m.group("t"))
            draft.kind = Kind.CHANGE
            draft.direction = direction_of(trigger)
            draft.measure = ChangeKind.TIMES if fold(trigger) == "gap" else None
            draft.start = draft.number_start - (len(left) - m.start())
            filler = m.group("f")
            if filler:
                self._set_qualifier(draft, words(filler), "")
            return
        elif p.rank.search(left):
            draft.kind = Kind.RANK
        if m := p.from_word.search(left):
            self._from_to(draft, m)
        if m := p.qualifier.search(left):
            word = words(m.group("q") or "")
            lead = words(m.group("lead") or "")
            if word == "trên" and not self._tren_means_over(left, m.start("q"), draft):
                word = ""
            if not word and fold(lead).startswith("uoc"):
                word = lead.split()[0]  # "ước đạt 12,5 nghìn tỷ": an estimate
            if word or lead:
                draft.start = draft.number_start - (len(left) - m.start())
                self._set_qualifier(draft, word, lead)

    def _set_qualifier(self, draft: Draft, word: str, lead: str) -> None:
        key = word if not self.page.kt.folded_mode else _unfold(word, self.lexicon)
        if key in self.lexicon.qualifiers:
            draft.qualifier, draft.bound = self.lexicon.qualifiers[key]
        written = self.text[draft.start : draft.number_start].strip()
        draft.qualifier_word = words(written) if (word or lead) else ""

    def _tren_means_over(self, left: str, at: int, draft: Draft) -> bool:
        """ "trên" is "over" after a verb (đạt trên), "on" after a noun before a place noun."""
        words = left[:at].split()
        previous = words[-1].strip(",.;:()") if words else ""
        if not previous or not words[-1][-1:].isalnum():
            return True
        over_after = self.lexicon.over_after
        if previous in over_after or " ".join(words[-2:]) in over_after:
            return True
        unit = draft.unit.lower()
        return not any(unit.startswith(noun) for noun in self.lexicon.on_nouns)


def _unfold(word: str, lexicon: Lexicon) -> str:
    for known in lexicon.qualifiers:
        if fold(known) == word:
            return known
    return word
