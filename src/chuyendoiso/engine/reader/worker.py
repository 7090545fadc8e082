"""The worker of the sandbox: a process forked for one document, which limits its own
address space (RLIMIT_AS) and CPU time (RLIMIT_CPU), reads the document, extracts its
figures, matches them to the catalogue, infers the unit it is about, sends the reading
(or the error) back and ends.
See ``sandbox.py``, which starts it."""

from __future__ import annotations

import resource
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.reader.extract import read
from chuyendoiso.engine.reader.legacy import refuse_legacy_encoding
from chuyendoiso.engine.reader.limits import MIB, Limits
from chuyendoiso.engine.reader.match import Matcher
from chuyendoiso.engine.reader.model import ExtractedFigure, Match
from chuyendoiso.engine.reader.place import Inference, infer_place
from chuyendoiso.engine.reader.placenames import KnownUnit
from chuyendoiso.engine.reader.text import read_document

OUT_OF_MEMORY = 3  # the worker's exit status when its memory ran out


@dataclass(frozen=True)
class WorkerRequest:
    source: bytes | str  # a file's bytes, or pasted text
    filename: str
    catalog: Catalog
    limits: Limits
    units: tuple[KnownUnit, ...] = ()  # the units the text may be about (``place``)


@dataclass(frozen=True)
class Reading:
    """What the worker read: the figures of the text, each with its match, and the unit
    the text is about (when the request named the units it may be about)."""

    text: str
    document_period: Period | None
    figures: tuple[ExtractedFigure, ...]
    matches: tuple[Match, ...]
    truncated: bool
    place: Inference | None = None


def serve(request: WorkerRequest, answer: Connection) -> None:
    """The worker's whole life: limit itself, read, answer on ``answer``."""
    _limit_self(request.limits)
    try:
        try:
            outcome: Reading | CdsError = work(request)
        except CdsError as error:
            outcome = error
        answer.send(outcome)
    except MemoryError:
        sys.exit(OUT_OF_MEMORY)


def work(request: WorkerRequest) -> Reading:
    limits = request.limits
    if isinstance(request.source, str):
        refuse_legacy_encoding(request.source, request.filename)
        text = request.source
    else:
        text = read_document(request.source, request.filename, limits=limits).text
    extraction = read(text)
    matches = Matcher(request.catalog).match(extraction.figures, text=extraction.text)
    place = None
    if request.units:
        place = infer_place(extraction.text, request.units, period=extraction.document_period)
    return Reading(
        extraction.text,
        extraction.document_period,
        extraction.figures,
        tuple(matches),
        extraction.truncated,
        place,
    )


def _limit_self(limits: Limits) -> None:
    memory = limits.memory_mb * MIB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
