"""Text forms the reader works on, all of the same length so that offsets carry over.

- ``nfc``: the text in Unicode NFC (Vietnamese letters as one code point each); spans of
  figures index this text.
- ``lower``: ``nfc`` in lower case, with dashes, spaces and the percent sign unified.
- ``fold``: ``lower`` without diacritics (đ -> d): "tăng" -> "tang".

Patterns are written in Vietnamese with their diacritics and run on ``lower``; a text
typed without diacritics is read on ``fold`` with the same patterns folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# one character for one character, so that offsets do not move
_PUNCT = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
    "\r": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\uff05": "%",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2044": "/",
    "\u2215": "/",
}
_LOWER_TABLE = str.maketrans(_PUNCT)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(cp)
        base = unicodedata.normalize("NFD", char)[0]
        if base.isascii() and base.isalpha():
            table[cp] = base.lower() if len(base.lower()) == 1 else base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    return table


_FOLD_TABLE = _fold_table()
_DIACRITIC = re.compile(r"[^\x00-\x7f]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lower(text: str) -> str:
    """Lower case of the same length (a character whose lower case is longer stays)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_LOWER_TABLE)


def fold(text: str) -> str:
    """Without diacritics, same length: "Đạt tỷ lệ" -> "Dat ty le" (case as given)."""
    return text.translate(_FOLD_TABLE)


@dataclass(frozen=True)
class KeyText:
    """The forms of one text; ``key`` is the one patterns run on."""

    nfc: str
    lower: str
    fold: str
    folded_mode: bool  # the text has (almost) no diacritics

    @property
    def key(self) -> str:
        return self.fold if self.folded_mode else self.lower


_LETTER = re.compile(r"[^\W\d_]")
_LINE = re.compile(r"[^\n]+")
SAMPLE = 200_000  # characters looked at to tell how a text is typed
PLAIN_LINE = 40  # letters of a line typed without diacritics that count
PLAIN_SHARE = 0.25  # of the letters in such lines: the text is read without diacritics


def key_text(text: str) -> KeyText:
    """The forms of ``text``; it is read without diacritics when (almost) none are typed, or
    when a good part of it is typed without them (paragraphs pasted from another source)."""
    normal = nfc(text)
    low = lower(normal)
    folded = fold(low)
    sample, folded_sample = low[:SAMPLE], folded[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    marked = sum(1 for m in _DIACRITIC.finditer(sample) if folded_sample[m.start()] != m.group())
    folded_mode = letters > 0 and marked / letters < 0.01
    if letters and not folded_mode:
        plain = 0
        for line in _LINE.finditer(sample):
            if folded_sample[line.start() : line.end()] == line.group():
                count = len(_LETTER.findall(line.group()))
                plain += count if count >= PLAIN_LINE else 0
        folded_mode = plain / letters >= PLAIN_SHARE
    return KeyText(normal, low, folded, folded_mode)


_WORD = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Lower-case words (Vietnamese syllables) and digit groups: "3G/4G" -> ["3g", "4g"]."""
    return _WORD.findall(lower(text))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return fold(word)


def pattern_for(text: KeyText, pattern: str) -> str:
    """A pattern written with diacritics, folded when the text has none."""
    return fold(pattern) if text.folded_mode else pattern
