"""Each rule kind on cases worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from chuyendoiso.engine.dti import Direction, Rule, RuleKind, Step, score
from chuyendoiso.engine.dti.scoring import FormulaGap
from chuyendoiso.engine.rules import parse


@pytest.mark.parametrize(
    ("value", "points"),
    [("0", "0"), ("40", "5"), ("60", "7.5"), ("80", "10"), ("95", "10"), ("-3", "0")],
)
def test_proportional_from_zero(value: str, points: str) -> None:
    rule = Rule(RuleKind.PROPORTIONAL, full_at=D(80))
    assert score(rule, D(10), D(value)).points == D(points)


def test_proportional_between_two_values_and_downwards() -> None:
    # 20% of the points at 50, full at 100: 60 is (60-50)/(100-50) = 0.2 of 20 points
    assert score(
        Rule(RuleKind.PROPORTIONAL, full_at=D(100), zero_at=D(50)), D(20), D(60)
    ).points == D(4)
    # smaller is better: full at 2 days, nothing at 10 days; 4 days is (4-10)/(2-10) = 0.75
    down = Rule(RuleKind.PROPORTIONAL, full_at=D(2), zero_at=D(10))
    assert score(down, D(8), D(4)).points == D(6)
    assert score(down, D(8), D(12)).points == D(0)


@pytest.mark.parametrize(
    ("value", "points"), [("89.9", "0"), ("90", "10"), ("94", "10"), ("95", "15"), ("100", "20")]
)
def test_thresholds_up(value: str, points: str) -> None:
    steps = (Step(D(90), D(10)), Step(D(95), D(15)), Step(D(99), D(20)))
    assert score(Rule(RuleKind.THRESHOLDS, steps=steps), D(20), D(value)).points == D(points)


@pytest.mark.parametrize(
    ("value", "points"), [("150", "0"), ("100", "5"), ("11", "5"), ("10", "10")]
)
def test_thresholds_down(value: str, points: str) -> None:
    steps = (Step(D(100), D(5)), Step(D(10), D(10)))
    rule = Rule(RuleKind.THRESHOLDS, steps=steps, direction=Direction.DOWN)
    assert score(rule, D(10), D(value)).points == D(points)


def test_yes_no() -> None:
    rule = Rule(RuleKind.YES_NO)
    assert score(rule, D(7), D(1)).points == D(7)
    assert score(rule, D(7), D(0)).points == D(0)


def test_count_against_a_fixed_norm_and_against_a_norm_per_population() -> None:
    fixed = Rule(RuleKind.COUNT_VS_NORM, norm=D(4))
    assert score(fixed, D(10), D(3)).points == D("7.5")
    assert score(fixed, D(10), D(9)).points == D(10)
    # 2 per 10,000 people in a province of 1,300,000: 260 expected; 195 gives 0.75 of 8
    per = Rule(RuleKind.COUNT_VS_NORM, norm=D(2), per="XHS_DAN_SO", per_unit=D(10_000))
    assert score(per, D(8), D(195), per_value=D(1_300_000)).points == D(6)


def test_formula_reads_other_components_points_and_is_kept_within_its_maximum() -> None:
    text = "(A_1 + A_2) / 2 + max(A_3, 1)"
    rule = Rule(RuleKind.FORMULA, expression=text, formula=parse(text), refs=("A_1", "A_2", "A_3"))
    points = {"A_1": D(4), "A_2": D(6), "A_3": D(0)}
    assert score(rule, D(10), None, points_of=points).points == D(6)  # 5 + 1
    assert score(rule, D(5), None, points_of=points).points == D(5)  # 6, kept to 5
    with pytest.raises(FormulaGap):
        score(rule, D(10), None, points_of={"A_1": D(4), "A_2": None})
