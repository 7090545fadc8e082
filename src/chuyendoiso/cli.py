"""The ``cds`` command: one console script over the same services as the web."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from chuyendoiso.cli_access import COMMANDS as ACCESS_COMMANDS
from chuyendoiso.cli_collection import COMMANDS as COLLECTION_COMMANDS
from chuyendoiso.cli_drafts import COMMANDS as DRAFT_COMMANDS
from chuyendoiso.cli_dti import COMMANDS as DTI_COMMANDS
from chuyendoiso.cli_factcheck import COMMANDS as FACTCHECK_COMMANDS
from chuyendoiso.cli_import import COMMANDS as IMPORT_COMMANDS
from chuyendoiso.cli_ops import COMMANDS as OPS_COMMANDS
from chuyendoiso.cli_register import COMMANDS as REGISTER_COMMANDS
from chuyendoiso.cli_setup import (
    ACTOR_OPTION,
    REASON_OPTION,
    ProvinceOption,
    django_command,
    fail,
    migrate_database,
)
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.report import FORMATS as REPORT_FORMATS


def _echo_counts(counts: dict[str, int]) -> None:
    click.echo("Đã nạp / loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


# who acts and why, for the audit rows of a command that writes
_reason = REASON_OPTION
_actor = ACTOR_OPTION


@click.group(
    help="chuyendoiso: theo dõi và báo cáo chuyển đổi số / digital-transformation monitoring"
)
@click.version_option(package_name="chuyendoiso")
def main() -> None:
    pass


for _command in [
    *OPS_COMMANDS,
    *ACCESS_COMMANDS,
    *IMPORT_COMMANDS,
    *COLLECTION_COMMANDS,
    *REGISTER_COMMANDS,
    *FACTCHECK_COMMANDS,
    *DTI_COMMANDS,
]:
    main.add_command(_command)


@main.command(help="Tạo hoặc nâng cấp cơ sở dữ liệu / create or upgrade the database.")
@django_command(migrates=True)
def migrate() -> None:
    migrate_database()
    click.echo("Cơ sở dữ liệu đã sẵn sàng / database ready.")


@main.group(help="Danh mục chỉ tiêu / the indicator catalogue.")
def catalog() -> None:
    pass


@catalog.command("export", help="Ghi danh mục ra tệp YAML / write the catalogue to a YAML file.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def catalog_export(file: Path) -> None:
    from chuyendoiso.catalog.selectors import catalog_get
    from chuyendoiso.engine.files.catalog_file import write_catalog

    found = catalog_get()
    write_catalog(found, file)
    click.echo(f"Đã ghi {len(found.indicators)} chỉ tiêu vào {file}")


@catalog.command("import", help="Nạp danh mục từ tệp YAML (tất cả hoặc không) / load a catalogue.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_reason
@_actor
@django_command()
def catalog_import(file: Path, reason: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.catalog.services import catalog_import as import_catalog
    from chuyendoiso.engine.files.catalog_file import read_catalog

    catalog = read_catalog(file)
    with audit_actor(actor):
        _echo_counts(import_catalog(acting_user=None, catalog=catalog, reason=reason))


@main.group(help="Chế độ báo cáo (bộ dữ liệu) / reporting regimes (data sets).")
def datasets() -> None:
    pass


@datasets.command("list", help="Liệt kê các chế độ báo cáo / list the reporting regimes.")
@django_command()
def datasets_list() -> None:
    from chuyendoiso.catalog.presenters import datasets_text
    from chuyendoiso.catalog.selectors import datasets_all

    click.echo(datasets_text(datasets_all()), nl=False)


@datasets.command(
    "schedule", help="Đơn vị phải báo cáo một kỳ, nơi nhận và hạn / who reports, to whom, by when."
)
@click.option("--dataset", "dataset_code", required=True, help="Mã chế độ, ví dụ BC_MOT_CUA_THANG")
@click.option("--period", "period_id", required=True, help="Kỳ của chế độ: 202403, 2024S1...")
@click.option("--province", cls=ProvinceOption, help="Mã tỉnh / province code")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@django_command()
def datasets_schedule(dataset_code: str, period_id: str, province: str, fmt: str) -> None:
    from chuyendoiso.catalog.presenters import schedule_json, schedule_text
    from chuyendoiso.catalog.selectors import dataset_schedule

    found = dataset_schedule(dataset_code=dataset_code, period_id=period_id, province_code=province)
    click.echo(schedule_json(found) if fmt == "json" else schedule_text(found), nl=False)


@main.group(help="Đơn vị hành chính / org units.")
def orgunits() -> None:
    pass


@orgunits.command("load", help="Nạp đơn vị hành chính của tỉnh (mã mới) trước và sau 01/7/2025.")
@click.option(
    "--province",
    "provinces",
    cls=ProvinceOption,
    multiple=True,
    help="Mã tỉnh (mới), có thể nêu nhiều lần / province code, may be repeated",
)
@_reason
@_actor
@django_command()
def orgunits_load(provinces: tuple[str, ...], reason: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.orgunits.services import orgunits_load_provinces

    with audit_actor(actor):
        counts = orgunits_load_provinces(
            acting_user=None, province_codes=list(provinces), reason=reason
        )
    _echo_counts(counts)


@main.group(help="Số liệu / data values.")
def values() -> None:
    pass


for _command in DRAFT_COMMANDS:
    values.add_command(_command)


@values.command("export", help="Liệt kê số liệu của đơn vị và các đơn vị trực thuộc trong kỳ.")
@click.option("--org", "org_code", required=True, help="Mã đơn vị, ví dụ 19")
@click.option("--period", "period_id", required=True, help="Kỳ: 2024, 2024S1, 2024Q1, 202401...")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--origin",
    "origins",
    multiple=True,
    type=click.Choice(["reported", "derived", "computed", "synthetic"]),
)
@click.option(
    "--status",
    "status",
    type=click.Choice(["approved", "draft", "all"]),
    default="approved",
    show_default=True,
    help="Số liệu đã duyệt, chưa duyệt (bản nháp) hay cả hai; cột status cho biết "
    "/ approved values, drafts or both; the status column says which.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def values_export(
    org_code: str,
    period_id: str,
    fmt: str,
    origins: tuple[str, ...],
    status: str,
    output: Path | None,
) -> None:
    from chuyendoiso.datavalues.selectors import datavalues_within
    from chuyendoiso.engine.domain.datavalues import Status
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.engine.files.values_file import dumps_csv, dumps_json, export_rows
    from chuyendoiso.orgunits.selectors import orgunit_resolve

    period = parse_period(period_id)
    unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    statuses = tuple(Status) if status == "all" else (Status(status),)
    within = datavalues_within(org_unit=unit, period=period, origins=origins, statuses=statuses)
    rows = export_rows(within)
    text = dumps_json(rows) if fmt == "json" else dumps_csv(rows)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi {len(rows)} số liệu vào {output}", err=True)
    else:
        click.echo(text, nl=False)


@values.command(
    "import",
    help="Nạp số liệu từ tệp (tất cả hoặc không), như cds import / load values from a file.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_reason
@_actor
@django_command()
def values_import(file: Path, reason: str, actor: str | None) -> None:
    from chuyendoiso.cli_import import import_file

    _count, summary = import_file(file, reason=reason, actor=actor)
    click.echo(f"Đã nạp {summary.written} số liệu từ {file}")


@main.command(help="Kiểm tra số liệu theo các quy tắc của danh mục / check values against rules.")
@click.option("--org", "org_code", required=True, help="Mã đơn vị, ví dụ 19")
@click.option("--period", "period_id", required=True, help="Kỳ: 2024S1, 20240415, 2024...")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@django_command()
def validate(org_code: str, period_id: str, fmt: str) -> None:
    from chuyendoiso.engine.domain.periods import parse_period
    from chuyendoiso.orgunits.selectors import orgunit_resolve
    from chuyendoiso.validation.presenters import validation_json, validation_text
    from chuyendoiso.validation.selectors import rules_evaluate

    period = parse_period(period_id)
    unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    validation = rules_evaluate(org_unit=unit, period=period)
    click.echo(
        validation_json(validation) if fmt == "json" else validation_text(validation), nl=False
    )
    if any(violation.is_error for violation in validation.violations):
        sys.exit(1)


@main.command(help="Viết báo cáo chuyển đổi số của đơn vị trong kỳ / write the narrative report.")
@click.option("--org", "org_code", required=True, help="Mã đơn vị, ví dụ 19")
@click.option("--period", "period_id", required=True, help="Kỳ: 2024S1, 2024Q1, 2026...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REPORT_FORMATS)),
    default="md",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def report(org_code: str, period_id: str, fmt: str, output: Path | None) -> None:
    from chuyendoiso.reports.presenters import report_file

    if output is None and not REPORT_FORMATS[fmt].media_type.startswith("text/"):
        raise click.UsageError("Định dạng docx/pdf cần -o TỆP / docx and pdf need -o FILE")
    content = report_file(org_code, period_id, fmt).content
    if output:
        output.write_bytes(content)
        click.echo(f"Đã ghi báo cáo vào {output} ({len(content):,} byte)", err=True)
    else:
        click.echo(content.decode("utf-8"), nl=False)


@main.group(help="Dữ liệu gốc của các hệ thống / raw records of operational systems.")
def sources() -> None:
    pass


@sources.command(
    "generate", help="Sinh bản ghi giả lập cho các đơn vị của tỉnh / synthetic records."
)
@click.argument("source")
@click.option("--rows", type=click.IntRange(0), required=True)
@click.option("--seed", type=int, default=19, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--province", cls=ProvinceOption, help="Mã tỉnh (mới) / province code")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default="2024-01-01", show_default=True)
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default="2024-05-27", show_default=True)
def sources_generate(
    source: str, rows: int, seed: int, output: Path, province: str, start: Any, end: Any
) -> None:
    from chuyendoiso.engine.demo import generate
    from chuyendoiso.engine.domain.adminunits_package import load_structures
    from chuyendoiso.engine.sources import format_of

    try:
        fmt = format_of(output)
        day = start.date()
        units = load_structures([province]).communes_on(province, day)
        generate(source, rows, seed, output, units=units, start=day, end=end.date(), format=fmt)
    except CdsError as exc:
        fail(str(exc))
    click.echo(f"Đã ghi {rows:,} bản ghi {source} vào {output}".replace(",", "."), err=True)


@sources.command("compute", help="Tính chỉ tiêu từ bản ghi gốc và nạp thành số liệu.")
@click.argument("source")
@click.option("--input", "inputs", multiple=True, required=True, type=click.Path(path_type=Path))
@click.option("--period", "period_id", required=True)
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--dry-run", is_flag=True, help="Chỉ tính, không nạp / compute only, load nothing.")
@click.option(
    "--spark-master",
    metavar="URL",
    help="Cụm Spark để tính (spark://máy:7077, yarn, k8s://...; mặc định CDS_SPARK_MASTER, "
    "không có thì chạy tại chỗ) / the Spark cluster to run on (default: CDS_SPARK_MASTER, "
    "else local).",
)
@django_command()
def sources_compute(
    source: str,
    inputs: tuple[Path, ...],
    period_id: str,
    engine: str,
    fmt: str,
    dry_run: bool,
    spark_master: str | None,
) -> None:
    from chuyendoiso.engine.sources import spark_advice
    from chuyendoiso.sources.presenters import describe_outcome
    from chuyendoiso.sources.services import source_compute

    if spark_master is not None and engine != "spark":
        raise click.UsageError(
            "--spark-master chỉ dùng với --engine spark / --spark-master needs --engine spark"
        )
    if engine == "spark" and (advice := spark_advice(list(inputs))):
        click.echo(advice, err=True)
    with _Progress() as progress:
        outcome = source_compute(
            acting_user=None,
            source=source,
            inputs=list(inputs),
            period_id=period_id,
            engine=engine,
            dry_run=dry_run,
            progress=progress,
            spark_master=spark_master,
        )
    click.echo(describe_outcome(outcome, fmt), nl=False)


@sources.command(
    "verify",
    help="Kiểm tra đầy đủ mã bản ghi (trùng, thiếu) của các tệp đã nạp hoặc --input; "
    "không ghi gì. Mã thoát 1 khi có mã trùng hoặc thiếu.",
)
@click.argument("source")
@click.option("--period", "period_id", required=True)
@click.option("--input", "inputs", multiple=True, type=click.Path(path_type=Path))
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@django_command()
def sources_verify(source: str, period_id: str, inputs: tuple[Path, ...], engine: str) -> None:
    from chuyendoiso.sources.presenters import describe_verification
    from chuyendoiso.sources.services import source_verify

    with _Progress() as progress:
        result = source_verify(
            source=source, period_id=period_id, inputs=inputs, engine=engine, progress=progress
        )
    text, found = describe_verification(result)
    click.echo(text, nl=False)
    sys.exit(1 if found else 0)


class _Progress:
    """Steps of a long run on one status line, with the time spent (stderr)."""

    def __enter__(self) -> Callable[[str], None]:
        import time

        self.started = time.monotonic()

        def report(message: str) -> None:
            elapsed = time.monotonic() - self.started
            click.echo(f"\r[{elapsed:6.1f} s] {message[:90]:<90}", nl=False, err=True)

        return report

    def __exit__(self, *exc: object) -> None:
        click.echo("", err=True)


if __name__ == "__main__":
    main()
