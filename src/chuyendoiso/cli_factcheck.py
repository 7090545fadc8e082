"""``cds factcheck``: a report read and its figures checked against themselves and the
approved data of its unit: the one given with --org, else the one the reader infers from
the text (none when it cannot tell: then the text is checked against itself only). With
--import, its figures are stored as drafts of that unit, through the same services as
every value."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chuyendoiso.cli_setup import django_command
from chuyendoiso.engine.domain.errors import ValidationError, in_language


@click.command(
    "factcheck",
    help="Kiểm tra số liệu của một báo cáo (TXT, MD, DOCX, PDF, HTML) / fact-check a report.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--org",
    "org_code",
    default="",
    help="Mã đơn vị để so với số liệu đã duyệt; bỏ trống: đơn vị suy ra từ văn bản "
    "/ the unit to compare with; by default the one the text is about",
)
@click.option(
    "--import",
    "do_import",
    is_flag=True,
    help="Lưu các số liệu gắn được chỉ tiêu thành bản nháp chờ duyệt (của --org, hoặc của "
    "đơn vị suy ra chắc chắn từ văn bản)",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def factcheck(file: Path, fmt: str, org_code: str, do_import: bool, output: Path | None) -> None:
    import json

    from chuyendoiso.reports.factcheck_presenters import render_factcheck_html
    from chuyendoiso.reports.factcheck_selectors import factcheck_source
    from chuyendoiso.reports.services import factcheck_import

    result = factcheck_source(file, file.name, org_code=org_code)
    place = result.place
    unit = place.importable if place else None
    if do_import and unit is None:
        lines = place.lines() if place else []
        said = {lang: " ".join(in_language(line, lang) for line in lines) for lang in ("vi", "en")}
        raise ValidationError(
            f"--import cần biết số liệu của đơn vị nào: hãy chỉ rõ bằng --org MÃ_ĐƠN_VỊ. "
            f"{said['vi']} / --import needs the unit: give it with --org CODE. {said['en']}",
            option="--org",
        )
    warning = place.warning() if place else ""
    if warning:
        vietnamese, english = in_language(warning, "vi"), in_language(warning, "en")
        click.echo(f"Cảnh báo: {vietnamese} / warning: {english}", err=True)
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = render_factcheck_html(result)
    else:
        text = result.render_text()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if do_import and unit is not None:
        summary = factcheck_import(
            acting_user=None, result=result, org_code=unit.code, document=file.name
        )
        click.echo(
            f"Đã lưu {summary.written} số liệu bản nháp chờ duyệt của {unit.name} từ {file.name}",
            err=True,
        )
    if result.inconsistent:
        sys.exit(1)


COMMANDS = [factcheck]
