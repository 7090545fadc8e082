import math
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.vnnumbers import (
    choose_scale,
    describe_change,
    describe_level,
    format_change,
    format_count,
    format_figure,
    format_number,
    format_percent,
    format_ratio,
    format_scaled,
    round_half_up,
)

EXACT, GAN, HON, TREN, KHOANG = (
    Qualifier.EXACT,
    Qualifier.GAN,
    Qualifier.HON,
    Qualifier.TREN,
    Qualifier.KHOANG,
)


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (1567705, 0, "1.567.705"),
        (16544448, 0, "16.544.448"),
        (476, 0, "476"),
        (Decimal("89.44"), 2, "89,44"),
        (Decimal("99.7"), 1, "99,7"),
        (Decimal("80.2"), 2, "80,20"),
        (Decimal("95.645"), 2, "95,65"),  # half up, not half to even
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("389000000000000"), 0, "389.000.000.000.000"),
        (0, 0, "0"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("2.5"), 0, "3"),
        (-1234, 0, "-1.234"),
        (Decimal("-1234.5"), 0, "-1.235"),  # half up is away from zero
        (Decimal("-0.001"), 2, "0,00"),  # never "-0,00"
    ],
)
def test_vietnamese_notation(value, decimals, written):
    assert format_number(value, decimals) == written


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (1567705, 0, "1,567,705"),
        (Decimal("89.44"), 2, "89.44"),
        (Decimal("95.645"), 2, "95.65"),  # half up in English too
        (Decimal("1234.5"), 1, "1,234.5"),
        (-1234, 0, "-1,234"),
        (476, 0, "476"),
    ],
)
def test_english_notation_for_pages_shown_in_english(value, decimals, written):
    assert format_number(value, decimals, locale="en") == written


@given(
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_the_two_notations_swap_the_separators_and_nothing_else(value, decimals):
    vietnamese = format_number(value, decimals)
    english = format_number(value, decimals, locale="en")
    assert english == vietnamese.translate(str.maketrans(".,", ",."))


def test_round_half_up_refuses_bad_input():
    with pytest.raises(ValueError, match="decimals"):
        round_half_up(Decimal(1), -1)
    with pytest.raises(ValueError, match="finite"):
        round_half_up(Decimal("NaN"), 0)


def _half_up(value: Decimal, decimals: int) -> Fraction:
    """An oracle independent of Decimal.quantize: exact fractions, ties away from zero."""
    sign = -1 if value < 0 else 1
    shifted = abs(Fraction(value)) * 10**decimals
    return sign * math.floor(shifted + Fraction(1, 2)) / Fraction(10**decimals)


@given(
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_format_number_reads_back_as_the_half_up_value(value, decimals):
    written = format_number(value, decimals)
    fraction = rf",\d{{{decimals}}}" if decimals else ""
    assert re.fullmatch(rf"-?\d{{1,3}}(\.\d{{3}})*{fraction}", written)
    assert Fraction(Decimal(written.replace(".", "").replace(",", "."))) == _half_up(
        value, decimals
    )


@pytest.mark.parametrize(
    ("value", "pad", "written"),
    [
        (7, True, "07"),  # 07 doanh nghiệp viễn thông
        (9, True, "09"),  # 09 thôn, bản chưa có sóng 3G/4G
        (8, True, "08"),  # 08 đơn vị cấp huyện
        (Decimal(7), True, "07"),
        (0, True, "0"),
        (10, True, "10"),
        (7, False, "7"),
        (12026, True, "12.026"),
        (1830, True, "1.830"),
        (-7, True, "-7"),
    ],
)
def test_format_count(value, pad, written):
    assert format_count(value, pad=pad) == written


def test_format_count_refuses_fractions():
    with pytest.raises(ValueError, match="whole number"):
        format_count(Decimal("7.5"))


@pytest.mark.parametrize(
    ("value", "scale", "decimals", "written"),
    [
        (Decimal("389000000000000"), 10**12, 0, "389 nghìn tỷ"),
        (Decimal("6600000"), 10**6, 1, "6,6 triệu"),
        (Decimal("66000000000000"), 10**12, 0, "66 nghìn tỷ"),
        (Decimal("1500000000"), 10**9, 1, "1,5 tỷ"),
        (Decimal("2000"), 10**3, 0, "2 nghìn"),
        (Decimal("3000000000000000"), 10**15, 0, "3 triệu tỷ"),
        (Decimal("6650000"), 10**6, 1, "6,7 triệu"),  # half up
        (Decimal("1567705"), 1, 0, "1.567.705"),
    ],
)
def test_format_scaled(value, scale, decimals, written):
    assert format_scaled(value, scale, decimals) == written


@pytest.mark.parametrize("scale", [0, 10, 100, 10**4, 10**18, -1000])
def test_format_scaled_refuses_unknown_scales(scale):
    with pytest.raises(ValueError, match="unknown scale"):
        format_scaled(Decimal(1000), scale, 0)


@pytest.mark.parametrize(
    ("value", "scale"),
    [
        (Decimal("389000000000000"), 10**12),
        (Decimal("1000000000000"), 10**12),
        (Decimal("999999999999"), 10**9),
        (Decimal("1500000000"), 10**9),
        (Decimal("6600000"), 10**6),
        (Decimal("999999"), 1),
        (Decimal("505000"), 1),
        (Decimal("-2000000"), 10**6),
    ],
)
def test_choose_scale(value, scale):
    assert choose_scale(value) == scale


def test_a_computed_amount_is_written_in_the_chosen_scale():
    value = Decimal("388765432109876")
    assert format_scaled(value, choose_scale(value), 0) == "389 nghìn tỷ"


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (Decimal("89.44"), 2, "89,44%"),
        (Decimal(96), 0, "96%"),
        (Decimal("80.2"), 1, "80,2%"),
        (Decimal(100), 0, "100%"),
        (Decimal("0.125"), 2, "0,13%"),
    ],
)
def test_format_percent(value, decimals, written):
    assert format_percent(value, decimals) == written


