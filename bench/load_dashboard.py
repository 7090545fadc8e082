#!/usr/bin/env python
"""Load test of the leadership dashboard and the public analytics API on the production
server (`cds serve`, waitress) on 127.0.0.1, with the demo data and a national dataset.

Self-contained as bench/load_server.py, whose clients, timing and server start it reuses:

- demo: `cds demo` into a new SQLite database in a temporary folder; the dashboard of the
  province for 2024S1 (signed in as the demo's coordinator), and the API for three public
  indicators, two quarters and every commune of the province (`ou=19;LEVEL-commune`).
- national: the synthetic dataset of bench/national_analytics.py (34 provinces, every
  commune, 60 indicators, 36 months; loaded by its loader into PostgreSQL, `--pg-url`,
  and reused when it is there), its indicators made public with one headline indicator
  per pillar (through the catalogue import), a coordinator of province 19; the dashboard
  of province 19 for 2025 and the API for three indicators, two quarters and the province's
  communes.

For each: the first request of each page (the figures computed and kept in the rollup),
then one load per page with N concurrent clients (threads, one kept-alive connection
each, accepting gzip as a browser does), bounded by time and by request count: requests
per second, p50/p95/p99 latency, the server's CPU time per request (steadier than the rate
on a busy machine), errors, and the ratio to the goals of issue 12 (demo: >= 200
requests/s and p95 < 100 ms; national: p95 < 300 ms); the load average before and after.
Nothing is asserted: it prints figures (docs/benchmarks.md).

    .venv/bin/python bench/load_dashboard.py [--dataset demo|national|both] [--clients 10]
        [--seconds 15] [--max-requests 3000] [--pg-url postgres://…/cds_bench]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_server
import national_analytics

DEMO_PASSWORD = os.environ.get("CDS_DEMO_PASSWORD", "chuyendoiso")
NATIONAL_USER = "bench.dieuphoi"
NATIONAL_PASSWORD = secrets.token_urlsafe(16)  # set again on every run


@dataclass(frozen=True)
class Goal:
    requests_per_second: float | None
    p95_ms: float


@dataclass(frozen=True)
class Target:
    name: str
    username: str
    password: str
    pages: dict[str, str]  # load name -> path
    goal: Goal


DEMO = Target(
    "demo",
    "dieuphoi.tinh",
    DEMO_PASSWORD,
    {
        "dashboard": "/bang-dieu-khien/?ou=19&pe=2024S1",
        "api": "/du-lieu-mo/api/analytics?dx=HTS_BTS;CQS_HS_TIEP_NHAN;XHS_HSSK_TY_LE"
        "&pe=2024Q1;2024Q2&ou=19;LEVEL-commune",
    },
    Goal(200.0, 100.0),
)
NATIONAL = Target(
    "national",
    NATIONAL_USER,
    NATIONAL_PASSWORD,
    {
        "dashboard": "/bang-dieu-khien/?ou=19&pe=2025",
        "api": "/du-lieu-mo/api/analytics?dx=BENCH_P1_01;BENCH_P1_06;BENCH_P1_09"
        "&pe=2025Q3;2025Q4&ou=19;LEVEL-commune",
    },
    Goal(None, 300.0),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=["demo", "national", "both"], default="both")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--seconds", type=float, default=15.0, help="time per load (15 s)")
    parser.add_argument(
        "--max-requests", type=int, default=3000, help="requests per load at most (3000)"
    )
    parser.add_argument("--threads", type=int, default=8, help="server threads (cds serve, 8)")
    parser.add_argument(
        "--pg-url",
        default=national_analytics.DEFAULT_PG_URL,
        help=f"the national dataset's database (default {national_analytics.DEFAULT_PG_URL})",
    )
    return parser.parse_args(argv)


class Browser(load_server.Client):
    """A client that signs in (its session cookie is sent back as every cookie is)."""

    def sign_in(self, username: str, password: str) -> None:
        _, page = self.request("GET", "/dang-nhap/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {
            "csrfmiddlewaretoken": found.group(1).decode() if found else "",
            "username": username,
            "password": password,
        }
        status, _ = self.request("POST", "/dang-nhap/", urllib.parse.urlencode(form))
        if status != 302:
            raise SystemExit(f"{username} could not sign in (HTTP {status})")


def prepare_national(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Load (or reuse) the national dataset, in a child process (Django's settings name one
    database per process), make its indicators public, add the coordinator."""
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import national_analytics as n
args = n.parse_args(["--database", "postgres", "--pg-url", {args.pg_url!r}])
n.setup_django(args)
n.ensure_dataset(args)
from dataclasses import replace
from django.contrib.auth import get_user_model
from chuyendoiso.access.services import user_add
from chuyendoiso.engine.domain.access import Role
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.orgunits.models import OrgUnit
catalog = catalog_get()
bench = [i for i in catalog.indicators if i.code.startswith(n.PREFIX)]
wanted = [replace(i, public=True, headline=i.code.endswith("_01")) for i in bench]
if wanted != bench:
    catalog_import(acting_user=None, catalog=replace(catalog, indicators=tuple(wanted)))
