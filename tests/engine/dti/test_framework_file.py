"""A framework file is checked whole; each problem is reported with its line."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from chuyendoiso.engine.dti import FrameworkFileError, FrameworkKind, RuleKind, parse_framework

from .fixture import FIXTURE

TEXT = FIXTURE.read_text(encoding="utf-8")


def problems(text: str, **kwargs: object) -> list[tuple[int, str]]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(text, source="f.yaml", **kwargs)  # type: ignore[arg-type]
    return caught.value.problems


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_the_fixture_reads_with_every_rule_kind() -> None:
    framework = parse_framework(TEXT, source="f.yaml")
    assert framework.kind is FrameworkKind.FIXTURE
    assert framework.max_points == D(100)
    kinds = {c.rule.kind for c in framework.components if c.rule}
    assert kinds == set(RuleKind)
    assert framework.component("XHS_04").max_points is None
    assert framework.component("XHS_03").rule.refs == ("XHS_01", "XHS_02", "CQS_03")  # type: ignore[union-attr]
    assert framework.indicators[-1] == "XHS_DAN_SO"


def test_an_unknown_pillar_and_a_repeated_code_are_named_at_their_lines() -> None:
    text = TEXT.replace(
        "    pillar: XHS\n    name_vi: Hoạt động", "    pillar: XYZ\n    name_vi: Hoạt động"
    )
    text = text.replace("  - code: CQS_04", "  - code: CQS_03")
    found = problems(text)
    assert (line_of(text, "pillar: XYZ"),) == tuple(line for line, r in found if "XYZ" in r)
    assert [line for line, r in found if "lặp lại" in r] == [line_of(text, "- code: CQS_03", 2)]


def test_a_formula_that_reads_itself_or_an_unknown_component_is_refused() -> None:
    cyclic = TEXT.replace('"(XHS_01 + XHS_02) / 2 + CQS_03"', '"XHS_03 + XHS_09"')
    found = problems(cyclic)
    line = line_of(cyclic, "- code: XHS_03")
    assert any(n == line and "XHS_09" in r for n, r in found)
    assert any(n == line and "vòng lại" in r for n, r in found)
    other = TEXT.replace('"(XHS_01 + XHS_02) / 2 + CQS_03"', '"XHS_01 > 2"')
    assert any("chỉ dùng" in r for _, r in problems(other))


def test_bad_numbers_steps_and_sums() -> None:
    text = TEXT.replace('full_at: "80"', 'full_at: "tám mươi"')
    text = text.replace('{from: "99", points: "20"}', '{from: "97", points: "25"}')
    text = text.replace(
        "max_points: 20\n    rule: {kind: proportional",
        "max_points: 25\n    rule: {kind: proportional",
    )
    found = problems(text)
    assert any(n == line_of(text, "tám mươi") and "không phải là số" in r for n, r in found)
    assert any(n == line_of(text, 'points: "25"') and "vượt" in r for n, r in found)
    # the CQS components now add up to 65 (25 + 20 + 10 + 10) with a pillar maximum of 60
    assert any(n == line_of(text, "{code: CQS,") and "cộng lại" in r for n, r in found)


def test_steps_out_of_order() -> None:
    text = TEXT.replace('{from: "95", points: "15"}', '{from: "85", points: "15"}')
    assert [n for n, r in problems(text) if "thứ tự" in r] == [line_of(text, '"85"')]


def test_indicators_are_checked_against_the_catalogue_when_given() -> None:
    known = {"CQS_HS_TOAN_TRINH_TY_LE", "CQS_HS_DUNG_HAN_TY_LE", "ATTT_SOC_MAY_GO_MA_DOC"}
    known |= {"XHS_CSKCB_KET_NOI", "XHS_HSSK", "TDG_LGSP_VAN_HANH"}
    found = problems(TEXT, indicators=known)
    assert found == [(line_of(TEXT, "per: XHS_DAN_SO"), found[0][1])]
    assert "XHS_DAN_SO" in found[0][1]


def test_unknown_fields_version_and_rule_text() -> None:
    text = TEXT.replace("version: 1", "version: 2").replace(
        "    source: fixture\n", "    sources: x\n", 1
    )
    text = text.replace("rule: not_found", "rule: chưa rõ")
    found = problems(text)
    assert any(n == 3 and "version" in r for n, r in found)
    assert any("sources" in r for _, r in found)
    assert any(n == line_of(text, "rule: chưa rõ") for n, _ in found)


def test_invalid_yaml_names_its_line() -> None:
    found = problems("version: 1\nframework: [\n")
    assert found[0][0] >= 2 and "YAML" in found[0][1]


def test_every_component_of_a_pillar_listed_must_add_up_to_its_points() -> None:
    """With as many components as the decision has, each with its points, they add up to the
    pillar's maximum exactly; with fewer listed, they may only stay below it."""
    cqs = "group: activity, max_points: 60, source: fixture}"
    text = TEXT.replace(cqs, cqs[:-1] + ", components_stated: 4}", 1)
    text = text.replace(
        "max_points: 10\n    rule: {kind: yes_no}", "max_points: 5\n    rule: {kind: yes_no}", 1
    )
    found = problems(text)  # 20 + 20 + 5 + 10
    assert [n for n, r in found if "cộng lại 55" in r] == [line_of(text, "{code: CQS,")]
    fewer = text.replace("components_stated: 4", "components_stated: 5")
    assert parse_framework(fewer, source="f.yaml").pillar("CQS").components_stated == 5
    too_many = text.replace("components_stated: 4", "components_stated: 3")
    assert any("liệt kê 4" in r for _, r in problems(too_many))
