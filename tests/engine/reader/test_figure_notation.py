"""Figures as reports write them (issue 14, item 8): English notation, scores on a scale,
names ending in "số", ranges and lower bounds, fractions with a space; and the numbers
that are no figures: dates, levels, web addresses, page numbers and running headers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuyendoiso.engine.reader import extract
from chuyendoiso.engine.reader.model import Bound, Kind
from chuyendoiso.engine.reader.normalize import key_text
from chuyendoiso.engine.reader.numbers import dot_decimal, parse_number


def figures(text: str) -> list[tuple[str, Decimal, Kind]]:
    return [(text[f.number_start : f.number_end], f.value, f.kind) for f in extract(text)]


def only(text: str):
    found = extract(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


# --- notation ---------------------------------------------------------------------------


def test_english_notation_is_read_when_asked():
    assert parse_number("316,510", english=True).value == Decimal(316510)
    assert parse_number("98.72", english=True).value == Decimal("98.72")
    assert parse_number("1,284,560.5", english=True).value == Decimal("1284560.5")
    assert parse_number("3,890").value == Decimal("3.890")  # Vietnamese: a decimal comma


@pytest.mark.parametrize(
    ("written", "value"),
    [("98.72", "98.72"), ("0.6534", "0.6534"), ("0.653", "0.653"), ("12.5", "12.5")],
)
def test_a_dot_that_cannot_group_thousands_is_a_decimal_point(written, value):
    assert dot_decimal(written).value == Decimal(value)


@pytest.mark.parametrize("written", ["1.207", "1.1.1", "007.5"])
def test_a_dot_grouping_thousands_is_not_a_decimal_point(written):
    assert dot_decimal(written) is None


ENGLISH = (
    "Da Nang, 28 December 2023\n\n"
    "In 2023 the city's public service system received 316,510 applications, of which "
    "312,458 were settled on time, an on-time rate of 98.72%. The digital economy is "
    "estimated at VND 18.6 trillion in revenue, and VND 21,500 billion of it was from the "
    "platforms. The city scored 0.6534 points and ranked 4th out of 63 provinces, up 2 "
    "places from 2021 (6th). All procedures are offered as Level 4 services.\n\n"
    "Source: danang.gov.vn/chuyen-doi-so/2023/12/28"
)


def test_a_text_written_in_english():
    assert figures(ENGLISH) == [
        ("316,510", Decimal(316510), Kind.COUNT),
        ("312,458", Decimal(312458), Kind.COUNT),
        ("98.72", Decimal("98.72"), Kind.PERCENT),
        ("18.6", Decimal(18_600_000_000_000), Kind.AMOUNT),
        ("21,500", Decimal(21_500_000_000_000), Kind.AMOUNT),
        ("0.6534", Decimal("0.6534"), Kind.SCORE),
        ("4", Decimal(4), Kind.RANK),
        ("2", Decimal(2), Kind.CHANGE),  # up 2 places
        ("6", Decimal(6), Kind.RANK),
    ]
    rank = next(f for f in extract(ENGLISH) if f.kind is Kind.RANK)
    assert rank.denominator == Decimal(63)


def test_english_figures_in_a_vietnamese_text():
    text = "Tỷ lệ hồ sơ đúng hạn đạt 98.72%; chỉ số DTI đạt 0.6534 điểm; công nghiệp 4.0."
    assert figures(text) == [
        ("98.72", Decimal("98.72"), Kind.PERCENT),
        ("0.6534", Decimal("0.6534"), Kind.SCORE),
    ]


def test_a_vietnamese_text_is_not_read_as_english():
    text = "Toàn tỉnh có 3.890 trạm BTS và 1,5 triệu thuê bao."
    assert figures(text) == [
        ("3.890", Decimal(3890), Kind.COUNT),
        ("1,5", Decimal(1_500_000), Kind.COUNT),
    ]


def test_paragraphs_typed_without_diacritics_in_a_text_with_them():
    text = (
        "Về hạ tầng số: toàn tỉnh có 1.186 trạm BTS, tăng 34 trạm so với quý trước.\n\n"
        "Ve kinh te so: doanh thu kinh te so trong quy III/2024 uoc dat 1.240 ty dong, "
        "tang 6,4% so voi quy II/2024 (1.165 ty dong) theo bao cao cua cac doanh nghiep.\n"
    )
    assert key_text(text).folded_mode
    amounts = [f.value for f in extract(text) if f.kind is Kind.AMOUNT]
    assert amounts == [Decimal(1_240_000_000_000), Decimal(1_165_000_000_000)]


# --- scores, names ending in "số" -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "scale"),
    [
        ("Chỉ số DTI năm 2024 của tỉnh đạt 0,612/1 điểm.", "0.612", 1),
        ("Chỉ số phục vụ người dân quý II đạt 86,42/100 điểm.", "86.42", 100),
        ("Mức độ hài lòng đạt 71,4/100.", "71.4", 100),
        ("Bài thi đạt 9/10 điểm.", "9", 10),
    ],
)
def test_a_score_on_a_scale(text, value, scale):
    figure = only(text)
    assert (figure.kind, figure.value, figure.denominator) == (
        Kind.SCORE,
        Decimal(value),
        Decimal(scale),
    )


def test_numbers_after_a_name_ending_in_so():
    text = "Các chỉ số thành phần: Chính quyền số 0,7125; Kinh tế số 0,5310; Nhân lực số 0,6418."
    assert figures(text) == [
        ("0,7125", Decimal("0.7125"), Kind.SCORE),
        ("0,5310", Decimal("0.5310"), Kind.SCORE),
        ("0,6418", Decimal("0.6418"), Kind.SCORE),
    ]


def test_a_count_after_dan_so_and_a_number_after_chi_so():
    assert figures("Với dân số 3.872.500 người, tỷ lệ đạt 59,4%.")[0] == (
        "3.872.500",
        Decimal(3872500),
        Kind.COUNT,
    )
    assert only("Theo chỉ số 0,6142 của năm 2022.").kind is Kind.SCORE
    assert extract("Trường Tiểu học số 2 và nhà số 15") == []


# --- ranges and bounds --------------------------------------------------------------------


def test_a_range_is_one_figure_with_its_upper_end():
    times = only("Doanh thu kinh tế số tăng gấp 2-3 lần so với năm 2021.")
    assert (times.kind, times.value, times.upper) == (Kind.CHANGE, Decimal(2), Decimal(3))
    group = only("Phấn đấu thuộc nhóm 5-8 tỉnh dẫn đầu.")
    assert (group.value, group.upper) == (Decimal(5), Decimal(8))
    share = only("Tỷ lệ hồ sơ trực tuyến đạt từ 10 đến 15%.")
    assert (share.kind, share.value, share.upper) == (Kind.PERCENT, Decimal(10), Decimal(15))
    money = only("Doanh thu từ 5 đến 10 tỷ đồng.")
    assert (money.value, money.upper) == (Decimal(5 * 10**9), Decimal(10 * 10**9))
    assert extract("giai đoạn 2021-2025") == []


def test_a_lower_bound():
    level = only("Chỉ số thành phần Kinh tế số đạt từ mức 0,6 trở lên.")
    assert (level.value, level.bound) == (Decimal("0.6"), Bound.AT_LEAST)
    score = only("Chỉ số DTI đạt từ 0,65 điểm trở lên.")
    assert (score.kind, score.value, score.bound) == (Kind.SCORE, Decimal("0.65"), Bound.AT_LEAST)


def test_a_fraction_with_a_space_after_its_slash():
    figure = only("Đã kích hoạt 12.345/ 67.890 tài khoản.")
    assert (figure.kind, figure.value, figure.denominator) == (
        Kind.RATIO,
        Decimal(12345),
        Decimal(67890),
    )


def test_a_rate_keeps_its_base_as_its_unit():
    per_people = only("Mật độ đạt 28,5 thuê bao/100 dân.")
    assert (per_people.kind, per_people.value, per_people.unit) == (
        Kind.RATE,
        Decimal("28.5"),
        "thuê bao/100 dân",
    )
    assert only("đạt 45 thuê bao trên 100 dân").unit == "thuê bao/100 dân"
    per_commune = only("Bình quân mỗi xã, phường, thị trấn có 7 trạm.")
    assert (per_commune.kind, per_commune.unit) == (Kind.RATE, "trạm/xã, phường, thị trấn")
    assert only("có 9 trạm mỗi xã").kind is Kind.RATE


def test_an_ordinal_rank():
    figure = only("Da Nang ranked 4th out of 63 provinces and cities.")
    assert (figure.kind, figure.value, figure.denominator) == (Kind.RANK, Decimal(4), Decimal(63))


# --- numbers that are no figures ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sáng 14/3, Ban Chỉ đạo họp",
        "chiều 24/9 tại chợ Ngã Năm",
        "hội nghị sơ kết (25/11) đã diễn ra",
        "(LCO) - Sáng 16/7, Ban Chỉ đạo tổ chức hội nghị",
        "dịch vụ công trực tuyến mức độ 2, 3 và mức độ 3, 4",
        "định danh điện tử mức 2",
        "khách sạn 4 sao",
        "sản phẩm OCOP đạt từ 3 sao trở lên",
        "Cán bộ bộ phận 1 cửa các cấp",
        "All procedures are offered as Level 4 online services",
        "Xem https://cds.hagiang.gov.vn/tin-tuc/2022/6/15 và danang.gov.vn/cds/2023/12/28",
        "Da Nang, 28 December 2023",
        "(tháng 1: ; tháng 2: ) và đến hết tháng 10,",
        "kết quả quý 3 và quý 4",
        "cập nhật đến 17 giờ ngày 31/3/2026",
        "họp lúc 8 giờ, kết thúc lúc 14 giờ 30 phút",
        "tỷ lệ người từ 15 tuổi trở lên",
        "1.1 Digital government\n2.3. Kết quả",
        "Các nhiệm vụ: (1) xây dựng hạ tầng; (2) phát triển nền tảng",
        "(1) Tỷ lệ hồ sơ trực tuyến",
        "theo Biểu 2 kèm theo",
        "Các chỉ tiêu 6 tháng cơ bản bám sát kế hoạch",
    ],
)
def test_what_is_not_a_figure(text):
    assert extract(text) == []


def test_page_numbers_and_running_headers_of_a_pdf():
    header = "UBND TỈNH HÀ TĨNH                    Báo cáo 6 tháng, biểu 2"
    text = (
        "Tính đến ngày 15/12/2023, Công an tỉnh đã thu nhận 1.152.430 hồ sơ cấp\n\n"
        f"2\n{header}\n\n"
        "căn cước công dân gắn chip, đạt 104,8% chỉ tiêu được giao.\n\n"
        f"Trang 3\n{header}\n\n"
        "Tỉnh đã hoàn thành 12/14 chỉ tiêu.\n"
    )
    assert figures(text) == [
        ("1.152.430", Decimal(1152430), Kind.COUNT),
        ("104,8", Decimal("104.8"), Kind.PERCENT),
        ("12/14", Decimal(12), Kind.RATIO),
    ]


def test_a_line_said_twice_in_a_report_is_not_a_header():
    line = "Tổng số trạm BTS là 1.412 trạm"
    text = f"{line}\nTrong năm 2022 có nhiều việc.\n{line}\n"
    assert [f.value for f in extract(text)] == [Decimal(1412), Decimal(1412)]


def test_a_sentence_goes_on_across_a_page_break():
    header = "UBND TỈNH HÀ TĨNH                    Báo cáo số 412/BC-STTTT"
    text = (
        f"{header}\n\nCông an tỉnh đã thu nhận 1.152.430 hồ sơ cấp\n\n2\n{header}\n\n"
        f"căn cước công dân gắn chip.\n\nTrang 3\n{header}\n\nTỉnh có 1.412 trạm BTS.\n"
    )
    first, second = extract(text)
    assert text[first.sentence[0] : first.sentence[1]].rstrip().endswith("gắn chip.")
    assert "1.412" in text[second.sentence[0] : second.sentence[1]]
    assert "gắn chip" not in text[second.sentence[0] : second.sentence[1]]


def test_hours_and_sections_that_are_figures():
    assert [f.value for f in extract("giải quyết 1.200 giờ công; xử lý 30 hồ sơ")] == [
        Decimal(1200),
        Decimal(30),
    ]
    assert [f.value for f in extract("thời gian giải quyết giảm 3 tháng")] == [Decimal(3)]
    english = "The rate of the people was high.\n12.5% of the households have fibre."
    assert [f.value for f in extract(english)] == [Decimal("12.5")]


def test_money_written_before_the_number_or_glued_to_it():
    english = "The fund of the city was VND 500 million, and it was spent by the people."
    assert [(f.kind, f.value, f.unit) for f in extract(english)] == [
        (Kind.AMOUNT, Decimal(500_000_000), "VND")
    ]
    text = "Hỗ trợ 500.000đ mỗi hộ và 2 triệu đồng/hộ; tổng 1,5 tỷ đồng."
    assert [(f.kind, f.value, f.unit) for f in extract(text)] == [
        (Kind.RATE, Decimal(500_000), "đ/hộ"),
        (Kind.RATE, Decimal(2_000_000), "đồng/hộ"),
        (Kind.AMOUNT, Decimal(1_500_000_000), "đồng"),
    ]
