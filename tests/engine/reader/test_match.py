"""Matching to the catalogue: other wording, abbreviations, missing diacritics, the unit as
a signal, unmatched figures listed with a reason; the lexicon agrees with the catalogue."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal

import pytest

from chuyendoiso.engine.domain.catalog import TimeAggregation
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.reader import (
    FigurePeriod,
    Kind,
    Matcher,
    PeriodSource,
    default_lexicon,
    factcheck,
    read_lexicon,
)
from chuyendoiso.engine.reader.match import refine_period

from .support import DATA, catalog


def codes(text: str) -> list[str | None]:
    return [m.indicator for m in factcheck(text, catalog()).matches]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Toàn tỉnh hiện có 2.105 trạm BTS đang hoạt động.", "HTS_BTS"),
        ("Có 1.204 trạm phát sóng thông tin di động.", "HTS_BTS"),
        ("Thu nhận 45.200 hồ sơ cấp CCCD.", "CQS_CCCD_HO_SO"),
        ("Có 12 doanh nghiệp viễn thông (nhà mạng) hoạt động.", "HTS_DN_VIEN_THONG"),
        ("Ngăn chặn 3.500 cuộc tấn công mạng.", "ATTT_SOC_TAN_CONG"),
        ("Phát hiện 87 lỗ hổng bảo mật.", "ATTT_SOC_LO_HONG"),
        ("Số khách hàng dùng Mobile Money là 61.200 khách hàng.", "KTS_MOBILE_MONEY_KH"),
        ("Có 180.000 tài khoản VssID được phê duyệt.", "CQS_BHXH_TAI_KHOAN"),
        ("Tỷ lệ hồ sơ TTHC giải quyết đúng hạn đạt 97,5%.", "CQS_HS_DUNG_HAN_TY_LE"),
        ("Đã gắn mã địa chỉ số cho 95,1% nhà ở.", "HTS_DIA_CHI_SO_TY_LE"),
        ("Tỷ lệ hộ gia đình có kết nối Internet cáp quang: 86,5%.", "HTS_HGD_CAP_QUANG_TY_LE"),
        ("Đài phát thanh và truyền hình tỉnh phát 6 chuyên mục/tháng.", "NTS_PTTH_CHUYEN_MUC"),
        ("Doanh thu lĩnh vực kinh tế số ước đạt 12.300 tỷ đồng.", "KTS_DOANH_THU"),
        (
            "Số giao dịch thanh toán không dùng tiền mặt đạt 2,1 triệu giao dịch.",
            "KTS_TTKDTM_GIAO_DICH",
        ),
        ("Ty le ho so giai quyet dung han dat 98,2%.", "CQS_HS_DUNG_HAN_TY_LE"),
        ("Co 1.250 tram BTS tren dia ban.", "HTS_BTS"),
    ],
)
def test_other_wordings_find_their_indicator(text, code):
    assert codes(text) == [code]


def test_unmatched_figures_are_listed_with_a_reason():
    result = factcheck("Tổ chức 35 hội nghị và 2 cuộc thi về chuyển đổi số.", catalog())
    assert [m.indicator for m in result.matches] == [None, None]
    assert [f.text for f in result.unmatched] == ["35 hội nghị", "2 cuộc"]
    assert all(m.reason.startswith("không đủ căn cứ") for m in result.matches)


def test_the_unit_tells_apart_indicators_with_the_same_words():
    result = factcheck(
        "Hệ thống quản lý văn bản được dùng tại 48 sở, ban, ngành với 12.026 tài khoản.",
        catalog(),
    )
    assert [m.indicator for m in result.matches] == ["CQS_QLVB_SO_NGANH", "CQS_QLVB_TAI_KHOAN"]
    assert "đơn vị 'sở, ban, ngành'" in result.matches[0].reason


def test_a_match_says_which_words_matched():
    result = factcheck("Có 1.567.705 thuê bao điện thoại di động.", catalog())
    (found,) = result.matches
    assert found.indicator == "HTS_TB_DI_DONG" and 0.5 < found.confidence <= 1
    assert "'thuê'" in found.reason and "đơn vị 'thuê bao'" in found.reason


def test_a_flow_up_to_a_day_covers_the_year_to_that_day():
    day = FigurePeriod(parse_period("20240519"), PeriodSource.STATED, as_of=True)
    events = catalog().indicator("CQS_HO_TICH_SU_KIEN")
    stock = catalog().indicator("HTS_BTS")
    assert events.aggregation_time is TimeAggregation.FLOW
    assert refine_period(day, events).period.id == "2024-01-01..2024-05-19"
    assert refine_period(day, events).to_date and not refine_period(day, events).as_of
    assert refine_period(day, stock) == day


def test_the_lexicon_covers_the_catalogue():
    lexicon = default_lexicon()
    units = set(lexicon.units) | set(lexicon.money)
    missing = {
        i.unit_label_vi.lower()
        for i in catalog().indicators
        if i.unit_label_vi not in ("%", "") and i.unit_label_vi.lower() not in units
    }
    assert missing == set()
    known = {i.code for i in catalog().indicators}
    assert set(lexicon.indicator_phrases) <= known
    assert set(lexicon.pillar_phrases) <= {p.code for p in catalog().pillars}


def test_a_province_extends_the_lexicon(tmp_path):
    """A phrase added to the lexicon file is used at once: no code to change."""
    text = "Toàn tỉnh có 45 điểm phát wifi công cộng miễn phí tại các trạm phát sóng."
    before = Matcher(catalog()).match(factcheck(text, catalog()).figures, text=text)
    assert before[0].indicator is None
    source = (DATA / "reader" / "vi.yaml").read_text(encoding="utf-8")
    source = source.replace("  HTS_BTS: [", "  HTS_BTS: [điểm phát wifi công cộng, ")
    path = tmp_path / "vi.yaml"
    path.write_text(source, encoding="utf-8")
    lexicon = read_lexicon(path)
    result = factcheck(text, catalog(), lexicon=lexicon)
    assert [m.indicator for m in result.matches] == ["HTS_BTS"]


def test_json_output_is_plain_data():
    # "đảng viên" alone does not say which fraction of party members: the handbook's
    text = "Có 88.020/98.408 đảng viên đã cài đặt Sổ tay đảng viên điện tử (đạt 89,44%)."
    result = factcheck(text, catalog())
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    ratio = data["figures"][0]
    assert ratio["value"] == "88020" and ratio["denominator"] == "98408"
    assert ratio["kind"] == Kind.RATIO.value
    assert ratio["match"]["indicator"] == "CQS_STDV_TY_LE"
    assert ratio["match"]["numerator"] == "CQS_STDV_DANG_VIEN"
    assert data["checks"][0]["status"] in ("consistent", "inconsistent", "not_checkable")
    assert data["summary"]["figures"] == 2


def test_text_rendering_and_segments():
    text = "Có 88.020/98.408 đảng viên (đạt 89,45%)."
    result = factcheck(text, catalog())
    rendered = result.render_text()
    assert "✗ [ratio]" in rendered and "88.020 / 98.408 × 100 = 89,4439…%" in rendered
    pieces = list(result.segments())
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, i in pieces if i is not None] == ["Có 88.020/98.408 đảng viên", "đạt 89,45%"]


def test_results_are_frozen():
    result = factcheck("Có 1.830 trạm BTS.", catalog())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.figures[0].value = Decimal(1)  # type: ignore[misc]


def test_the_words_that_tie_figures_come_from_the_lexicon(tmp_path):
    """ "gồm" makes the figures after a total its parts; without it in the lexicon's
    `parts_intro` and `parts_complete`, they are not (the patterns are built from the file)."""
    text = "Toàn tỉnh có 2.345 trạm BTS, gồm 1.980 trạm 4G và 365 trạm 5G."
    assert factcheck(text, catalog()).figures[0].parts == (1, 2)
    source = (DATA / "reader" / "vi.yaml").read_text(encoding="utf-8")
    source = re.sub(r"(?m)^  parts_intro: .*$", "  parts_intro: [trong đó]", source)
    source = re.sub(r"(?m)^  parts_complete: .*$", "  parts_complete: [bao gồm]", source)
    path = tmp_path / "vi.yaml"
    path.write_text(source, encoding="utf-8")
    assert factcheck(text, catalog(), lexicon=read_lexicon(path)).figures[0].parts == ()


def test_a_lexicon_without_a_word_list_is_refused_with_its_name(tmp_path):
    source = (DATA / "reader" / "vi.yaml").read_text(encoding="utf-8")
    source = source.replace("  plan: [kế hoạch, chỉ tiêu, mục tiêu]\n", "")
    path = tmp_path / "vi.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ValidationError, match="plan"):
        read_lexicon(path)
