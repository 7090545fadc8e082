"""``cds values approve|reject``: the drafts of a unit and period reviewed on the command
line (those ``cds factcheck --import`` stores, for one), all together, through the services
the admin uses. The command line's operator may approve anywhere; a draft of a sent report
is approved through the report (``cds submissions approve``)."""

from __future__ import annotations

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, django_command, fail


def _review_command(name: str, done: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.option("--org", "org_code", required=True, help="Mã đơn vị (và đơn vị trực thuộc)")
    @click.option("--period", "period_id", required=True, help="Kỳ: 2024S1, 202405...")
    @click.option("--indicator", default="", help="Chỉ chỉ tiêu này / only this indicator")
    @click.option("--source", default="", help="Chỉ nguồn này, ví dụ document:bao-cao.txt")
    @click.option("--reason", required=True, help="Lý do, ghi vào nhật ký / reason (audit).")
    @ACTOR_OPTION
    @django_command()
    def command(
        org_code: str,
        period_id: str,
        indicator: str,
        source: str,
        reason: str,
        actor: str | None,
    ) -> None:
        from chuyendoiso.audit.services import audit_actor
        from chuyendoiso.datavalues import services
        from chuyendoiso.datavalues.selectors import datavalues_drafts
        from chuyendoiso.engine.domain.periods import parse_period
        from chuyendoiso.orgunits.selectors import orgunit_resolve

        period = parse_period(period_id)
        unit = orgunit_resolve(org_code, start=period.start, end=period.end)
        pks = datavalues_drafts(org_unit=unit, period=period, indicator=indicator, source=source)
        if not pks:
            fail("Không có số liệu nháp nào như vậy / no such drafts")
        with audit_actor(actor):
            count = getattr(services, f"datavalues_{name}")(
                acting_user=None, pks=pks, reason=reason
            )
        click.echo(f"{count} số liệu nháp {done}")

    return command


COMMANDS = [
    _review_command(
        "approve", "đã duyệt / drafts approved", "Phê duyệt số liệu nháp / approve drafts."
    ),
    _review_command(
        "reject",
        "đã từ chối / drafts rejected",
        "Từ chối (xóa) số liệu nháp, cần --reason / reject drafts.",
    ),
]
