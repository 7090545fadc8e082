"""Which claims of a text are checked, and how: one quantity stated twice, different
quantities never in conflict, shares of a plan, parts listed after a total, ranks and
rank bounds (docs/reader.md, "The checks"). The verdicts below are worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuyendoiso.engine.reader import CheckKind, Kind, Verdict, factcheck

from .support import catalog


def verdicts(text: str, kind: CheckKind) -> list[tuple[Verdict, tuple[str, ...]]]:
    result = factcheck(text, catalog())
    return [
        (c.status, tuple(result.figures[i].text for i in c.figures))
        for c in result.checks
        if c.kind is kind
    ]


def alarms(text: str) -> list[str]:
    return [c.message for c in factcheck(text, catalog()).inconsistent]


# --- 1. one quantity stated twice ----------------------------------------------------------


def test_a_round_total_that_cannot_be_rounded_from_the_exact_one():
    text = (
        "Năm 2023, hệ thống đã tiếp nhận tổng số 240.000 hồ sơ thủ tục hành chính.\n\n"
        "Trong năm 2023, hệ thống tiếp nhận 240.512 hồ sơ thủ tục hành chính."
    )
    assert [v for v, _ in verdicts(text, CheckKind.REPEATED)] == [Verdict.INCONSISTENT]
    rounded = text.replace("240.512", "240.312")  # rounds to 240.000
    assert [v for v, _ in verdicts(rounded, CheckKind.REPEATED)] == [Verdict.CONSISTENT]


def test_a_bound_contradicted_with_no_indicator():
    text = (
        "Năm 2023, toàn tỉnh có hơn 2.000 tổ công nghệ số cộng đồng.\n\n"
        "Đến cuối năm 2023, toàn tỉnh có 1.985 tổ công nghệ số cộng đồng."
    )
    found = verdicts(text, CheckKind.REPEATED)
    assert [v for v, _ in found] == [Verdict.INCONSISTENT]
    assert factcheck(text, catalog()).matches[0].indicator is None
    agreeing = text.replace("1.985", "2.015")
    assert [v for v, _ in verdicts(agreeing, CheckKind.REPEATED)] == [Verdict.CONSISTENT]


def test_the_year_and_its_last_month_are_one_period():
    text = (
        "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình năm 2022 đạt 64%.\n\n"
        "Tính đến hết tháng 12/2022, tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn "
        "trình đạt 66%."
    )
    assert [v for v, _ in verdicts(text, CheckKind.REPEATED)] == [Verdict.INCONSISTENT]
    other_year = text.replace("tháng 12/2022", "tháng 12/2023")
    assert verdicts(other_year, CheckKind.REPEATED) == []


# --- 2. different quantities are never in conflict --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a flow and a stock; an average and a total
        "Trong năm 2023, toàn tỉnh xây mới 210 trạm BTS, nâng tổng số lên 5.870 trạm BTS; "
        "bình quân mỗi xã có 9 trạm BTS.",
        # sub-types of one thing
        "Năm 2023, thuê bao di động đạt 1.120.000 thuê bao; thuê bao cố định đạt 95.000 thuê bao.",
        # the nation beside the province
        "Năm 2023, tỷ lệ hồ sơ xử lý trực tuyến toàn trình của tỉnh đạt 48,2%; "
        "bình quân cả nước đạt 42,7%.",
        # parts listed beside their total
        "Năm 2023 tiếp nhận 1.000 hồ sơ, trong đó 600 hồ sơ trực tuyến, 300 hồ sơ qua bưu chính.",
    ],
)
def test_different_quantities_raise_no_alarm(text):
    assert alarms(text) == []


def test_one_indicator_in_two_forms_that_may_be_two_quantities_is_not_checkable():
    text = (
        "Năm 2023, toàn tỉnh có 5.870 trạm BTS.\n\n"
        "Trong năm 2023, các doanh nghiệp viễn thông lắp đặt mới 210 trạm BTS."
    )
    found = verdicts(text, CheckKind.REPEATED)
    assert [v for v, _ in found] in ([], [Verdict.NOT_CHECKABLE])
    assert alarms(text) == []


# --- 3. a share of a plan is not a part of a total ---------------------------------------------


def test_a_share_of_a_quota_with_its_parts():
    text = (
        "Tính đến ngày 15/6/2022, Công an tỉnh đã thu nhận 1.234.567/1.000.000 hồ sơ "
        "(gồm: 1.000.000 hồ sơ cấp mới, 234.567 hồ sơ cấp đổi), đạt 123,5% chỉ tiêu."
    )
    assert alarms(text) == []  # 1.234.567 > 1.000.000 is no part larger than its total
    ratio = verdicts(text, CheckKind.RATIO)
    assert ratio == [(Verdict.CONSISTENT, ("đạt 123,5%", "1.234.567/1.000.000 hồ sơ"))]
    summed = verdicts(text, CheckKind.SUM_OF_PARTS)
    assert [v for v, _ in summed] == [Verdict.CONSISTENT]
    wrong = text.replace("123,5%", "123,4%")  # 123,4567 rounds to 123,5
    assert [v for v, _ in verdicts(wrong, CheckKind.RATIO)] == [Verdict.INCONSISTENT]
    parts_wrong = text.replace("234.567 hồ sơ cấp đổi", "243.567 hồ sơ cấp đổi")
    assert [v for v, _ in verdicts(parts_wrong, CheckKind.SUM_OF_PARTS)] == [Verdict.INCONSISTENT]


def test_a_share_stated_before_its_part_and_whole():
    text = (
        "Năm 2024, tỷ lệ cơ sở khám chữa bệnh kết nối hồ sơ sức khỏe điện tử đạt 95,38%, "
        "tương ứng 124 trên tổng số 130 cơ sở."
    )
    assert [v for v, _ in verdicts(text, CheckKind.RATIO)] == [Verdict.CONSISTENT]
    wrong = text.replace("95,38%", "95,83%")
    assert [v for v, _ in verdicts(wrong, CheckKind.RATIO)] == [Verdict.INCONSISTENT]


def test_parts_named_more_briefly_than_their_total():
    text = (
        "Năm 2024, tỉnh cung cấp 1.620 dịch vụ công trực tuyến, trong đó 1.100 dịch vụ toàn "
        "trình và 520 dịch vụ một phần."
    )
    found = factcheck(text, catalog())
    assert found.figures[0].parts == (1, 2)
    too_many = text.replace("520 dịch vụ", "620 dịch vụ")
    assert [v for v, _ in verdicts(too_many, CheckKind.SUM_OF_PARTS)] == [Verdict.INCONSISTENT]


# --- 4. ranks ------------------------------------------------------------------------------------


def test_a_score_is_never_subtracted_from_a_rank():
    text = "Năm 2023, chỉ số DTI của tỉnh đạt 0,4512, xếp thứ 41/63, tăng 7 bậc so với năm 2022."
    result = factcheck(text, catalog())
    change = next(f for f in result.figures if f.kind is Kind.CHANGE)
    assert result.figures[change.compares].text.endswith("41/63")


def test_two_ranks_with_their_own_years():
    text = "Tỉnh đã vươn từ vị trí 23/63 (năm 2022) lên vị trí 15/63 (năm 2023), tăng 8 bậc."
    result = factcheck(text, catalog())
    ranks = [f for f in result.figures if f.kind is Kind.RANK]
    assert [(f.value, f.period.id) for f in ranks] == [(Decimal(23), "2022"), (Decimal(15), "2023")]
    change = [c for c in result.checks if c.kind is CheckKind.CHANGE]
    assert [c.status for c in change] == [Verdict.CONSISTENT]
    wrong = text.replace("tăng 8 bậc", "tăng 6 bậc")
    assert [v for v, _ in verdicts(wrong, CheckKind.CHANGE)] == [Verdict.INCONSISTENT]


def test_a_rank_change_with_both_places_in_brackets():
    text = "Năm 2024, chỉ số PAPI của tỉnh lùi 3 bậc (từ 2 xuống 5)."
    assert [v for v, _ in verdicts(text, CheckKind.CHANGE)] == [Verdict.CONSISTENT]
    wrong = text.replace("lùi 3 bậc", "lùi 4 bậc")
    assert [v for v, _ in verdicts(wrong, CheckKind.CHANGE)] == [Verdict.INCONSISTENT]


def test_a_rank_within_its_top():
    text = "Năm 2023, tỉnh xếp thứ 7/63, lọt Top 10 cả nước."
    bounds = [
        (v, figures)
        for v, figures in verdicts(text, CheckKind.RANGE)
        if any("10" in f for f in figures)
    ]
    assert [v for v, _ in bounds] == [Verdict.CONSISTENT]
    outside = text.replace("7/63", "12/63")
    assert Verdict.INCONSISTENT in [v for v, _ in verdicts(outside, CheckKind.RANGE)]
    led = "Năm 2023, tỉnh xếp thứ 7/63, thuộc nhóm 5 tỉnh dẫn đầu."
    assert Verdict.INCONSISTENT in [v for v, _ in verdicts(led, CheckKind.RANGE)]


def test_a_share_of_a_whole_named_in_brackets():
    text = (
        "Tính đến ngày 30/9/2024, đã kích hoạt 712.460 tài khoản định danh điện tử mức 2, "
        "đạt 91,3% số hồ sơ đã thu nhận (780.350 hồ sơ)."
    )
    assert [v for v, _ in verdicts(text, CheckKind.RATIO)] == [Verdict.CONSISTENT]
    wrong = text.replace("91,3%", "93,1%")
    assert [v for v, _ in verdicts(wrong, CheckKind.RATIO)] == [Verdict.INCONSISTENT]


def test_a_change_stated_in_english():
    text = (
        "In 2023 the e-portal published 3,890 news items, up 15.2% from 2022 (3,410 items). "
        "The province ranked 4th out of 63, up 2 places from 6th in 2022."
    )
    assert [v for v, _ in verdicts(text, CheckKind.CHANGE)] == [
        Verdict.INCONSISTENT,  # 3,890 / 3,410 is 14.1% more
        Verdict.CONSISTENT,
    ]
