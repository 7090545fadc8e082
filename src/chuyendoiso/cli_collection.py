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


@submissions.command(
    "evidence",
    help="Thêm minh chứng (tệp hoặc đường dẫn) cho một chỉ tiêu của báo cáo, hoặc liệt kê "
    "/ attach a file or a link to an indicator of a report, or list them.",
)
@DATASET
@ORG
@PERIOD
@click.option("--indicator", default="", help="Mã chỉ tiêu / the indicator's code")
@click.option("--file", "file_path", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--link", default="", help="Đường dẫn http(s) / an http(s) address")
@click.option("--note", default="", help="Ghi chú / a note")
@ACTOR_OPTION
@django_command()
def submissions_evidence(
    dataset_code: str,
    org_code: str,
    period_id: str,
    indicator: str,
    file_path: str | None,
    link: str,
    note: str,
    actor: str | None,
) -> None:
    from pathlib import Path

    from chuyendoiso.audit.services import audit_actor
    from chuyendoiso.collection.evidence_selectors import evidence_of_report
    from chuyendoiso.collection.evidence_services import evidence_add

    key = _key(dataset_code, org_code, period_id)
    if indicator or file_path or link:
        path = Path(file_path) if file_path else None
        with audit_actor(actor):
            evidence_add(
                acting_user=None,
                dataset_code=key.dataset.code,
                org_unit=key.org_unit,
                period_id=key.period.id,
                indicator=indicator,
                file_name=path.name if path else "",
                content=path.read_bytes() if path else b"",
                link=link,
                note=note,
            )
    for each in evidence_of_report(key):
        sized = f"{each.file_name} ({each.size} byte, sha256 {each.sha256[:12]})"
        what = sized if each.file_name else each.link
        click.echo(f"{each.pk}\t{each.indicator.code}\t{what}\t{each.note}")


COMMANDS = [submissions]
