"""Synthetic record files for every source, written by DuckDB straight from SQL.

The rows are drawn by ``draws.Draws`` (deterministic for the same arguments, whatever the
number of threads); 10 million rows take seconds.

The records are synthetic; they are not real data.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

from chuyendoiso.engine.demo.dossiers import dossiers_sql
from chuyendoiso.engine.demo.draws import Draws, Recipe
from chuyendoiso.engine.demo.events import RECIPES as EVENT_RECIPES
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.sources import SourceDefinition, literal, one_line

FORMATS = ("parquet", "csv", "jsonl")
_COPY_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd",
    "csv": "FORMAT csv, HEADER true",
    "jsonl": "FORMAT json",
}


def _recipes() -> dict[str, Recipe]:
    return {"dossiers": dossiers_sql, **EVENT_RECIPES}


def generate(
    source: str | SourceDefinition,
    rows: int,
    seed: int,
    out: Path,
    *,
    units: Sequence[str],
    start: date,
    end: date,
    format: str = "parquet",
) -> Path:
    """Write ``rows`` synthetic records of ``source`` to the file ``out``; return it."""
    name = source if isinstance(source, str) else source.schema.name
    recipes = _recipes()
    problems = {
        "source": name not in recipes,
        "format": format not in FORMATS,
        "rows": not 0 <= rows <= 2_000_000_000,
        "units": not units,
        "end": end < start,
    }
    for field, bad in problems.items():
        if bad:
            raise ValidationError(
                "Tham số sinh dữ liệu không hợp lệ / invalid generator argument",
                field=field,
                sources=", ".join(sorted(recipes)),
                formats=", ".join(FORMATS),
            )
    draws = Draws(seed=seed, rows=rows, units=tuple(units), start=start, end=end)
    select = recipes[name](draws)
    # written beside ``out`` under a hidden name (never read as input), then renamed: a failed
    # or interrupted run leaves no half-written file and keeps any earlier one whole
    partial = out.with_name(f".{out.name}.part")
    connection = duckdb.connect(":memory:")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        connection.execute("SET preserve_insertion_order = true")
        connection.execute("SET enable_progress_bar = false")
        connection.execute(f"COPY ({select}) TO {literal(str(partial))} ({_COPY_OPTIONS[format]})")
        os.replace(partial, out)
    except (duckdb.Error, OSError) as exc:
        raise ValidationError(
            "Không ghi được tệp / cannot write the file", file=str(out), detail=one_line(str(exc))
        ) from exc
    finally:
        connection.close()
        partial.unlink(missing_ok=True)
    return out
