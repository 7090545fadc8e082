"""What a figure counts, to tell it from what an indicator counts.

A figure gets an indicator only when its subject (the noun phrase it counts and the words
that qualify it) is the indicator's, never for its unit word alone. Before any scoring,
some figures are nobody's: a figure of the nation or of another province, one quoted for
reference, an average per unit ("bình quân mỗi xã 9 trạm"). Then an indicator does not fit
a figure when the figure counts new items of the period and the indicator is a level ("xây
mới 215 trạm" is not the number of stations), when the figure counts another thing than
the indicator's unit ("37 kế hoạch", "1.018 dịch vụ công" for a number of files), or when
a share is of another population ("tỷ lệ cơ sở khám chữa bệnh ..." is not a share of
people). The words are the lexicon's, under ``matching:`` (data/reader/vi.yaml).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chuyendoiso.engine.domain.catalog import Indicator, TimeAggregation
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import PLAN_NOTE, ExtractedFigure, Kind
from chuyendoiso.engine.reader.normalize import fold, lower

_WORD = re.compile(r"[^\W_]+")
_NAME_HEAD = re.compile(r"^(?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\s+", re.IGNORECASE)
_SHARE_WORDS = ("ty le", "ti le")  # folded: "tỷ lệ", "tỉ lệ"


def words(text: str, plain: bool = True) -> str:
    """``text`` as lower-case words joined by one space, without diacritics when ``plain``:
    "Tỷ lệ  hộ," -> "ty le ho"."""
    low = lower(text)
    return " ".join(_WORD.findall(fold(low) if plain else low))


def _has(text: str, phrase: str) -> bool:
    """Whether the folded words ``text`` hold the folded words ``phrase``, whole."""
    return bool(phrase) and f" {phrase} " in f" {text} "


def _ends(text: str, phrases: Sequence[str], last: int = 4) -> str:
    """The phrase among ``phrases`` within the last ``last`` words of ``text``."""
    tail = " ".join(text.split()[-last:])
    return next((p for p in phrases if _has(tail, p)), "")


def _starts(text: str, phrases: Sequence[str]) -> str:
    return next((p for p in phrases if text == p or text.startswith(p + " ")), "")


@lru_cache(maxsize=4)
def _folded(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """The lexicon's lists folded once: the matching lists, the units, the counted nouns."""
    lists: dict[str, tuple[str, ...]] = {}
    for plain, suffix in ((False, ""), (True, ":plain")):
        for name, items in lexicon.matching.items():
            lists[name + suffix] = tuple(words(w, plain) for w in items)
        units = _longest({words(u, plain) for u in lexicon.units})
        lists["units" + suffix] = units
        lists["nouns" + suffix] = _longest({*units, *lists["counted" + suffix]})
    return lists


