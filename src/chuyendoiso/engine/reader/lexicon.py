"""The reader's vocabulary, read from data/reader/vi.yaml (see docs/reader.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader.model import Bound
from chuyendoiso.engine.reader.normalize import fold, lower

# src/chuyendoiso/engine/reader/lexicon.py -> the project folder holds data/
PROJECT_DIR = Path(__file__).resolve().parents[4]


def default_lexicon_path() -> Path:
    base = Path(os.environ.get("CDS_REFERENCE_DATA_DIR", PROJECT_DIR / "data"))
    return base / "reader" / "vi.yaml"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (caches key on it)
class Lexicon:
    scales: Mapping[str, int]
    money: tuple[str, ...]
    qualifiers: Mapping[str, tuple[Qualifier, Bound]]
    lead_verbs: tuple[str, ...]
    over_after: frozenset[str]
    on_nouns: tuple[str, ...]
    target_words: tuple[str, ...]
    document_words: tuple[str, ...]
    label_words: tuple[str, ...]
    phone_words: tuple[str, ...]
    rank_words: tuple[str, ...]
    score_words: tuple[str, ...]
    units: tuple[str, ...]
    unit_synonyms: tuple[tuple[str, ...], ...]
    abbreviations: Mapping[str, str]
    stopwords: frozenset[str]
    indicator_phrases: Mapping[str, tuple[str, ...]]
    pillar_phrases: Mapping[str, tuple[str, ...]]
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # see WORD_LISTS
    _unit_groups: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _unit_keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    matching: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # MATCHING_LISTS
    # English phrases per indicator, for a text in English (besides the catalogue's name_en)
    indicator_phrases_en: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def unit_key(self, unit: str) -> str:
        """A unit folded to compare with another: "Tin, bài" -> "tin bai"."""
        key = self._unit_keys.get(unit)
        if key is None:
            key = " ".join(re.findall(r"\w+", fold(lower(unit))))
            if len(self._unit_keys) < 10_000:
                self._unit_keys[unit] = key
        return key

    def same_unit(self, a: str, b: str) -> bool:
        ka, kb = self.unit_key(a), self.unit_key(b)
        if not ka or not kb:
            return False
        if ka == kb:
            return True
        if not self._unit_groups:
            for index, group in enumerate(self.unit_synonyms):
                for unit in group:
                    self._unit_groups.setdefault(self.unit_key(unit), index)
        ga, gb = self._unit_groups.get(ka), self._unit_groups.get(kb)
        return ga is not None and ga == gb


# The lists under `words:` the reader's patterns are built from (data/reader/vi.yaml).
WORD_LISTS = (
    "change",
    "change_filler",
    "change_level",
    "change_level_to",
    "level_noun",
    "rate_every",
    "rate_period",
    "baseline",
    "baseline_lead",
    "rank_unit",
    "plan",
    "share_lead",
    "parts_intro",
    "parts_complete",
    "total",
    "topic",
    "duration_lead",
    "time_unit",
    "subject_trailing",
    "subject_leading",
    "subject_opening",
    "subject_stop",
    "period_lead",
    "flow_marker",
    "per_marker",
    "elsewhere_marker",
    "subtype",
    "baseline_edge",
    "share_after",
    "from_level",
    "compare",
    "rank_bound",
    "rank_lead",
    "goal_heading",
    "horizon_lead",
    "caption_lead",
    "source_lead",
    "same_period",
    "plan_heading",
    "result_marker",
    # figures: rates, ranks, scores, bounds, and numbers that are not figures
    "rate_base",
    "rate_each",
    "rate_over",
    "rank_out_of",
    "ordinal_suffix",
    "score_unit",
    "percent_word",
    "points_word",
    "times_word",
    "at_least_after",
    "label_after",
    "label_joiner",
    "date_lead",
    "month_word",
    "period_unit",
    "clock_word",
    "clock_minute",
    "clock_lead",
    "month_name",
    "page_word",
    "english_words",
)


def _word_lists(data: Mapping[str, Any], source: str) -> dict[str, tuple[str, ...]]:
    given = data.get("words") or {}
    if not isinstance(given, dict):
        raise ValidationError("'words' phải là bảng / must be a mapping", file=source)
    missing = [name for name in WORD_LISTS if name not in given]
    if missing:
        raise ValidationError(
            f"Thiếu danh sách từ / missing word lists: {', '.join(missing)}",
            file=source,
            field="words",
        )
    return {name: _by_length(_strings(given, name)) for name in WORD_LISTS}


# The lists under `matching:` the matcher relies on to tell a figure's subject from an
# indicator's (data/reader/vi.yaml; docs/reader.md, "How matching works").
MATCHING_LISTS = (
    "flow_lead",
    "flow_after",
    "average",
    "elsewhere",
    "place_kind",
    "not_subject",
    "anaphora",
    "share_restated",
    "counted",
    "generic",
    "english",
)


def _matching_lists(data: Mapping[str, Any], source: str) -> dict[str, tuple[str, ...]]:
    given = data.get("matching") or {}
    if not isinstance(given, dict):
        raise ValidationError("'matching' phải là bảng / must be a mapping", file=source)
    missing = [name for name in MATCHING_LISTS if name not in given]
    if missing:
        raise ValidationError(
            f"Thiếu danh sách từ / missing word lists: {', '.join(missing)}",
            file=source,
            field="matching",
        )
    return {name: _by_length(_strings(given, name)) for name in MATCHING_LISTS}


def _strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"'{key}' phải là danh sách chuỗi / must be a list of strings")
    return tuple(lower(v.strip()) for v in value)


def _by_length(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def parse_lexicon(text: str, *, source: str = "<lexicon>") -> Lexicon:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"Không đọc được từ vựng / cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise ValidationError(
            "Từ vựng phải là bảng khóa: giá trị / the lexicon must be a mapping of key: value",
            file=source,
        )
    qualifiers: dict[str, tuple[Qualifier, Bound]] = {}
    for word, spec in (data.get("qualifiers") or {}).items():
        qualifiers[lower(str(word))] = (Qualifier(spec["qualifier"]), Bound(spec["bound"]))
    synonyms = tuple(
        tuple(lower(str(u)) for u in group) for group in data.get("unit_synonyms") or []
    )
    phrases = {
        str(code): tuple(lower(str(p)) for p in items)
        for code, items in (data.get("indicators") or {}).items()
    }
    pillars = {
        str(code): tuple(lower(str(p)) for p in items)
        for code, items in (data.get("pillars") or {}).items()
    }
    return Lexicon(
        scales={lower(str(k)): int(v) for k, v in (data.get("scales") or {}).items()},
        money=_by_length(_strings(data, "money")),
        qualifiers=qualifiers,
        lead_verbs=_by_length(_strings(data, "lead_verbs")),
        over_after=frozenset(_strings(data, "over_after")),
        on_nouns=_by_length(_strings(data, "on_nouns")),
        target_words=_by_length(_strings(data, "target_words")),
        document_words=_by_length(_strings(data, "document_words")),
        label_words=_by_length(_strings(data, "label_words")),
        phone_words=_by_length(_strings(data, "phone_words")),
        rank_words=_by_length(_strings(data, "rank_words")),
        score_words=_by_length(_strings(data, "score_words")),
        units=_by_length(_strings(data, "units")),
        unit_synonyms=synonyms,
        abbreviations={str(k): lower(str(v)) for k, v in (data.get("abbreviations") or {}).items()},
        stopwords=frozenset(_strings(data, "stopwords")),
        indicator_phrases=phrases,
        pillar_phrases=pillars,
        words=_word_lists(data, source),
        matching=_matching_lists(data, source),
        indicator_phrases_en={
            str(code): tuple(lower(str(p)) for p in items)
            for code, items in (data.get("indicators_en") or {}).items()
        },
    )


def read_lexicon(path: str | Path) -> Lexicon:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            f"Không đọc được từ vựng / cannot read lexicon: {exc}", file=str(path)
        ) from exc
    return parse_lexicon(text, source=str(path))


@lru_cache(maxsize=4)
def _cached(path: str) -> Lexicon:
    return read_lexicon(path)


def default_lexicon() -> Lexicon:
    return _cached(str(default_lexicon_path()))
