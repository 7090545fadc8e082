"""``cds dti``: the province's DTI self-assessment computed from its own figures (Markdown,
JSON or XLSX), and the commands that load a year's framework file and the published
results (docs/dti.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, REASON_OPTION, django_command
from chuyendoiso.engine.domain.errors import ValidationError


def _what_if(pairs: tuple[str, ...]) -> dict[str, Decimal]:
    from chuyendoiso.engine.dti import what_if_value

    found: dict[str, Decimal] = {}
    for pair in pairs:
        code, equals, text = pair.partition("=")
        if not equals:
            raise ValidationError(
                f"--what-if '{pair}' phải có dạng MÃ=SỐ / must be CODE=NUMBER",
                field="what-if",
                value=pair,
                expected="CQS_01=80",
            )
        found[code.strip().upper()] = what_if_value(text, field="what-if")
    return found


@click.command("dti", help="Tính chỉ số DTI tự đánh giá của tỉnh / the province's DTI.")
@click.option("--org", "org_code", required=True, help="Mã tỉnh, ví dụ 19")
@click.option("--year", type=click.IntRange(2015, 2100), required=True, help="Năm DTI, ví dụ 2024")
@click.option(
    "--framework", "framework_name", required=True, help="922, 405 hoặc mã bộ chỉ số đã nạp"
)
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "xlsx"]), default="md", show_default=True
)
@click.option(
    "--drafts", is_flag=True, help="Tính cả bản nháp chưa duyệt / include unapproved drafts."
)
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    help="Giả định giá trị một chỉ số thành phần, MÃ=SỐ (lặp lại được) / CODE=NUMBER",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def dti(
    org_code: str,
    year: int,
    framework_name: str,
    fmt: str,
    drafts: bool,
    what_if: tuple[str, ...],
    output: Path | None,
) -> None:
    from chuyendoiso.dti.selectors import dti_report, framework_named, province_of_year
    from chuyendoiso.engine.dti import check_what_if, report_dict, report_markdown, report_xlsx

    framework = framework_named(framework_name)
    overrides = _what_if(what_if)
    check_what_if(framework, overrides, field="what-if")
    unit = province_of_year(org_code, year)
    report = dti_report(framework, unit, year, drafts=drafts, overrides=overrides)
    if fmt == "xlsx":
        if output is None:
            raise ValidationError("--format xlsx cần -o TỆP / needs -o FILE", field="output")
        output.write_bytes(report_xlsx(report))
        click.echo(f"Đã ghi {output}", err=True)
        return
    text = (
        json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
        if fmt == "json"
        else report_markdown(report)
    )
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.group("dti-framework", help="Bộ chỉ số DTI / DTI frameworks.")
def dti_framework() -> None:
    pass


@dti_framework.command("list", help="Liệt kê các bộ chỉ số / list the frameworks.")
@django_command()
def dti_framework_list() -> None:
    from chuyendoiso.dti.selectors import frameworks_all

    for f in frameworks_all():
        scored = sum(1 for c in f.components if c.scorable)
        years = ", ".join(map(str, f.years)) or "-"
        click.echo(
            f"{f.number}\t{f.code}\t{f.kind.value}\tnăm {years}\t{len(f.components)} chỉ số "
            f"thành phần, {scored} có điểm và cách chấm\t{f.file}"
        )


@dti_framework.command(
    "load", help="Nạp tệp bộ chỉ số của năm (thay bộ cùng mã) / load a framework file."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def dti_framework_load(file: Path, reason: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.dti.services import dti_framework_load as load
    from chuyendoiso.engine.files.yamlfile import read_text

    with audit_actor(actor):
        framework = load(text=read_text(file), file_name=str(file), acting_user=None, reason=reason)
    click.echo(f"Đã nạp bộ chỉ số {framework.code}: {len(framework.components)} chỉ số thành phần")


@click.group("dti-published", help="Kết quả DTI đã công bố / published DTI results.")
def dti_published() -> None:
    pass


@dti_published.command(
    "import", help="Nạp kết quả đã công bố từ tệp CSV (tất cả hoặc không) / import a CSV."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def dti_published_import(file: Path, reason: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.dti.services import dti_published_import as load
    from chuyendoiso.engine.dti import PublishedFileError

    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reason = f"tệp không phải UTF-8 / not UTF-8 text: {exc.reason} at byte {exc.start}"
        raise PublishedFileError(str(file), [{"row": 0, "column": "", "reason": reason}]) from exc
    with audit_actor(actor):
        changed = load(
            text=text,
            file_name=str(file),
            acting_user=None,
            reason=reason,
        )
    click.echo(f"Đã nạp {changed} dòng kết quả thay đổi từ {file}")


COMMANDS = [dti, dti_framework, dti_published]