def _longest(phrases: set[str]) -> tuple[str, ...]:
    return tuple(sorted(phrases - {""}, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Subject:
    """What one figure counts, as far as the matcher needs it."""

    outside: str = ""  # why no indicator of the text's unit fits at all ("" when one may)
    flow: bool = False  # new items of the period ("xây mới 215 trạm")
    head: tuple[str, ...] = ()  # the nouns it counts ("trạm bts", "kế hoạch"), if known
    population: str = ""  # a share's population ("cơ sở"), "" when unknown
    around: str = ""  # the words after a share stated without "tỷ lệ", where it may be said
    plan_share: bool = False  # a fraction of a plan or quota: "thu nhận 298.645/270.000 hồ sơ"


def subjects(figures: Sequence[ExtractedFigure], text: str, lexicon: Lexicon) -> list[Subject]:
    """The subject of each figure of ``text``."""
    lists = _folded(lexicon)
    own = _main_place(text, lists["place_kind"])
    return [_subject(f, lists, own) for f in figures]


def _subject(figure: ExtractedFigure, every: dict[str, tuple[str, ...]], own: str) -> Subject:
    raw = figure.context_left + figure.context_right + figure.unit
    plain = raw.isascii()  # typed without diacritics: compare without them
    lists = {k: v for k, v in every.items() if k.endswith(":plain") == plain}
    if plain:
        lists = {k.removesuffix(":plain"): v for k, v in lists.items()}
    left = words(figure.context_left, plain)
    right = words(figure.context_right, plain)
    outside = _outside(figure, left, right, lists, own)
    unit = words(figure.unit, plain) if figure.unit != "%" else ""
    heads = [unit or _starts(right, lists["nouns"])]
    after = words(figure.context_after, plain) if figure.context_after.startswith(",") else ""
    heads.append(_starts(after, lists["nouns"]))  # "42 chi bộ, đảng bộ cơ sở"
    if plain:  # "so" is "số" or "sở": one syllable without diacritics says too little
        heads = [h for h in heads if " " in h]
    head = tuple(h for h in heads if h)
    flow = bool(_ends(left, lists["flow_lead"], 3) or _starts(right, lists["flow_after"]))
    population, around = "", ""
    if figure.kind is Kind.PERCENT:
        share = max(left.rfind(w) for w in (_SHARE_WORDS if plain else ("tỷ lệ", "tỉ lệ")))
        after = left[share + 6 :].strip() if share >= 0 else right
        population = _within(after, lists["units"], 3)
        population = "" if plain and " " not in population else population
        if share < 0:  # "trang bị 100% chứng thư số cho cán bộ một cửa": said after it
            around = f"{right} {words(figure.context_after, plain)}"
    plan_share = figure.kind is Kind.RATIO and PLAN_NOTE in figure.notes
    return Subject(outside, flow, head, population, around, plan_share)


def _outside(
    figure: ExtractedFigure,
    left: str,
    right: str,
    lists: dict[str, tuple[str, ...]],
    own: str,
) -> str:
    if figure.kind in (Kind.SCORE, Kind.RANK, Kind.CHANGE):
        return ""
    if figure.kind is Kind.PERCENT and PLAN_NOTE in figure.notes:
        return "tỷ lệ so với kế hoạch, chỉ tiêu được giao: không phải chỉ tiêu nào"
    found = next((w for w in lists["elsewhere"] if _has(left, w)), "")
    found = found or _starts(right, lists["elsewhere"])
    if found:
        return f"số liệu '{found}', không phải của đơn vị báo cáo"
    if figure.kind is not Kind.RATE and (
        word := next((w for w in lists["average"] if _has(left, w)), "")
    ):
        return f"số bình quân ('{word}'), không phải tổng số"
    other = _other_place(figure.context_left, lists["place_kind"], own)
    if other:
        return f"số liệu của {other}, không phải của đơn vị báo cáo"
    return ""


def _within(text: str, phrases: Sequence[str], first: int) -> str:
    """The first of ``phrases`` starting within the first ``first`` words of ``text``."""
    tokens = text.split()
    for index in range(min(first, len(tokens))):
        found = _starts(" ".join(tokens[index:]), phrases)
        if found:
            return found
    return ""


def _place_names(text: str, kinds: Sequence[str]) -> list[tuple[str, str]]:
    """("tỉnh", "gia lai") for each place named with its kind and capitalised words."""
    if not kinds:
        return []
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in kinds) + r")\s+", re.IGNORECASE
    )
    found = []
    for match in pattern.finditer(text[:200_000]):
        name = []
        for word in text[match.end() : match.end() + 60].split()[:4]:
            clean = word.strip(",.;:()")
            if word[:1] in "([" or not clean or not clean[0].isupper() or not clean.isalpha():
                break  # "của tỉnh (SOC)": a bracket opens no name
            name.append(clean)
            if clean != word:
                break
        if len(name) == 1 and name[0].isupper() and len(name[0]) <= 4:
            continue  # an acronym ("tỉnh SOC"), not a place's name
        if name:
            found.append((lower(match.group(1)), words(" ".join(name))))
    return found


def _main_place(text: str, kinds: Sequence[str]) -> str:
    """The place the text names most with its kind: its own province, as a rule."""
    kinds = tuple(k for k in kinds)
    names = Counter(name for _, name in _place_names(text, kinds) if name)
    return names.most_common(1)[0][0] if names else ""


def _other_place(left: str, kinds: Sequence[str], own: str) -> str:
    if not own:
        return ""
    for kind, name in _place_names(left, kinds):
        if name and name != own and not own.startswith(name) and not name.startswith(own):
            return f"{kind} {name}"
    return ""


def nouns_of(
    indicator: Indicator, units: Sequence[str], phrases: Sequence[str], lexicon: Lexicon
) -> tuple[str, ...]:
    """What the indicator counts, in lower case: its units and the units its name and its phrases
    in the lexicon open with ("điểm" of "điểm phát wifi công cộng")."""
    found = {words(u, plain=False) for u in units if u != "%"}
    for text in (_NAME_HEAD.sub("", indicator.name_vi), *phrases):
        opening = _within(words(text, plain=False), _folded(lexicon)["units"], 2)
        if opening:
            found.add(opening)
    return tuple(sorted(found - {""}))


def fits(
    subject: Subject,
    indicator: Indicator,
    nouns: Sequence[str],
    lexicon: Lexicon,
    kind: Kind,
) -> str:
    """Why ``indicator`` (counting ``nouns``) does not fit the figure's ``subject`` ("" when
    it may)."""
    if subject.flow and indicator.aggregation_time is TimeAggregation.STOCK:
        return "số mới trong kỳ, không phải tổng số hiện có"
    counted = kind in (Kind.COUNT, Kind.RATIO) and subject.head and nouns
    if counted and not any(lexicon.same_unit(h, n) for h in subject.head for n in nouns):
        return f"đếm '{subject.head[0]}', không phải đơn vị của chỉ tiêu"
    share = kind is Kind.PERCENT and subject.population and nouns
    if share and not any(
        lexicon.same_unit(subject.population, n) or _has(subject.around, n) for n in nouns
    ):
        return f"tỷ lệ của '{subject.population}', không phải của chỉ tiêu"
    return ""
