"""Reading one figure at a time: notation, what is not a figure, qualifiers, units and
magnitude words, kinds, comparisons, relations and periods."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

import chuyendoiso.engine.reader
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.reader import Bound, ChangeKind, Kind, extract, read
from chuyendoiso.engine.reader.numbers import parse_number


def one(text: str, **kw):
    figures = extract(text, **kw)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("written", "value", "decimals"),
    [
        ("1.567.705", Decimal(1567705), 0),
        ("1207", Decimal(1207), 0),
        ("1.207", Decimal(1207), 0),
        ("1,207", Decimal("1.207"), 3),
        ("89,44", Decimal("89.44"), 2),
        ("07", Decimal(7), 0),
        ("0,6961", Decimal("0.6961"), 4),
        ("1,567,705", Decimal(1567705), 0),  # grouped the English way
    ],
)
def test_vietnamese_notation(written, value, decimals):
    number = parse_number(written)
    assert (number.value, number.decimals) == (value, decimals)


@pytest.mark.parametrize("written", ["4.0", "1.1.1", "12.34", "1,2,3", "1.2345", ""])
def test_not_numbers(written):
    assert parse_number(written) is None


@pytest.mark.parametrize(
    "text",
    [
        "theo Nghị định 09/2019/NĐ-CP của Chính phủ",
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020",
        "Nghị quyết số 05-NQ/TU của Tỉnh ủy",
        "Kế hoạch số 125/KH-UBND",
        "triển khai Đề án 06 của Chính phủ",
        "ngày 30 tháng 06 năm 2024",
        "năm 2024 và năm 2025",
        "giai đoạn 2021-2025",
        "vùng phủ sóng 3G/4G và 5G",
        "COVID-19 và IPv6",
        "Biểu đồ 1. Hồ sơ",
        "1. Nhận thức số",
        "Điều 5 và khoản 2",
        "Hotline: 0277.3851.234",
        "điện thoại 0912345678",
        "các lớp 1,2,3",
        "cách mạng công nghiệp 4.0",
        "định danh điện tử mức 2",
        "lúc 8:30 và 8h30",
        "trong 6 tháng, tỉnh đã làm nhiều việc",
        "lần thứ 2",
        "\n12\n",  # a page number
    ],
)
def test_what_is_not_a_figure(text):
    assert extract(text) == []


def test_spans_and_values():
    text = "Toàn tỉnh có khoảng 389 nghìn tỷ đồng và trên 6,6 triệu giao dịch."
    money, count = extract(text)
    assert text[money.start : money.end] == money.text == "có khoảng 389 nghìn tỷ đồng"
    assert text[money.number_start : money.number_end] == "389"
    assert (money.value, money.scale, money.kind, money.unit) == (
        Decimal(389 * 10**12),
        10**12,
        Kind.AMOUNT,
        "đồng",
    )
    assert (count.value, count.decimals, count.kind, count.unit) == (
        Decimal(6_600_000),
        1,
        Kind.COUNT,
        "giao dịch",
    )
    assert one("ước tính 1,5 tỷ").kind is Kind.AMOUNT  # money unless said otherwise


@pytest.mark.parametrize(
    ("text", "qualifier", "bound"),
    [
        ("đăng gần 140 tin, bài", "gan", Bound.AT_MOST),
        ("đăng hơn 100 tin, bài", "hon", Bound.AT_LEAST),
        ("đạt trên 9.300 điểm", "tren", Bound.AT_LEAST),
        ("đạt khoảng 389 tỷ đồng", "khoang", Bound.APPROX),
        ("ước đạt 12 tỷ đồng", "khoang", Bound.APPROX),
        ("còn dưới 5 thôn", "exact", Bound.AT_MOST),
        ("đạt 90%", "exact", Bound.EXACT),
        ("loại bỏ mã độc trên 1207 máy tính", "exact", Bound.EXACT),  # "on" 1207 computers
        ("với trên 1207 máy tính", "tren", Bound.AT_LEAST),
    ],
)
def test_qualifiers(text, qualifier, bound):
    figure = one(text)
    assert (figure.qualifier.value, figure.bound) == (qualifier, bound)


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("phát sóng 8 chuyên mục/tháng", Kind.RATE, "chuyên mục/tháng"),
        ("đăng 4 phóng sự mỗi tháng", Kind.RATE, "phóng sự/tháng"),
        ("Chỉ số DTI đạt 0,6961", Kind.SCORE, ""),
        ("đạt 523,5 điểm", Kind.SCORE, "điểm"),
        ("có 9.300 điểm chấp nhận thanh toán", Kind.COUNT, "điểm"),
        ("đạt 89,44 %", Kind.PERCENT, "%"),
        ("có 1.830 trạm BTS", Kind.COUNT, "trạm BTS"),
        ("tổng số 1.567.705", Kind.COUNT, ""),
    ],
)
def test_kinds_and_units(text, kind, unit):
    figure = one(text)
    assert (figure.kind, figure.unit) == (kind, unit)


def test_ranks_and_a_change_of_rank():
    rank, change = extract("DTI xếp thứ 8/63 tỉnh, thành phố, tăng 4 bậc so với năm 2022.")
    assert (rank.kind, rank.value, rank.denominator) == (Kind.RANK, 8, 63)
    assert change.kind is Kind.CHANGE and change.compares == rank.id
    assert rank.comparison.measure is ChangeKind.RANK
    words = one("tỉnh đứng thứ 12 trên 63 tỉnh")
    assert (words.kind, words.value, words.denominator) == (Kind.RANK, 12, 63)


@pytest.mark.parametrize(
    ("text", "measure", "value", "signed"),
    [
        (
            "476 tin, bài (tăng 71,79% so với cùng kỳ năm 2023)",
            ChangeKind.PERCENT,
            "71.79",
            "71.79",
        ),
        ("14.770 sự kiện (bằng 76,6% so với cùng kỳ)", ChangeKind.LEVEL, "76.6", "76.6"),
        ("120 hồ sơ, giảm 3,5% so với năm trước", ChangeKind.PERCENT, "3.5", "-3.5"),
        (
            "đạt 62,35%, tăng 14,2 điểm phần trăm so với năm 2023",
            ChangeKind.POINTS,
            "14.2",
            "14.2",
        ),
        ("có 1.412 trạm, tăng 86 trạm so với năm 2023", ChangeKind.ABSOLUTE, "86", "86"),
        ("đạt 900 tỷ đồng, gấp 1,5 lần năm 2023", ChangeKind.TIMES, "1.5", "1.5"),
    ],
)
def test_comparisons(text, measure, value, signed):
    figure, change, *_ = extract(text)
    assert change.kind is Kind.CHANGE and change.compares == figure.id
    assert figure.comparison.measure is measure
    assert figure.comparison.value == Decimal(value)
    assert figure.comparison.signed_value == Decimal(signed)


def test_a_comparison_with_its_earlier_value():
    now, _change, before = extract(
        "Trong 6 tháng đầu năm 2025, đăng 520 tin, bài, tăng 30% so với cùng kỳ năm 2024 "
        "(420 tin, bài)."
    )
    assert now.comparison.baseline_figure == before.id
    assert before.baseline_of == now.id
    assert (now.period_id, before.period_id) == ("2025S1", "2024S1")
    assert now.comparison.baseline_period.id == "2024S1"
    low, high = extract("số hồ sơ tăng từ 1.200 lên 1.500 hồ sơ")
    assert low.baseline_of == high.id and high.comparison.measure is ChangeKind.DIRECTION


def test_ratios_parts_and_totals():
    ratio, share = extract("88.020/98.408 đảng viên (đạt tỷ lệ 89,44%)")
    assert (ratio.kind, ratio.value, ratio.denominator) == (Kind.RATIO, 88020, 98408)
    assert share.percent_of == ratio.id
    whole, part = extract("trong tổng số 1.567.705 thuê bao di động có 1.182.686 thuê bao 4G")
    assert part.whole == whole.id
    part, whole = extract("1.182.686 thuê bao trong tổng số 1.567.705 thuê bao")
    assert part.whole == whole.id
    total, *parts = extract("tiếp nhận 8.000 hồ sơ, gồm 5.200 hồ sơ trực tuyến và 2.800 hồ sơ.")
    assert total.parts == tuple(p.id for p in parts) and total.parts_complete
    a, b, total = extract("Tiếp nhận 300 hồ sơ và 200 hồ sơ, tổng cộng 500 hồ sơ.")
    assert total.parts == (a.id, b.id)
    received, activated, rate = extract(
        "thu nhận 822.099 tài khoản, kích hoạt 786.370 tài khoản, đạt tỷ lệ kích hoạt 96%"
    )
    assert activated.whole == received.id and rate.percent_of == activated.id
    # a percentage of another thing is not the share of the figures before it
    *_, on_time = extract("tiếp nhận 275.540 hồ sơ, đã xử lý 262.969 hồ sơ, tỷ lệ đúng hạn 99,63%")
    assert on_time.percent_of is None


@pytest.mark.parametrize(
    ("text", "period", "as_of"),
    [
        ("Trong 6 tháng đầu năm 2024, có 10 trạm", "2024S1", False),
        ("6 tháng cuối năm 2023 có 10 trạm", "2023S2", False),
        ("Quý II/2024 có 10 trạm", "2024Q2", False),
        ("quý IV năm 2023 có 10 trạm", "2023Q4", False),
        ("Tháng 5/2024 có 10 trạm", "202405", False),
        ("Năm 2023 có 10 trạm", "2023", False),
        ("9 tháng đầu năm 2024 có 10 trạm", "2024-01-01..2024-09-30", False),
        ("Từ ngày 01/01/2024-26/5/2024, có 10 trạm", "2024-01-01..2024-05-26", False),
        ("từ ngày 01/01 đến ngày 27/5/2024, có 10 trạm", "2024-01-01..2024-05-27", False),
        ("từ tháng 1 đến tháng 5/2024 có 10 trạm", "2024-01-01..2024-05-31", False),
        ("tính đến ngày 15/4/2024, có 10 trạm", "20240415", True),
        ("đến 19/5/2024, có 10 trạm", "20240519", True),
        ("tính đến hết tháng 5/2024 có 10 trạm", "20240531", True),
        ("giai đoạn 2021-2025 có 10 trạm", "2021-01-01..2025-12-31", False),
    ],
)
def test_periods(text, period, as_of):
    figure = one(text)
    assert (figure.period_id, figure.period.as_of) == (period, as_of)


def test_the_reports_own_period_and_how_far_a_period_reaches():
    text = (
        "BÁO CÁO\nKết quả chuyển đổi số quý III năm 2024\n\n"
        "Toàn tỉnh có 10 trạm. Từ ngày 01/7/2024 đến ngày 15/8/2024, tiếp nhận 20 hồ sơ; "
        "giải quyết 18 hồ sơ; về thuê bao, có 30 thuê bao. Tính đến ngày 20/8/2024, có 40 "
        "tài khoản; có 50 thiết bị. Từ đầu năm đến nay, tiếp nhận 60 hồ sơ."
    )
    result = read(text)
    assert result.document_period.id == "2024Q3"
    periods = [(f.text, f.period_id, f.period.source.value) for f in result.figures]
    assert periods == [
        ("có 10 trạm", "2024Q3", "document"),
        ("20 hồ sơ", "2024-07-01..2024-08-15", "stated"),
        ("18 hồ sơ", "2024-07-01..2024-08-15", "carried"),  # the next clause goes on
        ("có 30 thuê bao", "2024Q3", "document"),  # "về ...": a new topic
        ("có 40 tài khoản", "20240820", "stated"),
        # an "as of" day opening a sentence holds across ";" (issue 14, point 5)
        ("có 50 thiết bị", "20240820", "carried"),
        ("60 hồ sơ", "2024-01-01..2024-08-15", "stated"),  # "đến nay": the last cut-off
    ]
    given = read("Có 10 trạm.", period=parse_period("2023"))
    assert given.figures[0].period_id == "2023"


def test_goals_are_not_results():
    result = extract(
        "Năm 2024 đạt 76%. Phấn đấu đến năm 2025 đạt 80% hộ gia đình có cáp quang; "
        "mục tiêu tối thiểu 90% người dân có hồ sơ sức khỏe."
    )
    assert [f.target for f in result] == [False, True, True]


def test_text_without_diacritics_reads_the_same():
    with_marks = extract("tính đến ngày 15/4/2024, đạt khoảng 1,5 triệu thuê bao, tăng 9%")
    without = extract("tinh den ngay 15/4/2024, dat khoang 1,5 trieu thue bao, tang 9%")
    assert [(f.value, f.kind, f.qualifier, f.period_id) for f in with_marks] == [
        (f.value, f.kind, f.qualifier, f.period_id) for f in without
    ]


def test_spans_refer_to_the_text_in_nfc():
    decomposed = "co\u0301 1.250 tra\u0323m BTS"  # "có 1.250 trạm BTS" written decomposed
    result = read(decomposed)
    figure = result.figures[0]
    assert result.text == "có 1.250 trạm BTS"
    assert result.text[figure.start : figure.end] == figure.text == "có 1.250 trạm BTS"


def test_the_reader_imports_no_django():
    folder = Path(chuyendoiso.engine.reader.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("django"), path.name
                assert not name.startswith("chuyendoiso.") or name.startswith(
                    "chuyendoiso.engine"
                ), path.name
