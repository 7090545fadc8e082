"""The seed report, read figure by figure: the table below is written by hand from the text
(the fixture ``seed_report_text``, ``CDS_SEED_DIR``), in the order the figures appear."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuyendoiso.engine.domain.datavalues import Origin
from chuyendoiso.engine.reader import ChangeKind, CheckKind, Kind, Verdict, factcheck

from .support import catalog, seed_values

H1 = "2024S1"
SOC = "2024-01-01..2024-05-26"  # "Từ ngày 01/01/2024-26/5/2024"
DOSSIERS = "2024-01-01..2024-05-27"  # "từ ngày 01/01/2024 đến ngày 27/5/2024", "từ đầu năm đến nay"
CIVIL = "2024-01-01..2024-05-19"  # "đến 19/5/2024", a flow: from the start of the year

# (as written, kind, qualifier, indicator, period of the match); a change states no indicator
EXPECTED = [
    ("gần 140", Kind.COUNT, "gan", "NTS_BAO_TIN_BAI", H1),
    ("8", Kind.RATE, "exact", "NTS_PTTH_CHUYEN_MUC", H1),
    ("hơn 100", Kind.COUNT, "hon", "NTS_CONG_TTDT_TIN_BAI", H1),
    ("476", Kind.COUNT, "exact", "NTS_TRANG_CDS_TIN_BAI", H1),
    ("tăng 71,79%", Kind.CHANGE, "exact", None, H1),
    ("90%", Kind.PERCENT, "exact", "HTS_NGUOI_TT_DTTM_TY_LE", H1),
    ("97%", Kind.PERCENT, "exact", "HTS_HGD_DTTM_TY_LE", H1),
    ("76%", Kind.PERCENT, "exact", "HTS_HGD_CAP_QUANG_TY_LE", H1),
    ("07", Kind.COUNT, "exact", "HTS_DN_VIEN_THONG", H1),
    ("1.830", Kind.COUNT, "exact", "HTS_BTS", H1),
    ("1.567.705", Kind.COUNT, "exact", "HTS_TB_DI_DONG", H1),
    ("1.182.686", Kind.COUNT, "exact", "HTS_TB_3G4G", H1),
    ("tăng 9%", Kind.CHANGE, "exact", None, H1),
    ("100%", Kind.PERCENT, "exact", "HTS_THON_CAP_QUANG_TY_LE", H1),
    ("09", Kind.COUNT, "exact", "HTS_THON_CHUA_3G4G", H1),
    ("99,7%", Kind.PERCENT, "exact", "HTS_DIA_CHI_SO_TY_LE", H1),
    ("16.544.448", Kind.COUNT, "exact", "ATTT_SOC_TRUY_VAN", SOC),
    ("110.651", Kind.COUNT, "exact", "ATTT_SOC_TAN_CONG", SOC),
    ("63.605", Kind.COUNT, "exact", "ATTT_SOC_THU_RAC", SOC),
    ("383", Kind.COUNT, "exact", "ATTT_SOC_THU_MA_DOC", SOC),
    ("1207", Kind.COUNT, "exact", "ATTT_SOC_MAY_GO_MA_DOC", SOC),  # "trên 1207 máy tính": on
    ("1.486", Kind.COUNT, "exact", "ATTT_SOC_LO_HONG", SOC),
    ("114", Kind.COUNT, "exact", "ATTT_SOC_KET_NOI_NGUY_HIEM", SOC),
    ("2.597", Kind.COUNT, "exact", "ATTT_SOC_MAY_NN_MA_DOC", SOC),
    ("48", Kind.COUNT, "exact", "CQS_QLVB_SO_NGANH", H1),
    ("08", Kind.COUNT, "exact", "CQS_QLVB_CAP_HUYEN", H1),
    ("100%", Kind.PERCENT, "exact", "CQS_QLVB_CAP_XA_TY_LE", H1),
    ("12.026", Kind.COUNT, "exact", "CQS_QLVB_TAI_KHOAN", H1),
    ("9.336", Kind.COUNT, "exact", "CQS_CTS_CHUYEN_DUNG", "20240526"),
    ("100%", Kind.PERCENT, "exact", "CQS_MOT_CUA_CTS_TY_LE", "20240526"),
    # "Tính đến ngày 26/5/2024, ...;" opens the sentence and holds across ";" (issue 14)
    ("16", Kind.COUNT, "exact", "CQS_STDV_DANG_BO", "20240526"),
    ("88.020/98.408", Kind.RATIO, "exact", "CQS_STDV_TY_LE", "20240526"),
    ("89,44%", Kind.PERCENT, "exact", "CQS_STDV_TY_LE", "20240526"),
    ("1.163.038", Kind.COUNT, "exact", "CQS_CCCD_HO_SO", "20240526"),
    ("822.099", Kind.COUNT, "exact", "CQS_DDDT_THU_NHAN", "20240415"),
    ("786.370", Kind.COUNT, "exact", "CQS_DDDT_KICH_HOAT", "20240415"),
    ("96%", Kind.PERCENT, "exact", "CQS_DDDT_KICH_HOAT_TY_LE", "20240415"),
    ("78,72%", Kind.PERCENT, "exact", "CQS_HS_KQ_DIEN_TU_TY_LE", DOSSIERS),
    ("76,45%", Kind.PERCENT, "exact", "CQS_HS_SO_HOA_TY_LE", DOSSIERS),
    ("77,21%", Kind.PERCENT, "exact", "CQS_HS_TAI_SU_DUNG_TY_LE", DOSSIERS),
    ("529.500", Kind.COUNT, "exact", "CQS_BHXH_TAI_KHOAN", H1),
    ("72.554", Kind.COUNT, "exact", "CQS_AN_SINH_TAI_KHOAN", H1),
    ("89%", Kind.PERCENT, "exact", "CQS_AN_SINH_TY_LE", H1),
    ("14.770", Kind.COUNT, "exact", "CQS_HO_TICH_SU_KIEN", CIVIL),
    ("bằng 76,6%", Kind.CHANGE, "exact", None, "20240519"),
    ("275.540", Kind.COUNT, "exact", "CQS_HS_TIEP_NHAN", DOSSIERS),
    ("262.969", Kind.COUNT, "exact", "CQS_HS_DA_XU_LY", DOSSIERS),
    ("99,63%", Kind.PERCENT, "exact", "CQS_HS_DUNG_HAN_TY_LE", DOSSIERS),
    ("khoảng 389 nghìn tỷ", Kind.AMOUNT, "khoang", "KTS_DOANH_THU", H1),
    ("hơn 505.000", Kind.COUNT, "hon", "KTS_MOBILE_MONEY_KH", H1),
    ("trên 9.300", Kind.COUNT, "tren", "KTS_MOBILE_MONEY_DIEM", H1),
    ("trên 6,6 triệu", Kind.COUNT, "tren", "KTS_TTKDTM_GIAO_DICH", H1),
    ("trên 66 nghìn tỷ", Kind.AMOUNT, "tren", "KTS_TTKDTM_GIA_TRI", H1),
    ("205/213", Kind.RATIO, "exact", "XHS_CSKCB_KET_NOI_TY_LE", H1),
    ("1.057.207/1.318.208", Kind.RATIO, "exact", "XHS_HSSK_TY_LE", H1),
    ("80,2%", Kind.PERCENT, "exact", "XHS_HSSK_TY_LE", H1),
    ("4", Kind.COUNT, "exact", "XHS_GTVT_PHAN_MEM", H1),
]
VALUES = {  # the exact values of the figures written with words or decimals
    "khoảng 389 nghìn tỷ": Decimal("389000000000000"),
    "trên 6,6 triệu": Decimal("6600000"),
    "trên 66 nghìn tỷ": Decimal("66000000000000"),
    "89,44%": Decimal("89.44"),
    "99,7%": Decimal("99.7"),
    "07": Decimal(7),
    "1207": Decimal(1207),
}


@pytest.fixture(scope="module")
def result(seed_report_text):
    return factcheck(seed_report_text, catalog())


def test_every_figure_of_the_seed_is_found_in_order(result):
    written = [f.text for f in result.figures]
    assert len(result.figures) == len(EXPECTED) == 57
    for figure, (text, kind, qualifier, _code, _period) in zip(
        result.figures, EXPECTED, strict=True
    ):
        assert text in figure.text, (figure.id, figure.text, written)
        assert figure.kind is kind, (figure.text, figure.kind)
        assert figure.qualifier.value == qualifier, figure.text


def test_every_figure_of_the_seed_has_its_indicator_and_period(result):
    got = [(m.indicator, m.period.id) for m in result.matches]
    want = [(code, period) for _t, _k, _q, code, period in EXPECTED]
    assert got == want
    assert all(m.confidence >= 0.5 for m in result.matches if m.indicator)
    assert result.unmatched == []


def test_values_are_exact(result):
    by_text = {f.text: f for f in result.figures}
    for written, value in VALUES.items():
        figure = next(f for t, f in by_text.items() if written in t)
        assert figure.value == value, written
    ratio = next(f for f in result.figures if f.kind is Kind.RATIO)
    assert (ratio.value, ratio.denominator) == (88020, 98408)


def test_the_report_period_comes_from_its_first_sentences(result):
    assert result.document_period.id == H1
    as_of = [f.text for f in result.figures if f.period.as_of]
    # "Tính đến ngày 26/5/2024, ...;" holds across ";" until "tính đến ngày 15/4/2024"
    assert as_of == [
        "9.336 chứng thư số",
        "100%",
        "16 Đảng bộ",
        "đạt 88.020/98.408 đảng viên",
        "89,44%",
        "1.163.038 hồ sơ",
        "822.099 tài khoản",
        "786.370 tài khoản",
        "96%",
        "có 14.770 sự kiện",
        "bằng 76,6% so với cùng kỳ năm 2023",
    ]
    cumulative = [f.text for f in result.figures if f.period.cumulative]
    assert any("6,6 triệu" in t for t in cumulative)


def test_comparisons_are_attached_with_their_period(result):
    compared = {f.id: f for f in result.figures if f.comparison is not None}
    stated = sorted(
        (f.text, f.comparison.measure, f.comparison.value, f.comparison.baseline_period.id)
        for f in compared.values()
    )
    assert stated == sorted(
        [
            ("476 tin, bài", ChangeKind.PERCENT, Decimal("71.79"), "2023S1"),
            ("có 1.182.686 thuê bao", ChangeKind.PERCENT, Decimal(9), "2023S1"),
            ("có 14.770 sự kiện", ChangeKind.LEVEL, Decimal("76.6"), "20230519"),
        ]
    )


def test_the_arithmetic_of_the_seed(result):
    checks = {(c.kind, c.stated): c for c in result.checks}
    ratio = checks[(CheckKind.RATIO, "89,44%")]
    assert ratio.status is Verdict.CONSISTENT
    assert ratio.arithmetic.startswith("88.020 / 98.408 × 100 = 89,4439")
    rounded = checks[(CheckKind.RATIO, "96%")]
    assert rounded.status is Verdict.CONSISTENT  # 95,65% stated as 96%: 0 decimals
    assert "95,6539" in rounded.arithmetic and "→ 96%" in rounded.arithmetic
    health = checks[(CheckKind.RATIO, "đạt 80,2%")]
    assert health.status is Verdict.CONSISTENT and health.expected == Decimal("80.2")
    facilities = checks[(CheckKind.PART_OF_TOTAL, "205/213 cơ sở")]
    assert facilities.status is Verdict.CONSISTENT
    assert facilities.arithmetic == "205 ≤ 213 (96,24%)"
    subscribers = checks[(CheckKind.PART_OF_TOTAL, "có 1.182.686 thuê bao")]
    assert subscribers.status is Verdict.CONSISTENT


def test_what_the_text_alone_cannot_check_is_said(result):
    open_claims = sorted(c.stated for c in result.checks if c.status is Verdict.NOT_CHECKABLE)
    assert open_claims == sorted(
        [
            "tăng 71,79% so với cùng kỳ năm 2023",  # no 2023 value in the text
            "tăng 9% so với cùng kỳ năm 2023",
            "bằng 76,6% so với cùng kỳ năm 2023",
            "đạt 89%",  # 72.554 đối tượng (đạt 89%): of how many is not said
        ]
    )
    assert result.inconsistent == []
    assert result.summary() == {
        "figures": 57,
        "matched": 54,
        "unmatched": 0,
        "checks": 12,
        "consistent": 8,
        "inconsistent": 0,
        "not_checkable": 4,
    }


def test_proposed_values_are_the_demo_values_of_the_seed(result):
    """The values an import would draft equal the hand-made demo data, field by field."""
    proposed = {(v.indicator, v.period): v for v in result.proposed_values(catalog())}
    demo = {(v.indicator, v.period): v for v in seed_values() if v.origin is Origin.REPORTED}
    # the virtual museum has no number in the text (the demo counts it as 1)
    assert set(demo) - set(proposed) == {("XHS_BAO_TANG_AO", "2024S1")}
    assert set(proposed) <= set(demo)
    fields = [
        "value",
        "numerator",
        "denominator",
        "qualifier",
        "decimals",
        "scale",
        "reference_date",
        "change_stated",
        "level_stated",
    ]
    for key, value in proposed.items():
        mismatched = {
            f: (getattr(value, f), getattr(demo[key], f))
            for f in fields
            if getattr(value, f) != getattr(demo[key], f)
        }
        assert mismatched == {}, key


def test_stored_data_through_the_lookup_hook(seed_report_text):
    """With the demo values as stored data, every figure found there agrees; a changed
    stored value is flagged; a stored 2023 value lets the stated growth be checked."""
    stored = {(v.indicator, v.period): (v.value, v.decimals) for v in seed_values()}

    def lookup(code, period):
        return stored.get((code, period.id))

    checked = factcheck(seed_report_text, catalog(), lookup=lookup)
    against = [c for c in checked.checks if c.kind is CheckKind.STORED]
    assert len(against) >= 50
    assert all(c.status is Verdict.CONSISTENT for c in against)
    growth = {c.stated: c for c in checked.checks if c.kind is CheckKind.CHANGE}
    assert all("số liệu đã lưu" in c.message for c in growth.values())
    assert growth["tăng 9% so với cùng kỳ năm 2023"].status is Verdict.CONSISTENT
    assert growth["bằng 76,6% so với cùng kỳ năm 2023"].status is Verdict.CONSISTENT
    # no whole number of 2023 items gives 71,79% (476 / 1,7179 = 277,08): the stored 277
    # gives 71,84%, and the reader says so with the arithmetic
    items = growth["tăng 71,79% so với cùng kỳ năm 2023"]
    assert items.status is Verdict.INCONSISTENT
    assert items.expected == Decimal("71.84")
    assert items.arithmetic == "(476 − 277) / 277 × 100 = 71,8412…% → 71,84%"

    stored[("HTS_BTS", "2024S1")] = (Decimal(1930), 0)
    flagged = [
        c
        for c in factcheck(seed_report_text, catalog(), lookup=lookup).inconsistent
        if c.kind is CheckKind.STORED
    ]
    assert [(c.indicator, c.expected) for c in flagged] == [("HTS_BTS", Decimal(1930))]
