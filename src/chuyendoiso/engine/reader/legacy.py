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

# The bytes 0xA8-0xBF as characters: TCVN3's ă â ê ô ơ ư đ and the five tones of "a", and
# its capitals; Vietnamese in Unicode has none of them.
_TCVN3 = re.compile("[\u00a8-\u00ae\u00b5-\u00be\u00a1-\u00a7]")
# VNI: đ is "ñ", ư "ö", ơ "ô" after "ö" ("ñöôïc" for "được"); a Vietnamese text has no ñ, ö.
_VNI = re.compile("[ñöÑÖ]")
_SAMPLE = 200_000  # characters looked at: enough to tell, and bounded
_MIN_MARKS = 3


def legacy_encoding(text: str) -> str | None:
    """ "TCVN3" or "VNI" when the text looks typed in that encoding, else None."""
    sample = text[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return None
    for name, marks in (("TCVN3", _TCVN3), ("VNI", _VNI)):
        count = len(marks.findall(sample))
        if count >= _MIN_MARKS and count >= 0.01 * letters:
            return name
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
