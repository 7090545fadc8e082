"""How far a period reaches and which figures are goals (issue 14, points 5 and 6).

Every expected value is written by hand from the rules: a period that opens a sentence,
a paragraph or a section holds until another appears; a goal or horizon year is never a
result's period nor the report's; the figures under a goal heading or lead are goals of
its year.
"""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.reader.extract import read


def periods(text, **kwargs):
    """(number as written, period, goal) of each figure."""
    result = read(text, **kwargs)
    return [
        (result.text[f.number_start : f.number_end], f.period_id, f.target) for f in result.figures
    ]


def by_number(text, **kwargs):
    result = read(text, **kwargs)
    return {result.text[f.number_start : f.number_end]: f for f in result.figures}


def test_a_period_opening_a_sentence_holds_for_the_next_sentences_of_its_paragraph():
    text = (
        "BÁO CÁO\nKết quả chuyển đổi số năm 2024\n\n"
        "Năm 2023, toàn tỉnh có 1.200 trạm BTS. Tỷ lệ hộ gia đình có cáp quang đạt 80%.\n"
        "Toàn tỉnh có 1.350 trạm BTS."
    )
    found = by_number(text, period=parse_period("2024"))
    assert found["1.200"].period_id == "2023"
    assert found["80"].period_id == "2023"  # the next sentence of the paragraph
    assert found["1.350"].period_id == "2024"  # a new paragraph: the report's


def test_an_as_of_day_opening_a_sentence_holds_across_semicolons():
    text = "Tính đến ngày 30/6/2024, toàn tỉnh có 1.652 trạm BTS; còn 96 thôn chưa có sóng."
    found = by_number(text, period=parse_period("2024S1"))
    assert [(found[n].period_id, found[n].period.as_of) for n in ("1.652", "96")] == [
        ("20240630", True),
        ("20240630", True),
    ]


def test_a_new_period_or_trong_nam_ends_the_one_before():
    text = (
        "Tính đến ngày 30/11/2023, toàn tỉnh tiếp nhận 356.780 hồ sơ. "
        "Trong năm, đã cấp 4.215 chứng thư số."
    )
    found = by_number(text, period=parse_period("2023"))
    assert found["356.780"].period_id == "20231130"
    assert found["4.215"].period_id == "2023"


def test_a_heading_period_holds_for_its_section():
    text = (
        "KẾ HOẠCH\nChuyển đổi số năm 2022\n\n"
        "I. KẾT QUẢ NĂM 2021\n"
        "Tỷ lệ hộ gia đình có cáp quang đạt 86,3%.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Toàn tỉnh có 2.100 trạm BTS."
    )
    found = by_number(text)
    assert found["86,3"].period_id == "2021"
    assert found["2.100"].period_id == "2022"


def test_a_horizon_year_is_neither_a_results_period_nor_the_reports():
    text = (
        "BÁO CÁO\nKết quả chuyển đổi số năm 2023\n\n"
        "Trong số các chỉ tiêu của Nghị quyết về chuyển đổi số đến năm 2025, định hướng đến "
        "năm 2030, tỉnh đã hoàn thành 12/14 chỉ tiêu."
    )
    result = read(text)
    assert result.document_period.id == "2023"
    (figure,) = result.figures
    assert (figure.period_id, figure.target) == ("2023", False)


def test_the_reports_period_skips_plan_periods_and_captions():
    text = (
        "BÁO CÁO\n"
        "Kết quả thực hiện chuyển đổi số 9 tháng đầu năm 2025,\n"
        "nhiệm vụ trọng tâm quý IV năm 2025\n"
        "Ảnh: hội nghị sơ kết tháng 3/2024\n\n"
        "Toàn tỉnh tiếp nhận 246.380 hồ sơ."
    )
    result = read(text)
    assert result.document_period.id == "2025-01-01..2025-09-30"
    assert result.figures[0].period_id == "2025-01-01..2025-09-30"


def test_a_year_after_so_voi_belongs_to_the_figure_in_its_parenthesis():
    text = "Năm 2022, tỉnh xếp thứ 29/63, lùi 3 bậc so với năm 2021 (xếp thứ 26/63)."
    found = by_number(text)
    assert found["29/63"].period_id == "2022"
    assert found["26/63"].period_id == "2021"


def test_a_period_in_brackets_right_after_a_figure_is_its_own():
    text = "Tỉnh vươn từ vị trí 12/63 (năm 2023) lên vị trí 6/63 (năm 2024)."
    found = by_number(text, period=parse_period("2025"))
    assert (found["12/63"].period_id, found["6/63"].period_id) == ("2023", "2024")


def test_dates_spanning_a_quarter_are_that_quarter():
    found = by_number("Từ ngày 01/7/2025 đến ngày 30/9/2025, tiếp nhận 246.380 hồ sơ.")
    assert found["246.380"].period_id == "2025Q3"


def test_cung_ky_nam_x_is_the_same_part_of_that_year():
    text = (
        "Trong 9 tháng đầu năm 2025, tỷ lệ hồ sơ cấp kết quả điện tử đạt 82,7%; "
        "cùng kỳ năm 2024 tỷ lệ này là 71,5%."
    )
    found = by_number(text)
    assert found["82,7"].period_id == "2025-01-01..2025-09-30"
    assert found["71,5"].period_id == "2024-01-01..2024-09-30"


