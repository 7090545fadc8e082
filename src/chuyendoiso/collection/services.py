"""Writes of the workflow: each transition of a submission (engine/domain/workflow.py) is a
service that checks the user's right on the unit (access), the state, and what the transition
needs (rules passing to submit; the drafts becoming approved values on approval), then
writes the new state and an audit row with the old and new state and the reason, in one
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from chuyendoiso.access.services import require
from chuyendoiso.analytics.rollup import rollup_touched
from chuyendoiso.audit.services import actor_name, audit_record
from chuyendoiso.catalog.models import DataSet as DataSetRow
from chuyendoiso.collection.models import Submission
from chuyendoiso.collection.selectors import (
    Key,
    approved_with_deadlines,
    submission_key,
    submission_values,
    submission_violations,
)
from chuyendoiso.datavalues.services import datavalues_approve_drafts
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.workflow import TRANSITIONS, State, Transition, next_state
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.validation.presenters import values_text

User = AbstractBaseUser | None


def submission_submit(
    *, acting_user: User, dataset_code: str, org_unit: OrgUnit, period_id: str, reason: str = ""
) -> Submission:
    """Send the unit's report for approval: refused while a rule of severity error fails,
    or a warning has no comment on a value it reads."""
    return _transition(acting_user, Transition.SUBMIT, dataset_code, org_unit, period_id, reason)


def submission_approve(
    *, acting_user: User, dataset_code: str, org_unit: OrgUnit, period_id: str, reason: str = ""
) -> Submission:
    """Approve the report: its draft values become the approved values."""
    return _transition(acting_user, Transition.APPROVE, dataset_code, org_unit, period_id, reason)


def submission_return(
    *, acting_user: User, dataset_code: str, org_unit: OrgUnit, period_id: str, reason: str
) -> Submission:
    """Send the report back to the unit to correct, with the reason."""
    return _transition(acting_user, Transition.RETURN, dataset_code, org_unit, period_id, reason)


def submission_lock(
    *, acting_user: User, dataset_code: str, org_unit: OrgUnit, period_id: str, reason: str = ""
) -> Submission:
    """Close an approved report (the level above has compiled it)."""
    return _transition(acting_user, Transition.LOCK, dataset_code, org_unit, period_id, reason)


def submission_reopen(
    *, acting_user: User, dataset_code: str, org_unit: OrgUnit, period_id: str, reason: str
) -> Submission:
    """Bring an approved or locked report back to a draft, with the reason."""
    return _transition(acting_user, Transition.REOPEN, dataset_code, org_unit, period_id, reason)


@dataclass(frozen=True)
class Overdue:
    """An approved report past its unit's deadline plus the grace days."""

    key: str  # REGIME/UNIT/PERIOD
    deadline: dt.date
    locked_after: dt.date  # the last day of grace


def submissions_lock_overdue(
    *, acting_user: User, today: dt.date, grace_days: int, dry_run: bool = False
) -> list[Overdue]:
    """Lock every approved report whose unit's deadline plus ``grace_days`` has passed
    ``today``, each audited with the reason "quá hạn + N ngày"; with ``dry_run`` only say
    which. Reports never sent stay as they are, shown late (decision 0018)."""
    found = [
        (row, Overdue(text, deadline, deadline + dt.timedelta(days=grace_days)))
        for row, text, deadline in approved_with_deadlines()
        if today > deadline + dt.timedelta(days=grace_days)
    ]
    if not dry_run:
        with transaction.atomic():
            for row, _ in found:
                submission_lock(
                    acting_user=acting_user,
                    dataset_code=row.dataset.code,
                    org_unit=row.org_unit,
                    period_id=row.period,
                    reason=f"quá hạn + {grace_days} ngày",
                )
    return [overdue for _, overdue in found]


def _transition(
    acting_user: User,
    transition: Transition,
    dataset_code: str,
    org_unit: OrgUnit,
    period_id: str,
    reason: str,
) -> Submission:
    key = submission_key(dataset_code=dataset_code, org_unit=org_unit, period_id=period_id)
    require(acting_user, TRANSITIONS[transition].action, org_unit)
    with transaction.atomic():
        row = _locked_row(key)
        before = State(row.state)
        after = next_state(before, transition, reason)
        _CHECKS.get(transition, _nothing)(acting_user, key, reason)
        row.state = after.value
        row.changed_by_id = acting_user.pk if acting_user is not None else None
        row.changed_by_name = actor_name(acting_user)[:150]
        row.changed_at = timezone.now()
        row.reason = reason.strip()
        row.save()
        rollup_touched()  # the pages show the state of the reporting
        audit_record(
            acting_user=acting_user,
            action=f"submission_{transition.value}",
            entity="submission",
            entity_key=key.text,
            before={"state": before.value},
            after={"state": after.value},
            reason=reason.strip(),
        )
    return row


def _locked_row(key: Key) -> Submission:
    """The submission, locked for this transaction; a new draft when the unit has none."""
    dataset = DataSetRow.objects.get(code=key.dataset.code)
    found = (
        Submission.objects.select_for_update()
        .filter(dataset=dataset, org_unit=key.org_unit, period=key.period.id)
        .first()
    )
    return found or Submission(dataset=dataset, org_unit=key.org_unit, period=key.period.id)


def _check_submit(acting_user: User, key: Key, reason: str) -> None:
    if not submission_values(key).exists():
        raise ValidationError(
            f"Chưa có số liệu nào của báo cáo {key.text} / the report has no values yet",
            field="values",
        )
    blocking = [
        violation
        for violation in submission_violations(key)
        if violation.is_error or not violation.result.explained
    ]
    if blocking:
        raise ValidationError(
            f"{len(blocking)} quy tắc kiểm tra chưa đạt (lỗi, hoặc cảnh báo chưa có ghi chú "
            f"giải trình), chưa gửi được / {len(blocking)} rule(s) failing (errors, or warnings "
            "without a comment on a value involved): not submitted",
            field="rules",
            errors=[
                {
                    "rule": each.result.rule.code,
                    "severity": each.result.rule.severity.value,
                    "reason": each.result.message,
                    "value": values_text(each.result),
                }
                for each in blocking
            ],
        )


def _approve_values(acting_user: User, key: Key, reason: str) -> None:
    drafts = submission_values(key).filter(status="draft").values_list("pk", flat=True)
    datavalues_approve_drafts(
        acting_user=acting_user,
        pks=list(drafts),
        reason=reason or f"phê duyệt báo cáo {key.text} / report approved",
    )


def _nothing(acting_user: User, key: Key, reason: str) -> None:
    pass


_CHECKS: dict[Transition, Callable[[User, Key, str], None]] = {
    Transition.SUBMIT: _check_submit,
    Transition.APPROVE: _approve_values,
}
