"""Compute indicators from raw record files and store them as data values, with lineage.

Every figure goes through ``datavalues_import``, the one path of every data value, so the
checks, approval and audit that apply to entered figures apply to computed ones too.
Files are remembered by content hash: running again on the same files changes nothing,
and new files add their per-file parts to the ones already stored. Parts are reused only
while the definition that computed them is unchanged: after a change to the definition,
every stored file of the period is read again (from its stored path when it is not
given), and so is every file when a distinct count has to be computed over all of them.
A stored file some of whose records were quarantined as ``unknown_org_unit`` is read again
once the known units have changed (a unit added to the registry), so that its records
count as soon as their unit exists.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

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
    KeyPolicy,
    Ledger,
    PartialFigure,
    PriorFile,
    SourceDefinition,
    SourceInputError,
    combine_partials,
    compute,
    fingerprint,
    has_part,
    install,
    read_source,
    require_readable,
    resolve_inputs,
    safe_name,
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
    definition: SourceDefinition | None = None  # what was computed (measures, ratio parts)


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
    file stored by another run while this one waited for the lock is an error naming it, and
    so is a file that changed between its fingerprint (taken before the wait) and its
    reading: nothing is written, and running again gives the answer a later run would.
    """
    definition = source_definition(source)
    period = parse_period(period_id)
    if engine == "spark":
        spark_master = spark_master or settings.SPARK_MASTER or None
    resolved = resolve_inputs(inputs)
    require_readable(inputs, resolved)  # a folder of other files is not "nothing new"
    files = [fingerprint(path, kind) for path, kind in resolved.files]
    run = partial(
        _compute,
        acting_user,
        definition,
        period,
        files,
        engine,
        progress,
        resolved.skipped,
        spark_master=spark_master,
    )
    if dry_run:
        return run(store=False)
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
        return run()


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
    work = _Work(definition, period, engine, progress, stored, spark_master)
    # parts computed by another definition, or whose keys the ledger lacks, are read again
    stale = [f for f in stored if f.run.definition_sha256 != definition.sha256 or work.unkept(f)]
    units = units_sha256(_unit_codes(period))
    again = _units_changed(stored, stale, units, given=files)
    stale += [row for row, _ in again]  # records of units unknown then, known now
    files = sorted([*files, *(f for _, f in again)], key=lambda f: f.path)
    if stale:
        files = _with_stored(files, stale)
    done = {f.sha256 for f in stored if f not in stale}
    new_files: list[InputFile] = []
    known_files: list[InputFile] = []
    for input_file in files:  # a copy of a file (same SHA-256) is read once, as it adds nothing
        (known_files if input_file.sha256 in done else new_files).append(input_file)
        done.add(input_file.sha256)
    if not new_files:
        parts = _stored_partials(source, period.id, leave_out=set())
        figures, _ = combine_partials(definition, parts, period.id)
        return SourceOutcome(
            period, figures, None, [], known_files, None, skipped, definition=definition
        )
    try:
        outcome = _run_new(acting_user, work, files, new_files, stale, units, store=store)
    finally:
        work.clean_up()
    return replace(outcome, known_files=known_files, skipped=skipped)


