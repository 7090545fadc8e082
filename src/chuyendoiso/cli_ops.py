"""The ``cds`` commands that run the product: the server, its deployment checks, the demo,
backups. ``cds serve`` and ``cds check`` use the production settings unless ``--dev`` (or
``DJANGO_SETTINGS_MODULE``) says otherwise; the others the development settings."""

from __future__ import annotations

from pathlib import Path

import click

from chuyendoiso.cli_setup import django_command, migrate_database, use_settings
from chuyendoiso.engine.domain.errors import CdsError

HOST = click.option("--host", default="127.0.0.1", show_default=True)
PORT = click.option("--port", default=8000, show_default=True)
DEMO_PAGE = "/bang-dieu-khien/"  # the demo opens on the dashboard (after the login)


@click.command(help="Nạp dữ liệu minh họa Thái Nguyên / load the Thái Nguyên demo data.")
@click.option(
    "--serve",
    is_flag=True,
    help="Chạy máy chủ phát triển sau khi nạp / then start the development server.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Ghi đè số liệu không phải của bản minh họa / overwrite values that are not the demo's.",
)
@HOST
@PORT
@django_command(migrates=True)
def demo(serve: bool, force: bool, host: str, port: int) -> None:
    from chuyendoiso.demo import demo_load

    migrate_database()
    result = demo_load(progress=lambda message: click.echo(message), force=force)
    click.echo(result.describe())
    if serve:
        _serve_development(host, port, DEMO_PAGE)


@click.command(help="Chạy máy chủ web / start the web server.")
@HOST
@PORT
@click.option(
    "--dev",
    is_flag=True,
    help="Máy chủ phát triển của Django, trang gỡ lỗi bật / Django's development server.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Số luồng phục vụ yêu cầu / threads serving requests.",
)
def serve(host: str, port: int, dev: bool, threads: int) -> None:
    use_settings("dev" if dev else "production")
    _serve(host, port, dev, threads)


@django_command(migrates=True)
def _serve(host: str, port: int, dev: bool, threads: int) -> None:
    migrate_database()
    if dev:
        _serve_development(host, port)
        return
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    try:
        server = create_server(
            get_wsgi_application(),
            host=host,
            port=port,
            threads=threads,
            ident="chuyendoiso",
            # the proxy's own header is kept only when the settings say to trust it
            clear_untrusted_proxy_headers=not getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        )
    except OSError as exc:
        raise CdsError(
            f"không mở được cổng / cannot listen on {host}:{port}: {exc.strerror}"
        ) from exc
    click.echo(f"Máy chủ chạy tại / serving on http://{host}:{port}/  (Ctrl+C để dừng / to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Đã dừng / stopped.")


def _serve_development(host: str, port: int, page: str = "/") -> None:
    from django.core.management import call_command

    click.echo(f"Mở trình duyệt tại / open http://{host}:{port}{page}  (Ctrl+C để dừng / to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)


@click.command(help="Kiểm tra cấu hình triển khai / Django's deployment checks (check --deploy).")
def check() -> None:
    use_settings("production")
    _check()


@django_command(migrates=True)  # reads no table: a configuration check
def _check() -> None:
    from django.contrib import admin
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    admin.autodiscover()  # the admin's pages are checked too: the URLs find them otherwise
    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2) from exc
    click.echo("Cấu hình đạt / deployment checks passed.")


@click.command(help="Sao lưu cơ sở dữ liệu, kể cả khi máy chủ đang chạy / back up the database.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@django_command()
def backup(file: Path) -> None:
    from chuyendoiso.backup import database_backup

    database_backup(file)
    click.echo(f"Đã sao lưu vào / backed up to {file} ({file.stat().st_size:,} byte)")


@click.command(help="Khôi phục cơ sở dữ liệu từ bản sao lưu / restore the database from a backup.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Thay thế cơ sở dữ liệu đang có dữ liệu / replace a database that holds data.",
)
@django_command(migrates=True)
def restore(file: Path, force: bool) -> None:
    from chuyendoiso.backup import database_restore

    database_restore(file, force=force)
    migrate_database()  # a backup of an older version is brought up to date
    click.echo(f"Đã khôi phục từ / restored from {file}")


@click.group(help="Số liệu tổng hợp của các trang / the figures behind the pages.")
def analytics() -> None:
    pass


@analytics.command(
    "rebuild",
    help="Tính lại bảng tổng hợp từ số liệu / build the rollup again from the values.",
)
@click.option(
    "--year",
    "years",
    type=click.IntRange(1900, 2999),
    multiple=True,
    help="Năm (lặp lại được; mặc định: mọi năm có số liệu)",
)
@click.option(
    "--period-type",
    "period_types",
    type=click.Choice(["year", "half", "quarter", "month"]),
    multiple=True,
    help="Loại kỳ tính trước (lặp lại được; mặc định: year)",
)
@django_command()
def analytics_rebuild(years: tuple[int, ...], period_types: tuple[str, ...]) -> None:
    from chuyendoiso.analytics.services import rollup_rebuild
    from chuyendoiso.engine.domain.periods import PeriodType

    kinds = [PeriodType(kind) for kind in period_types] or [PeriodType.YEAR]

    def year_done(year: int, figures: int) -> None:
        click.echo(f"Năm {year}: {figures} số liệu tổng hợp / year {year}: {figures} figures")

    done = rollup_rebuild(acting_user=None, years=years, period_types=kinds, progress=year_done)
    shown = ", ".join(str(year) for year in done.years) or "—"
    click.echo(f"Đã tính {done.figures} số liệu tổng hợp / {done.figures} figures kept ({shown})")


COMMANDS = [demo, serve, check, backup, restore, analytics]
