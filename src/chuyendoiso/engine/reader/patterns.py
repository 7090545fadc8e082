"""The reader's regular expressions, built once per lexicon and per text form.

Each is either anchored at a position (``match``) or at the end of a short slice before a
figure (``\\Z``), or made of bounded alternatives: none can backtrack without bound, so
reading stays linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.normalize import fold

# a numeric run: digits with single separators between them; never starts inside a run
RUN = re.compile(r"(?<![0-9])[0-9]++(?:[.,/\-][0-9]++)*+")
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


def _compile(pattern: str, folded: bool) -> re.Pattern[str]:
    return re.compile(fold(pattern) if folded else pattern)


@lru_cache(maxsize=8)
def patterns_for(lexicon: Lexicon, folded: bool) -> Patterns:
    def c(pattern: str) -> re.Pattern[str]:
        return _compile(pattern, folded)

    qualifiers = _alternation(lexicon.qualifiers)
    leads = _alternation(lexicon.lead_verbs)
    w = {name: _phrases(words) for name, words in lexicon.words.items()}
    return Patterns(
        percent=c(r"[^\S\n]?(?:%|phần[^\S\n]+trăm" + _E + ")"),
        scale=c(r"[^\S\n]*(?P<w>" + _alternation(lexicon.scales) + ")" + _E),
        money=c(r"[^\S\n]*(?P<w>" + _alternation(lexicon.money) + "|đ)" + _E),
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
            r"\s*(?:/|trên(?:\s+tổng\s+số)?|trong\s+(?:tổng\s+)?số)\s*(?P<n>[0-9]{1,4})"
            r"(?![0-9.,])"
        ),
        score=c(_B + r"(?:" + _alternation(lexicon.score_words) + ")" + _E),
        document=c(_B + r"(?:" + _alternation(lexicon.document_words) + r")(?:\s+số)?\s*\Z"),
        label=c(_B + r"(?:" + _alternation(lexicon.label_words) + r")\s*\Z"),
        number_word=c(r"(?<!tổng\s)(?<!trong\s)(?<!trên\s)" + _B + r"số\s*\Z"),
        ordinal=c(_B + r"thứ\s*\Z"),
        phone=c(_B + r"(?:" + _alternation(lexicon.phone_words) + r")\s*[:.]?\s*\Z"),
        date_words=c(_B + r"(?:ngày|từ|đến|tới|hết|và)\s*\Z"),
        target=c(_B + r"(?:" + _alternation(lexicon.target_words) + ")" + _E),
        compared_with=c(r"\s*[,(]?\s*so\s+(?:với\s+)?(?P<what>" + w["baseline"] + r")?"),
        baseline_value=c(
            r"\s*(?:\(|,|:|-)?\s*(?:(?:" + w["baseline_lead"] + r")\s+)?(?=[0-9]|gần|hơn)"
        ),
        points=c(r"\s*điểm\s+(?:phần\s+trăm|%)"),
        times=c(r"\s*lần" + _E),
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
    )


def _phrases(words: Iterable[str]) -> str:
    """Longest first; a phrase's spaces match any spaces (line breaks too)."""
    parts = [
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))
    ]
    return "|".join(parts) if parts else "(?!)"
