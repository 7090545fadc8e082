"""Whether the words around a figure say what qualifies an indicator, not only its unit.

An indicator's qualifiers are the terms of its name and phrases that do not name what it
counts: "cung cấp dịch vụ viễn thông" of "doanh nghiệp cung cấp dịch vụ viễn thông". A
figure fits an indicator when enough of one of them is said in its clause, its sentence's
subject or the figures beside it in its sentence; or, failing that, when its sentence says
some of it and the noun it counts is qualified by no word the indicator does not explain
("1.362 doanh nghiệp đang hoạt động" is not a number of telecom providers, "hơn 505.000
khách hàng với trên 9.300 điểm ... qua dịch vụ Mobile Money" are customers of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from chuyendoiso.engine.reader.match.profiles import Profile, Terms
from chuyendoiso.engine.reader.model import ExtractedFigure
from chuyendoiso.engine.reader.normalize import fold

QUALIFIED = 0.45  # this much of a qualifier said near a figure makes the indicator fit it
LOW = 0.2  # below this much said in its sentence, an indicator never fits
CONNECTOR = 2  # a figure followed by at most this many words before the next shares its words


@dataclass
class Said:
    """The terms that may say what one figure counts, by how far they stand from it."""

    own: set[str] = field(default_factory=set)  # its clause and its sentence's subject
    near: set[str] = field(default_factory=set)  # and the figures beside it in its sentence
    sentence: set[str] = field(default_factory=set)  # its whole sentence
    subject: tuple[str, ...] = ()  # content words after the noun it counts
    plain: bool = False  # written without diacritics: compared without them
    english: bool = False  # in English: the indicator's English qualifiers

    def fold_all(self) -> None:
        if self.plain:
            for terms in (self.own, self.near, self.sentence):
                terms |= {fold(t) for t in terms}


@dataclass(frozen=True)
class Verdict:
    near: float  # how much of its best qualifier is said near the figure
    own: float  # the same without the figures beside it
    fits: bool
    explained: bool = True  # no word qualifying the figure's noun is foreign to it

    @property
    def own_fit(self) -> bool:
        """Some of what qualifies it said by the figure itself, nothing foreign to it: a
        part's own indicator ("kích hoạt 786.370 tài khoản" of those received), not its
        total's words ("130 cơ sở khám chữa bệnh (gồm 14 bệnh viện ...)")."""
        return self.own >= QUALIFIED or (self.own >= LOW and self.explained)


def beside(figure: ExtractedFigure, figures: Sequence[ExtractedFigure]) -> list[ExtractedFigure]:
    """The figures whose words may qualify ``figure``: the one before it in its sentence,
    and the next when only a connector stands between ("505.000 khách hàng với 9.300 điểm
    ... qua dịch vụ Mobile Money")."""
    found = []
    if 0 < figure.id < len(figures) and figures[figure.id - 1].sentence == figure.sentence:
        found.append(figures[figure.id - 1])
    following = figures[figure.id + 1] if figure.id + 1 < len(figures) else None
    if (
        following is not None
        and following.sentence == figure.sentence
        and not figure.context_right.strip()
        and len(figure.context_after.split()) <= CONNECTOR
        and "," not in figure.context_after
    ):
        found.append(following)
    return found


def coverage(terms: Terms, said: set[str], idf: Mapping[str, float], plain: bool) -> float:
    if not terms.total:
        return 0.0
    got = sum(idf.get(t, 1.0) for t in terms.terms if t in said or (plain and fold(t) in said))
    return got / terms.total


def unexplained(known: frozenset[str], words: Iterable[str], plain: bool) -> list[str]:
    """The words qualifying the figure's noun that the indicator's name, phrases and unit
    (``known``) do not explain (its definition is long and says too much)."""
    if plain:
        known = known | {fold(t) for t in known}
    return [w for w in words if w not in known]


def judge(profile: Profile, said: Said, idf: Mapping[str, float]) -> Verdict:
    """Whether the words around a figure say what qualifies ``profile``'s indicator."""
    qualifiers = profile.english_qualifiers if said.english else profile.qualifiers
    known = profile.english_vocabulary if said.english else profile.vocabulary
    explained = not unexplained(known, said.subject, said.plain)
    if not qualifiers:  # "Tổng số đảng viên": its unit says it all
        return Verdict(1.0, 1.0, True, explained)
    near = max(coverage(q, said.near, idf, said.plain) for q in qualifiers)
    own = max(coverage(q, said.own, idf, said.plain) for q in qualifiers)
    if near >= QUALIFIED:
        return Verdict(near, own, True, explained)
    in_sentence = max(coverage(q, said.sentence, idf, said.plain) for q in qualifiers)
    return Verdict(near, own, in_sentence >= LOW and explained, explained)


def sentence_topics(figures: Sequence[ExtractedFigure]) -> list[ExtractedFigure | None]:
    """For each figure, the first figure of its sentence when that is another one."""
    topics: list[ExtractedFigure | None] = []
    first: ExtractedFigure | None = None
    for figure in figures:
        if first is None or first.sentence != figure.sentence:
            first = figure
        topics.append(first if first is not figure and first.context_left else None)
    return topics


def around(figures: Sequence[ExtractedFigure], figure: ExtractedFigure) -> list[ExtractedFigure]:
    return [figures[i] for i in range(max(0, figure.id - 6), min(len(figures), figure.id + 7))]
