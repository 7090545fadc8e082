"""Indicators by subject, not by unit word: a figure gets an indicator only when what it
counts (its noun and the words that qualify it) is the indicator's; a figure of the
nation, of another province, an average, new items beside a level, a share of a plan stay
unmatched or get the right one (issue 14, item 7)."""

from __future__ import annotations

import pytest

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import factcheck, read_lexicon

from .support import DATA, catalog


def codes(text: str) -> list[str | None]:
    return [m.indicator for m in factcheck(text, catalog()).matches]


@pytest.mark.parametrize(
    "text",
    [
        # another kind of account than the document system's, the social insurance's...
        "Các tổ chức tín dụng trên địa bàn đã mở 1,8 triệu tài khoản thanh toán cá nhân.",
        # enterprises of every trade are not telecom providers
        "Trên địa bàn tỉnh có 54.000 doanh nghiệp đang hoạt động.",
        # communes reached by fibre are not communes using the document system
        "100% xã, phường, thị trấn đã có đường truyền cáp quang đến trung tâm xã.",
        # plans issued are no document-system figure
        "Các sở, ngành và UBND cấp huyện đã ban hành 37 kế hoạch triển khai tại đơn vị.",
        # industrial output is not the value of cashless payments nor digital revenue
        "Giá trị sản xuất công nghiệp trên địa bàn ước đạt 9.240 tỷ đồng.",
        # a booking app's uses are not queries caught by the security centre
        "Ứng dụng đặt lịch khám trực tuyến ghi nhận 18.500 lượt người đặt lịch.",
        # services offered are not files settled fully online
        "Tỉnh đang cung cấp 1.742 dịch vụ công trực tuyến trên Cổng Dịch vụ công.",
        # a share of services, not of files
        "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 58,4%.",
    ],
)
def test_a_unit_word_alone_gives_no_indicator(text):
    assert codes(text) == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Theo Bộ Công an, cả nước đã kích hoạt hơn 60 triệu tài khoản định danh điện tử.",
        "Tỷ lệ hộ gia đình có Internet cáp quang của toàn quốc đạt 79%.",
        "Để tham khảo, tỷ lệ hồ sơ giải quyết đúng hạn bình quân cả nước là 97,2%.",
    ],
)
def test_the_nation_or_a_reference_is_not_the_province(text):
    (match,) = factcheck(text, catalog()).matches
    assert match.indicator is None
    assert "không phải của đơn vị báo cáo" in match.reason


def test_an_average_per_commune_is_not_the_number_of_stations():
    assert codes("Bình quân mỗi xã, phường, thị trấn có 14 trạm BTS.") == [None]
    assert codes("Mỗi xã có trung bình 9 trạm BTS.") == [None]


def test_a_figure_of_another_province_gets_no_indicator():
    text = (
        "Tỉnh Lâm Đồng tiếp nhận 118.245 hồ sơ thủ tục hành chính trong tháng. "
        "Cùng kỳ, tỉnh Gia Lai tiếp nhận 96.300 hồ sơ thủ tục hành chính."
    )
    assert codes(text) == ["CQS_HS_TIEP_NHAN", None]


def test_new_stations_are_a_flow_and_the_total_the_level():
    text = (
        "Các doanh nghiệp viễn thông đã xây mới 215 trạm BTS, "
        "nâng tổng số trạm BTS trên địa bàn tỉnh lên 2.964 trạm."
    )
    assert codes(text) == [None, "HTS_BTS"]


def test_only_the_part_that_says_telecom_is_a_telecom_provider():
    text = (
        "Trên địa bàn tỉnh hiện có 1.362 doanh nghiệp đang hoạt động, trong đó 7 doanh "
        "nghiệp cung cấp dịch vụ viễn thông."
    )
    assert codes(text) == [None, "HTS_DN_VIEN_THONG"]


def test_a_share_of_a_quota_is_its_numerators_count_and_the_percentage_none():
    text = (
        "Công an tỉnh đã thu nhận 298.645/270.000 hồ sơ cấp căn cước công dân gắn chip, "
        "đạt 110,6% chỉ tiêu được giao."
    )
    assert codes(text) == ["CQS_CCCD_HO_SO", None]


