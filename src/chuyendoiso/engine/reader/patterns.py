"""The reader's regular expressions, built once per lexicon and per text form.

Each is either anchored at a position (``match``) or at the end of a short slice before a
figure (``\\Z``), or made of bounded alternatives: none can backtrack without bound, so
reading stays linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.normalize import fold

# a numeric run: digits with single separators between them ("12.345/ 67.890": a space may
# follow a slash); never starts inside a run
RUN = re.compile(r"(?<![0-9])[0-9]++(?:[.,\-][0-9]++|/[ ]?[0-9]++)*+")
# a web address the digits are part of: "://", "www." or a domain before a slash
URL = re.compile(r"://|www\.|[a-z0-9\-]\.[a-z]{2,6}/")
_PER = r"10{2,}(?![0-9.,])|10{0,2}(?:[.,]000)+(?![0-9.,])"  # per 100, per 1.000
_B = r"(?<![^\W_])"  # start of a word
# after a number, [^\S\n] (a space but not a line break): a unit never comes from the next line
_E = r"(?![^\W_])"  # end of a word


def _alternation(words: Iterable[str]) -> str:
    """Longest first; spaces match any space, commas may have spaces around them."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = re.escape(word).replace(r"\ ", r"[^\S\n]+").replace(",", r"[^\S\n]*,[^\S\n]*")
        parts.append(escaped)
    return "|".join(parts) if parts else "(?!)"


@dataclass(frozen=True)
class Patterns:
    percent: re.Pattern[str]
    scale: re.Pattern[str]
    money: re.Pattern[str]
    money_before: re.Pattern[str]
    unit: re.Pattern[str]
    rate: re.Pattern[str]
    qualifier: re.Pattern[str]
    change: re.Pattern[str]
    change_level: re.Pattern[str]
    from_word: re.Pattern[str]
    from_to: re.Pattern[str]
    rank: re.Pattern[str]
    rank_out_of: re.Pattern[str]
    score: re.Pattern[str]
    document: re.Pattern[str]
    label: re.Pattern[str]
    number_word: re.Pattern[str]
    ordinal: re.Pattern[str]
    phone: re.Pattern[str]
    date_words: re.Pattern[str]
    target: re.Pattern[str]
    compared_with: re.Pattern[str]
    baseline_value: re.Pattern[str]
    points: re.Pattern[str]
    times: re.Pattern[str]
    rank_unit: re.Pattern[str]
    plan: re.Pattern[str]
    share_lead: re.Pattern[str]
    within_total_before: re.Pattern[str]
    within_total_gap: re.Pattern[str]
    parts_intro: re.Pattern[str]
    parts_complete: re.Pattern[str]
    total_before: re.Pattern[str]
    topic: re.Pattern[str]
    heading_number: re.Pattern[str]
    duration_before: re.Pattern[str]
    time_unit: re.Pattern[str]
    subject_trailing: re.Pattern[str]
    subject_leading: re.Pattern[str]
    subject_stop: re.Pattern[str]
    period_lead: re.Pattern[str]
    subject_opening: re.Pattern[str]
    ordinal_suffix: re.Pattern[str]
    label_after: re.Pattern[str]
    at_least_after: re.Pattern[str]
    rate_base: re.Pattern[str]
    rate_before: re.Pattern[str]
    month_word: re.Pattern[str]
    period_unit: re.Pattern[str]
    month_after: re.Pattern[str]
    month_before: re.Pattern[str]
    clock: re.Pattern[str]
    clock_lead: re.Pattern[str]
    page_line: re.Pattern[str]
    score_unit: frozenset[str]
    english_words: frozenset[str]


def _compile(pattern: str, folded: bool) -> re.Pattern[str]:
    return re.compile(fold(pattern) if folded else pattern)


