"""compute(): a source's figures for a period from its record files, on DuckDB or Spark."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources.checks import Reason
from chuyendoiso.engine.sources.definitions import KeyPolicy, SourceDefinition
from chuyendoiso.engine.sources.inputs import InputFile, resolve_inputs, sha256_of
from chuyendoiso.engine.sources.keys import SUPERSEDED
from chuyendoiso.engine.sources.ledger import Ledger, collect
from chuyendoiso.engine.sources.plan import RunOutcome
from chuyendoiso.engine.sources.results import (
    AggregateRow,
    ComputeResult,
    PartialFigure,
    Reconciliation,
    figures_from_totals,
)

ENGINES = ("duckdb", "spark")
# Below this input size DuckDB on one machine is the faster engine (docs/sources.md,
# "Engines"): it computes 100 million dossiers (2.7 GB of Parquet) in 15-23 s on 2 cores
# within 2 GB of memory, about a minute at 10 GB, while Spark is 11-20 times slower on one
# machine and needs about 20 s to start its session: a cluster only catches up with more
# than 11-20 such machines' worth of executors.
SPARK_WORTHWHILE_BYTES = 10 * 1000**3


def spark_advice(inputs: Sequence[Path]) -> str | None:
    """Advice to compute on DuckDB rather than Spark, when ``inputs`` (files or folders)
    are smaller than ``SPARK_WORTHWHILE_BYTES`` altogether; None when Spark may be worth it."""
    size = sum(path.stat().st_size for path, _ in resolve_inputs(inputs).files)
    if size >= SPARK_WORTHWHILE_BYTES:
        return None
    number, unit = _size(size)
    english = f"{number} {unit}"
    vietnamese = f"{number.replace(',', ' ').replace('.', ',').replace(' ', '.')} {unit}"
    return (
        f"Lưu ý: dữ liệu vào chỉ {vietnamese} (dưới 10 GB), DuckDB (--engine duckdb, mặc "
        "định) sẽ nhanh hơn: trên một máy Spark chậm hơn DuckDB 11-20 lần với một triệu bản "
        f"ghi, riêng khởi động phiên mất khoảng 20 giây / note: the input is only {english} "
        "(under 10 GB), DuckDB (--engine duckdb, the default) would be faster: on one "
        "machine Spark is 11-20 times slower than DuckDB at a million records, and starting "
        "its session alone takes about 20 s"
    )


def _size(size: int) -> tuple[str, str]:
    """``size`` bytes in kB, MB or GB, one decimal (English notation), and the unit."""
    for unit, scale in (("kB", 1000), ("MB", 1000**2)):
        if size < 1000 * scale:
            return f"{size / scale:,.1f}", unit
    return f"{size / 1000**3:,.1f}", "GB"


def compute(
    source: SourceDefinition,
    inputs: Sequence[Path],
    period: Period,
    *,
    known_units: set[str],
    engine: str = "duckdb",
    workdir: Path,
    progress: Callable[[str], None] | None = None,
    ledger: Ledger | None = None,
    digests: Mapping[Path, str] | None = None,
    spark_master: str | None = None,
) -> ComputeResult:
    """Check every record of ``inputs``, quarantine the bad ones, compute the figures.

    Figures are per org unit code as found in the records, for every unit with an accepted
    record that some metric places in ``period``. Rejected records go to a CSV file in
    ``workdir`` (``ComputeResult.quarantine_path``, None when there are none). With a
    ``ledger``, keys are also checked against the earlier runs' accepted records and the
    parts of this run's files are written to ``ledger.out`` (``ComputeResult.ledger_parts``);
    the inputs must then be distinct files (no two with the same content). ``digests``
    gives the SHA-256 of files the caller has already hashed (by resolved path). On Spark,
    ``spark_master`` names the cluster (``spark_session.session``; default: the active
    session, else a local one).
    """
    if engine not in ENGINES:
        raise ValidationError(
            "Công cụ tính không hợp lệ / unknown engine",
            field="engine",
            value=engine,
            expected=", ".join(ENGINES),
        )
    if spark_master and engine != "spark":
        raise ValidationError(
            "Chỉ nêu master của Spark khi tính bằng Spark / a Spark master is for the Spark "
            "engine only",
            field="spark_master",
            value=spark_master,
            engine=engine,
        )
    say = progress or (lambda _message: None)
    started = datetime.now(UTC)
    resolved = resolve_inputs(inputs)
    say(f"đọc {len(resolved.files)} tệp / reading {len(resolved.files)} file(s)")
    files = [
        InputFile(path=path, sha256="", size=path.stat().st_size, format=kind)
        for path, kind in resolved.files
    ]
    workdir.mkdir(parents=True, exist_ok=True)
    quarantine_path = workdir / f"quarantine-{source.code}-{safe_name(period.id)}.csv"
    quarantine_path.unlink(missing_ok=True)
    if engine == "spark":
        from chuyendoiso.engine.sources import engine_spark as runner
    else:
        from chuyendoiso.engine.sources import engine_duckdb as runner  # type: ignore[no-redef]
    if ledger is not None:
        shutil.rmtree(ledger.out, ignore_errors=True)
        ledger.out.mkdir(parents=True)
    on_spark = {"spark_master": spark_master} if engine == "spark" else {}
    with ThreadPoolExecutor(max_workers=1) as pool:  # hash the files while the engine reads
        known = digests or {}
        hashed = pool.map(lambda f: known.get(f.path) or sha256_of(f.path), files)
        outcome: RunOutcome = runner.run(
            source,
            files,
            period,
            known_units=known_units,
            workdir=workdir,
            quarantine_path=quarantine_path,
            progress=say,
            ledger=ledger,
            **on_spark,
        )
        files = [replace(f, sha256=digest) for f, digest in zip(files, hashed, strict=True)]
    result = assemble(source, period.id, files, outcome.rows)
    parts = {}
    if ledger is not None and source.key_policy is not KeyPolicy.TRUSTED:
        by_index = {i: f.sha256 for i, f in enumerate(files)}
        if len(set(by_index.values())) < len(by_index):
            raise ValidationError(
                "Có tệp trùng nội dung trong lần tính; sổ mã cần các tệp khác nhau / "
                "two inputs have the same content",
                files=[str(f.path) for f in files],
            )
        parts = collect(ledger.out, by_index, engine)
    say("xong / done")
    return replace(
        result,
        engine=engine,
        quarantine_path=quarantine_path if outcome.quarantined else None,
        started_at=started,
        finished_at=datetime.now(UTC),
        skipped=resolved.skipped,
        key_policy=source.key_policy.value,
        ledger_parts=parts,
        outvoted=outcome.outvoted,
    )


def safe_name(text: str) -> str:
    """``text`` as part of a file name (a period such as ``2024-01-01..2024-05-27``)."""
    return re.sub(r"[^0-9A-Za-z_-]+", "_", text)


def assemble(
    source: SourceDefinition, period_id: str, files: list[InputFile], rows: list[AggregateRow]
) -> ComputeResult:
    """Figures, per-file parts, row counts and the reconciliation from the aggregate rows."""
    per_file = sorted(
        (r for r in rows if not r.all_files),
        key=lambda r: (r.file or 0, r.reason or "", r.unit or ""),
    )
    read_by_file: Counter[int] = Counter()
    unknown_by_file: Counter[int] = Counter()
    superseded = 0
    by_reason: Counter[str] = Counter()
    active: Counter[str] = Counter()
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    partials: list[PartialFigure] = []
    for row in per_file:
        assert row.file is not None
        read_by_file[row.file] += row.rows
        if row.reason == SUPERSEDED:
            superseded += row.rows
            continue
        if row.reason is not None:
            by_reason[row.reason] += row.rows
            if row.reason == Reason.UNKNOWN_ORG_UNIT:
                unknown_by_file[row.file] += row.rows
            continue
        assert row.unit is not None
        active[row.unit] += row.active
        for metric, value in zip(source.metrics, row.measures, strict=True):
            if metric.measure.additive:
                totals[(metric.indicator, row.unit)] += value
            if row.active:
                partials.append(
                    PartialFigure(
                        file_sha256=files[row.file].sha256,
                        indicator=metric.indicator,
                        org_unit=row.unit,
                        period_id=period_id,
                        value=value,
                        additive=metric.measure.additive,
                    )
                )
    for row in rows:
        if row.all_files and row.reason is None and row.unit is not None:
            for metric, value in zip(source.metrics, row.measures, strict=True):
                if not metric.measure.additive:
                    totals[(metric.indicator, row.unit)] = value
    read = sum(read_by_file.values())
    quarantined = sum(by_reason.values())
    accepted_rows = read - quarantined - superseded
    units = [unit for unit, count in active.items() if count]
    reconciliation = Reconciliation(
        read=read,
        accepted=accepted_rows,
        quarantined=quarantined,
        superseded=superseded,
        by_reason=dict(sorted(by_reason.items())),
        outside_period=accepted_rows - sum(active.values()),
    )
    now = datetime.now(UTC)
    return ComputeResult(
        source=source.code,
        period_id=period_id,
        engine="",
        figures=figures_from_totals(source, period_id, totals, units),
        partials=partials,
        reconciliation=reconciliation,
        files=[
            replace(f, rows=read_by_file[i], unknown_units=unknown_by_file[i])
            for i, f in enumerate(files)
        ],
        quarantine_path=None,
        started_at=now,
        finished_at=now,
    )
