#!/usr/bin/env python
"""How fast the report reader is: figures per second on long reports.

Two long texts are read: the seed report repeated to about 1 MB, each copy varied (its
figures shifted, its paragraphs in another order) so that no two copies are the same; and
the platform's own narrative report (composed by the engine from the demo values, as
Markdown) repeated to about 1 MB. For each, the script times reading only (extraction)
and the whole fact-check (extraction, matching to the catalogue, checks), after one
warm-up, and prints the figures found, the time and figures per second. Nothing is
asserted: it prints figures. See docs/reader.md.

    .venv/bin/python bench/reader_speed.py [--size 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # the tests' support module composes the platform's report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Figures per second of the report reader.")
    parser.add_argument("--size", type=int, default=1_000_000, help="characters per text")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    return parser.parse_args(argv)


def seed_report() -> Path:
    """The seed report, where the settings say (``CDS_SEED_DIR``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyendoiso.config.settings.dev")
    from django.conf import settings

    return Path(settings.SEED_REPORT)


def varied_seed(size: int) -> str:
    """The seed, copy after copy, each with shifted figures and shuffled paragraphs."""
    seed = seed_report().read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    rng = random.Random(2024)
    copies: list[str] = []
    total = 0
    while total < size:
        shift = rng.randint(1, 9)

        def bump(match: re.Match[str], shift: int = shift) -> str:
            digits = match.group()
            last = str((int(digits[-1]) + shift) % 10)
            return digits[:-1] + last

        body = paragraphs[:]
        rng.shuffle(body)
        copy = "\n\n".join(re.sub(r"(?<![0-9/])[0-9]{3}(?![0-9/])", bump, p) for p in body)
        copies.append(copy)
        total += len(copy) + 2
    return "\n\n".join(copies)


def platform_report_markdown() -> str:
    """The platform's report of Thái Nguyên for 2024S1, composed without a database (the
    same report the reader's tests read: tests/engine/reader/support.py)."""
    from tests.engine.reader.support import platform_report

    from chuyendoiso.engine.report import render_markdown

    return render_markdown(platform_report())


def repeated(text: str, size: int) -> str:
    return "\n\n".join([text] * (size // (len(text) + 2) + 1))


def timed(function: Callable[[], int], runs: int) -> tuple[int, list[float]]:
    function()  # warm-up: imports, compiled patterns, the catalogue's profiles
    times = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        count = function()
        times.append(time.perf_counter() - started)
    return count, times


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from tests.engine.reader.support import catalog as catalogue

    from chuyendoiso.engine.reader import Matcher, factcheck, read

    catalog = catalogue()
    matcher = Matcher(catalog)
    texts = {
        "seed, varied copies": varied_seed(args.size),
        "platform report (Markdown)": repeated(platform_report_markdown(), args.size),
    }
    print(f"report reader, {args.runs} timed runs after a warm-up (median shown)")
    print(f"{'text':<28} {'chars':>9} {'step':<10} {'figures':>8} {'seconds':>8} {'figures/s':>10}")
    for name, text in texts.items():
        steps: dict[str, Callable[[], int]] = {
            "extract": lambda text=text: len(read(text).figures),
            "factcheck": lambda text=text: len(factcheck(text, catalog, matcher=matcher).figures),
        }
        for step, function in steps.items():
            count, times = timed(function, args.runs)
            median = statistics.median(times)
            print(
                f"{name:<28} {len(text):>9} {step:<10} {count:>8} {median:>8.2f} "
                f"{count / median:>10.0f}"
            )
    checks = factcheck(texts["seed, varied copies"], catalog, matcher=matcher).summary()
    print(f"checks on the varied seed: {checks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
