"""Reports in other styles than the seed (tests/fixtures/reports/README.md): another
province and year, a text typed without diacritics, a report with mistakes put in on
purpose, and a news web page. Every figure of them is invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuyendoiso.engine.reader import CheckKind, Kind, Verdict, factcheck, read_document

from .support import FIXTURES, catalog, fixture


def table(result):
    return [
        (f.text, f.kind.value, m.indicator, m.period.id)
        for f, m in zip(result.figures, result.matches, strict=True)
    ]


def checks(result):
    return sorted((c.kind.value, c.status.value, c.stated, c.expected) for c in result.checks)


# --- an annual administrative report of another province -----------------------------------


@pytest.fixture(scope="module")
def bac_ninh():
    return factcheck(fixture("bac_ninh_2023_nam.txt"), catalog())


def test_annual_report_figures(bac_ninh):
    assert bac_ninh.document_period.id == "2023"
    assert table(bac_ninh) == [
        ("215 tin, bài", "count", "NTS_BAO_TIN_BAI", "2023"),
        ("tăng 12,6% so với năm 2022", "change", None, "2023"),
        ("191 tin, bài", "count", "NTS_BAO_TIN_BAI", "2022"),  # the earlier value
        ("1.045 tin, bài", "count", "NTS_CONG_TTDT_TIN_BAI", "2023"),
        ("4 chuyên mục mỗi tháng", "rate", "NTS_PTTH_CHUYEN_MUC", "2023"),
        ("có 2.345 trạm BTS", "count", "HTS_BTS", "2023"),
        ("1.980 trạm", "count", None, "2023"),  # 4G stations: no indicator, listed
        ("là 1,85 triệu thuê bao", "count", "HTS_TB_DI_DONG", "2023"),
        ("đạt 1.520.000 thuê bao", "count", "HTS_TB_3G4G", "2023"),
        ("82,16%", "percent", "HTS_TB_3G4G_TY_LE", "2023"),
        ("86,5%", "percent", "HTS_HGD_CAP_QUANG_TY_LE", "2023"),
        ("100%", "percent", "HTS_THON_CAP_QUANG_TY_LE", "2023"),
        ("25.430 cuộc tấn công", "count", "ATTT_SOC_TAN_CONG", "2023"),
        ("312 máy tính", "count", "ATTT_SOC_MAY_GO_MA_DOC", "2023"),
        ("356.780 hồ sơ", "count", "CQS_HS_TIEP_NHAN", "2023-01-01..2023-11-30"),
        ("310.420 hồ sơ", "count", "CQS_HS_DA_XU_LY", "2023-01-01..2023-11-30"),
        # "Tính đến ngày 30/11/2023, ...; ... đạt 98,76%": the day holds across ";" (issue 14)
        ("đạt 98,76%", "percent", "CQS_HS_DUNG_HAN_TY_LE", "2023-01-01..2023-11-30"),
        # ... and for the next sentences of its paragraph, until "Trong năm, ..."
        ("đạt 45,3%", "percent", "CQS_HS_TOAN_TRINH_TY_LE", "2023-01-01..2023-11-30"),
        ("612.345 tài khoản", "count", "CQS_DDDT_KICH_HOAT", "20231130"),
        ("4.215 chứng thư số", "count", "CQS_CTS_CHUYEN_DUNG", "2023"),
        ("ước đạt 12,5 nghìn tỷ đồng", "amount", "KTS_DOANH_THU", "2023"),
        ("khoảng 8,2%", "percent", None, "2023"),  # a share of GRDP: no indicator
        ("đạt hơn 25.600 tỷ đồng", "amount", "KTS_TTKDTM_GIA_TRI", "2023"),
        ("Có 95%", "percent", "XHS_HSSK_TY_LE", "2023"),
        ("320/335 cơ sở", "ratio", "XHS_CSKCB_KET_NOI_TY_LE", "2023"),
        ("đạt 0,5123 điểm", "score", None, "2022"),
        ("15/63", "rank", None, "2022"),
        ("tăng 4 bậc so với năm 2021", "change", None, "2022"),
        ("19", "rank", None, "2021"),
        ("có 80%", "percent", "CQS_HS_TOAN_TRINH_TY_LE", "2025"),
    ]


def test_annual_report_details(bac_ninh):
    f = {x.text: x for x in bac_ninh.figures}
    # numbers of documents, dates, a phone number and "06-NQ/TU" are not figures
    assert not any(t in f for t in ("1250", "45", "06", "749", "0222.3822.456"))
    assert f["ước đạt 12,5 nghìn tỷ đồng"].value == Decimal("12500000000000")
    assert f["ước đạt 12,5 nghìn tỷ đồng"].qualifier.value == "khoang"
    assert f["đạt hơn 25.600 tỷ đồng"].value == Decimal("25600000000000")
    assert f["312 máy tính"].qualifier.value == "exact"  # "trên 312 máy tính": on them
    assert f["356.780 hồ sơ"].period.as_of  # "tính đến ngày 30/11/2023"
    assert f["đạt 0,5123 điểm"].value == Decimal("0.5123")
    assert f["15/63"].denominator == 63
    assert f["có 80%"].target and not f["Có 95%"].target
    assert [m.indicator for m in bac_ninh.matches if m.figure == f["82,16%"].id] == [
        "HTS_TB_3G4G_TY_LE"
    ]
    unmatched = [x.text for x in bac_ninh.unmatched]
    assert unmatched == ["1.980 trạm", "khoảng 8,2%", "đạt 0,5123 điểm", "15/63", "19"]


def test_annual_report_checks(bac_ninh):
    assert checks(bac_ninh) == sorted(
        [
            ("change", "consistent", "tăng 12,6% so với năm 2022", Decimal("12.6")),
            ("change", "consistent", "tăng 4 bậc so với năm 2021", Decimal(4)),
            ("part_of_total", "consistent", "1.980 trạm", None),
            ("part_of_total", "consistent", "đạt 1.520.000 thuê bao", None),
            ("part_of_total", "consistent", "310.420 hồ sơ", None),
            ("part_of_total", "consistent", "320/335 cơ sở", None),
            ("ratio", "consistent", "82,16%", Decimal("82.16")),
            ("range", "consistent", "15/63", None),
        ]
    )
    growth = next(c for c in bac_ninh.checks if c.stated.startswith("tăng 12,6%"))
    assert growth.arithmetic == "(215 − 191) / 191 × 100 = 12,5654…% → 12,6%"


# --- a news brief typed without diacritics ----------------------------------------------------


def test_text_without_diacritics():
    result = factcheck(fixture("quang_tri_quy1_2025_khong_dau.txt"), catalog())
    assert result.document_period.id == "2025Q1"
    dossiers = "2025Q1"  # "tu ngay 01/01/2025 den ngay 31/3/2025" is the first quarter
    assert table(result) == [
        ("co 1.250 tram BTS", "count", "HTS_BTS", "2025Q1"),
        ("la 720.450 thue bao", "count", "HTS_TB_DI_DONG", "2025Q1"),
        ("co 610.300 thue bao", "count", "HTS_TB_3G4G", "2025Q1"),
        ("48.320 ho so", "count", "CQS_HS_TIEP_NHAN", dossiers),
        ("46.905 ho so", "count", "CQS_HS_DA_XU_LY", dossiers),
        ("dat 99,2%", "percent", "CQS_HS_DUNG_HAN_TY_LE", dossiers),
        ("uoc dat khoang 2.150 ty dong", "amount", "KTS_DOANH_THU", "2025Q1"),
        ("tang 8,5% so voi cung ky nam 2024", "change", None, "2025Q1"),
        ("1.840 chung thu so", "count", "CQS_CTS_CHUYEN_DUNG", "20250331"),
    ]
    revenue = result.figures[6]
    assert (revenue.value, revenue.qualifier.value) == (Decimal("2150000000000"), "khoang")
    assert revenue.comparison.baseline_period.id == "2024Q1"
    assert checks(result) == [
        ("change", "not_checkable", "tang 8,5% so voi cung ky nam 2024", None),
        ("part_of_total", "consistent", "co 610.300 thue bao", None),
    ]


# --- a report with mistakes put in on purpose -------------------------------------------------


@pytest.fixture(scope="module")
def wrong():
    return factcheck(fixture("kon_tum_6thang_2025_sai.txt"), catalog())


def test_every_planted_mistake_is_found_with_its_arithmetic(wrong):
    found = {(c.kind, c.stated): c for c in wrong.checks if c.status is Verdict.INCONSISTENT}
    assert sorted((k.value, s) for k, s in found) == sorted(
        [
            ("ratio", "đạt 96,4%"),  # 1.180/1.250 = 94,4%
            ("part_of_total", "có 436 trạm"),  # 436 of 410 stations
            ("repeated", "có 356.200 thuê bao; là 365.200 thuê bao"),
            ("change", "tăng 30% so với cùng kỳ năm 2024"),  # (520 − 420) / 420 = 23,8%
            ("sum_of_parts", "8.000 hồ sơ"),  # 5.200 + 3.100 = 8.300
            ("range", "đạt 103%"),
        ]
    )
    ratio = found[(CheckKind.RATIO, "đạt 96,4%")]
    assert ratio.expected == Decimal("94.4")
    assert ratio.arithmetic == "1.180 / 1.250 × 100 = 94,4% → 94,4% (1 chữ số thập phân)"
    assert ratio.arithmetic_in("en") == "1.180 / 1.250 × 100 = 94,4% → 94,4% (1 decimal)"
    assert ratio.message == (
        "Tỷ lệ nêu 96,4% không khớp: 1.180/1.250 = 94,4%. / The share stated, 96,4%, does not "
        "match: 1.180/1.250 = 94,4%."
    )
    assert found[(CheckKind.PART_OF_TOTAL, "có 436 trạm")].arithmetic == "436 > 410 (106,34%)"
    change = found[(CheckKind.CHANGE, "tăng 30% so với cùng kỳ năm 2024")]
    assert change.expected == 24
    assert change.arithmetic == "(520 − 420) / 420 × 100 = 23,8095…% → 24%"
    parts = found[(CheckKind.SUM_OF_PARTS, "8.000 hồ sơ")]
    assert parts.arithmetic == "5.200 + 3.100 = 8.300 ≠ 8.000"
    assert parts.expected == 8300
    repeated = found[(CheckKind.REPEATED, "có 356.200 thuê bao; là 365.200 thuê bao")]
    assert repeated.indicator == "HTS_TB_DI_DONG"


def test_what_is_right_in_the_wrong_report_stays_right(wrong):
    right = sorted(c.stated for c in wrong.checks if c.status is Verdict.CONSISTENT)
    assert right == sorted(
        ["1.180/1.250 cơ sở", "482.000/540.000 người dân", "đạt 89,26%", "301.000 thuê bao"]
    )


def test_parts_of_a_total_take_its_category(wrong):
    by_text = {f.text: m for f, m in zip(wrong.figures, wrong.matches, strict=True)}
    assert (by_text["5.200 hồ sơ"].indicator, by_text["5.200 hồ sơ"].category_option) == (
        "CQS_HS_TIEP_NHAN",
        "CHANNEL:ONLINE",
    )
    assert by_text["3.100 hồ sơ"].category_option == "CHANNEL:DIRECT"
    assert "trong 6 tháng" not in [f.text for f in wrong.figures]  # a length of time
    proposed = wrong.proposed_values(catalog(), org_unit="62")
    channels = sorted(
        (v.category_option, v.value) for v in proposed if v.indicator == "CQS_HS_TIEP_NHAN"
    )
    assert channels == [("", 8000), ("CHANNEL:DIRECT", 3100), ("CHANNEL:ONLINE", 5200)]


# --- a news web page ----------------------------------------------------------------------------


def test_news_page_in_html():
    document = read_document(FIXTURES / "dong_thap_2024_bai_bao.html")
    assert document.format == "html"
    for noise in ("dataLayer", "views", "font-family", "Quảng cáo", "999 hồ sơ", "125 trạm"):
        assert noise not in document.text
    result = factcheck(document.text, catalog())
    assert result.document_period.id == "2024"
    assert table(result) == [
        ("có gần 1,9 triệu thuê bao", "count", "HTS_TB_DI_DONG", "20241231"),
        # smartphone users are not the 3G/4G subscriptions: no indicator by its unit alone
        ("khoảng 1,6 triệu thuê bao", "count", None, "20241231"),
        ("có 1.412 trạm BTS", "count", "HTS_BTS", "2024"),
        ("tăng 86 trạm so với năm 2023", "change", None, "2024"),
        ("1.326 trạm", "count", "HTS_BTS", "2023"),
        ("612.500 hồ sơ", "count", "CQS_HS_TIEP_NHAN", "2024"),
        ("đạt 99,1%", "percent", "CQS_HS_DUNG_HAN_TY_LE", "2024"),
        ("đạt 62,35%", "percent", "CQS_HS_TOAN_TRINH_TY_LE", "2024"),
        ("tăng 14,2 điểm phần trăm so với năm 2023", "change", None, "2024"),
        ("hơn 4,2 triệu giao dịch", "count", "KTS_TTKDTM_GIAO_DICH", "2024"),
        ("khoảng 18.300 tỷ đồng", "amount", "KTS_TTKDTM_GIA_TRI", "2024"),
        ("92,5%", "percent", "XHS_HSSK_TY_LE", "2024"),  # a table row: its label
        ("148/150", "ratio", "XHS_CSKCB_KET_NOI_TY_LE", "2024"),
        ("có 100%", "percent", "CQS_HS_SO_HOA_TY_LE", "2025"),
        ("12.345", "count", None, "2024"),  # page views
    ]
    f = {x.text: x for x in result.figures}
    assert f["có gần 1,9 triệu thuê bao"].qualifier.value == "gan"
    assert f["có gần 1,9 triệu thuê bao"].period.as_of
    assert f["612.500 hồ sơ"].period.cumulative  # "lũy kế năm 2024"
    assert f["có 100%"].target
    assert f["tăng 14,2 điểm phần trăm so với năm 2023"].kind is Kind.CHANGE
    assert checks(result) == sorted(
        [
            ("change", "consistent", "tăng 86 trạm so với năm 2023", Decimal(86)),
            ("change", "not_checkable", "tăng 14,2 điểm phần trăm so với năm 2023", None),
            ("part_of_total", "consistent", "khoảng 1,6 triệu thuê bao", None),
            ("part_of_total", "consistent", "148/150", None),
        ]
    )
