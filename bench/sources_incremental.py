"""Benchmark: one new month of dossiers checked against the id ledger of twelve earlier ones.

    .venv/bin/python bench/sources_incremental.py --rows-per-month 833333

Generates 13 monthly files of synthetic dossiers (Parquet; ids distinct across months) in
--dir, builds the ledger of months 1-12 (one run per month, each against the months before
it, untimed), then times, each in its own process, fastest of --repeat runs:

- ``alone``: ``compute()`` over month 13 with no ledger (the run over that month alone);
- ``alone+ledger``: the same writing month 13's part of the ledger, with no earlier part;
- ``incremental``: month 13 checked against the twelve earlier parts and writing its own.

and prints the ratios (goal: incremental under 1.5x the run over the month alone), for the
key policies ``unique`` and ``latest`` (--policy). The runs' figures must agree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MONTHS = 13
PERIOD = "2024-01-01..2025-01-31"


def month_bounds(number: int) -> tuple[date, date]:
    start = date(2024 + number // 12, number % 12 + 1, 1)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def definition(policy: str):  # the shipped dossier definition under that policy
    from chuyendoiso.engine.sources import KeyPolicy, read_source

    source = read_source(PROJECT / "data" / "sources" / "dossiers.yaml")
    latest = "processed_at" if policy == "latest" else None
    return replace(source, key_policy=KeyPolicy(policy), latest_by=latest)


def known_units() -> set[str]:
    from chuyendoiso.engine.domain.adminunits_package import load_structures

    structures = load_structures(["19"])
    return {u.code for u in structures.before} | {u.code for u in structures.after}


def months(folder: Path, rows: int) -> list[Path]:
    from chuyendoiso.engine.demo import generate
    from chuyendoiso.engine.domain.adminunits import Structure
    from chuyendoiso.engine.domain.adminunits_package import load_structures

    units = load_structures(["19"]).codes_under("19", Structure.BEFORE_2025)
    paths = []
    for number in range(MONTHS):
        path = folder / f"month-{number + 1:02}-{rows}.parquet"
        if not path.exists():
            start, end = month_bounds(number)
            partial = path.with_suffix(".partial")
            generate("dossiers", rows, 100 + number, partial, units=units, start=start, end=end)
            partial.rename(path)
        paths.append(path)
    return paths


def run(policy: str, files: list[Path], workdir: Path, ledger=None):
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.engine.sources import compute

    return compute(
        definition(policy),
        files,
        parse_period(PERIOD),
        known_units=known_units(),
        workdir=workdir,
        ledger=ledger,
    )


def build_ledger(policy: str, paths: list[Path], folder: Path) -> list[tuple[str, str]]:
    """The ledger of months 1-12, one run per month; the (SHA-256, path) of each."""
    from chuyendoiso.engine.sources import Ledger, PriorFile, install

    prior: list[PriorFile] = []
    for path in paths:
        result = run(
            policy, [path], folder / "work", Ledger(folder / "ledger", folder / "new", tuple(prior))
        )
        install(folder / "ledger", result.ledger_parts)
        prior.append(PriorFile(result.files[0].sha256, str(result.files[0].path)))
    return [(p.sha256, p.path) for p in prior]


def child(variant: str, policy: str, path: Path, folder: Path) -> None:
    from chuyendoiso.engine.sources import Ledger, PriorFile

    prior = json.loads((folder / "prior.json").read_text())
    ledger = None
    if variant == "alone+ledger":
        ledger = Ledger(folder / "ledger", folder / "new")
    elif variant == "incremental":
        ledger = Ledger(folder / "ledger", folder / "new", tuple(PriorFile(*p) for p in prior))
    started = time.perf_counter()
    result = run(policy, [path], folder / "work", ledger)
    seconds = time.perf_counter() - started
    total = sum(int(f.value) for f in result.figures if f.indicator == "CQS_HS_TIEP_NHAN")
    print(json.dumps({"seconds": seconds, "received": total, "read": result.reconciliation.read}))


def measure(variant: str, policy: str, path: Path, folder: Path, repeat: int) -> dict:
    runs = []
    for _ in range(max(1, repeat)):
        command = [sys.executable, __file__, "--child", variant, "--policy", policy,
                   "--file", str(path), "--dir", str(folder)]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SystemExit(f"{variant} failed with status {status}")
        found = json.loads(output.strip().splitlines()[-1])
        found["peak_mb"] = usage.ru_maxrss / 1024
        runs.append(found)
    return min(runs, key=lambda r: r["seconds"]) | {"peak_mb": max(r["peak_mb"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-month", type=int, default=833_333)
    parser.add_argument("--policy", action="append", choices=["unique", "latest"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cds-bench-incremental"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.policy[0], args.file, args.dir)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    paths = months(args.dir, args.rows_per_month)
    for policy in args.policy or ["unique", "latest"]:
        folder = args.dir / policy
        if not (folder / "prior.json").exists():
            prior = build_ledger(policy, paths[:-1], folder)
            (folder / "prior.json").write_text(json.dumps(prior))
        variants = ["alone", "alone+ledger", "incremental"]
        results = {v: measure(v, policy, paths[-1], folder, args.repeat) for v in variants}
        if len({(r["received"], r["read"]) for r in results.values()}) != 1:
            raise SystemExit(f"the runs disagree: {results}")
        print(f"\n{policy}: month 13, {args.rows_per_month:,} dossiers, ledger of 12 months")
        for variant, result in results.items():
            print(f"  {variant:<14}{result['seconds']:>8.2f} s{result['peak_mb']:>10,.0f} MB")
        alone, incremental = results["alone"]["seconds"], results["incremental"]["seconds"]
        print(f"  incremental / alone: {incremental / alone:.2f}x (goal < 1.5x)")
        with_ledger = results["alone+ledger"]["seconds"]
        print(f"  incremental / alone writing its ledger part: {incremental / with_ledger:.2f}x")


if __name__ == "__main__":
    main()