def test_a_part_that_names_its_own_indicator_keeps_it():
    text = (
        "Cổng Dịch vụ công của tỉnh tiếp nhận 126.480 hồ sơ, trong đó 71.920 hồ sơ được xử "
        "lý hoàn toàn trực tuyến, chiếm 56,9%."
    )
    assert codes(text) == ["CQS_HS_TIEP_NHAN", "CQS_HS_TOAN_TRINH", "CQS_HS_TOAN_TRINH_TY_LE"]


def test_a_part_named_only_by_its_channel_is_its_totals_with_the_option():
    text = "Hệ thống tiếp nhận 96.420 hồ sơ thủ tục hành chính (gồm 61.385 hồ sơ trực tuyến)."
    result = factcheck(text, catalog())
    assert [m.indicator for m in result.matches] == ["CQS_HS_TIEP_NHAN", "CQS_HS_TIEP_NHAN"]
    assert result.matches[1].category_option == "CHANNEL:ONLINE"


def test_a_part_takes_another_indicator_only_when_its_own_words_say_it():
    text = (
        "Toàn tỉnh có 130 cơ sở khám chữa bệnh (gồm 14 bệnh viện và 116 trạm y tế). "
        "Đã có 3 bệnh viện triển khai bệnh án điện tử."
    )
    assert codes(text)[:2] == ["XHS_CSKCB", None]
    assert codes(text)[3] is None  # no "kết nối": not a connected facility


def test_a_goal_and_this_rate_take_the_words_of_the_share_before():
    text = (
        "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình đạt 44,2% (mục tiêu 50%). "
        "Tỷ lệ thôn, bản có cáp quang đạt 71,5%. Cuối năm 2021, tỷ lệ này là 64,2%."
    )
    assert codes(text) == [
        "CQS_HS_TOAN_TRINH_TY_LE",
        "CQS_HS_TOAN_TRINH_TY_LE",
        "HTS_THON_CAP_QUANG_TY_LE",
        "HTS_THON_CAP_QUANG_TY_LE",
    ]


def test_customers_of_a_service_named_after_the_next_figure():
    text = (
        "Có hơn 505.000 khách hàng với trên 9.300 điểm chấp nhận thanh toán thông qua "
        "dịch vụ Mobile Money."
    )
    assert codes(text) == ["KTS_MOBILE_MONEY_KH", "KTS_MOBILE_MONEY_DIEM"]


def test_the_matching_words_come_from_the_lexicon(tmp_path):
    """Without "xây mới" among the lexicon's flow words, new stations are read as the level."""
    text = "Các doanh nghiệp đã xây mới 215 trạm BTS."
    assert codes(text) == [None]
    source = (DATA / "reader" / "vi.yaml").read_text(encoding="utf-8")
    start = source.index("  flow_lead: [")
    end = source.index("]", start)
    source = source[:start] + "  flow_lead: [lắp mới" + source[end:]
    path = tmp_path / "vi.yaml"
    path.write_text(source, encoding="utf-8")
    result = factcheck(text, catalog(), lexicon=read_lexicon(path))
    assert [m.indicator for m in result.matches] == ["HTS_BTS"]


def test_a_lexicon_without_a_matching_list_is_refused_with_its_name(tmp_path):
    source = (DATA / "reader" / "vi.yaml").read_text(encoding="utf-8")
    start = source.index("  average: [")
    end = source.index("]\n", start) + 2
    path = tmp_path / "vi.yaml"
    path.write_text(source[:start] + source[end:], encoding="utf-8")
    with pytest.raises(ValidationError, match="average"):
        read_lexicon(path)


def test_an_acronym_in_brackets_after_the_province_names_no_other_province():
    text = (
        "UBND TỈNH THÁI NGUYÊN\nBÁO CÁO\nKết quả chuyển đổi số 6 tháng đầu năm 2024\n"
        "Trung tâm giám sát an toàn thông tin của tỉnh (SOC) đã phát hiện 16.544.000 lượt "
        "truy vấn.\n"
    )
    result = factcheck(text, catalog())
    assert [m.indicator for m in result.matches] == ["ATTT_SOC_TRUY_VAN"]
