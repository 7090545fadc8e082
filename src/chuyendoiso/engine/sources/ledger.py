"""The id ledger: the keys of the records accepted from each stored file of a source.

A new file is checked against the ledger instead of every stored file being read again,
so that a record repeating one of an earlier run is found (``unique``: ``duplicate_id``;
``latest``: the older version is ``superseded``) at a cost that grows with the new file.

One part per stored file, a folder named by the file's SHA-256::

    <sha256>/keys/...parquet       every record's (_row, k, h[, v]), written by the run
    <sha256>/excluded/...parquet   the rows not accepted (quarantined or superseded)
    <sha256>/hash-<engine>         which engine's hash ``h`` is (DuckDB's or Spark's)

A run writes the parts of its files into a folder of its own; the caller moves them into
the ledger (:func:`install`) once the run's figures are stored, so that a part is there
only for a file whose figures are.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

KEYS, EXCLUDED = "keys", "excluded"


@dataclass(frozen=True)
class PriorFile:
    """A stored file whose accepted keys a run checks against: its SHA-256 and the path
    it was read from (the ``latest`` policy's order on a tie)."""

    sha256: str
    path: str


@dataclass(frozen=True)
class Ledger:
    """What a run reads (``prior`` parts in ``folder``) and where it writes its own parts."""

    folder: Path
    out: Path
    prior: tuple[PriorFile, ...] = ()


@dataclass(frozen=True)
class LedgerPart:
    """The part of one prior file, as an engine registers it."""

    path: str  # the stored file's path
    keys: list[str]  # Parquet files
    excluded: list[str] = field(default_factory=list)
    engine: str = ""  # whose hash the stored ``h`` is


def has_part(folder: Path, sha256: str) -> bool:
    return any((folder / sha256).glob("hash-*"))


def parts(ledger: Ledger) -> list[LedgerPart]:
    """The parts of the prior files (each must have one: see :func:`has_part`)."""
    found = []
    for prior in ledger.prior:
        part = ledger.folder / prior.sha256
        engine = next(part.glob("hash-*")).name.removeprefix("hash-")
        found.append(
            LedgerPart(
                path=prior.path,
                keys=_parquet(part / KEYS),
                excluded=_parquet(part / EXCLUDED),
                engine=engine,
            )
        )
    return found


def _parquet(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.parquet")) if folder.is_dir() else []


def collect(out: Path, by_index: dict[int, str], engine: str) -> dict[str, Path]:
    """Turn a run's partitioned output (``keys/_file=N``, ``excluded/_file=N``) into one
    part per file, named by its SHA-256; return the parts' folders."""
    made: dict[str, Path] = {}
    for index, sha256 in by_index.items():
        part = out / "parts" / sha256
        part.mkdir(parents=True, exist_ok=True)
        for kind in (KEYS, EXCLUDED):
            written = out / kind / f"_file={index}"
            if written.is_dir():
                written.rename(part / kind)
        (part / f"hash-{engine}").touch()
        made[sha256] = part
    return made


def install(folder: Path, made: dict[str, Path]) -> None:
    """Move a run's parts into the ledger, each replacing the file's earlier part."""
    folder.mkdir(parents=True, exist_ok=True)
    for sha256, part in made.items():
        target = folder / sha256
        if target.exists():
            shutil.rmtree(target)
        part.rename(target)


def remove(folder: Path, sha256s: list[str]) -> None:
    for sha256 in sha256s:
        shutil.rmtree(folder / sha256, ignore_errors=True)