user = get_user_model().objects.filter(username={NATIONAL_USER!r}).first()
if user is None:
    user_add(acting_user=None, username={NATIONAL_USER!r}, role=Role.COORDINATOR,
             org_unit=OrgUnit.objects.get(code="19", structure=""), password={NATIONAL_PASSWORD!r})
else:  # the bench's own user in the bench's database: a new password for this run
    user.set_password({NATIONAL_PASSWORD!r})
    user.save()
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def run_target(target: Target, args: argparse.Namespace, env: dict[str, str]) -> None:
    port = load_server.free_port()
    command = [*load_server.CDS, "serve", "--port", str(port), "--threads", str(args.threads)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(command, env=env, **quiet)
    try:
        load_server.wait_for(port, server)
        first = Browser(port)
        first.sign_in(target.username, target.password)
        for name, path in target.pages.items():
            started = time.perf_counter()
            status, _ = first.request("GET", path)
            print(f"{name}: first request HTTP {status} in {time.perf_counter() - started:.2f} s")
        print(
            f"{args.clients} clients, {args.seconds:g} s or {args.max_requests} requests per "
            f"load, server threads {args.threads}, load average {load_average()}"
        )
        header = f"{'load':<10} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} "
        print(header + f"{'p95 ms':>7} {'p99 ms':>7} {'cpu ms':>7}  goal")
        for name, path in target.pages.items():
            # signed in before the load (a sign-in hashes the password: not what is measured),
            # one browser for each client thread
            ready = [Browser(port) for _ in range(args.clients)]
            for browser in ready:
                browser.sign_in(target.username, target.password)
            taken: dict[int, Browser] = {}

            def step(
                client: load_server.Client,
                path: str = path,
                ready: list[Browser] = ready,
                taken: dict[int, Browser] = taken,
            ) -> int:
                browser = taken.get(id(client)) or taken.setdefault(id(client), ready.pop())
                return browser.request("GET", path)[0]

            cpu = load_server.cpu_seconds(server.pid)
            tally, elapsed = load_server.run_load(
                port, step, args.clients, args.seconds, args.max_requests
            )
            cpu = load_server.cpu_seconds(server.pid) - cpu
            print(result_line(name, tally, elapsed, cpu, target.goal))
        print(f"load average after: {load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def result_line(name: str, tally: load_server.Tally, elapsed: float, cpu: float, goal: Goal) -> str:
    """The load's figures; ``cpu``: the server's CPU seconds during the load, which less
    than the rate depends on what else the machine is doing."""
    done = len(tally.latencies_ms)
    rate = done / elapsed if elapsed else 0.0
    p95 = load_server.percentile(tally.latencies_ms, 0.95)
    ratios = [f"p95 {p95:.0f} / {goal.p95_ms:.0f} ms = {p95 / goal.p95_ms:.2f}"]
    if goal.requests_per_second:
        wanted = goal.requests_per_second
        ratios.append(f"req/s {rate:.0f} / {wanted:.0f} = {rate / wanted:.2f}")
    errors = sum(tally.errors.values())
    return (
        f"{name:<10} {done:>8} {errors:>6} {rate:>7.1f} "
        f"{statistics.median(tally.latencies_ms) if done else 0:>7.0f} {p95:>7.0f} "
        f"{load_server.percentile(tally.latencies_ms, 0.99):>7.0f} "
        f"{cpu * 1000 / done if done else 0:>7.2f}  {'; '.join(ratios)}"
        + (f"  {tally.errors}" if tally.errors else "")
    )


def load_average() -> str:
    return " ".join(f"{each:.2f}" for each in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cds-load-dashboard-"))
    try:
        env = load_server.environment(folder)
        if args.dataset in ("demo", "both"):
            print(f"\n===== demo (SQLite in {folder}) =====", flush=True)
            subprocess.run(
                [*load_server.CDS, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
            )
            run_target(DEMO, args, env)
        if args.dataset in ("national", "both"):
            print(f"\n===== national ({args.pg_url}) =====", flush=True)
            national = env | {"DATABASE_URL": args.pg_url}
            prepare_national(args, national)
            run_target(NATIONAL, args, national)
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
