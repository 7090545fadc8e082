#!/usr/bin/env python
"""How far the fact-checker can be trusted, on the annotated corpus.

Reads every text of tests/fixtures/factcheck/ (written for the project, annotated by hand:
see its README) as `cds factcheck` does, and prints against the goals of the reader:

- figures found: at least 97% of the annotated figures;
- right period: at least 90% of the annotated figures;
- assigned indicators right: at least 90% of those the reader assigns;
- inconsistencies caught: all of them; false alarms: at most one in the whole corpus.

Also the goals read as achieved values, the reader's figures that are none, and the
consistent claims it confirmed. With ``--problems`` it lists every miss, text by text.
Nothing is asserted here (tests/engine/reader/test_corpus.py holds the reader to the
goals); the exit status is 1 when a goal is not met.

    .venv/bin/python bench/factcheck_accuracy.py [--corpus DIR] [--problems]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "src"))

from chuyendoiso.engine.files.catalog_file import read_catalog  # noqa: E402
from chuyendoiso.engine.reader import Scores, evaluate, load_corpus  # noqa: E402

GOALS = {"found": 97.0, "period": 90.0, "indicator": 90.0, "false_alarms": 1}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The fact-checker on the annotated corpus.")
    parser.add_argument("--corpus", type=Path, default=PROJECT / "tests" / "fixtures" / "factcheck")
    parser.add_argument("--problems", action="store_true", help="list every miss")
    return parser.parse_args(argv)


def lines(s: Scores) -> list[tuple[str, str, bool]]:
    """(what, figure, goal met) for each measure."""
    return [
        (
            "figures found",
            f"{s.found}/{s.figures} = {s.found_pct:.1f}% (goal ≥ {GOALS['found']:.0f}%)",
            s.found_pct >= GOALS["found"],
        ),
        (
            "right period",
            f"{s.period_right}/{s.figures} = {s.period_pct:.1f}% (goal ≥ {GOALS['period']:.0f}%)",
            s.period_pct >= GOALS["period"],
        ),
        (
            "assigned indicators right",
            f"{s.assigned_right}/{s.assigned} = {s.indicator_pct:.1f}% "
            f"(goal ≥ {GOALS['indicator']:.0f}%)",
            s.indicator_pct >= GOALS["indicator"],
        ),
        (
            "inconsistencies caught",
            f"{s.caught}/{s.inconsistencies} (goal: all)",
            s.caught == s.inconsistencies,
        ),
        (
            "false alarms",
            f"{s.false_alarms} (goal ≤ {GOALS['false_alarms']})",
            s.false_alarms <= GOALS["false_alarms"],
        ),
        ("consistent claims confirmed", f"{s.confirmed}/{s.consistent}", True),
        ("annotated indicators found", f"{s.indicators_found}/{s.annotated_indicators}", True),
        ("goals read as results", f"{s.goals_as_results}/{s.goals}", True),
        ("reader's figures that are none", str(s.false_figures), True),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    catalog = read_catalog(PROJECT / "data" / "catalog" / "catalog.yaml")
    corpus = load_corpus(args.corpus)
    started = time.perf_counter()
    scores = evaluate(corpus, catalog)
    elapsed = time.perf_counter() - started
    print(f"corpus: {args.corpus} ({scores.texts} texts, {scores.figures} figures)")
    met = True
    for what, figure, ok in lines(scores):
        met = met and ok
        print(f"  {what:<32} {figure}{'' if ok else '   NOT MET'}")
    print(f"  {'time':<32} {elapsed:.2f} s")
    if args.problems:
        print("\n".join(["", "problems:", *scores.problems]))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
