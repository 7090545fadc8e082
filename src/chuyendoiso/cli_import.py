"""`cds import FILE`: values from a values CSV file, a DHIS2 dataValueSets JSON payload or a
filled Excel entry template, through the same checks as every other way in, all or nothing;
`--dry-run` says what would change and writes nothing. `cds template` writes the Excel entry
template of a regime and period."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, REASON_OPTION, ProvinceOption, django_command
from chuyendoiso.engine.domain.errors import ValidationError

if TYPE_CHECKING:
    from chuyendoiso.datavalues.services import ImportSummary


@click.command(
    "import", help="Nạp số liệu từ tệp CSV, JSON dataValueSets hoặc mẫu Excel / import values."
)
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
    from chuyendoiso.engine.files.datavaluesets import import_summary

    try:
        count, summary = import_file(file, reason=reason, actor=actor, dry_run=dry_run)
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
        f"{verb} {count} số liệu từ {file}: mới / new {summary.imported}, "
        f"đổi / updated {summary.updated}, như cũ / unchanged {summary.ignored}"
    )


def import_file(
    file: Path, *, reason: str, actor: str | None, dry_run: bool = False
) -> tuple[int, ImportSummary]:
    """Import ``file`` (any format of ``values_any``) as the command line's operator: the
    number of values read and the import's summary; its warnings are printed. A problem the
    import finds is named at its place in the file (an Excel sheet and column letter)."""
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.files.values_any import read_values_any
    from chuyendoiso.validation.presenters import violation_lines

    read = read_values_any(file)
    try:
        with audit_actor(actor):
            summary = datavalues_import(
                acting_user=None,
                values=read.values,
                source_name=str(file),
                source_rows=read.rows,
                source_problems=read.problems,
                reason=reason,
                dry_run=dry_run,
            )
    except ValidationError as error:
        if "errors" in error.extra:
            error.extra["errors"] = read.locate(error.extra["errors"])
        raise
    for warning in summary.warnings:
        click.echo("\n".join(violation_lines(warning)), err=True)
    if summary.warnings:
        click.echo(f"{len(summary.warnings)} cảnh báo / warning(s)", err=True)
    return len(read.values), summary


def _print_json(summary: dict[str, Any]) -> None:
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


@click.command(
    "template", help="Ghi mẫu Excel nhập số liệu của một chế độ và kỳ / write an entry template."
)
@click.option("--dataset", "dataset_code", required=True, help="Mã chế độ, ví dụ BC_CDS_6THANG")
@click.option("--period", "period_id", required=True, help="Kỳ của chế độ: 202403, 2024S1...")
@click.option("--org", "org_code", help="Chỉ các đơn vị thuộc đơn vị này / only units under it")
@click.option("--province", cls=ProvinceOption, help="Mã tỉnh / province code")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Tệp .xlsx ghi ra / the .xlsx file to write",
)
@django_command()
def template(
    dataset_code: str, period_id: str, org_code: str | None, province: str, output: Path
) -> None:
    from chuyendoiso.datavalues.selectors import entry_template
    from chuyendoiso.engine.files.values_xlsx import write_template

    found = entry_template(
        dataset_code=dataset_code, period_id=period_id, province_code=province, org_code=org_code
    )
    write_template(
        output, dataset=found.dataset, period=found.period, rows=found.rows, stored=found.stored
    )
    click.echo(
        f"Đã ghi mẫu {found.dataset.code} kỳ {found.period.id}: {len(found.rows)} dòng vào {output}"
    )


COMMANDS = [import_values, template]
