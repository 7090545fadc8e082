#!/usr/bin/env python
"""Time the narrative report in every format on a fresh SQLite demo database.

The demo (the Thái Nguyên half-year report and its synthetic history) is loaded into a
new SQLite file in a temporary folder; then, for each format, the report is produced
once as a warm-up (imports, template and font loading) and N more times. The script
prints the median and the maximum per format, and the same for the format-independent
part (analytics over the database + composing the document) for comparison.

A format that fails is reported with its error and the script goes on with the others.
Nothing here asserts a time: it prints figures. See docs/benchmarks.md.

    .venv/bin/python bench/report_formats.py [--runs 5] [--org 19] [--period 2024S1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ALL_FORMATS = ("md", "html", "docx", "pdf")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Time report_file(org, period, fmt) for every format on a fresh SQLite demo "
            "database (created in a temporary folder and removed afterwards)."
        )
    )
    parser.add_argument("--org", default="19", help="org unit code (default: 19, Thái Nguyên)")
    parser.add_argument("--period", default="2024S1", help="period id (default: 2024S1)")
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per format after the warm-up (default 5)"
    )
    parser.add_argument(
        "--formats",
        default=",".join(ALL_FORMATS),
        help=f"comma-separated formats (default: {','.join(ALL_FORMATS)})",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="use this folder for the SQLite demo database instead of a temporary one "
        "(it is kept; an existing demo database there is reused)",
    )
    parser.add_argument(
        "--save",
        type=Path,
        help="also write each produced report into this folder (report.<fmt>)",
    )
    args = parser.parse_args(argv)
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


# --- database -----------------------------------------------------------------------------


def setup_django(data_dir: Path) -> None:
    """A SQLite database in ``data_dir``, whatever DATABASE_URL says in the environment."""
    os.environ.pop("DATABASE_URL", None)
    os.environ["CDS_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "chuyendoiso.config.settings.dev"
    import django

    django.setup()


def load_demo() -> float:
    """Migrate and load the demo unless it is already there; the seconds it took (0 if reused)."""
    from django.core.management import call_command

    from chuyendoiso.demo import demo_load
    from chuyendoiso.orgunits.models import OrgUnit

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if OrgUnit.objects.exists():
        print("demo database found: reused")
        return 0.0
    result = demo_load(progress=lambda message: print("  " + message, flush=True))
    print("  " + result.describe().splitlines()[0])
    return time.perf_counter() - started


# --- timing -------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    first: float | None = None
    runs: list[float] = field(default_factory=list)
    size: int | None = None
    error: str | None = None


def time_it(name: str, produce: Callable[[], bytes | object], runs: int) -> Timing:
    timing = Timing(name)
    try:
        started = time.perf_counter()
        output = produce()
        timing.first = time.perf_counter() - started
        for _ in range(runs):
            started = time.perf_counter()
            output = produce()
            timing.runs.append(time.perf_counter() - started)
        if isinstance(output, bytes):
            timing.size = len(output)
    except Exception as exc:  # a renderer being finished elsewhere: report it and go on
        timing.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "site-packages" not in f.filename] or frames
        timing.error += f"  (at {Path(ours[-1].filename).name}:{ours[-1].lineno})"
    return timing


def print_table(timings: list[Timing], runs: int) -> None:
    print()
    header = f"{'format':<22} {'warm-up':>9} {'median':>9} {'max':>9} {'size':>11}"
    print(header)
    print("-" * len(header))
    for t in timings:
        if t.error:
            print(f"{t.name:<22} FAILED: {t.error}")
            continue
        first = f"{t.first * 1000:.0f} ms" if t.first is not None else "-"
        median = f"{statistics.median(t.runs) * 1000:.0f} ms"
        worst = f"{max(t.runs) * 1000:.0f} ms"
        size = f"{t.size / 1024:.1f} KiB" if t.size is not None else ""
        print(f"{t.name:<22} {first:>9} {median:>9} {worst:>9} {size:>11}")
    print(f"(median and max over {runs} runs after one warm-up run)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="cds_bench_report_")) if temporary else args.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(data_dir)
        print(f"SQLite demo database in {data_dir}")
        seconds = load_demo()
        if seconds:
            print(f"demo loaded in {seconds:.1f} s")

        from chuyendoiso.reports.presenters import report_file
        from chuyendoiso.reports.selectors import report_document

        print(f"report --org {args.org} --period {args.period}, {args.runs} runs per format")
        timings = [
            time_it(
                "document (no render)",
                lambda: report_document(args.org, args.period),
                args.runs,
            )
        ]
        for fmt in args.formats:
            print(f"  {fmt}…", flush=True)
            timing = time_it(
                fmt, lambda fmt=fmt: report_file(args.org, args.period, fmt).content, args.runs
            )
            timings.append(timing)
            if args.save and not timing.error:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"report.{fmt}").write_bytes(
                    report_file(args.org, args.period, fmt).content
                )
        print_table(timings, args.runs)
        return 1 if any(t.error for t in timings) else 0
    finally:
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
