"""Data values as DHIS2's ``dataValueSets`` JSON, and the import summary its clients read.

A payload names the data set, and may give the period and org unit of all its values::

    {"dataSet": "MOT_CUA_THANG", "period": "202401", "orgUnit": "19",
     "dataValues": [{"dataElement": "CQS_HS_TIEP_NHAN", "categoryOptionCombo": "",
                     "value": "275540", "comment": ""}]}

Elements and org units are named by their codes (DHIS2's ``idScheme=CODE``); a
``categoryOptionCombo`` is a category option's code (``CHANNEL:ONLINE``), empty for the
total. A data value may also carry the platform's own fields by their column names in
values files (``numerator``, ``denominator``, ``qualifier``, ``decimals``, ...). Each value
is read as a row of a values file is, so the same checks apply; a problem names its place
as DHIS2 does (``dataValues[3].value``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from chuyendoiso.engine.domain.datavalues import DataValue
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.values_file import COLUMNS, file_row, read_utf8, value_of_cells

# DHIS2's name of each column, where it has its own
DHIS2_NAMES = {
    "indicator": "dataElement",
    "org_unit": "orgUnit",
    "period": "period",
    "category_option": "categoryOptionCombo",
    "value": "value",
    "comment": "comment",
}
_COLUMN_OF = {name: column for column, name in DHIS2_NAMES.items()}
# sent by DHIS2 tools, read by nothing here
_IGNORED = {"storedBy", "created", "lastUpdated", "followup", "completeDate"}
_SET_KEYS = {"dataSet", "period", "orgUnit", "attributeOptionCombo", "dataValues", *_IGNORED}


@dataclass(frozen=True)
class DataValueSet:
    """The values of a payload, the position (1-based) of each in ``dataValues``, and the
    problems of the values left out."""

    data_set: str
    values: list[DataValue]
    rows: list[int]
    problems: list[dict[str, Any]]


def read_data_value_set(path: str | Path, *, source: str = "") -> DataValueSet:
    path = Path(path)
    return parse_data_value_set(read_utf8(path), file=str(path), source=source or path.name)


def parse_data_value_set(text: str, *, file: str, source: str) -> DataValueSet:
    payload = _payload(text, file)
    problems: list[dict[str, Any]] = []
    for key in sorted(set(payload) - _SET_KEYS):
        problems.append(_problem(0, key, "", "khóa không biết / unknown key"))
    if payload.get("attributeOptionCombo"):
        problems.append(
            _problem(0, "attributeOptionCombo", payload["attributeOptionCombo"], _NO_ATTRIBUTES)
        )
    entries = payload.get("dataValues")
    if not isinstance(entries, list):
        raise ValidationError(
            "Thiếu danh sách dataValues / dataValues must be a list", file=file, field="dataValues"
        )
    values: list[DataValue] = []
    rows: list[int] = []
    for position, entry in enumerate(entries, start=1):
        known = len(problems)
        value = _value(entry, payload, position, problems, source)
        if value is not None and len(problems) == known:
            values.append(value)
            rows.append(position)
    return DataValueSet(str(payload.get("dataSet") or ""), values, rows, problems)


_NO_ATTRIBUTES = "không dùng attributeOptionCombo / attribute option combos are not used"


def _payload(text: str, file: str) -> dict[str, Any]:
    try:
        payload = json.loads(text, parse_float=Decimal)  # 89.44 stays exact
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"JSON hỏng / malformed JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from exc
    if not isinstance(payload, dict):
        raise ValidationError("Cần một đối tượng JSON / a JSON object is expected", file=file)
    return payload


def _value(
    entry: object,
    payload: dict[str, Any],
    position: int,
    problems: list[dict[str, Any]],
    source: str,
) -> DataValue | None:
    if not isinstance(entry, dict):
        problems.append(_problem(position, "", "", "cần một đối tượng / an object is expected"))
        return None
    cells: dict[str, str | None] = {
        "org_unit": _text(payload.get("orgUnit")),
        "period": _text(payload.get("period")),
    }
    for key, given in entry.items():
        column = _COLUMN_OF.get(key, key if key in COLUMNS else None)
        if key == "attributeOptionCombo" and given:
            problems.append(_problem(position, key, given, _NO_ATTRIBUTES))
        elif column is None and key not in _IGNORED and key != "attributeOptionCombo":
            problems.append(_problem(position, key, "", "khóa không biết / unknown key"))
        elif column is not None:
            cells[column] = _text(given)
    found: list[dict[str, Any]] = []
    value = value_of_cells(cells, row=position, problems=found, source=source)
    for problem in found:  # named as DHIS2 names the place
        column = str(problem.get("column", ""))
        problems.append(
            _problem(position, DHIS2_NAMES.get(column, column), problem["value"], problem["reason"])
        )
    return value


def _text(given: object) -> str | None:
    if given is None:
        return None
    if isinstance(given, bool):  # JSON true/false is not a figure
        return str(given).lower()
    return str(given)


def _problem(position: int, key: str, value: object, reason: str) -> dict[str, Any]:
    place = f"dataValues[{position - 1}]" if position else ""
    target = ".".join(part for part in (place, key) if part)
    return {"row": position, "object": target, "value": value, "reason": reason}


def import_summary(
    *,
    imported: int,
    updated: int,
    ignored: int,
    conflicts: list[dict[str, Any]] | None = None,
    dry_run: bool = False,
    deleted: int = 0,
    description: str = "",
    strategy: str = "",
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """The import summary as DHIS2 answers a ``dataValueSets`` import. Imports are all or
    nothing: with any conflict the status is ERROR and nothing was written. ``description``
    says in words what happened; ``warnings`` (the platform's own key) lists the validation
    rules of severity warning that fail."""
    conflicts = conflicts or []
    summary: dict[str, Any] = {
        "responseType": "ImportSummary",
        "status": "ERROR" if conflicts else "SUCCESS",
        "dryRun": dry_run,
        "importCount": {
            "imported": 0 if conflicts else imported,
            "updated": 0 if conflicts else updated,
            "ignored": ignored,
            "deleted": 0 if conflicts else deleted,
        },
        "conflicts": [
            {"object": problem.get("object") or _place(problem), "value": _message(problem)}
            for problem in conflicts
        ],
    }
    if description:
        summary["description"] = description
    if strategy:
        summary["importOptions"] = {"importStrategy": strategy, "dryRun": dry_run}
    if warnings:
        summary["warnings"] = warnings
    return summary


def _place(problem: dict[str, Any]) -> str:
    row = problem.get("row")
    key = problem.get("column") or problem.get("field") or ""
    where = f"dataValues[{row - 1}]" if isinstance(row, int) and row > 0 else ""
    key = DHIS2_NAMES.get(str(key), str(key))
    return ".".join(part for part in (where, key) if part)


def _message(problem: dict[str, Any]) -> str:
    value = problem.get("value")
    reason = str(problem.get("reason", ""))
    return f"{reason}: {value}" if value not in (None, "") else reason


def data_value_set(
    values: list[DataValue], *, data_set: str = "", period: str = ""
) -> dict[str, Any]:
    """``values`` as a ``dataValueSets`` payload that ``parse_data_value_set`` reads back
    unchanged: DHIS2's keys always, the platform's own fields when they are not empty."""
    payload: dict[str, Any] = {"dataSet": data_set} if data_set else {}
    if period:
        payload["period"] = period
    payload["dataValues"] = [_entry(value) for value in values]
    return payload


def _entry(value: DataValue) -> dict[str, str]:
    entry = {name: "" for name in DHIS2_NAMES.values()}
    for column, text in file_row(value).items():
        if column in DHIS2_NAMES or text:
            entry[DHIS2_NAMES.get(column, column)] = text
    return entry
