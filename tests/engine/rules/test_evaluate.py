"""Evaluating rules: exact decimals, the missing policies, history and the outlier test."""

from decimal import Decimal

import pytest

from chuyendoiso.engine.domain.catalog import MissingPolicy, RuleSeverity, ValidationRule
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.rules import (
    Figure,
    Names,
    Outcome,
    compile_rule,
    evaluate,
    median,
    periods_read,
)

NAMES = Names(
    indicators={"RECEIVED": (), "ACTIVATED": ("SEX",), "SHARE": ()},
    categories={"SEX": ("MALE", "FEMALE")},
)
HALF = parse_period("2024S1")


class Stored:
    """Values by (indicator, option, period id)."""

    def __init__(self, **given: object) -> None:
        self.found: dict[tuple[str, str, str], Figure] = {}
        for key, value in given.items():
            indicator, _, rest = key.partition("__")
            period, _, option = rest.partition("__")
            option = option.replace("_", ":", 1)
            self.found[(indicator, option, period or "2024S1")] = (
                value if isinstance(value, Figure) else Figure(Decimal(str(value)))
            )

    def figure(self, indicator, option, period):
        return self.found.get((indicator, option, period.id))


def run(expression, values, *, missing="skip", severity="error", period=HALF):
    rule = ValidationRule(
        "R", "quy tắc", expression, RuleSeverity(severity), MissingPolicy(missing), ""
    )
    return evaluate(compile_rule(rule, NAMES), values, period)


SEED = Stored(ACTIVATED=786370, RECEIVED=822099)


def test_the_seed_pair_holds_and_its_reverse_fails_with_the_values():
    assert run("ACTIVATED <= RECEIVED", SEED).outcome is Outcome.HOLDS
    failed = run("ACTIVATED > RECEIVED", SEED)
    assert failed.outcome is Outcome.FAILS
    assert {used.label: used.value for used in failed.used} == {
        "ACTIVATED": Decimal(786370),
        "RECEIVED": Decimal(822099),
    }


def test_a_ratio_is_computed_exactly_not_in_binary_floating_point():
    # 0.1 + 0.2 == 0.3 holds in decimals, not in floats
    assert run("RECEIVED * 0 + 0.1 + 0.2 == 0.3", SEED).outcome is Outcome.HOLDS
    result = run("ACTIVATED * 100 / RECEIVED in 0..100", SEED)
    assert result.outcome is Outcome.HOLDS
    [side] = result.sides
    assert side.text == "ACTIVATED * 100 / RECEIVED"
    assert str(side.value).startswith("95.6539297578515482928455088742353414856361")


@pytest.mark.parametrize(
    ("expression", "outcome"),
    [
        ("0 <= SHARE <= 100", Outcome.FAILS),
        ("SHARE in 0..100", Outcome.FAILS),
        ("SHARE in 0..100.5", Outcome.HOLDS),
        ("not SHARE > 100", Outcome.FAILS),
        ("SHARE > 100 and SHARE < 101", Outcome.HOLDS),
        ("SHARE < 0 or SHARE == 100.5", Outcome.HOLDS),
        ("SHARE != 100.50", Outcome.FAILS),
    ],
)
def test_ranges_chains_and_logic(expression, outcome):
    assert run(expression, Stored(SHARE="100.5")).outcome is outcome


def test_a_rule_applies_only_where_one_of_its_values_exists():
    assert run("ACTIVATED <= RECEIVED", Stored()).outcome is Outcome.NOT_APPLICABLE
    # a value of another period (read through a history function) does not make it apply
    assert run("RECEIVED <= last_year(RECEIVED)", Stored(RECEIVED__2023S1=5)).outcome is (
        Outcome.NOT_APPLICABLE
    )


@pytest.mark.parametrize(
    ("missing", "outcome", "reason"),
    [
        ("skip", Outcome.SKIPPED, "missing value: RECEIVED (2024S1)"),
        ("zero", Outcome.FAILS, ""),  # 786370 <= 0 does not hold
        ("error", Outcome.FAILS, "missing value: RECEIVED (2024S1)"),
    ],
)
def test_a_missing_value_follows_the_rules_policy(missing, outcome, reason):
    result = run("ACTIVATED <= RECEIVED", Stored(ACTIVATED=786370), missing=missing)
    assert result.outcome is outcome
    assert reason in result.reason
    if reason:
        assert result.reason.startswith("thiếu số liệu")


@pytest.mark.parametrize(
    ("missing", "outcome"),
    [("skip", Outcome.SKIPPED), ("zero", Outcome.HOLDS), ("error", Outcome.FAILS)],
)
def test_a_division_by_zero_follows_the_rules_policy(missing, outcome):
    # under zero the quotient counts as 0, and 0 is in 0..100
    result = run(
        "ACTIVATED * 100 / RECEIVED in 0..100", Stored(ACTIVATED=5, RECEIVED=0), missing=missing
    )
    assert result.outcome is outcome
    if outcome is not Outcome.HOLDS:
        assert "division by zero" in result.reason


