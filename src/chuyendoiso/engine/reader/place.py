"""Which unit a text is about: its province, or the district, commune or department whose
own report it is; inferred from the names it holds, with the evidence and how sure it is
(docs/reader.md, "The unit of the text").

Each name found (``placenames``) weighs by where it stands (``Role``): a line of the head
(the letterhead "UBND TỈNH BẮC GIANG", the place and date "Bắc Giang, ngày ...") or of
the title most; "Tỉnh Bắc Giang báo cáo ..." and "trên địa bàn tỉnh Bắc Giang" much; a
name in the text a little; the addressee ("Kính gửi: ...") and a name in passing ("so
với tỉnh Y", "cùng với Y, Z") hardly at all. A name alone weighs less than a name with
its kind. A district, commune or department counts half for its province.

The province that weighs most is the text's, unless another weighs about as much (then
it cannot tell). The text is a lower unit's own when that unit heads it or is its
subject: "UBND HUYỆN VÕ NHAI" in the letterhead, "Sở Y tế báo cáo ...", a title naming a
department. A department in the letterhead under "UBND TỈNH ..." only drafted the text:
the platform's own province report has "SỞ KHOA HỌC VÀ CÔNG NGHỆ" there.

A name of a unit that did not exist in the text's period (a province merged on 1 July
2025, named in a text of 2026) stands for the unit that took it over, and the inference
is then no more than likely.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import both, in_language
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader.normalize import fold, lower
from chuyendoiso.engine.reader.placenames import Form, KnownUnit, Mention, NameIndex, words_of
from chuyendoiso.engine.reader.placewords import ROLE_LABELS, SAID


class Role(StrEnum):
    LETTERHEAD = "letterhead"  # a line of the head: "UBND TỈNH BẮC GIANG", "Bắc Giang, ngày"
    TITLE = "title"  # a line of the title, from "BÁO CÁO" on
    ISSUER = "issuer"  # a department in the letterhead: it drafted the text
    SUBJECT = "subject"  # "Tỉnh Bắc Giang báo cáo ...", "Sở Y tế báo cáo ..."
    SCOPE = "scope"  # "trên địa bàn tỉnh Bắc Giang", "toàn tỉnh Bắc Giang"
    BODY = "body"  # named in the text
    ADDRESSEE = "addressee"  # "Kính gửi: ..."
    PASSING = "passing"  # "so với tỉnh Y", "cùng với Y, Z"

    def label(self, language: str) -> str:
        """Where the name stands, in ``language`` (``vi`` or ``en``)."""
        vietnamese, english = ROLE_LABELS[self.value]
        return english if language == "en" else vietnamese


WEIGHTS = {
    Role.LETTERHEAD: 6.0,
    Role.TITLE: 6.0,
    Role.ISSUER: 2.0,
    Role.SUBJECT: 3.0,
    Role.SCOPE: 2.0,
    Role.BODY: 1.0,
    Role.ADDRESSEE: 0.3,
    Role.PASSING: 0.1,
}
BARE = 0.6  # a province's name alone weighs this much of its name with its kind
SUPPORT = 0.5  # what a district, commune or department weighs for its province
MIN_SCORE = 1.0  # less says nothing: one name in passing, a name alone once
TIE = 0.75  # a runner-up at this share of the first: it cannot tell
MARGIN = 0.5  # sure only when the runner-up weighs at most this share
SURE_SCORE = 3.0  # sure without a telling role: this much named in the text
STRONG = frozenset({Role.LETTERHEAD, Role.TITLE, Role.SUBJECT})  # a lower unit's own text
TELLING = STRONG | {Role.SCOPE}  # a province's evidence that may make the reader sure
HEAD_LINES, HEAD_LINE_CHARS, HEAD_CHARS = 15, 200, 2500

_PASSING = re.compile(
    r"\b(?:so voi|cung voi|cac tinh|tinh ban|(?:dung|xep) (?:sau|truoc)|trong khi|hoc tap|"
    r"hoc hoi|tham quan)\b"
)
_CLAUSE_END = re.compile(r"[.;:\n(]")
_SCOPES = (("tren", "dia", "ban"), ("dia", "ban"), ("toan",))
_PREFIXES = (("uy", "ban", "nhan", "dan"), ("ubnd",), *_SCOPES)


class Certainty(StrEnum):
    SURE = "sure"
    LIKELY = "likely"  # one unit, on weak or old-name evidence
    AMBIGUOUS = "ambiguous"  # two or more about equally likely
    NONE = "none"  # no unit named, or hardly


@dataclass(frozen=True)
class Evidence:
    text: str  # the words found ("UBND TỈNH BẮC GIANG", "trên địa bàn tỉnh Bắc Giang")
    start: int
    end: int
    role: Role
    weight: float
    key: str  # the unit named
    note: str = ""  # "tên trước 01/7/2025, nay thuộc Tỉnh Thái Nguyên / ...", in both

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "role": self.role.value,
            "weight": round(self.weight, 2),
            "unit": self.key,
            "note": self.note,
        }


@dataclass(frozen=True)
class Inference:
    """The unit a text is about (None when it cannot tell), and why."""

    unit: KnownUnit | None
    certainty: Certainty
    score: float
    evidence: tuple[Evidence, ...]  # of the unit and of its province, strongest first
    rivals: tuple[KnownUnit, ...] = ()  # the units about as likely (AMBIGUOUS)

    def because(self, language: str, most: int = 3) -> str:
        """«UBND TỈNH BẮC GIANG» ở đầu văn bản; «trên địa bàn tỉnh Bắc Giang» (3 lần) ...,
        in ``language`` (``vi`` or ``en``); the words found are quoted as written."""
        groups: dict[tuple[str, Role], list[Evidence]] = {}
        for each in self.evidence:
            groups.setdefault((each.text.casefold(), each.role), []).append(each)
        parts, notes = [], []
        for found in list(groups.values())[:most]:
            times = f" ({len(found)} {SAID[language]['times']})" if len(found) > 1 else ""
            parts.append(f"«{found[0].text}»{times} {found[0].role.label(language)}")
            notes += [e.note for e in found if e.note and e.note not in notes][:1]
        return "; ".join(parts + [in_language(note, language) for note in notes])

    def describe(self, language: str) -> str:
        """The unit and why, or that none could be told, in ``language`` (``vi``, ``en``)."""
        said = SAID[language]
        if self.certainty is Certainty.NONE:
            return said["none"]
        if self.certainty is Certainty.AMBIGUOUS:
            return said["ambiguous"].format(said["and"].join(u.name for u in self.rivals))
        assert self.unit is not None
        sure = "" if self.certainty is Certainty.SURE else said["unsure"]
        return f"{self.unit.name} ({sure}{said['from']}: {self.because(language)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            **unit_dict(self.unit),
            "certainty": self.certainty.value,
            "score": round(self.score, 2),
            "message": both(self.describe("vi"), self.describe("en")),
            "evidence": [each.to_dict() for each in self.evidence],
            "rivals": [unit_dict(unit) for unit in self.rivals],
        }


def unit_dict(unit: KnownUnit | None) -> dict[str, Any]:
    if unit is None:
        return {"key": None, "code": None, "name": None, "level": None}
    return {"key": unit.key, "code": unit.code, "name": unit.name, "level": unit.level.value}


def infer_place(
    text: str,
    units: Sequence[KnownUnit] | NameIndex,
    *,
    period: Period | None = None,
) -> Inference:
    """The unit ``text`` (NFC) is about, among ``units``; ``period``, the text's period
    when known, picks among units of the same name and maps an old name to its successor."""
    index = units if isinstance(units, NameIndex) else NameIndex(units)
    tally = _Tally(index, period)
    reading = _Reading(text)
    for mention in index.mentions(text, reading.words):
        tally.add(mention, reading)
    return tally.decide()


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # without its markup
    head: bool
    title: bool
    addressee: bool


class _Reading:
    """The text's lines (which are its head, its title, its addressee) and syllables."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(lower(text))
        self.words = words_of(text)
        self.syllables = [w.group() for w in self.words]
        self.lines = _lines(text)
        self._starts = [line.start for line in self.lines]

    def line_at(self, offset: int) -> _Line:
        return self.lines[bisect_right(self._starts, offset) - 1]

    def role(self, mention: Mention, level: Level) -> Role:
        line = self.line_at(mention.start)
        if line.addressee:
            return Role.ADDRESSEE
        if line.title:
            return Role.TITLE
        if line.head:
            return Role.ISSUER if level is Level.DEPARTMENT else Role.LETTERHEAD
        clause = max(mention.start - 80, 0)
        for end in _CLAUSE_END.finditer(self.folded, clause, mention.start):
            clause = end.end()
        if _PASSING.search(self.folded, clause, mention.start):
            return Role.PASSING
        if self.syllables[mention.last_word : mention.last_word + 2] == ["bao", "cao"]:
            return Role.SUBJECT
        if any(self._before(mention, scope) for scope in _SCOPES):
            return Role.SCOPE
        return Role.BODY

    def _before(self, mention: Mention, prefix: tuple[str, ...]) -> bool:
        at = mention.first_word - len(prefix)
        return at >= 0 and tuple(self.syllables[at : mention.first_word]) == prefix

    def evidence_text(self, mention: Mention, role: Role) -> str:
        line = self.line_at(mention.start)
        if role in (Role.LETTERHEAD, Role.TITLE, Role.ISSUER) and len(line.text) <= 100:
            return line.text
        start = mention.start
        for prefix in _PREFIXES:
            if self._before(mention, prefix):
                start = self.words[mention.first_word - len(prefix)].start()
                break
        return self.text[start : mention.end]