def _run_new(
    acting_user: AbstractBaseUser | None,
    work: _Work,
    files: list[InputFile],
    new_files: list[InputFile],
    stale: list[SourceFile],
    units: str,
    *,
    store: bool,
) -> SourceOutcome:
    """Compute the new files (and the stored ones read again), add the stored parts of the
    others, store the run."""
    definition, period, stored = work.definition, work.period, work.stored
    source = definition.code
    result = work.run(new_files, stale)
    while result.outvoted:  # earlier files whose kept versions this run's records replace
        again = [f for f in stored if f.path in result.outvoted and f not in stale]
        if not again:
            raise CdsError("Sổ mã không khớp tệp đã nạp / the id ledger differs from the files")
        stale += again
        files = _with_stored(files, again)
        new_files = sorted([*new_files, *_with_stored([], again)], key=lambda f: f.path)
        result = work.run(new_files, stale)
    _unchanged(new_files, result.files)
    parts = _stored_partials(source, period.id, leave_out={f.sha256 for f in stale})
    figures, dropped = combine_partials(definition, [*parts, *result.partials], period.id)
    if dropped:  # distinct counts do not add up across files: compute them over every file
        # of the period, in a folder of their own so that the run's quarantine file stays
        # the new files'
        everything = _with_stored(files, stored)
        distinct = {f.sha256: f for f in reversed(everything)}  # the first of any copies
        full = work.run(sorted(distinct.values(), key=lambda f: f.path), None, "all-files")
        _unchanged(list(distinct.values()), full.files)
        figures += [f for f in full.figures if f.indicator in dropped]
    run = None
    if store:
        replaced = [f.pk for f in stale]
        run = _store(acting_user, source, definition, period, result, figures, replaced, units)
        # after the figures are stored: a part is there only for a stored file (a part
        # missing after a failure here makes the next run read the file again)
        install(work.ledger_folder, result.ledger_parts)
    return SourceOutcome(period, figures, result, new_files, [], run, definition=definition)


def _unchanged(fingerprinted: list[InputFile], read: list[InputFile]) -> None:
    """Raise when a file read may not be the one fingerprinted before the lock was waited
    for (its SHA-256 differs, or its size or modification time has changed since): the run
    is stored under that SHA-256, and a file replaced meanwhile by a copy of one another run
    stored would be counted twice."""
    before = {f.path: f for f in fingerprinted}
    changed = [
        str(f.path)
        for f in read
        if (was := before.get(f.path)) is None or was.sha256 != f.sha256 or was.changed_since()
    ]
    if changed:
        raise SourceInputError(
            "Tệp đã thay đổi trong lúc được đọc; không ghi gì, hãy chạy lại khi tệp đã "
            "ghi xong / a file changed while it was read; nothing written: run again once "
            "it is complete",
            files=changed,
        )


@dataclass
class _Work:
    """Runs of the engine for one source and period, with the id ledger of its stored files."""

    definition: SourceDefinition
    period: Period
    engine: str
    progress: Callable[[str], None] | None
    stored: list[SourceFile]
    spark_master: str | None = None
    outs: list[Path] = field(default_factory=list)

    @property
    def workdir(self) -> Path:
        return Path(settings.DATA_DIR) / "sources" / self.definition.code

    @property
    def ledger_folder(self) -> Path:
        return self.workdir / "ledger" / safe_name(self.period.id)

    @property
    def keeps_keys(self) -> bool:
        return self.definition.key_policy is not KeyPolicy.TRUSTED

    def clean_up(self) -> None:
        """Remove the runs' own ledger folders (their parts are installed or not wanted)."""
        for out in self.outs:
            shutil.rmtree(out, ignore_errors=True)

    def unkept(self, stored: SourceFile) -> bool:
        """Whether a stored file's accepted keys should be in the ledger and are not."""
        return self.keeps_keys and not has_part(self.ledger_folder, stored.sha256)

    def run(
        self, files: list[InputFile], stale: list[SourceFile] | None, folder: str = ""
    ) -> ComputeResult:
        """Compute over ``files``; with ``stale`` (the stored files read again), against
        the ledger of the other stored files; without, with no ledger."""
        ledger = None
        if stale is not None and self.keeps_keys:
            reading = {f.sha256 for f in files} | {f.sha256 for f in stale}
            prior = tuple(
                PriorFile(f.sha256, f.path) for f in self.stored if f.sha256 not in reading
            )
            # a folder of the run's own: two runs may be under way at once
            self.workdir.mkdir(parents=True, exist_ok=True)
            out = Path(tempfile.mkdtemp(prefix="ledger-new-", dir=self.workdir))
            self.outs.append(out)
            ledger = Ledger(self.ledger_folder, out, prior)
        return compute(
            self.definition,
            [f.path for f in files],
            self.period,
            known_units=_unit_codes(self.period),
            engine=self.engine,
            workdir=self.workdir / folder if folder else self.workdir,
            progress=self.progress,
            ledger=ledger,
            spark_master=self.spark_master,
            digests={f.path: f.sha256 for f in files},  # hashed once, by the service
        )


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