def test_a_paragraph_goes_on_after_a_page_break():
    text = (
        "Tính đến ngày 15/12/2023, Công an tỉnh đã thu nhận 1.152.430 hồ sơ cấp căn cước\n"
        "\n2\nUBND TỈNH HÀ TĨNH          Báo cáo số 412/BC-STTTT\n\n"
        "công dân gắn chip, trong đó 66.215 hồ sơ cấp đổi."
    )
    found = by_number(text, period=parse_period("2023"))
    assert found["66.215"].period_id == "20231215"


def test_figures_under_a_goal_lead_are_goals_of_the_sections_year():
    text = (
        "BÁO CÁO\nKết quả chuyển đổi số năm 2023\n\n"
        "I. KẾT QUẢ\nTỷ lệ hộ gia đình có cáp quang đạt 78,4%.\n\n"
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024\n"
        "Mục tiêu cụ thể:\n"
        "- Tỷ lệ hộ gia đình có cáp quang đạt 85%;\n"
        "- Tổng số trạm BTS đạt 1.500 trạm.\n\n"
        "Nơi nhận:\n- UBND tỉnh."
    )
    assert periods(text) == [
        ("78,4", "2023", False),
        ("85", "2024", True),
        ("1.500", "2024", True),
    ]


def test_both_ends_of_a_goal_range_and_each_years_goals():
    text = (
        "KẾ HOẠCH\nChuyển đổi số năm 2022\n\n"
        "2. Mục tiêu cụ thể:\n"
        "a) Năm 2022:\n"
        "- Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình đạt từ 55% đến 60%.\n"
        "b) Đến năm 2025:\n"
        "- Kinh tế số chiếm 20% GRDP của tỉnh.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "Toàn tỉnh có 2.100 trạm BTS."
    )
    found = by_number(text)
    assert [(found[n].period_id, found[n].target) for n in ("55", "60", "20", "2.100")] == [
        ("2022", True),
        ("2022", True),
        ("2025", True),
        ("2022", False),
    ]


def test_a_result_with_its_goal():
    text = "Từ ngày 01/01/2024 đến ngày 30/6/2024, tỷ lệ hồ sơ trực tuyến đạt 44,2% (mục tiêu 50%)."
    found = by_number(text)
    assert (found["44,2"].period_id, found["44,2"].target) == ("2024S1", False)
    assert (found["50"].period_id, found["50"].target) == ("2024", True)
    english = by_number("In 2023, fully online processing reached 64.3% (target: 60%).")
    assert (english["64.3"].target, english["60"].target) == (False, True)
    assert english["60"].period_id == "2023"


def test_an_inline_goal_lead_and_a_horizon_in_the_goals_clause():
    text = (
        "BÁO CÁO\nKết quả năm 2022\n\n"
        "Phấn đấu năm 2023: 100% hồ sơ được số hóa; tỷ lệ hồ sơ trực tuyến toàn trình đạt 40%.\n"
        "Tỉnh phấn đấu đến cuối năm 2025 đạt 80% hồ sơ được xử lý trực tuyến."
    )
    assert periods(text) == [
        ("100", "2023", True),
        ("40", "2023", True),
        ("80", "2025", True),
    ]


def test_results_in_a_plan_section_and_a_plan_heading_without_a_period():
    text = (
        "BÁO CÁO\nKết quả 6 tháng đầu năm 2024\n\n"
        "7. Nhiệm vụ thời gian tới\n"
        "Phấn đấu đạt mục tiêu tối thiểu 80% hộ gia đình có cáp quang năm 2025; hiện đạt 76%.\n"
        "Còn 7 chỉ tiêu chưa có số liệu trong kỳ."
    )
    found = by_number(text)
    assert (found["80"].target, found["80"].period_id) == (True, "2025")
    assert (found["76"].target, found["7"].target) == (False, False)
    assert found["76"].value == Decimal(76)


def test_trong_nam_in_a_half_year_report_is_the_half_year():
    found = by_number("Trong năm, đã cấp 1.320 chứng thư số.", period=parse_period("2024S1"))
    assert found["1.320"].period_id == "2024S1"


def test_a_source_line_starts_a_new_block():
    text = (
        "I. KẾT QUẢ NĂM 2021\n"
        "Toàn tỉnh có 1.092 trạm BTS.\n"
        "Nguồn: Sở Thông tin và Truyền thông\n\n"
        "Toàn tỉnh có 1.150 trạm BTS."
    )
    found = by_number(text, period=parse_period("2022"))
    assert (found["1.092"].period_id, found["1.150"].period_id) == ("2021", "2022")


def test_a_dateline_or_a_caption_is_not_the_reports_period():
    text = (
        "UBND TỈNH BẮC GIANG\nBắc Giang, tháng 12 năm 2023\n\n"
        "BÁO CÁO\nKết quả chuyển đổi số năm 2023\n"
        "Ảnh: hội nghị tháng 11/2023\n\n"
        "Toàn tỉnh có 2.964 trạm BTS."
    )
    assert read(text).document_period.id == "2023"


def test_an_earlier_value_before_the_year_it_is_of():
    text = "In the DTI 2022, the province ranked 4th out of 63, up 2 places from 6th in 2021."
    found = by_number(text, period=parse_period("2023"))
    assert (found["4"].period_id, found["6"].period_id) == ("2022", "2021")
