"""`cds import FILE`: values from a values CSV file or a DHIS2 dataValueSets JSON payload,
through the same checks as every other way in, all or nothing; `--dry-run` says what would
change and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, REASON_OPTION, django_command
from chuyendoiso.engine.domain.errors import CdsError, ValidationError

FORMATS = {".csv": "CSV (cds values export)", ".json": "dataValueSets (DHIS2)"}


@click.command("import", help="Nạp số liệu từ tệp CSV hoặc JSON dataValueSets / import values.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi / check only, write nothing."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: bản tóm tắt như DHIS2 trả về / DHIS2's import summary.",
)
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def import_values(file: Path, dry_run: bool, fmt: str, reason: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.files.datavaluesets import import_summary

    values, rows, problems = _read(file)
    try:
        with audit_actor(actor):
            summary = datavalues_import(
                acting_user=None,
                values=values,
                source_name=str(file),
                source_rows=rows,
                source_problems=problems,
                reason=reason,
                dry_run=dry_run,
            )
    except ValidationError as error:
        if fmt != "json":
            raise
        conflicts = list(error.extra.get("errors") or [{"reason": error.message}])
        summary_of_errors = import_summary(
            imported=0, updated=0, ignored=0, conflicts=conflicts, dry_run=dry_run
        )
        _print_json(summary_of_errors)
        raise SystemExit(1) from None
    if fmt == "json":
        counted = import_summary(
            imported=summary.imported,
            updated=summary.updated,
            ignored=summary.ignored,
            dry_run=dry_run,
        )
        _print_json(counted)
        return
    verb = "Sẽ nạp / would import" if dry_run else "Đã nạp / imported"
    click.echo(
        f"{verb} {len(values)} số liệu từ {file}: mới / new {summary.imported}, "
        f"đổi / updated {summary.updated}, như cũ / unchanged {summary.ignored}"
    )


def _read(file: Path) -> tuple[list[Any], list[int], list[dict[str, Any]]]:
    from chuyendoiso.engine.files.datavaluesets import read_data_value_set
    from chuyendoiso.engine.files.values_file import read_values_file

    suffix = file.suffix.lower()
    if suffix == ".csv":
        read = read_values_file(file, partial=True)
        return read.values, read.rows, read.problems
    if suffix == ".json":
        payload = read_data_value_set(file)
        return payload.values, payload.rows, payload.problems
    raise CdsError(
        "Không nhận dạng được loại tệp / unknown file type",
        file=str(file),
        expected=", ".join(f"{ending} ({name})" for ending, name in FORMATS.items()),
    )


def _print_json(summary: dict[str, Any]) -> None:
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


COMMANDS = [import_values]
