"""Validation rules in the catalogue file: read, checked with line and column, written back."""

from pathlib import Path

import pytest

from chuyendoiso.engine.domain.catalog import MissingPolicy, RuleSeverity
from chuyendoiso.engine.files.catalog_file import (
    CatalogFileError,
    dump_catalog,
    parse_catalog,
    read_catalog,
)

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "catalog" / "catalog.yaml"

HEAD = """\
version: 1
pillars:
  - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 6}
categories:
  - code: CHANNEL
    name_vi: Kênh
    name_en: Channel
    options:
      - {code: ONLINE, name_vi: Trực tuyến, name_en: Online}
      - {code: DIRECT, name_vi: Trực tiếp, name_en: In person}
indicators:
  - {code: RECEIVED, name_vi: Tiếp nhận, name_en: Received, pillar: CQS, unit: count,
     value_type: count, aggregation_org: sum, aggregation_time: flow, categories: [CHANNEL]}
  - {code: DONE, name_vi: Đã xử lý, name_en: Done, pillar: CQS, unit: count,
     value_type: count, aggregation_org: sum, aggregation_time: flow}
rules:
"""  # 16 lines: the first rule starts on line 17


def problems_of(rules_text: str) -> list[tuple[int, str]]:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(HEAD + rules_text, source="c.yaml")
    return caught.value.problems


def test_rules_are_read_with_their_defaults():
    catalog = parse_catalog(
        HEAD
        + "  - {code: DONE_LE_RECEIVED, name_vi: Xử lý không vượt tiếp nhận,"
        + " expression: DONE <= RECEIVED}\n"
        + "  - code: PARTS\n    name_vi: Các kênh\n"
        + '    expression: "sum(RECEIVED[CHANNEL:*]) == RECEIVED"\n'
        + "    severity: warning\n    missing: zero\n    message_vi: Cần giải trình\n"
    )
    first, second = catalog.rules
    assert (first.code, first.expression) == ("DONE_LE_RECEIVED", "DONE <= RECEIVED")
    assert (first.severity, first.missing, first.message_vi) == (
        RuleSeverity.ERROR,
        MissingPolicy.SKIP,
        "",
    )
    assert (second.severity, second.missing, second.message_vi) == (
        RuleSeverity.WARNING,
        MissingPolicy.ZERO,
        "Cần giải trình",
    )


def test_a_plain_expression_names_the_line_and_the_column_in_the_file():
    [(line, reason)] = problems_of("  - code: R\n    name_vi: r\n    expression: DONE <= RECEIVD\n")
    # "    expression: " is 16 characters: the expression starts in column 17, RECEIVD in 25
    assert line == 19
    assert reason.startswith("cột 25 / column 25: quy tắc R: chỉ tiêu 'RECEIVD'")


def test_a_quoted_expression_counts_the_quote():
    [(line, reason)] = problems_of(
        '  - code: R\n    name_vi: r\n    expression: "RECEIVED[CHANNEL:POST] > 0"\n'
    )
    assert line == 19
    assert reason.startswith("cột 18 / column 18:")
    assert "unknown option" in reason


def test_a_block_expression_names_the_line_inside_the_block():
    [(line, reason)] = problems_of(
        "  - code: R\n    name_vi: r\n    expression: |\n      DONE <=\n        RECEIVED RECEIVED\n"
    )
    assert line == 21  # the second line of the block
    assert reason.startswith("cột 18 / column 18:")  # 8 spaces of indent + column 10
    assert "syntax error" in reason


def test_every_problem_of_the_rules_is_listed_with_the_rest():
    problems = problems_of(
        "  - code: R1\n    name_vi: r\n    expression: DONE <=\n"
        "  - code: R1\n    name_vi: r\n    expression: DONE + 1\n    severity: fatal\n"
        "  - code: R3\n    name_vi: r\n    expression: 5\n"
    )
    reasons = [reason for _, reason in problems]
    assert any("R1: sai cú pháp" in reason for reason in reasons)
    assert any("must be a condition" in reason for reason in reasons)
    assert any("'severity' = 'fatal'" in reason for reason in reasons)
    assert any("mã 'R1' lặp lại" in reason for reason in reasons)
    assert any("R3:" in reason and "must be a condition" in reason for reason in reasons)


def test_rules_survive_a_dump_and_a_read():
    catalog = parse_catalog(
        HEAD + '  - {code: R, name_vi: r, expression: "DONE <= RECEIVED", severity: warning}\n'
    )
    assert parse_catalog(dump_catalog(catalog)).rules == catalog.rules


def test_the_shipped_catalogue_has_the_seeds_pairs_as_rules():
    rules = {rule.code: rule for rule in read_catalog(SHIPPED).rules}
    assert rules["DDDT_KICH_HOAT_KHONG_VUOT_THU_NHAN"].expression == (
        "CQS_DDDT_KICH_HOAT <= CQS_DDDT_THU_NHAN"
    )
    assert rules["HS_XU_LY_KHONG_VUOT_TIEP_NHAN"].expression == (
        "CQS_HS_DA_XU_LY <= CQS_HS_TIEP_NHAN"
    )
    assert "CQS_HS_DUNG_HAN_TY_LE in 0..100" in {rule.expression for rule in rules.values()}
    assert "sum(CQS_HS_TIEP_NHAN[CHANNEL:*]) == CQS_HS_TIEP_NHAN" in {
        rule.expression for rule in rules.values()
    }
