"""Exact values, ratios from parts, re-runs that change nothing, per-file parts that add up."""

from datetime import date
from decimal import Decimal

import pytest

from chuyendoiso.engine.demo import generate
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources.compute import compute
from chuyendoiso.engine.sources.results import Reconciliation, combine_partials, ratio_value

from .conftest import shipped

PERIOD = parse_period("2024-01-01..2024-03-31")
UNITS = ["19", "164", "165", "05443"]


def files(tmp_path, source, count=2, rows=3000):
    return [
        generate(
            source,
            rows,
            seed,
            tmp_path / f"{source}-{seed}.parquet",
            units=UNITS,
            start=date(2024, 1, 1),
            end=date(2024, 5, 27),
        )
        for seed in range(1, count + 1)
    ]


def run(source, paths, workdir):
    return compute(shipped(source), paths, PERIOD, known_units=set(UNITS), workdir=workdir)


def test_values_are_exact_types(tmp_path):
    result = run("payments", files(tmp_path, "payments", 1), tmp_path)
    for figure in result.figures:
        assert isinstance(figure.value, Decimal)
    amount = result.figure("KTS_TTKDTM_GIA_TRI", "19")
    assert amount is not None and amount.value == amount.value.quantize(Decimal("0.01"))
    assert amount.value > 10**6


def test_rerunning_the_same_files_changes_nothing(tmp_path):
    paths = files(tmp_path, "dossiers")
    first, second = run("dossiers", paths, tmp_path / "a"), run("dossiers", paths, tmp_path / "b")
    assert first.figures == second.figures
    assert first.partials == second.partials
    assert first.files == second.files
    assert first.reconciliation == second.reconciliation


def test_parts_of_separate_runs_add_up_to_the_run_over_all_files(tmp_path):
    paths = files(tmp_path, "dossiers")
    together = run("dossiers", paths, tmp_path / "all")
    parts = [p for path in paths for p in run("dossiers", [path], tmp_path / path.stem).partials]
    combined, left_out = combine_partials(shipped("dossiers"), parts, PERIOD.id)
    assert left_out == []
    assert combined == together.figures
    ratio = next(f for f in combined if f.indicator == "CQS_HS_DUNG_HAN_TY_LE")
    assert ratio.value == ratio_value(ratio.numerator, ratio.denominator)


def test_distinct_counts_are_not_added_across_files(tmp_path):
    paths = files(tmp_path, "soc_events", rows=20_000)
    parts = [p for path in paths for p in run("soc_events", [path], tmp_path / path.stem).partials]
    combined, left_out = combine_partials(shipped("soc_events"), parts, PERIOD.id)
    assert left_out == ["ATTT_SOC_MAY_GO_MA_DOC", "ATTT_SOC_MAY_NN_MA_DOC"]
    assert {f.indicator for f in combined}.isdisjoint(left_out)
    together = run("soc_events", paths, tmp_path / "all")
    assert [f for f in together.figures if f.indicator not in left_out] == combined
    distinct = together.figure("ATTT_SOC_MAY_NN_MA_DOC", "19")
    summed = sum(
        p.value for p in parts if (p.indicator, p.org_unit) == ("ATTT_SOC_MAY_NN_MA_DOC", "19")
    )
    assert distinct is not None and 0 < distinct.value < summed  # hosts seen in both files


def test_the_partials_name_their_file(tmp_path):
    paths = files(tmp_path, "civil_status_events")
    result = run("civil_status_events", paths, tmp_path)
    assert {p.file_sha256 for p in result.partials} == {f.sha256 for f in result.files}
    assert all(p.additive for p in result.partials)


def test_a_ratio_without_denominator_gives_no_figure(tmp_path):
    from .broken import DOSSIER_COLUMNS, GOOD, write_csv

    pending = {**GOOD, "status": "in_progress", "processed_at": None}
    path = write_csv(tmp_path / "d.csv", [pending], DOSSIER_COLUMNS)
    result = compute(shipped("dossiers"), [path], PERIOD, known_units={"19"}, workdir=tmp_path)
    assert result.figure("CQS_HS_DA_XU_LY", "19").value == 0
    assert result.figure("CQS_HS_DUNG_HAN_TY_LE", "19") is None
    assert result.figure("CQS_HS_TAI_SU_DUNG_TY_LE", "19").value == Decimal("0.000000")


def test_ratios_round_half_up():
    assert ratio_value(Decimal(1), Decimal(3)) == Decimal("33.333333")
    assert ratio_value(Decimal(2), Decimal(3)) == Decimal("66.666667")
    assert ratio_value(Decimal(1), Decimal(8_000_000)) == Decimal("0.000013")


def test_a_reconciliation_that_does_not_add_up_is_refused():
    with pytest.raises(CdsError):
        Reconciliation(read=3, accepted=1, quarantined=1, by_reason={"x": 1}, outside_period=0)
    with pytest.raises(CdsError):
        Reconciliation(read=2, accepted=1, quarantined=1, by_reason={}, outside_period=0)