@pytest.mark.parametrize(
    ("value", "kwargs", "written"),
    [
        (Decimal(140), {"qualifier": GAN}, "gần 140"),
        (Decimal(100), {"qualifier": HON}, "hơn 100"),
        (Decimal(6600000), {"scale": 10**6, "decimals": 1, "qualifier": TREN}, "trên 6,6 triệu"),
        (Decimal("389000000000000"), {"scale": 10**12, "qualifier": KHOANG}, "khoảng 389 nghìn tỷ"),
        (Decimal(505000), {"qualifier": HON}, "hơn 505.000"),
        (Decimal(9300), {"qualifier": TREN}, "trên 9.300"),
        (Decimal(7), {}, "07"),
        (Decimal(7), {"pad": False}, "7"),
        (Decimal(7), {"qualifier": GAN}, "gần 07"),
        (Decimal("99.7"), {"decimals": 1, "percent": True}, "99,7%"),
        (Decimal("9.5"), {"decimals": 1}, "9,5"),  # not a whole count: no padding
        (Decimal("8.6"), {}, "9"),  # rounded, but not a count: no padding
    ],
)
def test_format_figure(value, kwargs, written):
    assert format_figure(value, **kwargs) == written


def test_a_percentage_has_no_scale():
    with pytest.raises(ValueError, match="no scale"):
        format_figure(Decimal(90), percent=True, scale=10**3)


@pytest.mark.parametrize(
    ("args", "kwargs", "written"),
    [
        ((88020, 98408), {"unit": "đảng viên"}, "88.020/98.408 đảng viên (đạt 89,44%)"),
        ((88020, 98408), {}, "88.020/98.408 (đạt 89,44%)"),
        ((205, 213), {}, "205/213 (đạt 96,24%)"),
        ((786370, 822099), {"decimals": 0}, "786.370/822.099 (đạt 96%)"),
        ((88020, 98408), {"percent": Decimal("89.44")}, "88.020/98.408 (đạt 89,44%)"),
        ((1, 8), {}, "1/8 (đạt 12,50%)"),  # 12.5 exactly: the stated precision is kept
        ((1, 800), {}, "1/800 (đạt 0,13%)"),  # 0.125: half up
    ],
)
def test_format_ratio(args, kwargs, written):
    assert format_ratio(*args, **kwargs) == written


