"""Each kind of check on short texts, right and wrong, with the rounding the text used."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuyendoiso.engine.reader import CheckKind, Verdict, check, check_against, factcheck, match
from chuyendoiso.engine.reader import extract as extract_figures

from .support import catalog


def checks_of(text: str, **kw):
    return [(c.kind, c.status, c.expected) for c in factcheck(text, catalog(), **kw).checks]


@pytest.mark.parametrize(
    ("text", "status", "expected"),
    [
        ("88.020/98.408 đảng viên (đạt 89,44%)", Verdict.CONSISTENT, "89.44"),
        ("88.020/98.408 đảng viên (đạt 89,4%)", Verdict.CONSISTENT, "89.4"),
        ("88.020/98.408 đảng viên (đạt 89%)", Verdict.CONSISTENT, "89"),
        ("88.020/98.408 đảng viên (đạt 89,45%)", Verdict.INCONSISTENT, "89.44"),
        ("205/213 cơ sở (đạt 96,3%)", Verdict.INCONSISTENT, "96.2"),
        ("786.370/822.099 tài khoản (đạt 96%)", Verdict.CONSISTENT, "96"),  # 95,65 → 96
        ("1/8 xã (đạt 12,5%)", Verdict.CONSISTENT, "12.5"),  # a tie rounds half up
        ("1/8 xã (đạt 13%)", Verdict.CONSISTENT, "13"),
    ],
)
def test_a_percentage_against_its_fraction(text, status, expected):
    found = [c for c in factcheck(text, catalog()).checks if c.kind is CheckKind.RATIO]
    assert [(c.status, c.expected) for c in found] == [(status, Decimal(expected))]


def test_an_approximate_part_widens_the_check():
    text = "khoảng 1,6 triệu trong tổng số 1,9 triệu thuê bao (chiếm 84%)"
    kinds = checks_of(text)
    assert (CheckKind.RATIO, Verdict.CONSISTENT, Decimal(84)) in kinds
    text = "khoảng 1,6 triệu trong tổng số 1,9 triệu thuê bao (chiếm 95%)"
    assert (CheckKind.RATIO, Verdict.INCONSISTENT, Decimal(84)) in checks_of(text)


def test_parts_and_totals():
    assert checks_of("trong tổng số 410 trạm BTS có 436 trạm 4G") == [
        (CheckKind.PART_OF_TOTAL, Verdict.INCONSISTENT, Decimal(410))
    ]
    assert checks_of("98.408/88.020 đảng viên") == [
        (CheckKind.PART_OF_TOTAL, Verdict.INCONSISTENT, Decimal(88020))
    ]
    listed = "tiếp nhận 1.000 hồ sơ, trong đó 600 hồ sơ trực tuyến, 300 hồ sơ qua bưu chính."
    assert checks_of(listed) == [(CheckKind.SUM_OF_PARTS, Verdict.CONSISTENT, None)]
    too_many = "tiếp nhận 1.000 hồ sơ, trong đó 600 hồ sơ trực tuyến, 500 hồ sơ qua bưu chính."
    assert checks_of(too_many) == [(CheckKind.SUM_OF_PARTS, Verdict.INCONSISTENT, Decimal(1100))]
    exact = "tiếp nhận 1.000 hồ sơ, gồm 600 hồ sơ trực tuyến và 300 hồ sơ trực tiếp."
    assert checks_of(exact) == [(CheckKind.SUM_OF_PARTS, Verdict.INCONSISTENT, Decimal(900))]
    summed = "có 300 hồ sơ trực tuyến và 200 hồ sơ trực tiếp, tổng cộng 500 hồ sơ."
    assert checks_of(summed) == [(CheckKind.SUM_OF_PARTS, Verdict.CONSISTENT, None)]


@pytest.mark.parametrize(
    ("text", "status", "expected"),
    [
        ("đăng 520 tin, bài, tăng 30% so với cùng kỳ (400 tin, bài)", Verdict.CONSISTENT, "30"),
        ("đăng 520 tin, bài, tăng 25% so với cùng kỳ (400 tin, bài)", Verdict.INCONSISTENT, "30"),
        ("đăng 300 tin, bài, giảm 25% so với cùng kỳ (400 tin, bài)", Verdict.CONSISTENT, "-25"),
        ("đăng 300 tin, bài, tăng 25% so với cùng kỳ (400 tin, bài)", Verdict.INCONSISTENT, "-25"),
        ("đăng 300 tin, bài, bằng 75% so với cùng kỳ (400 tin, bài)", Verdict.CONSISTENT, "75"),
        ("đăng 800 tin, bài, gấp 2 lần so với cùng kỳ (400 tin, bài)", Verdict.CONSISTENT, "2"),
        (
            "đăng 420 tin, bài, tăng 20 tin, bài so với cùng kỳ (400 tin, bài)",
            Verdict.CONSISTENT,
            "20",
        ),
        ("đạt gần 140 tin, bài, tăng 40% so với cùng kỳ (100 tin, bài)", Verdict.CONSISTENT, "40"),
    ],
)
def test_a_stated_change_against_both_values(text, status, expected):
    found = [c for c in factcheck(text, catalog()).checks if c.kind is CheckKind.CHANGE]
    assert [(c.status, c.expected) for c in found] == [(status, Decimal(expected))]


def test_a_change_against_the_same_indicator_stated_for_the_earlier_period():
    text = (
        "Năm 2023, Cổng thông tin điện tử tỉnh đăng 400 tin, bài. Năm 2024, Cổng thông tin "
        "điện tử tỉnh đăng 520 tin, bài, tăng 30% so với năm 2023."
    )
    found = [c for c in factcheck(text, catalog()).checks if c.kind is CheckKind.CHANGE]
    assert [(c.status, c.arithmetic) for c in found] == [
        (Verdict.CONSISTENT, "(520 − 400) / 400 × 100 = 30% → 30%")
    ]


def test_percentage_points():
    text = "tỷ lệ hồ sơ trực tuyến toàn trình đạt 62,35%, tăng 14,2 điểm phần trăm so với năm 2023."
    found = [c for c in factcheck(text, catalog()).checks if c.kind is CheckKind.CHANGE]
    assert [c.status for c in found] == [Verdict.NOT_CHECKABLE]


def test_the_same_quantity_stated_twice():
    same = "Toàn tỉnh có 1.830 trạm BTS. Số trạm BTS trên địa bàn là 1.830 trạm."
    assert checks_of(same) == [(CheckKind.REPEATED, Verdict.CONSISTENT, None)]
    differ = "Toàn tỉnh có 1.830 trạm BTS. Số trạm BTS trên địa bàn là 1.850 trạm."
    assert checks_of(differ) == [(CheckKind.REPEATED, Verdict.INCONSISTENT, Decimal(1830))]
    rounded = (
        "tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt 80,2%. "
        "Có 1.057.207/1.318.208 người dân có hồ sơ sức khỏe điện tử."
    )
    assert checks_of(rounded) == [
        (CheckKind.REPEATED, Verdict.CONSISTENT, None),
        (CheckKind.PART_OF_TOTAL, Verdict.CONSISTENT, None),
    ]
    approximate = "có hơn 505.000 khách hàng Mobile Money; Mobile Money có 512.300 khách hàng."
    assert checks_of(approximate) == [(CheckKind.REPEATED, Verdict.CONSISTENT, None)]


def test_ranges():
    assert checks_of("tỷ lệ hộ gia đình có điện thoại thông minh đạt 103%") == [
        (CheckKind.RANGE, Verdict.INCONSISTENT, Decimal(100))
    ]
    assert checks_of("tỉnh xếp thứ 70/63") == [(CheckKind.RANGE, Verdict.INCONSISTENT, 63)]
    # a percentage of a plan may pass 100%
    assert checks_of("giá trị giao dịch thanh toán không dùng tiền mặt đạt 105% kế hoạch") == []


def test_the_lookup_hook_flags_conflicts_with_stored_data():
    text = "Trong 6 tháng đầu năm 2024, toàn tỉnh có 1.830 trạm BTS và 96% tài khoản kích hoạt."
    figures = extract_figures(text)
    matches = match(figures, catalog(), text=text)
    asked = []

    def lookup(code, period):
        asked.append((code, period.id))
        return {"HTS_BTS": (Decimal(1831), 0)}.get(code)

    result = check_against(figures, matches, lookup)
    assert ("HTS_BTS", "2024S1") in asked
    assert [(c.kind, c.status, c.expected, c.indicator) for c in result] == [
        (CheckKind.STORED, Verdict.INCONSISTENT, Decimal(1831), "HTS_BTS")
    ]
    vietnamese, english = result[0].message.split(" / ")  # in both languages
    assert "đã lưu 1.831" in vietnamese and "stored 1.831" in english
    assert result[0].arithmetic_in("en").startswith("stored 1.831 (HTS_BTS, 2024S1); the text: ")

    def rounded(code, period):  # stored with more decimals than the text shows
        return (Decimal("95.65"), 2) if code == "CQS_DDDT_KICH_HOAT_TY_LE" else None

    text = "Tính đến ngày 15/4/2024, tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 đạt 96%."
    figures = extract_figures(text)
    stored = check(figures, match(figures, catalog(), text=text), lookup=rounded)
    assert [(c.kind, c.status) for c in stored] == [(CheckKind.STORED, Verdict.CONSISTENT)]
