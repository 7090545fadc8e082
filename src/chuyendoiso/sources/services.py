"""Compute indicators from raw record files and store them as data values, with lineage.

Every figure goes through ``datavalues_import``, the one path of every data value, so the
checks, approval and audit that apply to entered figures apply to computed ones too.
Files are remembered by content hash: running again on the same files changes nothing,
and new files add their per-file parts to the ones already stored. Parts are reused only
while the definition that computed them is unchanged: after a change to the definition,
every stored file of the period is read again (from its stored path when it is not
given), and so is every file when a distinct count has to be computed over all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue, Origin, ratio_percent
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError, ValidationError
from chuyendoiso.engine.domain.periods import Period, parse_period
from chuyendoiso.engine.sources import (
    SUFFIXES,
    ComputedFigure,
    ComputeResult,
    InputFile,
    PartialFigure,
    SourceDefinition,
    SourceInputError,
    combine_partials,
    compute,
    fingerprint,
    read_source,
    resolve_inputs,
)
from chuyendoiso.locks import locked
from chuyendoiso.orgunits.selectors import orgunits_valid_during
from chuyendoiso.sources.models import SourceFile, SourcePartial, SourceRun

RATIO_DECIMALS = 2


def sources_dir() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "sources"


def source_codes() -> list[str]:
    return sorted(path.stem for path in sources_dir().glob("*.yaml"))


def source_definition(code: str) -> SourceDefinition:
    """The definition of a shipped source: ``data/sources/<code>.yaml``, whose ``source:``
    must be ``code`` (the runs, files and quarantine files are named by it)."""
    if code not in source_codes():
        raise NotFoundError(
            f"Không có nguồn '{code}' / unknown source; có: {', '.join(source_codes())}",
            field="source",
            value=code,
        )
    path = sources_dir() / f"{code}.yaml"
    definition = read_source(path, catalog=catalog_get())
    if definition.code != code:
        raise ValidationError(
            "Mã nguồn trong tệp khác tên tệp / the file's source code differs from its name",
            file=str(path),
            field="source",
            value=definition.code,
            expected=code,
        )
    return definition


@dataclass(frozen=True)
class SourceOutcome:
    """What a computation found and did."""

    period: Period
    figures: list[ComputedFigure]
    result: ComputeResult | None  # None when every file had been processed already
    new_files: list[InputFile]
    known_files: list[InputFile]  # stored by an earlier run, or a copy of a file of this one
    run: SourceRun | None  # None for a dry run or when nothing changed
    skipped: list[Path] = field(default_factory=list)  # files in input folders not read


def source_compute(
    *,
    acting_user: AbstractBaseUser | None,
    source: str,
    inputs: Sequence[Path],
    period_id: str,
    engine: str = "duckdb",
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    spark_master: str | None = None,
) -> SourceOutcome:
    """Compute the figures of ``source`` for the period from the new files among ``inputs``
    and the stored parts of the others, and store them (unless ``dry_run``).

    On Spark, the session runs on ``spark_master``, else on the setting ``SPARK_MASTER``
    (``CDS_SPARK_MASTER``), else locally (``engine.sources.spark_session``).

    A run reads the stored files and parts, computes and stores in one transaction under the
    lock of (source, period), so two runs at once add up as if one ran after the other. A
    file stored by another run while this one waited for the lock is an error naming it.
    """
    definition = source_definition(source)
    period = parse_period(period_id)
    if engine == "spark":
        spark_master = spark_master or settings.SPARK_MASTER or None
    resolved = resolve_inputs(inputs)
    files = [fingerprint(path, kind) for path, kind in resolved.files]
    if dry_run:
        return _compute(
            acting_user,
            definition,
            period,
            files,
            engine,
            progress,
            resolved.skipped,
            spark_master=spark_master,
            store=False,
        )
    stored = SourceFile.objects.filter(source=source, period=period.id)
    seen = set(stored.values_list("sha256", flat=True))  # before waiting for the lock
    with locked(("sources", source, period.id)):
        taken = list(stored.filter(sha256__in={f.sha256 for f in files} - seen))
        if taken:
            raise CdsError(
                "Tệp đã được một lần tính khác nạp trong lúc chờ; chạy lại để dùng kết quả đó "
                "/ another run stored these files while this one waited: run again",
                source=source,
                period=period.id,
                files=[f"{row.path} (run {row.run_id})" for row in taken],
            )
        return _compute(
            acting_user,
            definition,
            period,
            files,
            engine,
            progress,
            resolved.skipped,
            spark_master=spark_master,
        )


def _compute(
    acting_user: AbstractBaseUser | None,
    definition: SourceDefinition,
    period: Period,
    files: list[InputFile],
    engine: str,
    progress: Callable[[str], None] | None,
    skipped: list[Path],
    *,
    spark_master: str | None = None,
    store: bool = True,
) -> SourceOutcome:
    source = definition.code
    stored = list(SourceFile.objects.filter(source=source, period=period.id).select_related("run"))
    stale = [f for f in stored if f.run.definition_sha256 != definition.sha256]
    if stale:  # their parts were computed by another definition: read them again
        files = _with_stored(files, stale)
    done = {f.sha256 for f in stored if f not in stale}
    new_files: list[InputFile] = []
    known_files: list[InputFile] = []
    for input_file in files:  # a copy of a file (same SHA-256) is read once, as it adds nothing
        (known_files if input_file.sha256 in done else new_files).append(input_file)
        done.add(input_file.sha256)
    parts = _stored_partials(source, period.id, leave_out={f.sha256 for f in stale})
    if not new_files:
        figures, _ = combine_partials(definition, parts, period.id)
        return SourceOutcome(period, figures, None, [], known_files, None, skipped)
    known_units = _unit_codes(period)
    workdir = Path(settings.DATA_DIR) / "sources" / source

    def run_on(run_files: list[InputFile], folder: Path) -> ComputeResult:
        return compute(
            definition,
            [f.path for f in run_files],
            period,
            known_units=known_units,
            engine=engine,
            workdir=folder,
            progress=progress,
            spark_master=spark_master,
        )

    result = run_on(new_files, workdir)
    figures, dropped = combine_partials(definition, [*parts, *result.partials], period.id)
    if dropped:  # distinct counts do not add up across files: compute them over every file
        # of the period, in a folder of their own so that the run's quarantine file stays
        # the new files'
        everything = _with_stored(files, stored)
        distinct = {f.sha256: f for f in reversed(everything)}  # the first of any copies
        full = run_on(sorted(distinct.values(), key=lambda f: f.path), workdir / "all-files")
        figures += [f for f in full.figures if f.indicator in dropped]
    run = None
    if store:
        replaced = [f.pk for f in stale]
        run = _store(acting_user, source, definition, period, result, figures, replaced)
    return SourceOutcome(period, figures, result, new_files, known_files, run, skipped)


def _with_stored(files: list[InputFile], stored: list[SourceFile]) -> list[InputFile]:
    """``files`` and the stored files not among them, read from their stored path.

    A stored file that is gone or has changed since it was loaded is an error naming it.
    """
    given = {f.sha256 for f in files}
    found, lost = [], []
    for row in stored:
        if row.sha256 in given:
            continue
        path, kind = Path(row.path), SUFFIXES.get(Path(row.path).suffix.lower())
        again = fingerprint(path, kind) if kind and path.is_file() else None
        if again is None or again.sha256 != row.sha256:
            lost.append(row.path)
        else:
            found.append(again)
            given.add(row.sha256)
    if lost:
        raise SourceInputError(
            "Cần đọc lại các tệp đã nạp trước đây nhưng không còn (hoặc đã đổi); hãy đưa "
            "lại chúng vào --input / files loaded earlier must be read again but are gone "
            "or changed: give them again",
            files=lost,
        )
    return sorted([*files, *found], key=lambda f: f.path)


def _unit_codes(period: Period) -> set[str]:
    return set(orgunits_valid_during(period.start, period.end).values_list("code", flat=True))


def _stored_partials(source: str, period_id: str, leave_out: set[str]) -> list[PartialFigure]:
    rows = (
        SourcePartial.objects.filter(file__source=source, period=period_id)
        .exclude(file__sha256__in=leave_out)
        .select_related("file")
    )
    return [
        PartialFigure(
            file_sha256=row.file.sha256,
            indicator=row.indicator,
            org_unit=row.org_unit,
            period_id=row.period,
            value=row.value,
            additive=row.additive,
        )
        for row in rows
    ]


@transaction.atomic
def _store(
    acting_user: AbstractBaseUser | None,
    source: str,
    definition: SourceDefinition,
    period: Period,
    result: ComputeResult,
    figures: list[ComputedFigure],
    replaced: list[int],
) -> SourceRun:
    """Store the run; the stored files read again (``replaced``) lose their old parts."""
    SourceFile.objects.filter(pk__in=replaced).delete()
    reconciliation = result.reconciliation
    run = SourceRun.objects.create(
        source=source,
        definition_sha256=definition.sha256,
        period=period.id,
        engine=result.engine,
        started_at=result.started_at,
        finished_at=result.finished_at,
        read=reconciliation.read,
        accepted=reconciliation.accepted,
        quarantined=reconciliation.quarantined,
        by_reason=reconciliation.by_reason,
        quarantine_path=str(result.quarantine_path or ""),
        figures=len(figures),
        actor_id=acting_user.pk if acting_user is not None else None,
    )
    by_hash = {}
    for input_file in result.files:
        by_hash[input_file.sha256] = SourceFile.objects.create(
            run=run,
            source=source,
            period=period.id,
            path=str(input_file.path),
            sha256=input_file.sha256,
            rows=input_file.rows,
        )
    SourcePartial.objects.bulk_create(
        SourcePartial(
            file=by_hash[part.file_sha256],
            indicator=part.indicator,
            org_unit=part.org_unit,
            period=part.period_id,
            value=part.value,
            additive=part.additive,
        )
        for part in result.partials
    )
    datavalues_import(
        acting_user=acting_user,
        values=[_data_value(figure, source, run) for figure in figures],
        source_name=f"connector:{source} run {run.pk}",
    )
    return run


def _data_value(figure: ComputedFigure, source: str, run: SourceRun) -> DataValue:
    value = figure.value
    decimals = 0
    if figure.numerator is not None and figure.denominator is not None:
        decimals = RATIO_DECIMALS
        value = ratio_percent(figure.numerator, figure.denominator, decimals)
    return DataValue(
        indicator=figure.indicator,
        org_unit=figure.org_unit,
        period=figure.period_id,
        value=value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        decimals=decimals,
        origin=Origin.COMPUTED,
        source=f"connector:{source}",
        comment=f"tính từ dữ liệu gốc, lần tính {run.pk} / computed from raw records, run {run.pk}",
    )
