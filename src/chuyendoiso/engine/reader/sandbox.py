"""Untrusted documents read in a separate worker process, under limits.

The worker (``worker.py``) limits its own address space
(RLIMIT_AS) and CPU time (RLIMIT_CPU) before it reads anything, counts the document's
inflated size, pages and length (``limits.py``), then reads it, extracts its figures and
matches them to the catalogue. The caller waits at most ``timeout_seconds`` and checks the
figures against its stored data itself (the lookup needs the caller's database). A worker
over a limit is refused with a ``ValidationError`` naming the limit; the caller never runs
out of memory or time because of a document.

The request goes to the worker as a pickle on its standard input and the reading comes back
as a pickle on its standard output: both are written by the product's own code.
"""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.errors import CdsError, ValidationError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader.check import Lookup, check
from chuyendoiso.engine.reader.extract import read
from chuyendoiso.engine.reader.legacy import refuse_legacy_encoding
from chuyendoiso.engine.reader.limits import Limits, check_text, refused
from chuyendoiso.engine.reader.match import Matcher
from chuyendoiso.engine.reader.model import ExtractedFigure, Match
from chuyendoiso.engine.reader.result import FactCheckResult
from chuyendoiso.engine.reader.text import MAX_BYTES, read_document


@dataclass(frozen=True)
class WorkerRequest:
    source: bytes | str  # a file's bytes, or pasted text
    filename: str
    catalog: Catalog
    limits: Limits


@dataclass(frozen=True)
class Reading:
    """What the worker read: the figures of the text, each with its match."""

    text: str
    document_period: Period | None
    figures: tuple[ExtractedFigure, ...]
    matches: tuple[Match, ...]
    truncated: bool


def factcheck_untrusted(
    source: bytes | str | Path,
    filename: str,
    catalog: Catalog,
    *,
    limits: Limits,
    lookup: Lookup | None = None,
) -> FactCheckResult:
    """Read an untrusted document (bytes, a path or pasted text) in the worker, then check
    its figures against themselves and, with ``lookup``, the stored data."""
    if isinstance(source, Path):
        filename = filename or source.name
        source = _read_file(source, filename)
    if isinstance(source, str):
        check_text(source, limits, filename)  # refused here, without starting the worker
    reading = run_worker(WorkerRequest(source, filename, catalog, limits))
    checks = check(reading.figures, reading.matches, lookup=lookup)
    return FactCheckResult(
        reading.text,
        reading.document_period,
        reading.figures,
        reading.matches,
        tuple(checks),
        reading.truncated,
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
    with subprocess.Popen(
        [sys.executable, "-m", "chuyendoiso.engine.reader.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as worker:
        try:
            out, _ = worker.communicate(pickle.dumps(request), timeout=limits.timeout_seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise refused(
                "thời gian đọc (giây)", "timeout_seconds", limits.timeout_seconds, request.filename
            ) from None
    outcome = pickle.loads(out) if worker.returncode == 0 and out else None
    if isinstance(outcome, CdsError):
        raise outcome
    if isinstance(outcome, Reading):
        return outcome
    raise _crashed(worker.returncode, request)


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


OUT_OF_MEMORY = 3  # the worker's exit status when its memory ran out


def work(request: WorkerRequest) -> Reading:
    limits = request.limits
    if isinstance(request.source, str):
        refuse_legacy_encoding(request.source, request.filename)
        text = request.source
    else:
        text = read_document(request.source, request.filename, limits=limits).text
    extraction = read(text)
    matches = Matcher(request.catalog).match(extraction.figures, text=extraction.text)
    return Reading(
        extraction.text,
        extraction.document_period,
        extraction.figures,
        tuple(matches),
        extraction.truncated,
    )
