"""``cds issue`` and ``cds register``: a report's number taken from the register of its
symbol, and the register's next number set for numbers issued outside the platform. Both
through the services the report page uses, audited."""

from __future__ import annotations

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, django_command


@click.command(
    "issue",
    help="Cấp số cho báo cáo của đơn vị trong kỳ (số tiếp theo của sổ đăng ký) / issue a "
    "report's number from the register.",
)
@click.option("--org", "org_code", required=True, help="Mã đơn vị, ví dụ 19")
@click.option("--period", "period_id", required=True, help="Kỳ: 2024S1, 2024Q1, 2026...")
@ACTOR_OPTION
@django_command()
def issue(org_code: str, period_id: str, actor: str | None) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.reports.services import report_issue

    with audit_actor(actor):
        issued = report_issue(acting_user=None, org_code=org_code, period_id=period_id)
    day = issued.issued_on
    click.echo(
        f"Số: {issued.number:02d}/{issued.symbol}, ngày {day.day:02d}/{day.month:02d}/{day.year}"
        f" (báo cáo của {org_code}, kỳ {issued.period})"
    )


@click.command(
    "register",
    help="Sổ đăng ký số báo cáo: xem, hoặc đặt số tiếp theo của một ký hiệu trong năm / the "
    "register of report numbers: list it, or set a symbol's next number for a year.",
)
@click.option("--org", "issuer", default="", help="Mã đơn vị báo cáo, ví dụ 19")
@click.option("--symbol", default="", help="Ký hiệu, ví dụ BC-SKHCN")
@click.option("--year", type=int, default=None, help="Năm / year")
@click.option("--next", "next_number", type=int, default=None, help="Số tiếp theo / next number")
@ACTOR_OPTION
@django_command()
def register(
    issuer: str, symbol: str, year: int | None, next_number: int | None, actor: str | None
) -> None:
    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.reports.selectors import register_years
    from chuyendoiso.reports.services import register_set

    if next_number is not None:
        if not issuer or not symbol or year is None:
            raise click.UsageError(
                "--next cần --org, --symbol và --year / --next needs --org, --symbol and --year"
            )
        with audit_actor(actor):
            register_set(
                acting_user=None,
                issuer=issuer,
                symbol=symbol,
                year=year,
                next_number=next_number,
            )
    rows = [
        row
        for row in register_years()
        if (not issuer or row.issuer == issuer)
        and (not symbol or row.symbol == symbol)
        and (year is None or row.year == year)
    ]
    if not rows:
        click.echo("Sổ đăng ký chưa có số nào / the register is empty")
    for row in rows:
        click.echo(
            f"{row.year}  {row.issuer:<8} {row.symbol:<16} "
            f"số tiếp theo / next: {row.next_number:02d}"
        )


COMMANDS = [issue, register]
