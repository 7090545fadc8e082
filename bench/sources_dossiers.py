"""Benchmark: dossier metrics over N generated records, the platform against its baselines.

    .venv/bin/python bench/sources_dossiers.py --rows 10000000 --rows 100000000

For each N, generates N synthetic dossiers (Parquet, zstd) for Thái Nguyên's 2024 units
over 01/01-27/05/2024 (kept in --dir and reused), then runs each variant in its own
process and reads that process's peak RSS (``os.wait4``). For each key policy (--policy,
repeatable; default all three):

- ``platform:<policy>``: ``compute()`` on DuckDB with the shipped dossier definition under
  that policy (file hash, the policy's id check, every record check, per-file parts);
  ``latest`` orders versions by ``processed_at`` (the generated dossiers have no
  ``updated_at``);
- ``hand``: one hand-written DuckDB query computing the same figures over the same file,
  without any check (the bare query);
- ``hand:<policy>``: the same query doing the policy's id work by hand, the like-for-like
  baseline: ``unique`` an exact duplicate-id check (GROUP BY id HAVING COUNT(*) > 1) before
  the query, ``latest`` the query over the latest version of each id (QUALIFY
  ROW_NUMBER()), ``trusted`` nothing (the bare query);
- ``pandas:<policy>``: a straightforward pandas script doing the same (only up to
  --pandas-max rows).

The hand-written variants use DuckDB's defaults (memory limit 80% of RAM) unless
``BENCH_HAND_MEMORY_LIMIT`` (for example ``8GB``) is set, as on a shared machine.

Every variant prints its totals; the script checks they agree before it reports rows per
second (of the work, timed inside the process), peak memory and the ratios. Each variant
runs --repeat times (default 3) and the fastest run counts, as other work on the machine
only ever slows a run down; peak memory is the largest of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

START, END = date(2024, 1, 1), date(2024, 5, 27)
SEED = 2024
INDICATORS = [
    "CQS_HS_TIEP_NHAN",
    "CQS_HS_DA_XU_LY",
    "CQS_HS_DUNG_HAN",
    "CQS_HS_KQ_DIEN_TU",
    "CQS_HS_SO_HOA",
    "CQS_HS_TAI_SU_DUNG",
    "CQS_HS_TOAN_TRINH",
]
PROJECT = Path(__file__).resolve().parents[1]


def thai_nguyen_2024() -> list[str]:
    from chuyendoiso.engine.domain.adminunits import Structure
    from chuyendoiso.engine.domain.adminunits_package import load_structures

    return load_structures(["19"]).codes_under("19", Structure.BEFORE_2025)


# --- the variants, each run in a child process ---------------------------------------


POLICIES = ("unique", "trusted", "latest")


def definition(policy: str):  # the engine's SourceDefinition under that policy
    from dataclasses import replace

    from chuyendoiso.engine.sources import KeyPolicy, read_source

    source = read_source(PROJECT / "data" / "sources" / "dossiers.yaml")
    latest = policy == "latest"
    return replace(
        source, key_policy=KeyPolicy(policy), latest_by="processed_at" if latest else None
    )


def run_platform(path: Path, workdir: Path, policy: str) -> dict[str, str]:
    from chuyendoiso.engine.domain.adminunits_package import load_structures
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.engine.sources import compute

    structures = load_structures(["19"])
    known = {u.code for u in structures.before} | {u.code for u in structures.after}
    source = definition(policy)
    period = parse_period(f"{START}..{END}")
    marks: list[tuple[str, float]] = []

    def mark(step: str) -> None:
        name = step.split(" / ")[-1].split(" [")[0]  # without the progress bar
        if not marks or marks[-1][0] != name:
            marks.append((name, time.perf_counter()))

    started = time.perf_counter()
    result = compute(
        source,
        [path],
        period,
        known_units=known,
        workdir=workdir,
        progress=mark,
    )
    seconds = time.perf_counter() - started
    phases = {step: round(marks[i + 1][1] - at, 3) for i, (step, at) in enumerate(marks[:-1])}
    totals = {code: Decimal(0) for code in INDICATORS}
    for figure in result.figures:
        if figure.indicator in totals:
            totals[figure.indicator] += figure.value
    assert result.reconciliation.read == result.reconciliation.accepted
    return {
        "seconds": repr(seconds),
        "phases": json.dumps(phases),
        **{k: str(v) for k, v in totals.items()},
    }


HAND_SQL = """
SELECT
  COUNT(*) FILTER (WHERE received_at >= TIMESTAMP '{start}' AND received_at < TIMESTAMP '{after}'),
  COUNT(*) FILTER (WHERE {processed}),
  COUNT(*) FILTER (WHERE {processed} AND processed_at <= due_at),
  COUNT(*) FILTER (WHERE {processed} AND has_electronic_result),
  COUNT(*) FILTER (WHERE {processed} AND is_digitised),
  COUNT(*) FILTER (WHERE received_at >= TIMESTAMP '{start}' AND received_at < TIMESTAMP '{after}'
                   AND reused_digitised_data),
  COUNT(*) FILTER (WHERE {processed} AND fully_online)
