"""Text in the legacy Vietnamese encodings TCVN3 (ABC) and VNI, recognised and refused.

Before Unicode, Vietnamese documents were typed in 8-bit fonts: TCVN3 puts the accented
vowels at bytes 0xA8-0xFE ("®¹t" for "đạt"), VNI writes a base letter followed by a byte
for its marks ("ñaït" for "đạt"). Read as Unicode or Windows-1258 such a text is garbage
that the reader would silently find no figure in; it is refused, naming the encoding, so
that its author converts it (Unikey's converter, "TCVN3 → Unicode").
"""

from __future__ import annotations

import re

from chuyendoiso.engine.domain.errors import ValidationError

# The bytes 0xA1-0xBE as characters, inside a word: TCVN3's ă â ê ô ơ ư đ, their capitals
# and the five tones of "a"; Vietnamese in Unicode has none of them.
_TCVN3_MARK = "[\u00a1-\u00ae\u00b5-\u00be]"
_TCVN3 = re.compile(
    f"(?<=[A-Za-z\u00a1-\u00be]){_TCVN3_MARK}|{_TCVN3_MARK}(?=[A-Za-z\u00a1-\u00be])"
)
# VNI: đ is "ñ", ư "ö" ("ñöôïc" for "được"), inside a word; Vietnamese has no ñ, ö.
_VNI = re.compile("(?<=[A-Za-z\u00c0-\u00ff])[ñöÑÖ]|[ñöÑÖ](?=[A-Za-z\u00c0-\u00ff])")
# Letters only Vietnamese in Unicode has (ă đ ơ ư and the precomposed toned vowels): a text
# that has more of them than legacy marks is Unicode with a few odd symbols.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_SAMPLE = 200_000  # characters looked at: enough to tell, and bounded
_MIN_MARKS = 3
_MIN_LETTERS = 20  # a shorter text is too short to tell


def legacy_encoding(text: str) -> str | None:
    """ "TCVN3" or "VNI" when the text looks typed in that encoding, else None."""
    sample = text[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < _MIN_LETTERS:
        return None
    for name, marks in (("TCVN3", _TCVN3), ("VNI", _VNI)):
        count = len(marks.findall(sample))
        if count >= _MIN_MARKS and count >= 0.01 * letters:
            return None if len(_UNICODE_VI.findall(sample)) >= count else name
    return None


def refuse_legacy_encoding(text: str, filename: str = "") -> None:
    found = legacy_encoding(text)
    if found is not None:
        raise ValidationError(
            f"Văn bản dùng bảng mã cũ {found}; hãy chuyển sang Unicode (ví dụ bằng Unikey) "
            f"/ the text is in the legacy {found} encoding: convert it to Unicode",
            file=filename,
            field="encoding",
            value=found,
        )
