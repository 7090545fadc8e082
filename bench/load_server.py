#!/usr/bin/env python
"""Load test of the production server (`cds serve`, waitress) on 127.0.0.1.

Self-contained: loads the demo with `cds demo` into a new SQLite database in a temporary
folder, starts `cds serve` there with production settings (a fresh secret key; the
requests carry `X-Forwarded-Proto: https` as the province's web server would, and accept
gzip as a browser does), then runs
three loads one after the other, each with N concurrent clients (threads, http.client,
one kept-alive connection per client) and bounded by time and by request count:

- report: the report page of the province for 2024S1 (built once before, as a warm-up);
- factcheck: the fact-check page with a small pasted text (a POST with its CSRF token);
- mixed: 50 % report page, 20 % fact-check, 20 % home page, 10 % a static file.

For each it prints requests per second, p50/p95/p99 latency and the errors (a status other
than 200, or no answer), and the memory (RSS) of the server's processes before and after.
Goal (issue 10): no error, no steady memory growth, report page p95 under 500 ms; the
ratio p95 / 500 ms is printed (<= 1.00 meets it). The server and the folder are removed at
the end. Nothing is asserted: it prints figures (docs/benchmarks.md).

    .venv/bin/python bench/load_server.py [--clients 30] [--seconds 20] [--max-requests 3000]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOAL_P95_MS = 500.0
REPORT = "/bao-cao/?org=19&period=2024S1"
FACTCHECK = "/bao-cao/kiem-tra/"
PASTE = "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS, tăng 5% so với cùng kỳ."
CDS = [sys.executable, "-c", "from chuyendoiso.cli import main; main()"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30, help="concurrent clients (30)")
    parser.add_argument("--seconds", type=float, default=20.0, help="time per load (20 s)")
    parser.add_argument(
        "--max-requests", type=int, default=3000, help="requests per load at most (3000)"
    )
    parser.add_argument("--threads", type=int, default=8, help="server threads (cds serve, 8)")
    return parser.parse_args(argv)


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, elapsed_ms: float, error: str | None) -> None:
        with self.lock:
            self.latencies_ms.append(elapsed_ms)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


class Client:
    """One browser-like client: a kept-alive connection, its cookies and the CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}  # every cookie the server set, sent back
        self.token = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {
            "Accept-Encoding": "gzip",  # as every browser does
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.port}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            if response.getheader("Content-Encoding") == "gzip":
                content = gzip.decompress(content)
        except (OSError, http.client.HTTPException):
            self.connection.close()  # a new connection next time
            raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, content

    def factcheck(self) -> int:
        if not self.token:
            _, page = self.request("GET", FACTCHECK)
            found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            self.token = found.group(1).decode() if found else ""
        form = {"csrfmiddlewaretoken": self.token, "text": PASTE, "org": "19"}
        return self.request("POST", FACTCHECK, urllib.parse.urlencode(form))[0]


def report(client: Client) -> int:
    return client.request("GET", REPORT)[0]


def factcheck(client: Client) -> int:
    return client.factcheck()


def mixed(client: Client) -> int:
    draw = random.random()
    if draw < 0.5:
        return report(client)
    if draw < 0.7:
        return factcheck(client)
    if draw < 0.9:
        return client.request("GET", "/")[0]
    return client.request("GET", "/static/web/site.css")[0]


def run_load(
    port: int, step: Callable[[Client], int], clients: int, seconds: float, limit: int
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.perf_counter()
    deadline = started + seconds
    budget = iter(range(limit))
    budget_lock = threading.Lock()

    def work() -> None:
        client = Client(port)
        while time.perf_counter() < deadline:
            with budget_lock:
                if next(budget, None) is None:
                    return
            begun = time.perf_counter()
            try:
                status = step(client)
                error = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
            tally.add((time.perf_counter() - begun) * 1000, error)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def rss_mib(pid: int) -> float:
    """Resident memory of the process and its children (Linux /proc), in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            found = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            total += int(found.group(1)) if found else 0
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the process has used so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 120 s")


def environment(folder: Path) -> dict[str, str]:
    source = str(Path(__file__).resolve().parents[1] / "src")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return env | {
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
        "CDS_DATA_DIR": str(folder),
        "CDS_SECRET_KEY": secrets.token_urlsafe(50),
        "CDS_ALLOWED_HOSTS": "127.0.0.1",
        "CDS_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        # every client here has one address: the per-client limit would answer 429 to the load
        "CDS_RATE_FACTCHECK": "1000000",
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cds-load-"))
    env = environment(folder)
    port = free_port()
    server = None
    try:
        print(f"Loading the demo into {folder} …", flush=True)
        subprocess.run([*CDS, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        command = [*CDS, "serve", "--port", str(port), "--threads", str(args.threads)]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        server = subprocess.Popen(command, env=env, **quiet)
        wait_for(port, server)
        started = time.perf_counter()
        status = report(Client(port))
        print(f"report page built once: HTTP {status} in {time.perf_counter() - started:.2f} s")
        print(
            f"{args.clients} clients, {args.seconds:g} s or {args.max_requests} requests per "
            f"load, server threads {args.threads}\n"
        )
        header = f"{'load':<10} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} "
        print(header + f"{'p95 ms':>7} {'p99 ms':>7} {'RSS before':>11} {'RSS after':>10}")
        report_p95 = 0.0
        errors = 0
        first_rss = rss_mib(server.pid)
        for name, step in [("report", report), ("factcheck", factcheck), ("mixed", mixed)]:
            before = rss_mib(server.pid)
            tally, elapsed = run_load(port, step, args.clients, args.seconds, args.max_requests)
            after = rss_mib(server.pid)
            done = len(tally.latencies_ms)
            p95 = percentile(tally.latencies_ms, 0.95)
            report_p95 = p95 if name == "report" else report_p95
            errors += sum(tally.errors.values())
            print(
                f"{name:<10} {done:>8} {sum(tally.errors.values()):>6} {done / elapsed:>7.1f} "
                f"{statistics.median(tally.latencies_ms) if done else 0:>7.0f} {p95:>7.0f} "
                f"{percentile(tally.latencies_ms, 0.99):>7.0f} {before:>8.0f} MiB "
                f"{after:>6.0f} MiB" + (f"  {tally.errors}" if tally.errors else "")
            )
        print(
            f"\nreport page p95 {report_p95:.0f} ms / goal {GOAL_P95_MS:.0f} ms = "
            f"{report_p95 / GOAL_P95_MS:.2f}; errors {errors}; server RSS "
            f"{first_rss:.0f} MiB -> {rss_mib(server.pid):.0f} MiB"
        )
        return 0 if errors == 0 else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
