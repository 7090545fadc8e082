"""Untrusted documents read in a separate worker process, under limits.

The worker (``worker.py``) limits its own address space (RLIMIT_AS) and CPU time
(RLIMIT_CPU) before it reads anything, counts the document's inflated size, pages and
length (``limits.py``), then reads it, extracts its figures and matches them to the
catalogue. The caller waits at most ``timeout_seconds`` and checks the figures against its
stored data itself (the lookup needs the caller's database). A worker over a limit is
refused with a ``ValidationError`` naming the limit; the caller never runs out of memory or
time because of a document.

Each document gets a new process, which ends with it: nothing one document does can reach
the next. Where the platform has it, the process is forked from multiprocessing's fork
server, which has imported the reader once (a fork takes milliseconds; a new interpreter
importing the reader, the DOCX and the PDF libraries takes a good part of a second of CPU,
which a busy fact-check page would pay on every request); elsewhere it is spawned.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Collection, Sequence
from multiprocessing.context import ForkServerContext, SpawnContext
from pathlib import Path

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.reader.check import Lookup, check
from chuyendoiso.engine.reader.limits import Limits, check_text, refused
from chuyendoiso.engine.reader.match import matches_within
from chuyendoiso.engine.reader.placement import Placement
from chuyendoiso.engine.reader.placenames import KnownUnit
from chuyendoiso.engine.reader.result import FactCheckResult
from chuyendoiso.engine.reader.text import MAX_BYTES
from chuyendoiso.engine.reader.worker import OUT_OF_MEMORY, Reading, WorkerRequest, serve

# "__main__" lets the fork server import the program's own modules once, as every worker
# would otherwise import them again.
PRELOAD = ["__main__", "chuyendoiso.engine.reader.worker", "docx", "pypdf"]


def _workers() -> ForkServerContext | SpawnContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


WORKERS = _workers()


def factcheck_untrusted(
    source: bytes | str | Path,
    filename: str,
    catalog: Catalog,
    *,
    limits: Limits,
    lookup: Lookup | None = None,
    shown: Collection[str] | None = None,
) -> FactCheckResult:
    """Read an untrusted document (bytes, a path or pasted text) in the worker, then check
    its figures against themselves and, with ``lookup``, the stored data. With ``shown``,
    the figures are matched to the whole catalogue but those of other indicators are left
    unmatched, neither named nor checked (``matches_within``)."""
    reading = read_untrusted(source, filename, catalog, limits=limits)
    return result_of(reading, catalog, lookup=lookup, shown=shown)


def read_untrusted(
    source: bytes | str | Path,
    filename: str,
    catalog: Catalog,
    *,
    limits: Limits,
    units: Sequence[KnownUnit] = (),
) -> Reading:
    """Read an untrusted document in the worker: its figures matched to the catalogue and,
    with ``units``, the unit among them it is about (``Reading.place``). The caller then
    chooses the unit to compare with and checks the figures (``result_of``)."""
    if isinstance(source, Path):
        filename = filename or source.name
        source = _read_file(source, filename)
    if isinstance(source, str):
        check_text(source, limits, filename)  # refused here, without starting the worker
    return run_worker(WorkerRequest(source, filename, catalog, limits, tuple(units)))


def result_of(
    reading: Reading,
    catalog: Catalog,
    *,
    lookup: Lookup | None = None,
    shown: Collection[str] | None = None,
    place: Placement | None = None,
) -> FactCheckResult:
    """The figures of a reading checked against themselves and, with ``lookup``, the
    stored data of the unit ``place`` says they were compared with."""
    matches = reading.matches
    if shown is not None:
        matches = matches_within(matches, catalog, shown)
    checks = check(reading.figures, matches, lookup=lookup, catalog=catalog)
    return FactCheckResult(
        reading.text,
        reading.document_period,
        reading.figures,
        tuple(matches),
        tuple(checks),
        reading.truncated,
        place,
    )


def _read_file(path: Path, filename: str) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise refused("dung lượng tệp", "max_bytes", MAX_BYTES, filename)
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            f"Không đọc được tệp / cannot read file: {exc.strerror or exc}", file=str(path)
        ) from exc


def run_worker(request: WorkerRequest) -> Reading:
    limits = request.limits
    answer, sender = WORKERS.Pipe(duplex=False)
    worker = WORKERS.Process(target=serve, args=(request, sender), daemon=True)
    worker.start()
    sender.close()  # the worker holds the only sending end: its end is the pipe's end
    outcome: object = None
    try:
        if not answer.poll(limits.timeout_seconds):
            worker.kill()
            worker.join()
            raise refused(
                "thời gian đọc (giây)", "timeout_seconds", limits.timeout_seconds, request.filename
            )
        outcome = answer.recv()
    except EOFError:  # the worker ended without answering
        pass
    finally:
        answer.close()
    worker.join()
    if isinstance(outcome, CdsError):
        raise outcome
    if isinstance(outcome, Reading):
        return outcome
    raise _crashed(worker.exitcode or 0, request)


def _crashed(returncode: int, request: WorkerRequest) -> ValidationError:
    limits = request.limits
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return refused("thời gian CPU (giây)", "cpu_seconds", limits.cpu_seconds, request.filename)
    if returncode == OUT_OF_MEMORY:
        return refused("bộ nhớ (MB)", "memory_mb", limits.memory_mb, request.filename)
    return ValidationError(
        "Không đọc được tài liệu / the document could not be read",
        file=request.filename,
        exit_code=returncode,
    )
