"""The plain-text report of a reading: what it says when there is nothing, or too much."""

from __future__ import annotations

import importlib

from chuyendoiso.engine.reader import factcheck

from .support import catalog


def test_a_text_without_figures_says_so():
    text = factcheck("Báo cáo này không nêu số liệu nào.", catalog()).render_text()
    assert "0 số liệu" in text
    assert "Không tìm thấy số liệu nào trong văn bản." in text


def test_a_text_with_figures_does_not_say_there_are_none():
    text = factcheck("Có 1.830 trạm BTS.", catalog()).render_text()
    assert "Không tìm thấy số liệu" not in text


def test_a_truncated_reading_says_the_rest_was_not_read(monkeypatch):
    # the package's ``extract`` is the function; the module is reached by its name
    monkeypatch.setattr(
        importlib.import_module("chuyendoiso.engine.reader.extract.figures"), "MAX_FIGURES", 2
    )
    result = factcheck("Có 1.830 trạm BTS; 1.567.705 thuê bao; 476 tin, bài.", catalog())
    assert result.truncated and len(result.figures) == 2
    assert "chỉ đọc 2 số liệu đầu" in result.render_text()


def test_a_goal_is_said_to_be_one_in_the_text_report():
    text = "Năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình đạt 44,2% (mục tiêu 50%)."
    lines = factcheck(text, catalog()).render_text().splitlines()
    assert [line for line in lines if "(mục tiêu)" in line] == [
        next(line for line in lines if "«50%»" in line)
    ]
