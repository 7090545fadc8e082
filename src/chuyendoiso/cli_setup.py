"""How every ``cds`` command meets Django: the settings, the database check, product errors
turned into a message and an exit status, and the options that default to the province.

Only the commands that create or upgrade the database (``migrate``, ``demo``, ``serve``,
``restore``) may write to a database that is not up to date; the others stop before
touching it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click
from click.types import OptionHelpExtra
from django.db import DatabaseError, DataError, IntegrityError

from chuyendoiso.engine.domain.errors import CdsError

P = ParamSpec("P")

# who acts and why, for the audit rows of a command that writes
REASON_OPTION = click.option(
    "--reason", default="", help="Lý do, ghi vào nhật ký / reason, kept in the audit."
)
ACTOR_OPTION = click.option(
    "--actor", envvar="CDS_ACTOR", help="Người thực hiện, ghi vào nhật ký / who acts (audit)."
)
T = TypeVar("T")


def django_settings() -> Any:
    """Django's settings, read without setting Django up (enough for option defaults)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyendoiso.config.settings.dev")
    from django.conf import settings

    return settings


def use_settings(name: str) -> None:
    """The settings of this command (``dev``, ``production``), unless
    ``DJANGO_SETTINGS_MODULE`` names others; called before Django is set up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"chuyendoiso.config.settings.{name}")


def setup_django() -> None:
    django_settings()
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if apps.ready:  # already set up in this process (a host program, the tests): keep its logging
        return
    try:
        django.setup()
    except ImproperlyConfigured as exc:  # a setting missing or wrong: say which, no traceback
        fail(f"cấu hình / configuration: {exc}")


def fail(
    message: str, details: list[dict[str, Any]] | None = None, *, file: object = None
) -> NoReturn:
    """Print the error, then each of its problems on a line of its own, led by its place
    (``file:line:``) as editors and compilers print it."""
    click.echo(f"Lỗi: {message}", err=True)
    for problem in (details or [])[:50]:
        click.echo("  " + _problem_line(problem, file), err=True)
    sys.exit(2)


def _problem_line(problem: dict[str, Any], file: object) -> str:
    rest = dict(problem)
    place = [str(part) for part in (rest.pop("file", file), rest.pop("line", None)) if part]
    text = ", ".join(f"{key}={value}" for key, value in rest.items())
    return f"{':'.join(place)}: {text}" if place else text


_RUN_MIGRATE = "Hãy chạy / run: cds migrate"


class DatabaseNotReadyError(CdsError):
    """The database is missing, has no tables, or needs an upgrade: ``cds migrate``."""


def django_command(*, migrates: bool = False) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Set Django up before the command and turn product errors into a clear message.

    Only the commands that ``migrates`` create or upgrade the database; every other one
    first checks that it is there and up to date, and otherwise writes nothing.
    """

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            setup_django()
            try:
                if not migrates:
                    require_database()
                return func(*args, **kwargs)
            except CdsError as exc:  # the problems listed one a line, not in the message
                extra = {key: value for key, value in exc.extra.items() if key != "errors"}
                fail(
                    str(CdsError(exc.message, **extra)),
                    exc.extra.get("errors"),
                    file=extra.get("file") or extra.get("source"),
                )
            except OSError as exc:  # a file that cannot be written or read: say which
                fail(f"không đọc/ghi được tệp / cannot use file {exc.filename}: {exc.strerror}")
            except DatabaseError as exc:
                fail(database_error_message(exc))

        return wrapper

    return decorate


def database_error_message(exc: DatabaseError) -> str:
    """What a database error means for the user: bad data is not a missing database."""
    from chuyendoiso.locks import WHOLE_DATABASE, is_lock_timeout, lock_timeout_error

    if is_lock_timeout(exc):  # a write outside chuyendoiso.locks, on SQLite
        return str(lock_timeout_error(WHOLE_DATABASE))
    if isinstance(exc, IntegrityError):
        return (
            f"dữ liệu vi phạm ràng buộc của cơ sở dữ liệu, không ghi gì / the data breaks a "
            f"rule of the database, nothing written: {exc}"
        )
    if isinstance(exc, DataError) and ("NUL" in str(exc) or "\\x00" in str(exc)):
        return (
            "dữ liệu chứa ký tự NUL (0x00), cơ sở dữ liệu không lưu được / the data holds a "
            "NUL character (0x00), which the database cannot store: remove it from the file"
        )
    if isinstance(exc, DataError):
        return f"dữ liệu không hợp lệ với cơ sở dữ liệu / data the database refuses: {exc}"
    # no server, or a table missing: say so
    return (
        f"cơ sở dữ liệu / database error: {exc}\n"
        "  Kiểm tra DATABASE_URL, hoặc tạo cơ sở dữ liệu / check DATABASE_URL, "
        "or create the database: cds migrate"
    )


def require_database() -> None:
    """The database exists and is up to date; checked without creating anything (opening
    a SQLite file that is not there would create it)."""
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite
    from django.db.migrations.executor import MigrationExecutor

    connection = connections["default"]
    if isinstance(connection, SQLite) and not connection.is_in_memory_db():
        path = Path(connection.settings_dict["NAME"])
        if not path.is_file():
            raise DatabaseNotReadyError(
                f"chưa có cơ sở dữ liệu {path} / there is no database {path}. {_RUN_MIGRATE}"
            )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        return
    if not executor.loader.applied_migrations:
        raise DatabaseNotReadyError(
            f"cơ sở dữ liệu chưa có bảng / the database has no tables. {_RUN_MIGRATE}"
        )
    raise DatabaseNotReadyError(
        f"cơ sở dữ liệu cần nâng cấp ({len(pending)} bước) / the database needs an upgrade "
        f"({len(pending)} steps). {_RUN_MIGRATE}"
    )


def province() -> str:
    return str(django_settings().PROVINCE)


class ProvinceOption(click.Option):
    """An option whose default is the province of the settings (``CDS_PROVINCE``), read
    when the command runs and shown with its value in --help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        multiple = kwargs.get("multiple", False)
        kwargs["default"] = (lambda: [province()]) if multiple else province
        super().__init__(*args, **kwargs)

    def get_help_extra(self, ctx: click.Context) -> OptionHelpExtra:
        extra = super().get_help_extra(ctx)
        extra["default"] = f"{province()} (CDS_PROVINCE)"
        return extra


def migrate_database() -> None:
    from django.core.management import call_command

    settings = django_settings()
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
