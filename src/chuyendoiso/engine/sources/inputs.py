"""Input files: which files a run reads, in which format, and their fingerprints.

A path may be a file or a folder; a folder gives every CSV, Parquet and JSON Lines file
below it (other files are listed in ``skipped``, never read silently). Files are read in
the order of their path, which is the order "first occurrence" refers to for duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from chuyendoiso.engine.domain.errors import ValidationError


class Format(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"


SUFFIXES = {
    ".csv": Format.CSV,
    ".parquet": Format.PARQUET,
    ".pq": Format.PARQUET,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}


class SourceInputError(ValidationError):
    """An input that cannot be read as records (not a record that breaks the schema)."""


def one_line(message: str, limit: int = 500) -> str:
    """An engine's error message on one line, cut to ``limit`` characters."""
    return " ".join(message.split())[:limit]


@dataclass(frozen=True)
class InputFile:
    """One file read by a run: its path, SHA-256, size, format, records read, records
    quarantined as ``unknown_org_unit`` (read again once the units known have changed), and
    the modification time seen when it was hashed (``fingerprint``; 0 when not kept)."""

    path: Path
    sha256: str
    size: int
    format: Format
    rows: int = 0
    unknown_units: int = 0
    modified_ns: int = 0

    def changed_since(self) -> bool:
        """Whether the file is gone, or its size or modification time differs from when it
        was fingerprinted (then its SHA-256 may no longer be its content's)."""
        try:
            now = self.path.stat()
        except OSError:
            return True
        return (now.st_size, now.st_mtime_ns) != (self.size, self.modified_ns)


@dataclass(frozen=True)
class ResolvedInputs:
    files: list[tuple[Path, Format]]
    skipped: list[Path]


def format_of(path: Path) -> Format:
    """The format a file's name ends with; raise on any other ending."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SourceInputError(
            "Không nhận ra định dạng tệp (csv, parquet, jsonl) / unknown file format",
            file=str(path),
            expected=", ".join(SUFFIXES),
        )
    return kind


def resolve_inputs(inputs: Sequence[Path]) -> ResolvedInputs:
    """The files to read, sorted by path, each once; raise on a missing or unknown file."""
    found: dict[Path, Format] = {}
    skipped: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind = SUFFIXES.get(child.suffix.lower())
                if kind is None or child.name.startswith("."):
                    skipped.append(child)
                else:
                    found[child.resolve()] = kind
        elif path.is_file():
            found[path.resolve()] = format_of(path)
        else:
            raise SourceInputError("Không có tệp hay thư mục này / no such file", file=str(path))
    return ResolvedInputs(sorted(found.items()), skipped)


def require_readable(inputs: Sequence[Path], resolved: ResolvedInputs) -> None:
    """Raise when a folder among ``inputs`` (or every input) gives no file to read: a run
    over it would change nothing, and its files were perhaps of another format."""
    empty = [
        Path(raw)
        for raw in inputs
        if Path(raw).is_dir()
        and not any(f.is_relative_to(Path(raw).resolve()) for f, _ in resolved.files)
    ]
    if empty or not resolved.files:
        named = empty or [Path(raw) for raw in inputs]
        raise SourceInputError(
            "Không có tệp nào đọc được (csv, parquet, jsonl) trong đầu vào / no readable file "
            "(csv, parquet, jsonl) in the input",
            inputs=[str(path) for path in named],
            skipped=[
                str(path)
                for path in resolved.skipped
                if any(path.is_relative_to(folder) for folder in named)
            ],
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)  # hashlib releases the GIL: runs beside the engine
    return digest.hexdigest()


def fingerprint(path: Path, kind: Format) -> InputFile:
    """The file's SHA-256, with its size and modification time as they were before hashing."""
    seen = path.stat()
    return InputFile(
        path=path,
        sha256=sha256_of(path),
        size=seen.st_size,
        format=kind,
        modified_ns=seen.st_mtime_ns,
    )
