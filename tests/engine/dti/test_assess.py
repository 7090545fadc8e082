"""The fixture framework end to end: every rule kind, the index, the pillars, the
components left unscored, the what-if and the best changes, all worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from chuyendoiso.engine.dti import Measured, Status, assess, best_changes, losses, with_value

from .fixture import BASES, framework, measured


def test_every_component_is_scored_by_its_rule() -> None:
    result = assess(framework(), measured(), bases=BASES)
    points = {c.component.code: c.points for c in result.components}
    assert points == {
        "CQS_01": D(15),
        "CQS_02": D(15),
        "CQS_03": D(10),
        "CQS_04": D(5),
        "XHS_01": D("7.5"),
        "XHS_02": D("7.5"),
        "XHS_03": D("17.5"),  # (7.5 + 7.5) / 2 + 10
        "XHS_04": None,
        "DTTM_01": None,
    }
    status = {c.component.code: c.status for c in result.components}
    assert status["XHS_04"] is Status.NO_POINTS
    assert status["DTTM_01"] is Status.NOT_SCORED


def test_pillars_and_index() -> None:
    result = assess(framework(), measured(), bases=BASES)
    cqs, xhs, dttm = result.pillars
    assert (cqs.achieved, cqs.scored_max, cqs.value) == (D(45), D(60), D("0.75"))
    assert (xhs.achieved, xhs.scored_max, xhs.value) == (D("32.5"), D(40), D("0.8125"))
    assert dttm.value is None
    assert result.index == D("0.775")  # (0.75 x 60 + 0.8125 x 40) / 100
    assert result.coverage == D(1)


def test_a_missing_value_leaves_the_component_and_the_formulas_reading_it_unscored() -> None:
    values = measured()
    del values["XHS_01"]
    result = assess(framework(), values, bases=BASES)
    assert result.component("XHS_01").status is Status.NO_DATA
    assert result.component("XHS_03").status is Status.NO_DATA
    xhs = result.pillars[1]
    assert (xhs.achieved, xhs.scored_max) == (D("7.5"), D(10))
    # (45 + 0.75 x 40) / 100: the partly scored pillar counts with the share it achieved
    assert result.index == D("0.75")
    assert result.coverage == D("0.7")


def test_a_norm_whose_base_has_no_value_is_not_scored() -> None:
    result = assess(framework(), measured(), bases={})
    assert result.component("XHS_02").status is Status.NO_BASE


def test_what_if_moves_the_index() -> None:
    result = assess(framework(), measured(), bases=BASES, overrides={"CQS_01": D(80)})
    assert result.component("CQS_01").points == D(20)
    assert result.component("CQS_01").what_if
    assert result.index == D("0.825")
    again = with_value(
        assess(framework(), measured(), bases=BASES), measured(), "CQS_01", D(80), bases=BASES
    )
    assert again.index == D("0.825")
    # a value read by a formula changes the formula too: XHS_01 at 200 gives 10 and 18.75
    through = with_value(
        assess(framework(), measured(), bases=BASES), measured(), "XHS_01", D(200), bases=BASES
    )
    assert through.component("XHS_03").points == D("18.75")
    assert through.index == D("0.8125")


def test_points_lost_by_pillar_most_first() -> None:
    found = losses(assess(framework(), measured(), bases=BASES))
    assert [(x.pillar.pillar.code, x.pillar.lost) for x in found] == [
        ("CQS", D(15)),
        ("XHS", D("7.5")),
    ]
    # five points each, in the order of their codes
    assert [(c.component.code, c.lost) for c in found[0].components] == [
        ("CQS_01", D(5)),
        ("CQS_02", D(5)),
        ("CQS_04", D(5)),
    ]
    assert [c.component.code for c in found[1].components] == ["XHS_01", "XHS_02", "XHS_03"]


def test_best_changes_rank_gain_per_relative_change() -> None:
    result = assess(framework(), measured(), bases=BASES)
    changes = best_changes(result, measured(), bases=BASES)
    assert [(c.component.code, c.target) for c in changes] == [
        ("CQS_02", D(99)),  # +0.05 for 3/99 of the figure
        ("CQS_01", D(80)),  # +0.05 for 20/80
        ("XHS_01", D(200)),  # +0.0375 (through the formula) for 50/200
        ("XHS_02", D(800000)),  # the same
        ("CQS_04", D(10)),  # +0.05 for 40/50
    ]
    assert changes[0].gain == D("0.05")
    assert changes[2].gain == D("0.0375")


def test_a_threshold_change_is_to_the_next_step_only() -> None:
    values = measured() | {"CQS_02": Measured(D(80), origin="test")}
    changes = best_changes(assess(framework(), values, bases=BASES), values, bases=BASES)
    assert [c.target for c in changes if c.component.code == "CQS_02"] == [D(90)]
