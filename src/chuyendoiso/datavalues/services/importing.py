"""``datavalues_import``: the one path every batch of figures takes into the database (entry
forms, file imports, the API, the demo loader, source connectors). Every value is checked
first (its own checks, then the validation rules); all are written, or none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.audit.services import audit_record, audit_records
from chuyendoiso.datavalues.services.check import rules_check
from chuyendoiso.datavalues.services.resolve import (
    Resolved,
    key_columns,
    locks_of,
    problem_row,
    resolve,
)
from chuyendoiso.datavalues.services.rights import require_open, require_write
from chuyendoiso.datavalues.services.snapshot import changes, stated
from chuyendoiso.datavalues.services.store import existing, stored_by_key, write
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.locks import locked
from chuyendoiso.validation.selectors import Violation


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, or with ``dry_run`` would do: ``imported`` values were new,
    ``updated`` ones changed a stored value, ``ignored`` ones were already stored as given
    (whatever file they came from)."""

    received: int
    written: int
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    dry_run: bool = False
    warnings: tuple[Violation, ...] = ()  # validation rules of severity warning that fail
    deleted: int = 0


class Strategy(StrEnum):
    """What an import does with each value, as DHIS2's ``importStrategy`` says it."""

    CREATE_AND_UPDATE = "CREATE_AND_UPDATE"  # add the new values, replace the stored ones
    CREATE = "CREATE"  # add the new values only; a stored one is ignored
    UPDATE = "UPDATE"  # replace stored values only; a new one is ignored
    DELETE = "DELETE"  # delete the listed values (``datavalues_delete``)


def datavalues_import(
    *,
    acting_user: AbstractBaseUser | None,
    values: Sequence[engine.DataValue],
    source_name: str,
    source_rows: Sequence[int] | None = None,
    source_problems: Sequence[dict[str, Any]] = (),
    reason: str = "",
    dry_run: bool = False,
    strategy: Strategy = Strategy.CREATE_AND_UPDATE,
    actions: Sequence[Action] = (),
) -> ImportSummary:
    """Check every value, then write them all in one transaction, or raise and write none.

    Problems are reported together, each with its row, field and reason. The row is the
    value's row in its file when ``source_rows`` gives them (one per value, as
    ``engine.values_file.read_values_file`` returns them), else its 1-based position.
    ``source_problems`` (bad cells of the rows a file reader left out) are reported with
    the rest, so that one bad cell does not hide the file's other problems. With
    ``dry_run`` everything is checked and counted, and nothing written.
    Every value that changes gets an audit row with its fields before and after, and the
    import one with its counts; ``reason`` is kept in each.
    ``strategy`` CREATE leaves the stored values alone, UPDATE the new ones (both counted
    as ignored); ``actions`` are further rights the user needs on each unit besides
    writing (an API call: ``CALL_API``, ``IMPORT``).
    """
    if strategy is Strategy.DELETE:
        raise ValueError("a deletion is datavalues_delete's")
    if source_rows is not None and len(source_rows) != len(values):
        raise ValueError("source_rows must give one row per value")
    # checked against the stored values and written in one go, one writer of an indicator
    # at a time (the add-up check reads the stored totals and parts)
    with locked(*locks_of(values)):
        rows, problems = resolve(values, source_rows)
        require_write(acting_user, [(row.org_unit, row.value.status) for row in rows], actions)
        received, skipped = len(values), 0
        if strategy is not Strategy.CREATE_AND_UPDATE:
            kept = _kept(rows, strategy)
            rows, skipped = kept, len(rows) - len(kept)
        require_open(rows)
        problems = sorted([*source_problems, *problems], key=problem_row)
        warnings: list[Violation] = []
        if not problems:  # the validation rules, over values that pass their own checks
            problems, warnings = rules_check(rows)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi trong dữ liệu nhập, không ghi giá trị nào "
                f"/ {len(problems)} problem(s), nothing written",
                source=source_name,
                errors=problems,
            )
        if dry_run:
            previous = stored_by_key([pk for pk, _ in existing(rows).values()])
            summary = _summary(rows, previous, received=received, warnings=warnings, dry_run=True)
            return replace(summary, ignored=summary.ignored + skipped)
        previous = write(rows, acting_user)
        changed = audit_records(
            acting_user=acting_user,
            action="datavalue_import",
            entity="datavalue",
            changes=changes(rows, previous, source_name),
            reason=reason,
        )
        audit_record(
            acting_user=acting_user,
            action="datavalues_import",
            entity="datavalue",
            entity_key=source_name,
            after={
                "received": received,
                "written": len(rows),
                "changed": changed,
                "warnings": len(warnings),
                **({"strategy": strategy.value} if skipped else {}),
            },
            reason=reason,
        )
    summary = _summary(rows, previous, received=received, warnings=warnings)
    return replace(summary, ignored=summary.ignored + skipped)


def _kept(rows: list[Resolved], strategy: Strategy) -> list[Resolved]:
    """The rows an import of ``strategy`` writes: CREATE the new ones, UPDATE the stored."""
    stored = existing(rows)
    wanted = strategy is Strategy.UPDATE
    return [row for row in rows if (key_columns(row) in stored) is wanted]


def _summary(
    rows: list[Resolved],
    previous: Mapping[tuple[object, ...], engine.DataValue],
    *,
    received: int,
    warnings: list[Violation],
    dry_run: bool = False,
) -> ImportSummary:
    imported = updated = 0
    for row in rows:
        stored = previous.get(key_columns(row))
        if stored is None:
            imported += 1
        elif stated(stored) != stated(row.value):
            updated += 1
    return ImportSummary(
        received=received,
        written=0 if dry_run else len(rows),
        imported=imported,
        updated=updated,
        ignored=len(rows) - imported - updated,
        dry_run=dry_run,
        warnings=tuple(warnings),
    )