def _lines(text: str) -> list[_Line]:
    """The lines; the head is the lines before the first sentence (a line ending with a
    full stop or a semicolon, or a long one), at most ``HEAD_LINES`` of them; the title
    is its lines from one starting "BÁO CÁO" on, up to the addressee."""
    lines, start, count, head, title = [], 0, 0, True, False
    for raw in text.split("\n"):
        shown = raw.strip(" \t*#_>|")
        folded = fold(lower(shown))
        addressee = folded.startswith("kinh gui")
        if shown:
            count += 1
            sentence = shown.endswith((".", ";")) and not addressee
            head = head and not sentence and len(shown) <= HEAD_LINE_CHARS
            head = head and count <= HEAD_LINES and start <= HEAD_CHARS
        title = head and not addressee and (title or re.match(r"bao cao\b", folded) is not None)
        lines.append(_Line(start, start + len(raw), shown, head, title, addressee))
        start += len(raw) + 1
    return lines


class _Tally:
    """The weight of every unit named, and the evidence of it."""

    def __init__(self, index: NameIndex, period: Period | None) -> None:
        self.index = index
        self.units = index.units
        self.period = period
        self.score: dict[str, float] = defaultdict(float)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        self.strong: dict[str, float] = defaultdict(float)  # lower units heading the text
        self.department_bodies: list[tuple[tuple[str, ...], Evidence]] = []

    def add(self, mention: Mention, reading: _Reading) -> None:
        keys, note = self._resolve(mention.keys)
        first = self.units[keys[0]]
        role = reading.role(mention, first.level)
        weight = WEIGHTS[role] * (BARE if mention.form is Form.BARE else 1.0) / len(keys)
        text = reading.evidence_text(mention, role)
        if mention.form is Form.BODY:  # a department not bound to any province yet
            if role in (Role.TITLE, Role.SUBJECT):
                evidence = Evidence(text, mention.start, mention.end, role, weight, keys[0])
                self.department_bodies.append((keys, evidence))
            return
        for key in keys:
            evidence = Evidence(text, mention.start, mention.end, role, weight, key, note)
            self._count(key, evidence)

    def _count(self, key: str, evidence: Evidence) -> None:
        self.score[key] += evidence.weight
        self.evidence[key].append(evidence)
        province = self._province_of(key)
        if province is None:
            return
        if evidence.role in STRONG:  # a department in the letterhead is only its issuer
            self.strong[key] += evidence.weight
        if province in self.units:
            support = Evidence(
                evidence.text,
                evidence.start,
                evidence.end,
                evidence.role,
                evidence.weight * SUPPORT,
                key,
                evidence.note,
            )
            self.score[province] += support.weight
            self.evidence[province].append(support)

    def _resolve(self, keys: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        """The units of that name in the text's period; those that took over an old one."""
        named = [self.units[key] for key in keys if key in self.units]
        if not named:
            return keys, ""
        if self.period is None:
            current = [unit.key for unit in named if unit.valid_to is None]
            return tuple(current or keys), ""
        start, end = self.period.start, self.period.end
        valid = [unit.key for unit in named if unit.valid_during(start, end)]
        if valid:
            return tuple(valid), ""
        successors = sorted(
            {
                unit.successor
                for unit in named
                if unit.successor in self.units
                and self.units[unit.successor].valid_during(start, end)
            }
        )
        if not successors:
            return keys, ""
        names = ", ".join(self.units[key].name for key in successors)
        note = both(
            f"tên trước 01/7/2025, nay thuộc {names}", f"a name before 1/7/2025, now {names}"
        )
        return tuple(successors), note

    def decide(self) -> Inference:
        provinces = sorted(
            (key for key in self.score if self.units[key].level is Level.PROVINCE),
            key=lambda key: (-self.score[key], key),
        )
        if not provinces or self.score[provinces[0]] < MIN_SCORE:
            return Inference(None, Certainty.NONE, 0.0, ())
        top = self.score[provinces[0]]
        rivals = [key for key in provinces[1:] if self.score[key] >= TIE * top]
        if rivals:
            units = tuple(self.units[key] for key in [provinces[0], *rivals])
            return Inference(None, Certainty.AMBIGUOUS, top, (), units)
        winner = provinces[0]
        second = self.score[provinces[1]] if len(provinces) > 1 else 0.0
        evidence = self.evidence[winner]
        strong = any(each.role in TELLING for each in evidence) or top >= SURE_SCORE
        renamed = sum(each.weight for each in evidence if each.note) >= top / 2
        sure = strong and second <= MARGIN * top and not renamed
        certainty = Certainty.SURE if sure else Certainty.LIKELY
        subject = self._lower_subject(winner) or winner
        shown = self.evidence[subject] if subject != winner else evidence
        if subject != winner:
            shown = shown + [e for e in evidence if e.key == winner]
        ordered = sorted(shown, key=lambda e: (-e.weight, e.start))
        return Inference(self.units[subject], certainty, self.score[subject], tuple(ordered))

    def _lower_subject(self, province: str) -> str | None:
        """The district, commune or department of ``province`` heading the text or its
        subject, when one does more than any other."""
        for keys, evidence in self.department_bodies:
            for key in keys:
                if self._province_of(key) == province:
                    self._count(key, replace(evidence, key=key))
        ranked = sorted(
            (
                key
                for key in self.strong
                if self._province_of(key) == province and self._exists(key)
            ),
            key=lambda key: -self.strong[key],
        )
        if not ranked:
            return None
        if len(ranked) > 1 and self.strong[ranked[1]] >= TIE * self.strong[ranked[0]]:
            return None
        return ranked[0]

    def _exists(self, key: str) -> bool:
        """The unit existed in the text's period (a district is no subject in 2026)."""
        period = self.period
        return period is None or self.units[key].valid_during(period.start, period.end)

    def _province_of(self, key: str) -> str | None:
        province = self.units[key].province
        return None if province is None else self._resolve((province,))[0][0]