def test_format_ratio_refuses_a_zero_denominator():
    with pytest.raises(ValueError, match="denominator must be positive"):
        format_ratio(Decimal(1), Decimal(0))


@pytest.mark.parametrize(
    ("change", "decimals", "year", "written"),
    [
        (Decimal(9), 0, 2023, "tăng 9% so với cùng kỳ năm 2023"),
        (Decimal("9.00"), 2, 2023, "tăng 9% so với cùng kỳ năm 2023"),  # ",00" dropped
        (Decimal("71.79"), 2, 2023, "tăng 71,79% so với cùng kỳ năm 2023"),
        (Decimal("71.80"), 2, 2023, "tăng 71,8% so với cùng kỳ năm 2023"),
        (Decimal("-3.5"), 1, 2023, "giảm 3,5% so với cùng kỳ năm 2023"),
        (Decimal("-3.5"), 2, None, "giảm 3,5% so với cùng kỳ"),
        (Decimal("0.004"), 2, 2023, "bằng cùng kỳ năm 2023"),
        (Decimal("-0.004"), 2, None, "bằng cùng kỳ"),
        (Decimal("0.005"), 2, 2023, "tăng 0,01% so với cùng kỳ năm 2023"),  # half up
        (Decimal("-0.125"), 2, 2023, "giảm 0,13% so với cùng kỳ năm 2023"),
        (Decimal(100), 0, 2023, "tăng 100% so với cùng kỳ năm 2023"),
    ],
)
def test_describe_change(change, decimals, year, written):
    assert describe_change(change, decimals, year) == written


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "written"),
    [
        (1182686, 1085033, {"decimals": 0, "year": 2023}, "tăng 9% so với cùng kỳ năm 2023"),
        (1182686, 1085033, {"year": 2023}, "tăng 9% so với cùng kỳ năm 2023"),  # 9,00
        (Decimal(965), Decimal(1000), {"year": 2023}, "giảm 3,5% so với cùng kỳ năm 2023"),
        (Decimal(1000), Decimal(1000), {"year": 2023}, "bằng cùng kỳ năm 2023"),
        (Decimal(200), Decimal(100), {}, "tăng 100% so với cùng kỳ"),
    ],
)
def test_format_change(current, previous, kwargs, written):
    assert format_change(current, previous, **kwargs) == written


@pytest.mark.parametrize("previous", [Decimal(0), Decimal(-5)])
def test_format_change_refuses_a_previous_value_that_is_not_positive(previous):
    with pytest.raises(ValueError, match="previous value must be positive"):
        format_change(Decimal(10), previous)


@pytest.mark.parametrize(
    ("level", "decimals", "year", "written"),
    [
        (Decimal("76.6"), 1, 2023, "bằng 76,6% so với cùng kỳ năm 2023"),
        (Decimal("76.60"), 2, 2023, "bằng 76,6% so với cùng kỳ năm 2023"),
        (Decimal(120), 0, None, "bằng 120% so với cùng kỳ"),
    ],
)
def test_describe_level(level, decimals, year, written):
    assert describe_level(level, decimals, year) == written


