"""Text in the legacy TCVN3 and VNI encodings is recognised, Unicode text is not."""

from __future__ import annotations

import pytest

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import legacy_encoding, read_document

from .support import fixture

# "được cấp 1.930 mã, đạt 89,44%, tăng 4 bậc so với năm trước" in each encoding
TCVN3 = (
    "\u00ae\u00ad\u00eec c\u00cap 1.930 m\u00b7, \u00ae\u00b9t 89,44%, t\u00a8ng 4 b\u00cbc "
    "so v\u00edi n\u00a8m tr\u00ad\u00edc"
)
VNI = "ñöôïc caáp 1.930 maõ, ñaït 89,44%, taêng 4 baäc so vôùi naêm tröôùc"


def test_each_legacy_encoding_is_named():
    assert legacy_encoding(TCVN3) == "TCVN3"
    assert legacy_encoding(VNI) == "VNI"


@pytest.mark.parametrize(
    "name",
    ["bac_ninh_2023_nam.txt", "kon_tum_6thang_2025_sai.txt", "quang_tri_quy1_2025_khong_dau.txt"],
)
def test_unicode_reports_are_not_taken_for_legacy_text(name):
    assert legacy_encoding(fixture(name)) is None


def test_a_legacy_file_is_refused_naming_the_encoding():
    data = TCVN3.encode("latin-1")
    with pytest.raises(ValidationError) as refused:
        read_document(data, "cu.txt")
    assert refused.value.extra == {"file": "cu.txt", "field": "encoding", "value": "TCVN3"}
    assert "TCVN3" in refused.value.message