def test_the_parts_of_a_disaggregation_against_the_total():
    parts = {"ACTIVATED____SEX_MALE": 400000, "ACTIVATED____SEX_FEMALE": 386370}
    assert run("sum(ACTIVATED[SEX:*]) == ACTIVATED", Stored(ACTIVATED=786370, **parts)).outcome is (
        Outcome.HOLDS
    )
    wrong = run("sum(ACTIVATED[SEX:*]) == ACTIVATED", Stored(ACTIVATED=786371, **parts))
    assert wrong.outcome is Outcome.FAILS
    assert [(side.text, side.value) for side in wrong.sides] == [
        ("sum(ACTIVATED[SEX:*])", Decimal(786370))
    ]
    # one part missing: the sum is missing (skip), or counts the part as 0 (zero)
    only_male = Stored(ACTIVATED=786370, ACTIVATED____SEX_MALE=400000)
    rule = "sum(ACTIVATED[SEX:*]) <= ACTIVATED"
    assert run(rule, only_male).outcome is Outcome.SKIPPED
    assert run(rule, only_male, missing="zero").outcome is Outcome.HOLDS


def test_last_year_and_previous_read_the_periods_the_platform_computes():
    values = Stored(RECEIVED=300, RECEIVED__2023S1=100, RECEIVED__2023S2=250)
    doubled = run("RECEIVED <= last_year(RECEIVED) * 2", values)
    assert doubled.outcome is Outcome.FAILS
    assert [(u.period, u.value) for u in doubled.used] == [
        ("2024S1", Decimal(300)),
        ("2023S1", Decimal(100)),
    ]
    assert run("RECEIVED <= previous(RECEIVED) * 2", values).outcome is Outcome.HOLDS
    day = parse_period("20240415")
    assert (
        run(
            "RECEIVED > last_year(RECEIVED)",
            Stored(RECEIVED__20240415=2, RECEIVED__20230415=1),
            period=day,
        ).outcome
        is Outcome.HOLDS
    )


def test_periods_read_lists_every_period_a_rule_may_need():
    rule = compile_rule(
        ValidationRule(
            "R", "r", "RECEIVED <= last_year(previous(RECEIVED)) or outlier(SHARE, 3, 4)"
        ),
        NAMES,
    )
    assert {period.id for period in periods_read(rule, HALF)} == {
        "2024S1",  # RECEIVED and outlier's current value
        "2022S2",  # last_year(previous(...)): the half-year before, a year earlier
        "2023S2", "2023S1", "2022S1",  # outlier's 4 past half-years (2022S2 among them)
    }  # fmt: skip


def test_median_of_an_odd_and_an_even_count():
    assert median([Decimal(3), Decimal(1), Decimal(2)]) == 2
    assert median([Decimal(4), Decimal(1), Decimal(2), Decimal(3)]) == Decimal("2.5")


def history(*past, current):
    """``current`` in 2024S1 and ``past`` in the half-years before it, nearest first."""
    periods = ["2023S2", "2023S1", "2022S2", "2022S1", "2021S2", "2021S1", "2020S2", "2020S1"]
    given = {f"RECEIVED__{period}": value for period, value in zip(periods, past, strict=False)}
    return Stored(RECEIVED=current, **given)


def test_outlier_is_more_than_k_robust_deviations_from_the_median_of_the_history():
    # past 100, 110, 90, 105, 95: median 100, MAD 5, robust deviation 1.4826 * 5 = 7.413
    past = (100, 110, 90, 105, 95)
    # 3 deviations: 22.239 -> 122.239 is the last value that is not an outlier
    assert run("not outlier(RECEIVED, 3)", history(*past, current="122.239")).outcome is (
        Outcome.HOLDS
    )
    flagged = run("not outlier(RECEIVED, 3)", history(*past, current="122.24"))
    assert flagged.outcome is Outcome.FAILS
    assert [side.value for side in flagged.sides] == [
        Decimal("122.24"),
        Decimal(100),
        Decimal("7.4130"),
    ]
    assert run("not outlier(RECEIVED, 3)", history(*past, current="77.761")).outcome is (
        Outcome.HOLDS
    )


def test_outlier_leaves_gaps_out_and_needs_three_past_values():
    # only the 3 nearest periods are looked at: the 4th (1000) does not count
    assert run("outlier(RECEIVED, 3, 3)", history(100, 100, 100, 1000, current=100)).outcome is (
        Outcome.FAILS
    )
    # all the same in the past: any other value is an outlier (MAD 0)
    assert run("outlier(RECEIVED, 3)", history(100, 100, 100, current=101)).outcome is (
        Outcome.HOLDS
    )
    too_short = history(100, 100, current=5000)
    assert run("not outlier(RECEIVED, 3)", too_short).outcome is Outcome.SKIPPED
    assert "fewer than 3 past values" in run("not outlier(RECEIVED, 3)", too_short).reason
    assert run("not outlier(RECEIVED, 3)", too_short, missing="zero").outcome is Outcome.HOLDS
    assert run("not outlier(RECEIVED, 3)", too_short, missing="error").outcome is Outcome.FAILS


def test_a_number_too_large_to_compute_makes_the_rule_fail_not_crash():
    result = run("RECEIVED * RECEIVED * RECEIVED > 0", Stored(RECEIVED="1" + "0" * 400000))
    assert result.outcome is Outcome.FAILS
    assert "cannot compute" in result.reason


def test_a_warning_is_explained_when_a_value_of_its_period_has_a_comment():
    commented = Stored(ACTIVATED=Figure(Decimal(9), "tính cả hồ sơ tồn"), RECEIVED=5)
    assert run("ACTIVATED <= RECEIVED", commented, severity="warning").explained
    assert not run(
        "ACTIVATED <= RECEIVED", Stored(ACTIVATED=9, RECEIVED=5), severity="warning"
    ).explained
    assert not run("ACTIVATED <= RECEIVED", commented, severity="error").explained
