"""The quarantine file: one CSV line per rejected record, written the same by both engines.

Every cell is escaped as the values-CSV export escapes it (``files.csv_cells``): a stored
value such as ``=cmd|...`` would otherwise run as a formula when an operator opens the file
in a spreadsheet; a plain number such as ``-5.00`` stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.files.csv_cells import escape_cell
from chuyendoiso.engine.sources.inputs import one_line


def write_quarantine(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write the rows (already in file and row order) with their header; never leave a
    half-written file, and name the file when it cannot be written."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(
                [escape_cell("" if value is None else str(value)) for value in row] for row in rows
            )
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise CdsError(
            "Không ghi được tệp cách ly / cannot write the quarantine file",
            file=str(path),
            detail=one_line(str(exc)),
        ) from exc
    except BaseException:
        path.unlink(missing_ok=True)
        raise
