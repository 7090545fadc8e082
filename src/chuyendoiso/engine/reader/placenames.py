"""The names of the units a text may be about, and where the text names them.

Each unit is known by the forms a Vietnamese text writes it in (``Form``): its name with
its kind ("tỉnh Bắc Giang", "UBND TỈNH BẮC GIANG", "huyện Võ Nhai", "TP. Hà Nội"), a
province's name alone ("Bắc Giang, ngày 15 tháng 6 năm 2024"), a department's full name
("Sở Khoa học và Công nghệ tỉnh Thái Nguyên") and its name without the province ("Sở Khoa
học và Công nghệ", "Sở KH&CN"), which says nothing of the province by itself.

Names are compared syllable by syllable without diacritics (a text typed as "tinh Bac
Giang" names Bắc Giang too), longest first ("Thành phố Thái Nguyên" is the city, not the
province). The syllables of the name proper must be capitalised as names are, so that
"xã hội" is not a commune named "Hội"; the national motto is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.reader.normalize import fold, lower, nfc

_WORD = re.compile(r"[^\W_]+")
_PARTS = re.compile(r"\s+và\s+|\s*,\s*|\s+-\s+", re.IGNORECASE)
_FIRST = slice(0, 1)  # a department's name: its first syllable capitalised ("Sở", "Ban")
_MOTTO = ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam")
# the short forms of a kind ("TP. Hà Nội", "TX. Phổ Yên")
_KIND_SHORT = {("thanh", "pho"): ("tp",), ("thi", "xa"): ("tx",)}
# the kinds a unit of each level may be named with when its own kind is not known
_KINDS = {
    Level.PROVINCE: ("tỉnh", "thành phố"),
    Level.DISTRICT: ("huyện", "quận", "thị xã", "thành phố"),
    Level.COMMUNE: ("xã", "phường", "thị trấn", "đặc khu"),
}


class Form(StrEnum):
    KIND = "kind"  # with its kind: "tỉnh Bắc Giang"
    BARE = "bare"  # a province's name alone: "Bắc Giang"
    FULL = "full"  # a department's full name, with its province
    BODY = "body"  # a department's name without its province: "Sở Y tế", "Sở KH&CN"


@dataclass(frozen=True)
class KnownUnit:
    """A unit the text may be about. ``key`` identifies it (codes repeat across the 2025
    reorganisation: "164@before_2025"); ``province`` is the key of its province (None for
    a province); ``successor`` the key of the province an old one was merged into;
    ``reporting`` False for a province known by name only, none of whose figures the
    platform holds."""

    key: str
    code: str
    name: str
    level: Level
    kind_vi: str = ""
    province: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    reporting: bool = True

    def valid_during(self, start: date, end: date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )


@dataclass(frozen=True)
class Mention:
    """Where the text names one unit, or several units of the same name."""

    start: int
    end: int
    first_word: int  # index of its first syllable
    last_word: int  # index of the syllable after it
    keys: tuple[str, ...]
    form: Form


def words_of(text: str) -> list[re.Match[str]]:
    """The syllables of ``text`` (NFC) without diacritics, each with its place."""
    return list(_WORD.finditer(fold(lower(text))))


def syllables_of(text: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(fold(lower(nfc(text))))]


def _split_kind(unit: KnownUnit) -> tuple[str, str]:
    """("Tỉnh", "Bắc Giang") from "Tỉnh Bắc Giang"."""
    kinds = [unit.kind_vi] if unit.kind_vi else []
    for kind in [*kinds, *_KINDS.get(unit.level, ())]:
        if kind and unit.name.casefold().startswith(kind.casefold() + " "):
            return unit.name[: len(kind)], unit.name[len(kind) + 1 :]
    return unit.kind_vi, unit.name


class NameIndex:
    """Every form of every unit, by its syllables without diacritics."""

    def __init__(self, units: Iterable[KnownUnit]) -> None:
        self.units = {unit.key: unit for unit in units}
        # syllables -> unit key -> (form, the syllables that must be capitalised)
        self._forms: dict[tuple[str, ...], dict[str, tuple[Form, slice]]] = {}
        for unit in self.units.values():
            for syllables, form, capitals in self._forms_of(unit):
                self._forms.setdefault(syllables, {}).setdefault(unit.key, (form, capitals))
        self._longest = max((len(s) for s in self._forms), default=0)

    def _forms_of(self, unit: KnownUnit) -> Iterator[tuple[tuple[str, ...], Form, slice]]:
        if unit.level is Level.DEPARTMENT:
            yield from self._department_forms(unit)
            return
        kind, bare = _split_kind(unit)
        name = tuple(syllables_of(bare))
        if not name:
            return
        kinds = {tuple(syllables_of(kind))} if kind else set()
        kinds |= {_KIND_SHORT[k] for k in kinds if k in _KIND_SHORT}
        for each in kinds:
            yield (*each, *name), Form.KIND, slice(len(each), None)
        if unit.level is Level.PROVINCE and name != ("ho", "chi", "minh"):  # the person
            yield name, Form.BARE, slice(None)

    def _department_forms(self, unit: KnownUnit) -> Iterator[tuple[tuple[str, ...], Form, slice]]:
        name = nfc(unit.name)
        full = tuple(syllables_of(name))
        yield full, Form.FULL, _FIRST
        province = self.units.get(unit.province or "")
        if province is None:
            return
        bare = tuple(syllables_of(_split_kind(province)[1]))
        if not bare or full[-len(bare) :] != bare:
            return
        body = full[: -len(bare)]
        if body[-1:] == ("tinh",):  # "Công an tỉnh", "Thanh tra tỉnh"
            yield body, Form.BODY, _FIRST
            body = body[:-1]
        if len(body) >= 2:
            yield body, Form.BODY, _FIRST
            words = words_of(name)
            yield from _abbreviations(name[: words[len(body) - 1].end()])

    def mentions(self, text: str, words: list[re.Match[str]] | None = None) -> list[Mention]:
        """Every name of a known unit in ``text`` (NFC), longest first, left to right;
        ``words`` are its syllables (``words_of``), found again when not given."""
        words = words_of(text) if words is None else words
        syllables = [w.group() for w in words]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            if tuple(syllables[i : i + len(_MOTTO)]) == _MOTTO:
                i += len(_MOTTO)
                continue
            mention = self._longest_at(text, words, syllables, i)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.last_word
        return found

    def _longest_at(
        self, text: str, words: list[re.Match[str]], syllables: list[str], i: int
    ) -> Mention | None:
        for n in range(min(self._longest, len(words) - i), 0, -1):
            forms = self._forms.get(tuple(syllables[i : i + n]))
            if not forms:
                continue
            keys = tuple(
                key
                for key, (_, capitals) in forms.items()
                if all(_capitalised(text, w) for w in words[i : i + n][capitals])
            )
            if keys:
                form = forms[keys[0]][0]
                return Mention(words[i].start(), words[i + n - 1].end(), i, i + n, keys, form)
        return None


def _capitalised(text: str, word: re.Match[str]) -> bool:
    first = text[word.start()]
    return first.isupper() or first.isdigit()


def _abbreviations(body: str) -> Iterator[tuple[tuple[str, ...], Form, slice]]:
    """ "Sở KH&CN" and "Sở KHCN" for "Sở Khoa học và Công nghệ": the initials of each part
    of a department's name (without its province) made of two or more parts joined by
    "và", a comma or a dash ("Sở LĐ-TB&XH", "Sở VH,TT&DL")."""
    head, _, rest = body.partition(" ")
    if fold(lower(head)) != "so":
        return
    parts = [syllables_of(part) for part in _PARTS.split(rest)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return
    initials = tuple("".join(syllable[0] for syllable in part) for part in parts)
    yield ("so", *initials), Form.BODY, _FIRST
    yield ("so", "".join(initials)), Form.BODY, _FIRST