@lru_cache(maxsize=8)
def patterns_for(lexicon: Lexicon, folded: bool) -> Patterns:
    def c(pattern: str) -> re.Pattern[str]:
        return _compile(pattern, folded)

    qualifiers = _alternation(lexicon.qualifiers)
    leads = _alternation(lexicon.lead_verbs)
    w = {name: phrases(words) for name, words in lexicon.words.items()}
    return Patterns(
        percent=c(r"[^\S\n]?(?:%|(?:" + w["percent_word"] + ")" + _E + ")"),
        scale=c(r"[^\S\n]*(?P<w>" + _alternation(lexicon.scales) + ")" + _E),
        money=c(r"[^\S\n]*(?P<w>" + _alternation(lexicon.money) + "|đ)" + _E),
        money_before=c(_B + r"(?P<w>" + _alternation(lexicon.money) + r")[^\S\n]*\Z"),
        unit=c(r"[^\S\n]*(?P<w>" + _alternation(lexicon.units) + ")" + _E),
        rate=c(
            r"[^\S\n]*(?:/[^\S\n]*|[^\S\n]+(?:"
            + _alternation(lexicon.words["rate_every"])
            + r")[^\S\n]+)(?P<w>"
            + _alternation(lexicon.words["rate_period"])
            + ")"
            + _E
        ),
        qualifier=c(_B + r"(?P<lead>(?:" + leads + r")\s+)?(?P<q>" + qualifiers + r")?\s*\Z"),
        change=c(
            _B + r"(?P<t>" + w["change"] + r")\s+(?:(?P<f>" + w["change_filler"] + r")\s+)?\Z"
        ),
        change_level=c(
            _B
            + r"(?P<t>"
            + w["change_level"]
            + r")\s+(?:"
            + w["change_level_to"]
            + r")\s+(?:(?:"
            + w["level_noun"]
            + r")\s+)?\Z"
        ),
        from_word=c(_B + r"(?P<t>tăng\s+|giảm\s+)?từ\s+(?:mức\s+)?\Z"),
        from_to=c(r"\s*(?P<w>-|đến|tới|lên|xuống)\s*(?:mức\s+)?(?=[0-9]|gần|hơn|khoảng)"),
        rank=c(_B + r"(?:" + _alternation(lexicon.rank_words) + r")\s*\Z"),
        rank_out_of=c(
            r"\s*(?:/|(?:" + w["rank_out_of"] + r")(?![^\W_]))\s*(?P<n>[0-9]{1,4})(?![0-9.,])"
        ),
        score=c(_B + r"(?:" + _alternation(lexicon.score_words) + ")" + _E),
        document=c(_B + r"(?:" + _alternation(lexicon.document_words) + r")(?:\s+số)?\s*\Z"),
        label=c(
            _B
            + r"(?:"
            + _alternation(lexicon.label_words)
            + r")\s*(?:[0-9]{1,3}\s*(?:[,/\-]|(?:"
            + w["label_joiner"]
            + r")(?![^\W_]))\s*){0,4}\Z"
        ),
        number_word=c(r"(?<!tổng\s)(?<!trong\s)(?<!trên\s)(?<!chỉ\s)" + _B + r"số\s*\Z"),
        ordinal=c(_B + r"thứ\s*\Z"),
        phone=c(_B + r"(?:" + _alternation(lexicon.phone_words) + r")\s*[:.]?\s*\Z"),
        date_words=c(_B + r"(?:" + w["date_lead"] + r")\s*\Z"),
        target=c(_B + r"(?:" + _alternation(lexicon.target_words) + ")" + _E),
        compared_with=c(r"\s*[,(]?\s*so\s+(?:với\s+)?(?P<what>" + w["baseline"] + r")?"),
        baseline_value=c(
            r"\s*(?:\(|,|:|-)?\s*(?:(?:" + w["baseline_lead"] + r")\s+)?(?=[0-9]|gần|hơn)"
        ),
        points=c(r"\s*(?:" + w["points_word"] + ")" + _E),
        times=c(r"\s*(?:" + w["times_word"] + ")" + _E),
        rank_unit=c(r"\s*(?:" + w["rank_unit"] + ")" + _E),
        plan=c(r"\s*(?:so\s+với\s+)?(?:" + w["plan"] + ")" + _E),
        share_lead=c(
            r"(?:\(|,|-)\s*(?:(?:" + w["share_lead"] + r")\s+)?(?P<rest>(?:(?:tỷ|tỉ)\s+lệ"
            r"(?:\s+[^\W\d_]+){0,5}\s+)?(?:(?:là|đạt)\s+)?)\Z"
        ),
        within_total_before=c(_B + r"trong\s+(?:tổng\s+)?số\s*\Z"),
        within_total_gap=c(r"(?:trong|trên)\s+(?:tổng\s+)?số\s*\Z|/\s*tổng\s+số\s*\Z"),
        parts_intro=c(_B + r"(?:" + w["parts_intro"] + ")" + _E),
        parts_complete=c(_B + r"(?:" + w["parts_complete"] + ")" + _E),
        total_before=c(_B + r"(?:" + w["total"] + r")\s*(?:(?:là|đạt|có)\s+)?\Z"),
        topic=c(r"\s*(?:[-+*•#]\s*)*(?:" + w["topic"] + ")" + _E),
        heading_number=c(r"[ \t>#*_\-]*\Z"),
        duration_before=c(_B + r"(?:" + w["duration_lead"] + r")\s*\Z"),
        time_unit=c(r"\s*(?:" + w["time_unit"] + ")" + _E),
        subject_trailing=c(r"(?i)(?:\s+|^)(?:" + w["subject_trailing"] + r")\s*$"),
        subject_leading=c(r"(?i)^(?:(?:" + w["subject_leading"] + r"|,)\s+)+"),
        subject_opening=c(r"(?i)^(?:" + w["subject_opening"] + r")(?:\s+|$)"),
        subject_stop=c(r"[,;.:\n|]|\s(?:" + w["subject_stop"] + r")\s"),
        period_lead=c(r"[\s\-+*•#>(\[\"']*(?:(?:" + w["period_lead"] + r")\s+)?"),
        **_figure_patterns(c, w, leads, lexicon, folded),
    )