FROM {records}
GROUP BY org_unit
"""
LATEST = (
    "(SELECT * FROM read_parquet('{path}') "
    "QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY processed_at DESC NULLS LAST) = 1)"
)


def hand_sql(path: Path, policy: str | None) -> str:
    after = date.fromordinal(END.toordinal() + 1)
    processed = (
        f"status IN ('processed', 'returned') AND processed_at >= TIMESTAMP '{START}' "
        f"AND processed_at < TIMESTAMP '{after}'"
    )
    records = LATEST.format(path=path) if policy == "latest" else f"read_parquet('{path}')"
    return HAND_SQL.format(start=START, after=after, processed=processed, records=records)


def run_hand(path: Path, policy: str | None) -> dict[str, str]:
    import duckdb

    connection = duckdb.connect()
    if limit := os.environ.get("BENCH_HAND_MEMORY_LIMIT"):  # DuckDB's default: 80% of RAM
        connection.execute(f"SET memory_limit = '{limit}'")
    started = time.perf_counter()
    if policy == "unique":
        duplicated = connection.execute(
            f"SELECT COUNT(*) FROM (SELECT id FROM read_parquet('{path}') "
            "GROUP BY id HAVING COUNT(*) > 1)"
        ).fetchall()[0][0]
        assert duplicated == 0
    rows = connection.execute(hand_sql(path, policy)).fetchall()
    seconds = time.perf_counter() - started
    totals = [sum(row[i] for row in rows) for i in range(len(INDICATORS))]
    return {
        "seconds": repr(seconds),
        **{k: str(v) for k, v in zip(INDICATORS, totals, strict=True)},
    }


def run_pandas(path: Path, policy: str) -> dict[str, str]:
    import pandas as pd

    started = time.perf_counter()
    df = pd.read_parquet(path)
    if policy == "unique":
        assert not df["id"].duplicated().any()
    elif policy == "latest":
        df = df.sort_values("processed_at", na_position="first").drop_duplicates("id", keep="last")
    start, after = pd.Timestamp(START), pd.Timestamp(END) + pd.Timedelta(days=1)
    received = df[(df["received_at"] >= start) & (df["received_at"] < after)]
    processed = df[
        df["status"].isin(["processed", "returned"])
        & (df["processed_at"] >= start)
        & (df["processed_at"] < after)
    ]
    by_unit = pd.DataFrame(
        {
            "CQS_HS_TIEP_NHAN": received.groupby("org_unit").size(),
            "CQS_HS_DA_XU_LY": processed.groupby("org_unit").size(),
            "CQS_HS_DUNG_HAN": processed[processed["processed_at"] <= processed["due_at"]]
            .groupby("org_unit")
            .size(),
            "CQS_HS_KQ_DIEN_TU": processed[processed["has_electronic_result"] == True]  # noqa: E712
            .groupby("org_unit")
            .size(),
            "CQS_HS_SO_HOA": processed[processed["is_digitised"] == True]  # noqa: E712
            .groupby("org_unit")
            .size(),
            "CQS_HS_TAI_SU_DUNG": received[received["reused_digitised_data"] == True]  # noqa: E712
            .groupby("org_unit")
            .size(),
            "CQS_HS_TOAN_TRINH": processed[processed["fully_online"] == True]  # noqa: E712
            .groupby("org_unit")
            .size(),
        }
    ).fillna(0)
    seconds = time.perf_counter() - started
    return {"seconds": repr(seconds), **{k: str(int(by_unit[k].sum())) for k in INDICATORS}}


def child(variant: str, path: Path, workdir: Path) -> None:
    kind, _, policy = variant.partition(":")
    if kind == "platform":
        out = run_platform(path, workdir, policy)
    elif kind == "hand":
        out = run_hand(path, policy or None)
    else:
        out = run_pandas(path, policy)
    print(json.dumps(out))


# --- the parent: generate, run each variant in a process, report ----------------------


def generated(rows: int, folder: Path) -> Path:
    from chuyendoiso.engine.demo import generate

    path = folder / f"dossiers-{rows}-{SEED}.parquet"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        generate("dossiers", rows, SEED, partial, units=thai_nguyen_2024(), start=START, end=END)
        partial.rename(path)
        print(
            f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s "
            f"({path.stat().st_size / 1e9:.2f} GB)",
            flush=True,
        )
    return path


def measure(variant: str, path: Path, workdir: Path) -> dict[str, object]:
    command = [
        sys.executable,
        __file__,
        "--child",
        variant,
        "--file",
        str(path),
        "--dir",
        str(workdir),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{variant} failed with status {status}")
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    result["wall"] = wall
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def best(variant: str, path: Path, workdir: Path, repeat: int) -> dict[str, object]:
    runs = [measure(variant, path, workdir) for _ in range(max(1, repeat))]
    fastest = min(runs, key=lambda r: float(str(r["seconds"])))
    return {**fastest, "peak_mb": max(float(str(r["peak_mb"])) for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--policy", action="append", choices=POLICIES, help="(repeatable)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cds-bench-sources"))
    parser.add_argument("--pandas-max", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.dir)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    for rows in args.rows or [10_000_000]:
        path = generated(rows, args.dir)
        policies = args.policy or list(POLICIES)
        variants = ["hand"]
        for policy in policies:
            variants += [f"platform:{policy}", f"hand:{policy}"]
            if rows <= args.pandas_max:
                variants.append(f"pandas:{policy}")
        variants = list(dict.fromkeys(v.replace("hand:trusted", "hand") for v in variants))
        results = {v: best(v, path, args.dir / "work", args.repeat) for v in variants}
        report(rows, path, results, policies)


GOALS = {"unique": 2.5, "trusted": 1.3}  # platform / bare query, at most


def report(rows: int, path: Path, results: dict[str, dict[str, object]], policies) -> None:
    def seconds(variant: str) -> float:
        return float(str(results[variant]["seconds"]))

    expected = {k: results["hand"][k] for k in INDICATORS}
    for variant, result in results.items():
        found = {k: result[k] for k in INDICATORS}
        if found != expected:
            raise SystemExit(f"{variant} disagrees: {found} != {expected}")
    print(f"\n{rows:,} rows, {path.stat().st_size / 1e9:.2f} GB of Parquet; figures agree:")
    print(f"{'variant':<18}{'seconds':>10}{'rows/s':>16}{'peak MB':>10}{'wall s':>9}")
    for variant, result in results.items():
        print(
            f"{variant:<18}{seconds(variant):>10.2f}{rows / seconds(variant):>16,.0f}"
            f"{float(str(result['peak_mb'])):>10,.0f}{float(str(result['wall'])):>9.1f}"
        )
    bare = seconds("hand")
    for policy in policies:
        platform = seconds(f"platform:{policy}")
        phases = json.loads(str(results[f"platform:{policy}"]["phases"]))
        print(f"\n{policy}: phases (s):", ", ".join(f"{k} {v}" for k, v in phases.items()))
        goal = f" (goal <= {GOALS[policy]}x)" if policy in GOALS else ""
        print(f"  platform / bare query: {platform / bare:.2f}x{goal}")
        like = "hand" if policy == "trusted" else f"hand:{policy}"
        goal = " (goal < 1x)" if policy == "unique" else ""
        print(
            f"  platform / hand-written query doing the same: {platform / seconds(like):.2f}x{goal}"
        )
        if f"pandas:{policy}" in results:
            pandas = seconds(f"pandas:{policy}")
            print(f"  pandas / platform: {pandas / platform:.1f}x faster (goal >= 10x)")
        peak = float(str(results[f"platform:{policy}"]["peak_mb"]))
        print(f"  peak memory: {peak / 1024:.2f} GB (goal < 4 GB at 100 million rows)")


if __name__ == "__main__":
    main()
