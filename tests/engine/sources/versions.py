"""Dossier files full of repeated ids, and what each key policy must make of them.

The expected outcome is worked out here record by record, in plain Python, from the rules
of docs/sources.md ("Record ids"), independently of the SQL that the engines run.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .broken import DOSSIER_COLUMNS

UNITS = ["19", "164", "05434"]
START = datetime(2024, 1, 1)
COLUMNS = [*DOSSIER_COLUMNS[:7], "updated_at"]  # id to processed_at, and the version


@dataclass(frozen=True)
class Record:
    path: str
    row: int
    values: dict[str, str]

    @property
    def key(self) -> str:
        return self.values["id"]

    @property
    def valid(self) -> bool:
        return self.values["org_unit"] in UNITS and self.values["status"] != "lost"

    @property
    def version(self) -> tuple[bool, str]:
        updated = self.values["updated_at"]
        return (updated != "", updated)  # a missing version is the oldest


def write_files(folder: Path, files: int, per_file: int, ids: int, seed: int) -> list[Path]:
    """``files`` CSV files of ``per_file`` records drawn from ``ids`` ids (so many repeat),
    some invalid, some without a version, some versions tied."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(files):
        path = folder / f"export-{number:02}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            for _ in range(per_file):
                writer.writerow(_record(rng, ids))
        paths.append(path)
    return paths


def _record(rng: random.Random, ids: int) -> dict[str, str]:
    received = START + timedelta(days=rng.randrange(150), hours=rng.randrange(24))
    status = rng.choice(["received", "in_progress", "processed", "returned", "returned"])
    processed = received + timedelta(days=rng.randrange(1, 20))
    updated = "" if rng.random() < 0.1 else f"{START + timedelta(days=rng.randrange(8)):%F %T}"
    return {
        "id": f"HS{rng.randrange(ids):05}",
        "org_unit": rng.choice([*UNITS, *UNITS, "99999"]),
        "received_at": f"{received:%F %T}",
        "status": "lost" if rng.random() < 0.03 else status,
        "channel": rng.choice(["online", "direct"]),
        "due_at": f"{received + timedelta(days=10):%F %T}",
        "processed_at": f"{processed:%F %T}" if status in ("processed", "returned") else "",
        "updated_at": updated,
    }


def read_records(paths: list[Path]) -> list[Record]:
    records = []
    for path in sorted(paths):
        with path.open(encoding="utf-8", newline="") as handle:
            for row, values in enumerate(csv.DictReader(handle), start=1):
                records.append(Record(str(path.resolve()), row, values))
    return records


@dataclass
class Expected:
    accepted: list[Record]
    superseded: int
    by_reason: Counter[str]

    def counts(self, period_end: datetime) -> dict[tuple[str, str], int]:
        """CQS_HS_TIEP_NHAN and CQS_HS_DA_XU_LY per unit, for 01/01/2024 to period_end."""
        found: Counter[tuple[str, str]] = Counter()
        for record in self.accepted:
            values = record.values
            if datetime.fromisoformat(values["received_at"]) < period_end:
                found[("CQS_HS_TIEP_NHAN", values["org_unit"])] += 1
            processed = values["processed_at"]
            if processed and datetime.fromisoformat(processed) < period_end:
                found[("CQS_HS_DA_XU_LY", values["org_unit"])] += 1
        return dict(found)


def expected(policy: str, records: list[Record], earlier: list[Record] = ()) -> Expected:
    """What ``policy`` makes of ``records`` (in path and row order), after the records
    ``earlier`` runs accepted."""
    by_reason: Counter[str] = Counter()
    valid = []
    for record in records:
        if record.values["org_unit"] not in UNITS:
            by_reason["unknown_org_unit"] += 1
        elif record.values["status"] == "lost":
            by_reason["invalid_value"] += 1
        else:
            valid.append(record)
    if policy == "trusted":
        return Expected(valid, 0, by_reason)
    if policy == "unique":
        seen = {r.key for r in earlier}
        accepted = []
        for record in valid:
            if record.key in seen:
                by_reason["duplicate_id"] += 1
            else:
                seen.add(record.key)
                accepted.append(record)
        return Expected(accepted, 0, by_reason)
    latest: dict[str, Record] = {}
    for record in [*earlier, *valid]:
        kept = latest.get(record.key)
        if kept is None or _later(record, kept):
            latest[record.key] = record
    in_run = {(r.path, r.row) for r in valid}
    accepted = [r for r in latest.values() if (r.path, r.row) in in_run]
    return Expected(accepted, len(valid) - len(accepted), by_reason)


def _later(record: Record, kept: Record) -> bool:
    return (record.version, record.path, record.row) > (kept.version, kept.path, kept.row)


def outvoted(records: list[Record], earlier: list[Record]) -> list[str]:
    """Paths of earlier records that a record of ``records`` supersedes (policy latest)."""
    mine = expected("latest", records, earlier)
    replaced = {r.key for r in mine.accepted}
    return sorted({r.path for r in earlier if r.key in replaced})
