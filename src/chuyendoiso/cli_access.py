"""The ``cds`` commands of access: users and their roles on org units, API tokens. They act
as the command line's operator (every right), recorded by name in the audit (``--actor``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, REASON_OPTION, django_command
from chuyendoiso.engine.domain.access import Role
from chuyendoiso.engine.domain.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

ROLES = ", ".join(f"{role.value} ({role.label_vi})" for role in Role)


@click.group(help="Người dùng và vai trò / users and their roles on org units.")
def users() -> None:
    pass


@users.command("add", help=f"Thêm người dùng, hoặc thêm vai trò cho người đã có. Vai trò: {ROLES}.")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option(
    "--org",
    "org_code",
    required=True,
    help="Mã đơn vị: 19, 19.STTTT, 01840; đơn vị cũ trùng mã: 164@before_2025",
)
@click.option(
    "--password-from-env",
    "password_variable",
    metavar="VAR",
    help="Đặt mật khẩu từ biến môi trường VAR / set the password from this variable.",
)
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def users_add(
    name: str,
    role: str,
    org_code: str,
    password_variable: str | None,
    reason: str,
    actor: str | None,
) -> None:
    from django.utils import timezone

    from chuyendoiso.access.services import user_add
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.orgunits.selectors import orgunit_by_key

    password = None
    if password_variable:
        password = os.environ.get(password_variable)
        if not password:
            raise ValidationError(
                f"biến môi trường {password_variable} trống hoặc chưa đặt "
                f"/ {password_variable} is empty or not set",
                field="--password-from-env",
            )
    unit = orgunit_by_key(org_code, today=timezone.localdate())
    with audit_actor(actor):
        user, created = user_add(
            acting_user=None,
            username=name,
            role=Role(role),
            org_unit=unit,
            password=password,
            reason=reason,
        )
    state = "Đã tạo / created" if created else "Đã có / exists"
    click.echo(f"{state}: {user.get_username()} · {Role(role).label_vi} · {unit}")


@click.group(help="Khóa API cho máy khách / API tokens of machine clients.")
def tokens() -> None:
    pass


@tokens.command("create", help="Tạo khóa API; mã bí mật chỉ hiện một lần / shown once.")
@click.option("--user", "username", required=True, help="Người dùng mà khóa đại diện")
@click.option("--name", "label", required=True, help="Tên khóa, ví dụ: may-chu-dhis2")
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def tokens_create(username: str, label: str, reason: str, actor: str | None) -> None:
    from chuyendoiso.access.services import token_create
    from chuyendoiso.audit.services import audit_actor

    user = _user(username)
    with audit_actor(actor):
        token, secret = token_create(acting_user=None, user=user, name=label, reason=reason)
    click.echo(
        f"Khóa {token.prefix} ({token.name}) cho {username}. Mã bí mật, chỉ hiện lần này "
        "/ the secret, shown this once:",
        err=True,
    )
    click.echo(secret)


@tokens.command("list", help="Liệt kê các khóa API (không có mã bí mật) / list tokens.")
@django_command()
def tokens_list() -> None:
    from chuyendoiso.access.selectors import tokens_all

    for token in tokens_all():
        state = f"thu hồi {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "dùng được"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "chưa dùng"
        click.echo(f"{token.prefix}\t{token.user.get_username()}\t{token.name}\t{used}\t{state}")


@tokens.command("revoke", help="Thu hồi một khóa API theo tiền tố / revoke a token by prefix.")
@click.argument("prefix")
@REASON_OPTION
@ACTOR_OPTION
@django_command()
def tokens_revoke(prefix: str, reason: str, actor: str | None) -> None:
    from chuyendoiso.access.services import token_revoke
    from chuyendoiso.audit.services import audit_actor

    with audit_actor(actor):
        token = token_revoke(acting_user=None, prefix=prefix, reason=reason)
    click.echo(f"Đã thu hồi / revoked: {token.prefix} ({token.name})")


def _user(username: str) -> AbstractBaseUser:
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise NotFoundError(
            f"không có người dùng '{username}' / no such user", field="--user", value=username
        )
    return user


COMMANDS = [users, tokens]