# Every figure of the seed report (../shared/seed/000_b363853b7bd0856b.txt), written out by
# hand as the report writes it, and how the engine writes it from the stored value.
SEED_FIGURES = [
    # Nhận thức số
    (format_figure(Decimal(140), qualifier=GAN), "gần 140"),
    (format_figure(Decimal(8), pad=False), "8"),  # 8 chuyên mục/tháng: written unpadded
    (format_figure(Decimal(100), qualifier=HON), "hơn 100"),
    (format_figure(Decimal(476)), "476"),
    (describe_change(Decimal("71.79"), 2, 2023), "tăng 71,79% so với cùng kỳ năm 2023"),
    # Hạ tầng số
    (format_figure(Decimal(90), percent=True), "90%"),
    (format_figure(Decimal(97), percent=True), "97%"),
    (format_figure(Decimal(76), percent=True), "76%"),
    (format_count(7), "07"),
    (format_count(1830), "1.830"),
    (format_count(1567705), "1.567.705"),
    (format_count(1182686), "1.182.686"),
    (format_change(1182686, 1085033, decimals=0, year=2023), "tăng 9% so với cùng kỳ năm 2023"),
    (format_figure(Decimal(100), percent=True), "100%"),
    (format_count(9), "09"),
    (format_figure(Decimal("99.7"), decimals=1, percent=True), "99,7%"),
    # An toàn, an ninh mạng
    (format_count(16544448), "16.544.448"),
    (format_count(110651), "110.651"),
    (format_count(63605), "63.605"),
    (format_count(383), "383"),
    (format_count(1207), "1.207"),  # the report prints "1207"; the engine always groups
    (format_count(1486), "1.486"),
    (format_count(114), "114"),
    (format_count(2597), "2.597"),
    # Chính quyền số
    (format_count(48), "48"),
    (format_count(8), "08"),
    (format_figure(Decimal(100), percent=True), "100%"),
    (format_count(12026), "12.026"),
    (format_count(9336), "9.336"),
    (format_count(16), "16"),
    (format_ratio(88020, 98408, unit="đảng viên"), "88.020/98.408 đảng viên (đạt 89,44%)"),
    (format_ratio(88020, 98408), "88.020/98.408 (đạt 89,44%)"),
    (format_count(1163038), "1.163.038"),
    (format_count(822099), "822.099"),
    (format_count(786370), "786.370"),
    (format_percent(Decimal(96), 0), "96%"),
    (format_figure(Decimal("78.72"), decimals=2, percent=True), "78,72%"),
    (format_figure(Decimal("76.45"), decimals=2, percent=True), "76,45%"),
    (format_figure(Decimal("77.21"), decimals=2, percent=True), "77,21%"),
    (format_count(529500), "529.500"),
    (format_count(72554), "72.554"),
    (format_percent(Decimal(89), 0), "89%"),
    (format_count(14770), "14.770"),
    (describe_level(Decimal("76.6"), 1, 2023), "bằng 76,6% so với cùng kỳ năm 2023"),
    (format_count(275540), "275.540"),
    (format_count(262969), "262.969"),
    (format_figure(Decimal("99.63"), decimals=2, percent=True), "99,63%"),
    # Kinh tế số, xã hội số
    (
        format_figure(Decimal("389000000000000"), scale=10**12, qualifier=KHOANG),
        "khoảng 389 nghìn tỷ",
    ),
    (format_figure(Decimal(505000), qualifier=HON), "hơn 505.000"),
    (format_figure(Decimal(9300), qualifier=TREN), "trên 9.300"),
    (
        format_figure(Decimal(6600000), decimals=1, scale=10**6, qualifier=TREN),
        "trên 6,6 triệu",
    ),
    (
        format_figure(Decimal("66000000000000"), scale=10**12, qualifier=TREN),
        "trên 66 nghìn tỷ",
    ),
    (format_ratio(205, 213, percent=None, decimals=2), "205/213 (đạt 96,24%)"),
    (format_ratio(1057207, 1318208, decimals=1), "1.057.207/1.318.208 (đạt 80,2%)"),
    (format_figure(Decimal(4), pad=False), "4"),  # 4 phần mềm: written unpadded
]


@pytest.mark.parametrize(("engine", "report"), SEED_FIGURES)
def test_seed_figures_are_written_as_the_report_writes_them(engine, report):
    assert engine == report