def _figure_patterns(
    c: Callable[[str], re.Pattern[str]],
    w: dict[str, str],
    leads: str,
    lexicon: Lexicon,
    folded: bool,
) -> dict[str, Any]:
    """What tells a figure from a number that is none, and a rate's or a rank's parts."""
    each, base = w["rate_each"], w["rate_base"]
    return {
        "ordinal_suffix": c(r"(?:" + w["ordinal_suffix"] + ")" + _E),
        "label_after": c(r"[^\S\n]+(?:" + w["label_after"] + ")" + _E),
        "at_least_after": c(r"[^\S\n]*(?:" + w["at_least_after"] + ")" + _E),
        "rate_base": c(
            r"(?:[^\S\n]+[^\W\d_]+){0,3}?[^\S\n]*(?:/[^\S\n]*|[^\S\n]+(?:" + w["rate_over"] + r")"
            r"[^\S\n]+(?=1)|[^\S\n]+(?:" + each + r")[^\S\n]+(?![0-9]))"
            r"(?:(?P<n>" + _PER + r")[^\S\n]+)?(?P<w>(?:" + base + "))" + _E
        ),
        "rate_before": c(
            _B
            + r"(?:"
            + each
            + r")[^\S\n]+(?P<w>(?:"
            + base
            + r")(?:[^\S\n]*,[^\S\n]*(?:"
            + base
            + r"))*)[^\S\n]*(?:(?:"
            + leads
            + r")[^\S\n]+)?\Z"
        ),
        "period_unit": c(r"[^\S\n]+(?:" + w["period_unit"] + ")" + _E),
        "month_word": c(_B + r"(?:" + w["month_word"] + r")[^\S\n]*\Z"),
        "month_after": c(r"[^\S\n]+(?:" + w["month_name"] + ")" + _E),
        "month_before": c(_B + r"(?:" + w["month_name"] + r")[^\S\n]+\Z"),
        "clock": c(
            r"[^\S\n]*(?:"
            + w["clock_word"]
            + r")"
            + _E
            + r"(?P<minute>[^\S\n]*[0-9]{1,2}[^\S\n]*(?:"
            + w["clock_minute"]
            + r")"
            + _E
            + r")?(?P<day>[^\S\n]+(?:"
            + w["date_lead"]
            + ")"
            + _E
            + ")?"
        ),
        "clock_lead": c(_B + r"(?:" + w["clock_lead"] + r")[^\S\n]*\Z"),
        "page_line": c(
            r"[\s\-–|]*(?:" + w["page_word"] + r")[^\S\n]*[0-9]+(?:[^\S\n]*(?:/|of|trên)"
            r"[^\S\n]*[0-9]+)?[\s\-–|]*"
        ),
        "score_unit": _word_set(lexicon.words["score_unit"], folded),
        "english_words": _word_set(lexicon.words["english_words"], folded),
    }


def phrases(words: Iterable[str]) -> str:
    """Longest first; a phrase's spaces match any spaces (line breaks too)."""
    parts = [
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))
    ]
    return "|".join(parts) if parts else "(?!)"


def _word_set(words: Iterable[str], folded: bool) -> frozenset[str]:
    return frozenset(fold(w) if folded else w for w in words)
