#!/usr/bin/env python
"""How fast the narrative report comes: the report page kept and built, and `cds report` in
every format from a cold start of the command (issue 13, item 5).

Self-contained, reusing bench/load_server.py's server start, client and environment: the
demo is loaded with `cds demo` into a new SQLite database in a temporary folder, then

- the command: `cds --help` N times (the floor: starting Python, Django's settings and the
  command line), then `cds report --org O --period P --format F -o FILE` N times for each
  format, each a new process with nothing kept from the previous one;
- the page: `cds serve` (production settings) and the report page `/bao-cao/?org=O&period=P`
  asked N times: the first request builds the report, the next ones read it as kept; then a
  second server with `CDS_REPORT_CACHE_SECONDS=0`, where every request builds it.

It prints the median and the maximum of each, the command's median above the floor, and
the ratio of each median to its goal: page under 300 ms kept and under 1.5 s built, every
format under 2 s from a cold start. Nothing is asserted (docs/benchmarks.md).

    .venv/bin/python bench/report_speed.py [--runs 5] [--org 19] [--period 2024S1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_server

FORMATS = ("md", "html", "docx", "pdf")
GOAL_COMMAND_S = 2.0
GOAL_PAGE_KEPT_S = 0.3
GOAL_PAGE_BUILT_S = 1.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--org", default="19", help="org unit code (default 19)")
    parser.add_argument("--period", default="2024S1", help="period id (default 2024S1)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def timed(action: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def line(name: str, seconds: list[float], goal: float | None, floor: float = 0.0) -> str:
    median = statistics.median(seconds)
    text = f"{name:<22} median {median:6.2f} s  max {max(seconds):6.2f} s"
    if floor:
        text += f"  above the floor {median - floor:5.2f} s"
    if goal:
        text += f"  goal {goal:g} s: ratio {median / goal:.2f}"
    return text


def command_times(args: argparse.Namespace, env: dict[str, str], folder: Path) -> None:
    def run(*arguments: str) -> Callable[[], object]:
        command = [*load_server.CDS, *arguments]
        return lambda: subprocess.run(command, env=env, check=True, capture_output=True)

    floor = timed(run("--help"), args.runs)
    print(line("cds --help (floor)", floor, None), flush=True)
    for fmt in FORMATS:
        report = run(
            *("report", "--org", args.org, "--period", args.period, "--format", fmt),
            *("-o", str(folder / f"report.{fmt}")),
        )
        seconds = timed(report, args.runs)
        print(line(f"cds report {fmt}", seconds, GOAL_COMMAND_S, statistics.median(floor)))


def page_times(args: argparse.Namespace, env: dict[str, str], *, kept: bool) -> None:
    port = load_server.free_port()
    command = [*load_server.CDS, "serve", "--port", str(port)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server_env = env if kept else env | {"CDS_REPORT_CACHE_SECONDS": "0"}
    server = subprocess.Popen(command, env=server_env, **quiet)
    try:
        load_server.wait_for(port, server)
        client = load_server.Client(port)
        path = f"/bao-cao/?org={args.org}&period={args.period}"

        def ask() -> None:
            status, _ = client.request("GET", path)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")

        first = timed(ask, 1)
        if kept:
            print(line("page, first (built)", first, GOAL_PAGE_BUILT_S))
            print(line("page, kept", timed(ask, args.runs), GOAL_PAGE_KEPT_S))
        else:
            print(line("page, built each time", timed(ask, args.runs), GOAL_PAGE_BUILT_S))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cds-report-speed-"))
    try:
        env = load_server.environment(folder)
        print(f"Loading the demo into {folder} …", flush=True)
        subprocess.run([*load_server.CDS, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"report of {args.org} for {args.period}, {args.runs} runs each", flush=True)
        command_times(args, env, folder)
        page_times(args, env, kept=True)
        page_times(args, env, kept=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
