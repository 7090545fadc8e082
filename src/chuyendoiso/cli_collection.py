"""``cds submissions``: the workflow of a regime's reports on the command line. It acts as
the command line's operator (every right, recorded by name in the audit with ``--actor``);
the values of a sent report stay read-only to it too: return or reopen it first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from chuyendoiso.cli_setup import ACTOR_OPTION, REASON_OPTION, django_command

if TYPE_CHECKING:
    from chuyendoiso.collection.selectors import Key

DATASET = click.option("--dataset", "dataset_code", required=True, help="Mã chế độ báo cáo")
ORG = click.option(
    "--org", "org_code", required=True, help="Mã đơn vị: 19, 19.STTTT, 05440@before_2025"
)
PERIOD = click.option("--period", "period_id", required=True, help="Kỳ: 202405, 2024S1")


@click.group(help="Báo cáo theo chế độ và quy trình duyệt / submissions and their workflow.")
def submissions() -> None:
    pass


@submissions.command("list", help="Các báo cáo đã có trạng thái / every submission and its state.")
@click.option("--dataset", "dataset_code", default="", help="Chỉ chế độ này / only this regime")
@click.option("--period", "period_id", default="", help="Chỉ kỳ này / only this period")
@django_command()
def submissions_list(dataset_code: str, period_id: str) -> None:
    from chuyendoiso.collection.presenters import unit_param
    from chuyendoiso.collection.selectors import submissions_visible

    for row in submissions_visible(None):
        if dataset_code not in ("", row.dataset.code) or period_id not in ("", row.period):
            continue
        when = f"{row.changed_at:%Y-%m-%d %H:%M}" if row.changed_at else ""
        click.echo(
            f"{row.dataset.code}\t{unit_param(row.org_unit)}\t{row.period}\t{row.state}\t"
            f"{when}\t{row.changed_by_name}"
        )


@submissions.command("status", help="Trạng thái và lịch sử một báo cáo / state and history.")
@DATASET
@ORG
@PERIOD
@django_command()
def submissions_status(dataset_code: str, org_code: str, period_id: str) -> None:
    from chuyendoiso.collection.selectors import submission_history, submission_state

    key = _key(dataset_code, org_code, period_id)
    state = submission_state(key)
    click.echo(f"{key.text}: {state.value} ({state.label_vi})")
    for entry in submission_history(key):
        reason = f"\t{entry.reason}" if entry.reason else ""
        before, after = (entry.before or {}).get("state"), (entry.after or {}).get("state")
        click.echo(f"  {entry.at:%Y-%m-%d %H:%M}\t{entry.actor_name}\t{before} -> {after}{reason}")


@submissions.command(
    "lock-overdue",
    help="Khóa các báo cáo đã duyệt quá hạn + CDS_GRACE_DAYS ngày / lock approved reports "
    "past their deadline plus the grace days (run daily).",
)
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không khóa / only list them")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Tính như ngày này / as of this day (YYYY-MM-DD; default: today)",
)
@ACTOR_OPTION
@django_command()
def submissions_lock_overdue(dry_run: bool, today: dt.datetime | None, actor: str | None) -> None:
    from django.conf import settings
    from django.utils import timezone

    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.collection.services import submissions_lock_overdue as lock_overdue

    grace = int(settings.GRACE_DAYS)
    with audit_actor(actor):
        found = lock_overdue(
            acting_user=None,
            today=today.date() if today else timezone.localdate(),
            grace_days=grace,
            dry_run=dry_run,
        )
    for each in found:
        click.echo(f"{each.key}\thạn {each.deadline:%d/%m/%Y}\tquá hạn + {grace} ngày")
    verb = "sẽ khóa / would lock" if dry_run else "đã khóa / locked"
    click.echo(f"{len(found)} báo cáo {verb}")


def _key(dataset_code: str, org_code: str, period_id: str) -> Key:
    from django.utils import timezone

    from chuyendoiso.collection.selectors import submission_key
    from chuyendoiso.orgunits.selectors import orgunit_by_key

    unit = orgunit_by_key(org_code, today=timezone.localdate())
    return submission_key(dataset_code=dataset_code, org_unit=unit, period_id=period_id)


def _transition_command(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @DATASET
    @ORG
    @PERIOD
    @REASON_OPTION
    @ACTOR_OPTION
    @django_command()
    def command(
        dataset_code: str, org_code: str, period_id: str, reason: str, actor: str | None
    ) -> None:
        from chuyendoiso.audit.services import audit_actor
        from chuyendoiso.collection import services

        key = _key(dataset_code, org_code, period_id)
        with audit_actor(actor):
            row = getattr(services, f"submission_{name}")(
                acting_user=None,
                dataset_code=key.dataset.code,
                org_unit=key.org_unit,
                period_id=key.period.id,
                reason=reason,
            )
        click.echo(f"{key.text}: {row.state}")

    return command


for _name, _help in (
    ("submit", "Gửi duyệt / submit a report for approval."),
    ("approve", "Phê duyệt: số liệu nháp thành số liệu đã duyệt / approve a report."),
    ("return", "Trả lại để sửa, cần --reason / return a report, with a reason."),
    ("reopen", "Mở lại báo cáo đã duyệt hoặc khóa, cần --reason / reopen, with a reason."),
    ("lock", "Khóa báo cáo đã duyệt / lock an approved report."),
):
    submissions.add_command(_transition_command(_name, _help))

COMMANDS = [submissions]
