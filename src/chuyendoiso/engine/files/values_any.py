"""Values from any file the platform imports, chosen by its suffix: a values CSV, a DHIS2
dataValueSets JSON payload, a filled Excel entry template. Every way in (``cds import``, the
upload page) reads files here, so that they accept the same files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuyendoiso.engine.domain.datavalues import DataValue
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.files.datavaluesets import read_data_value_set
from chuyendoiso.engine.files.values_file import read_values_file
from chuyendoiso.engine.files.values_xlsx import locate_all, read_template

FORMATS = {
    ".csv": "CSV (cds values export)",
    ".json": "dataValueSets (DHIS2)",
    ".xlsx": "mẫu Excel (cds template)",
}


@dataclass(frozen=True)
class ValuesRead:
    """The values of a file, the row (or position) of each, the problems of those left out,
    and how to name the place of a problem the import finds later (an Excel template names
    its sheet and column letter)."""

    values: list[DataValue]
    rows: list[int]
    problems: list[dict[str, Any]]
    locate: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = list


def read_values_any(
    path: Path, *, name: str = "", dataset: str | None = None, period: str | None = None
) -> ValuesRead:
    """Read ``path`` (``name``: the file's name as its owner knows it, for an upload); a
    template of another ``dataset`` or ``period`` than those given is refused."""
    suffix = Path(name or path.name).suffix.lower()
    source = Path(name or path.name).name
    if suffix == ".csv":
        csv = read_values_file(path, source=source, partial=True)
        return ValuesRead(csv.values, csv.rows, csv.problems)
    if suffix == ".json":
        payload = read_data_value_set(path, source=source)
        return ValuesRead(payload.values, payload.rows, payload.problems)
    if suffix == ".xlsx":
        filled = read_template(path, name=source, dataset=dataset, period=period)
        return ValuesRead(
            filled.values, filled.rows, filled.problems, lambda found: list(locate_all(found))
        )
    raise CdsError(
        "Không nhận dạng được loại tệp / unknown file type",
        file=source,
        expected=", ".join(f"{ending} ({label})" for ending, label in FORMATS.items()),
    )
