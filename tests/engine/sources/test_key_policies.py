"""Each key policy on both engines, on files full of repeats, within a run and across runs
(the id ledger): figures and the reconciliation as worked out record by record."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import compute
from chuyendoiso.engine.sources.definitions import KeyPolicy
from chuyendoiso.engine.sources.engine_duckdb import _key_complete
from chuyendoiso.engine.sources.inputs import fingerprint, format_of
from chuyendoiso.engine.sources.ledger import Ledger, PriorFile, install

from .broken import DOSSIER_COLUMNS, GOOD, write_text_parquet
from .conftest import shipped
from .versions import UNITS, expected, outvoted, read_records, write_files

PERIOD = parse_period("2024-01-01..2024-04-30")
PERIOD_END = datetime(2024, 5, 1)
ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
POLICIES = ["unique", "trusted", "latest"]


@pytest.fixture(scope="module")
def spark_session():
    """Started on first use, stopped at the end of the module."""
    started = []

    def start():
        if not started:
            from chuyendoiso.engine.sources import engine_spark

            started.append(engine_spark.session())

    yield start
    for session in started:
        session.stop()


def definition(policy: str):
    dossiers = shipped("dossiers")
    return replace(
        dossiers,
        key_policy=KeyPolicy(policy),
        latest_by="updated_at" if policy == "latest" else None,
    )


def run(policy, engine, paths, workdir, ledger=None):
    return compute(
        definition(policy),
        paths,
        PERIOD,
        known_units=set(UNITS),
        engine=engine,
        workdir=workdir,
        ledger=ledger,
    )


def counts(result) -> dict[tuple[str, str], int]:
    wanted = ("CQS_HS_TIEP_NHAN", "CQS_HS_DA_XU_LY")
    return {
        (f.indicator, f.org_unit): int(f.value)
        for f in result.figures
        if f.indicator in wanted and f.value
    }


def check(result, want):
    r = result.reconciliation
    assert r.read == r.accepted + r.superseded + r.quarantined
    assert (r.accepted, r.superseded) == (len(want.accepted), want.superseded)
    assert r.by_reason == dict(sorted(want.by_reason.items()))
    assert counts(result) == want.counts(PERIOD_END)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("policy", POLICIES)
def test_a_policy_within_one_run(tmp_path, policy, engine, spark_session):
    if engine == "spark":
        spark_session()
    paths = write_files(tmp_path / "in", files=3, per_file=400, ids=500, seed=7)
    want = expected(policy, read_records(paths))
    result = run(policy, engine, paths, tmp_path / "work")
    check(result, want)
    assert result.key_policy == policy
    if policy == "unique":
        assert want.by_reason["duplicate_id"] > 300  # the files are full of repeats
    if policy == "latest":
        assert want.superseded > 300


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("policy", ["unique", "latest"])
def test_a_policy_across_runs_through_the_ledger(tmp_path, policy, engine, spark_session):
    if engine == "spark":
        spark_session()
    paths = write_files(tmp_path / "in", files=4, per_file=300, ids=500, seed=11)
    first, later = paths[:3], paths[3:]
    ledger_folder = tmp_path / "ledger"
    done = run(
        policy,
        engine,
        first,
        tmp_path / "w1",
        Ledger(folder=ledger_folder, out=tmp_path / "w1" / "ledger-new"),
    )
    want_first = expected(policy, read_records(first))
    check(done, want_first)
    assert sorted(done.ledger_parts) == sorted(f.sha256 for f in done.files)
    install(ledger_folder, done.ledger_parts)

    prior = tuple(PriorFile(f.sha256, str(f.path)) for f in done.files)
    again = run(
        policy,
        engine,
        later,
        tmp_path / "w2",
        Ledger(folder=ledger_folder, out=tmp_path / "w2" / "ledger-new", prior=prior),
    )
    new_records = read_records(later)
    want = expected(policy, new_records, earlier=want_first.accepted)
    check(again, want)
    if policy == "unique":
        assert want.by_reason["duplicate_id"] > 100  # repeats of the earlier run's ids
        assert again.outvoted == []
    else:
        assert again.outvoted == outvoted(new_records, want_first.accepted)
        assert again.outvoted  # some earlier kept versions are superseded


def test_a_trusted_source_keeps_no_ledger_and_still_finds_missing_ids(tmp_path):
    paths = write_files(tmp_path / "in", files=1, per_file=50, ids=1000, seed=3)
    text = paths[0].read_text(encoding="utf-8").splitlines()
    text[1] = "," + text[1].split(",", 1)[1]  # the first record has no id
    paths[0].write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "work" / "ledger-new"
    result = run("trusted", "duckdb", paths, tmp_path / "work", Ledger(tmp_path / "l", out))
    assert result.reconciliation.by_reason.get("missing_id") == 1
    assert result.ledger_parts == {}
    assert not any(Path(out).rglob("*.parquet"))


@pytest.mark.parametrize(("first_id", "missing"), [("", 1), (None, 1), ("HS-0", 0)])
def test_a_trusted_parquet_file_reads_its_ids_only_when_its_statistics_allow_a_gap(
    tmp_path, first_id, missing
):
    records = [{**GOOD, "id": f"HS-{n}"} for n in range(20)]
    records[0]["id"] = first_id
    path = write_text_parquet(tmp_path / "d.parquet", records, DOSSIER_COLUMNS)
    result = run("trusted", "duckdb", [path], tmp_path / "work")
    assert result.reconciliation.by_reason.get("missing_id", 0) == missing
    assert result.reconciliation.accepted == 20 - missing
    complete = _key_complete(duckdb.connect(), fingerprint(path, format_of(path)), "id")
    assert complete is (missing == 0)