def units_sha256(codes: set[str]) -> str:
    """A digest of a set of known unit codes: a run keeps the one it checked records against."""
    return hashlib.sha256("\n".join(sorted(codes)).encode("utf-8")).hexdigest()


def _units_changed(
    stored: list[SourceFile], stale: list[SourceFile], units: str, *, given: list[InputFile]
) -> list[tuple[SourceFile, InputFile]]:
    """The stored files (not ``stale``) that had records of unknown units when the known
    units were others than now, with their file: from the input, else from where they were
    loaded. One that is gone or changed is left as it was (its parts stay)."""
    by_hash = {f.sha256: f for f in given}
    found = []
    for row in stored:
        if row in stale or not row.unknown_units or row.run.known_units_sha256 in ("", units):
            continue
        path, kind = Path(row.path), SUFFIXES.get(Path(row.path).suffix.lower())
        again = by_hash.get(row.sha256)
        if again is None and kind is not None and path.is_file():
            again = fingerprint(path, kind)
        if again is not None and again.sha256 == row.sha256:
            found.append((row, again))
    return found


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
    units: str = "",
) -> SourceRun:
    """Store the run; the stored files read again (``replaced``) lose their old parts."""
    SourceFile.objects.filter(pk__in=replaced).delete()
    reconciliation = result.reconciliation
    run = SourceRun.objects.create(
        source=source,
        definition_sha256=definition.sha256,
        known_units_sha256=units,
        period=period.id,
        engine=result.engine,
        started_at=result.started_at,
        finished_at=result.finished_at,
        read=reconciliation.read,
        accepted=reconciliation.accepted,
        quarantined=reconciliation.quarantined,
        superseded=reconciliation.superseded,
        key_policy=result.key_policy,
        by_reason=reconciliation.by_reason,
        quarantine_path=str(result.quarantine_path or ""),
        figures=len(figures),
        actor_id=acting_user.pk if acting_user is not None else None,
    )
    by_hash = {}
    try:
        with transaction.atomic():
            for input_file in result.files:
                by_hash[input_file.sha256] = SourceFile.objects.create(
                    run=run,
                    source=source,
                    period=period.id,
                    path=str(input_file.path),
                    sha256=input_file.sha256,
                    rows=input_file.rows,
                    unknown_units=input_file.unknown_units,
                )
    except IntegrityError as exc:  # a file stored meanwhile outside the lock: never counted twice
        raise CdsError(
            "Tệp đã được một lần tính khác nạp; không ghi gì, hãy chạy lại / another run "
            "stored these files; nothing written: run again",
            source=source,
            period=period.id,
            files=[str(f.path) for f in result.files],
        ) from exc
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


def source_verify(
    *,
    source: str,
    period_id: str,
    inputs: Sequence[Path] = (),
    engine: str = "duckdb",
    progress: Callable[[str], None] | None = None,
) -> ComputeResult:
    """Check the record ids of ``inputs`` (by default, every file stored for the source
    and period) in full, as the ``unique`` policy does for a ``trusted`` source (any other
    source by its own policy), without the ledger; nothing is stored."""
    definition = source_definition(source)
    if definition.key_policy is KeyPolicy.TRUSTED:
        definition = replace(definition, key_policy=KeyPolicy.UNIQUE)
    period = parse_period(period_id)
    if inputs:
        files = [path for path, _ in resolve_inputs(inputs).files]
    else:
        stored = SourceFile.objects.filter(source=source, period=period.id)
        files = [f.path for f in _with_stored([], list(stored))]
    if not files:
        raise NotFoundError(
            "Không có tệp nào để kiểm tra (chưa nạp tệp nào cho kỳ này) / no file to verify",
            source=source,
            period=period.id,
        )
    work = Path(settings.DATA_DIR) / "sources" / source / "verify"
    return compute(
        definition,
        files,
        period,
        known_units=_unit_codes(period),
        engine=engine,
        workdir=work,
        progress=progress,
    )
