"""What a figure states a quantity of, to tell when two figures state the same one.

Two statements are of the same quantity when they have the same subject: the same
indicator, or with no indicator the same counting unit and the same words for what is
counted ("tổ công nghệ số cộng đồng"). Even then they may be different quantities, and are
never in conflict: a flow beside a stock ("xây mới 210 trạm" / "5.870 trạm"), an average
beside a total ("bình quân mỗi xã 9 trạm"), a figure of somewhere else ("cả nước"), a
part beside its whole, or one sub-type beside another ("cố định" / "di động"). Periods
are the same when they have the same days; a level counted on the last day of a period is
that period's ("đến cuối năm 2023" is the year 2023's).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from chuyendoiso.engine.reader.check.base import Interval, figure_interval
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import Bound, ExtractedFigure, Kind, Match
from chuyendoiso.engine.reader.normalize import fold, lower

_WORD = re.compile(r"[^\W_]+")
_NEAR_WORDS = 8  # words before a figure that can make it another quantity
_MIN_SUBJECT = 3  # content words a subject needs to be compared without an indicator


@dataclass(frozen=True)
class Statement:
    figure: ExtractedFigure
    key: tuple[str, ...]  # the indicator, or the kind and unit
    interval: Interval
    shown: str
    start: dt.date | None  # None: the text gives no period at all
    end: dt.date | None
    level: bool  # counted on a day ("tính đến ngày ...")
    subject: frozenset[str]  # content words of what it counts
    flags: frozenset[str]  # flow, per, elsewhere, part
    subtypes: frozenset[str]
    terms: frozenset[str] = frozenset()  # pairs of words around it, its unit label left out

    def says_alike(self, other: Statement) -> bool:
        """Worded alike enough to call a difference a conflict: a pair of words in common
        ("tiếp nhận", "cáp quang"), not only the unit ("hồ sơ")."""
        return bool(self.terms & other.terms)

    def same_period(self, other: Statement) -> bool:
        if self.end != other.end:
            return False
        return self.start == other.start or self.level or other.level

    def same_subject(self, other: Statement) -> bool:
        """Sure to be the same quantity (else: different, or not sure)."""
        if self.flags != other.flags or self.subtypes != other.subtypes:
            return False
        if self.key[0] != "~":  # one indicator
            return True
        small, large = sorted((self.subject, other.subject), key=len)
        return len(small) >= _MIN_SUBJECT and small <= large

    def maybe_same(self, other: Statement) -> bool:
        """Of one indicator, but perhaps another quantity: not checkable. Parts listed
        beside one another or beside their whole are known to be other quantities."""
        parts = "part" in self.flags or "part" in other.flags
        return self.key == other.key and self.key[0] != "~" and not parts


def rounded_interval(figure: ExtractedFigure) -> Interval:
    """What a figure allows, a round count taken as rounded ("240.000" may be 240.312)."""
    interval = figure_interval(figure)
    if not interval.exact or figure.kind not in (Kind.COUNT, Kind.AMOUNT):
        return interval
    if figure.value != figure.value.to_integral_value():
        return interval
    digits = str(int(figure.value))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 2 or figure.bound is not Bound.EXACT or figure.scale != 1:
        return interval
    # rounded at most to the thousand: 240.000 allows 239.500 to 240.500, not 240.512
    half = Decimal(5).scaleb(min(zeros, 3) - 1)
    return Interval(figure.value - half, figure.value + half)


class Quantities:
    """Builds the statements of a text's figures."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        lists = {"flow": "flow_marker", "per": "per_marker", "elsewhere": "elsewhere_marker"}
        # by text form: with diacritics ("mới" is not "mỗi"), and typed without them
        self.markers = {
            plain: {name: _phrases(lexicon.words[w], plain) for name, w in lists.items()}
            for plain in (False, True)
        }
        self.subtype = {plain: _phrases(lexicon.words["subtype"], plain) for plain in (False, True)}

    def statement(
        self,
        figure: ExtractedFigure,
        match: Match,
        code: str | None,
        part: bool,
        unit_label: str = "",
    ) -> Statement | None:
        period = match.period.period
        near = _last_words(figure.context_left, _NEAR_WORDS) + " " + figure.context_right
        near_key = lower(near)
        plain = near_key.isascii()
        if plain:
            near_key = fold(near_key)
        markers = self.markers[plain].items()
        flags = {name for name, pattern in markers if pattern.search(near_key)}
        if part:
            flags.add("part")
        key = (code,) if code else ("~", figure.kind.value, self.lexicon.unit_key(figure.unit))
        return Statement(
            figure=figure,
            key=key,
            interval=rounded_interval(figure),
            shown=figure.text,
            start=period.start if period else None,
            end=period.end if period else None,
            level=match.period.as_of,
            subject=self._subject(figure),
            flags=frozenset(flags),
            subtypes=frozenset(fold(m.group()) for m in self.subtype[plain].finditer(near_key)),
            terms=self._terms(f"{near} {figure.unit}", unit_label or figure.unit),
        )

    def _terms(self, text: str, unit_label: str) -> frozenset[str]:
        stop = self.lexicon.stopwords
        syllables = [w for w in _WORD.findall(fold(lower(text))) if not w.isdigit()]
        label = " ".join(_WORD.findall(fold(lower(unit_label))))
        stop_folded = {fold(w) for w in stop}
        return frozenset(
            f"{a} {b}"
            for a, b in pairwise(syllables)
            if f"{a} {b}" != label and not (a in stop_folded and b in stop_folded)
        )

    def _subject(self, figure: ExtractedFigure) -> frozenset[str]:
        if figure.kind is Kind.PERCENT:
            words = figure.context_left + " " + figure.context_right
        else:
            words = figure.unit + " " + figure.context_right
        stop = self.lexicon.stopwords
        return frozenset(w for w in _WORD.findall(lower(words)) if w not in stop and len(w) > 1)


def _last_words(text: str, count: int) -> str:
    return " ".join(text.split()[-count:])


def _phrases(words: tuple[str, ...], plain: bool) -> re.Pattern[str]:
    forms = {fold(w) if plain else w for w in words}
    alternatives = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=len, reverse=True)
    )
    return re.compile(r"(?<![^\W_])(?:" + (alternatives or "(?!)") + r")(?![^\W_])")
