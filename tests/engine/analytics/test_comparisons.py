import datetime as dt
from decimal import Decimal as D

import pytest

from chuyendoiso.engine.analytics.aggregate import Figure
from chuyendoiso.engine.analytics.comparisons import Progress, attainment, compare, progress_status
from chuyendoiso.engine.domain.catalog import Direction, MeasureUnit, Target, TargetOperator
from chuyendoiso.engine.domain.periods import parse_period

S1 = parse_period("2024S1")


def figure(value, **kw):
    return Figure(indicator="X", unit="P", period=S1, value=D(value), own_period=S1, **kw)


def test_change_against_the_same_period():
    change = compare(figure(1182686), figure(1085033), unit=MeasureUnit.COUNT)
    assert round(change.percent, 2) == D("9.00")
    assert round(change.level, 1) == D("109.0")
    assert change.points is None and not change.stated


def test_a_stated_comparison_wins_over_the_computed_one():
    change = compare(figure(476, change_stated=D("71.79")), figure(277), unit=MeasureUnit.COUNT)
    assert change.stated and change.percent == D("71.79")
    level = compare(figure(14770, level_stated=D("76.6")), None, unit=MeasureUnit.COUNT)
    assert level.level == D("76.6") and level.percent == D("-23.4")


def test_percentages_also_compare_in_points():
    change = compare(figure("80.2"), figure("76.4"), unit=MeasureUnit.PERCENT)
    assert change.points == D("3.8")


def test_no_previous_figure_no_change():
    assert compare(figure(5), None, unit=MeasureUnit.COUNT).percent is None
    assert compare(figure(5), figure(0), unit=MeasureUnit.COUNT).percent is None


@pytest.mark.parametrize(
    ("operator", "value", "achieved"),
    [(">=", "80", True), (">=", "79.99", False), (">", "80", False), ("<=", "9", True)],
)
def test_attainment(operator, value, achieved):
    target = Target(
        "X", "VN", 2025, D(80 if operator != "<=" else 10), TargetOperator(operator), "QĐ"
    )
    result = attainment(figure(value), target)
    assert result.achieved is achieved


def test_attainment_percent_of_target():
    target = Target("X", "VN", 2025, D(90), TargetOperator.GTE, "QĐ 411")
    assert round(attainment(figure("80.2"), target).percent_of_target, 2) == D("89.11")


BASE = (dt.date(2023, 6, 30), D(70))
LATEST = (dt.date(2024, 6, 30), D("80.2"))
DEADLINE = dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("latest", "target", "direction", "status"),
    [
        # needed: 70 -> 90 in 2.5 years (10.6%/year); observed 14.6%/year
        (LATEST, (DEADLINE, D(90)), Direction.UP, Progress.ON_TRACK),
        ((LATEST[0], D(76)), (DEADLINE, D(90)), Direction.UP, Progress.ACCELERATION_NEEDED),
        ((LATEST[0], D(72)), (DEADLINE, D(90)), Direction.UP, Progress.LIMITED),
        ((LATEST[0], D(65)), (DEADLINE, D(90)), Direction.UP, Progress.DETERIORATING),
        ((LATEST[0], D(91)), (DEADLINE, D(90)), Direction.UP, Progress.ACHIEVED),
        (LATEST, None, Direction.UP, Progress.ON_TRACK),
        ((LATEST[0], D("70.5")), None, Direction.UP, Progress.ACCELERATION_NEEDED),
        ((LATEST[0], D("70.1")), None, Direction.UP, Progress.LIMITED),
        (LATEST, None, Direction.DOWN, Progress.DETERIORATING),
        ((LATEST[0], D(63)), (DEADLINE, D(50)), Direction.DOWN, Progress.ACCELERATION_NEEDED),
        ((LATEST[0], D(60)), (DEADLINE, D(50)), Direction.DOWN, Progress.ON_TRACK),
    ],
)
def test_progress_status_follows_the_open_sdg_thresholds(latest, target, direction, status):
    assert progress_status(base=BASE, latest=latest, direction=direction, target=target) is status


def test_progress_needs_time_and_positive_values():
    assert progress_status(base=BASE, latest=(BASE[0], D(80)), direction=Direction.UP) is None
    assert progress_status(base=(BASE[0], D(0)), latest=LATEST, direction=Direction.UP) is None
