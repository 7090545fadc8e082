"""The measure of the reader against annotated texts (engine/reader/evaluation.py): each
counter moves with what the annotation says, whatever the reader does."""

from __future__ import annotations

import pytest

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import evaluate, load_corpus

from .support import catalog

TEXT = (
    "Báo cáo kết quả chuyển đổi số năm 2023\n\n"
    "Trong năm 2023, toàn tỉnh tiếp nhận 240.512 hồ sơ, trong đó 230.100 hồ sơ giải quyết "
    "đúng hạn, đạt 95,67%. Tổng số 240.000 hồ sơ được tiếp nhận.\n"
)
FIGURES = """
figures:
  - {number: "240.512", value: "240512", kind: count, period: "2023", indicator: CQS_HS_TIEP_NHAN}
  - {number: "230.100", value: "230100", kind: count, period: "2023", indicator: CQS_HS_DUNG_HAN}
  - {number: "95,67", value: "95.67", kind: percent, period: "2023",
     indicator: CQS_HS_DUNG_HAN_TY_LE}
  - {number: "240.000", value: "240000", kind: count, period: "2023", indicator: CQS_HS_TIEP_NHAN}
"""
CHECKS = """
checks:
  - {verdict: consistent, kind: ratio, figures: ["95,67", "230.100", "240.512"], why: đúng}
  - {verdict: inconsistent, kind: repeated, figures: ["240.000", "240.512"], why: làm tròn}
"""


def corpus(tmp_path, annotations, text=TEXT):
    (tmp_path / "01_x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "01_x.yaml").write_text(annotations, encoding="utf-8")
    return load_corpus(tmp_path)


def test_a_text_read_as_annotated_scores_full(tmp_path):
    scores = evaluate(corpus(tmp_path, 'document_period: "2023"' + FIGURES + CHECKS), catalog())
    assert (scores.texts, scores.figures, scores.found, scores.period_right) == (1, 4, 4, 4)
    assert (scores.assigned, scores.assigned_right) == (4, 4)
    assert (scores.inconsistencies, scores.caught, scores.false_alarms) == (1, 1, 0)
    assert (scores.consistent, scores.confirmed, scores.false_figures) == (1, 1, 0)
    assert scores.problems == []


def test_each_miss_is_counted_and_named(tmp_path):
    wrong = (
        FIGURES.replace(
            'period: "2023", indicator: CQS_HS_DUNG_HAN}',
            'period: "2022", indicator: CQS_HS_DUNG_HAN}',
        )
        .replace('value: "240000"', 'value: "240001"')  # a value the reader cannot have read
        .replace(
            'indicator: CQS_HS_TIEP_NHAN}\n  - {number: "230', 'indicator: null}\n  - {number: "230'
        )
    )
    scores = evaluate(corpus(tmp_path, wrong), catalog())
    assert (scores.found, scores.period_right) == (3, 2)
    assert (scores.assigned, scores.assigned_right) == (3, 2)
    assert scores.false_figures == 0  # the reader's "240.000" still covers the annotated number
    # no inconsistency is annotated here: the reader's "không khớp" is a false alarm
    assert scores.false_alarms == 1
    assert any("kỳ của '230.100'" in p for p in scores.problems)
    assert any("không thấy số liệu '240.000'" in p for p in scores.problems)


def test_a_number_that_is_not_in_the_text_is_refused_with_its_place(tmp_path):
    with pytest.raises(ValidationError, match="999"):
        corpus(tmp_path, 'figures:\n  - {number: "999", value: "999", kind: count}\n')


def test_a_level_on_the_last_day_of_a_year_is_that_year(tmp_path):
    text = "Tính đến ngày 31/12/2023, toàn tỉnh có 2.964 trạm BTS.\n"
    annotations = (
        'figures:\n  - {number: "2.964", value: "2964", kind: count, period: "2023", '
        "indicator: HTS_BTS}\n"
    )
    scores = evaluate(corpus(tmp_path, annotations, text), catalog())
    assert scores.period_right == 1
    later = annotations.replace('"2023"', '"2023S1"')
    (tmp_path / "01_x.yaml").write_text(later, encoding="utf-8")
    assert evaluate(load_corpus(tmp_path), catalog()).period_right == 0
