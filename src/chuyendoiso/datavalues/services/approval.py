"""Drafts becoming approved values, or rejected: those of a submission when it is approved
(chuyendoiso.collection), and single drafts reviewed one by one or together (the drafts the
fact-checker stores, reviewed in the admin or with ``cds values approve|reject``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.access.services import require_all
from chuyendoiso.analytics.rollup import rollup_touched
from chuyendoiso.audit.services import audit_records
from chuyendoiso.collection.guard import require_editable
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.resolve import locks_of, resolve
from chuyendoiso.datavalues.services.snapshot import changes, snapshot, value_key_text
from chuyendoiso.datavalues.services.store import write
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError, in_language
from chuyendoiso.engine.domain.periods import Calendar, parse_period
from chuyendoiso.locks import locked
from chuyendoiso.orgunits.models import OrgUnit


def datavalues_approve_drafts(
    *, acting_user: AbstractBaseUser | None, pks: Sequence[int], reason: str = ""
) -> int:
    """The drafts ``pks`` become the approved values of their keys: each replaces the stored
    approved value (or becomes one), checked as an approved value is (parts adding up to their
    total), and the draft is removed. Audited: the approved value's fields before and after,
    the draft's before. The caller has checked the right to approve (collection.services);
    returns how many values were approved."""
    stored = DataValue.objects.filter(pk__in=pks, status=engine.Status.DRAFT.value)
    drafts = [value for value, _ in values_read(stored.order_by("pk"))]
    approved = [replace(value, status=engine.Status.APPROVED) for value in drafts]
    with locked(*locks_of(approved)):
        rows, problems = resolve(approved)
        if problems:
            raise ValidationError(
                f"{len(problems)} lỗi khi duyệt số liệu, không duyệt giá trị nào "
                f"/ {len(problems)} problem(s) approving the values, none approved",
                errors=problems,
            )
        previous = write(rows, acting_user)
        stored.delete()
        removed = [(value_key_text(value), snapshot(value), None) for value in drafts]
        audit_records(
            acting_user=acting_user,
            action="datavalue_approve",
            entity="datavalue",
            changes=[*changes(rows, previous, "approval"), *removed],
            reason=reason,
        )
    return len(rows)


def datavalues_approve(
    *, acting_user: AbstractBaseUser | None, pks: Sequence[int], reason: str = ""
) -> int:
    """Approve the drafts ``pks`` together (all or none): each becomes the approved value of
    its key, replacing the stored one (``datavalues_approve_drafts``). Needs the right to
    approve for each unit; a draft of a sent report is approved through the report."""
    with transaction.atomic():
        drafts = _reviewed(acting_user, pks, "phê duyệt / approve")
        return datavalues_approve_drafts(acting_user=acting_user, pks=list(drafts), reason=reason)


def datavalue_approve(*, acting_user: AbstractBaseUser | None, pk: int, reason: str = "") -> None:
    """Approve one draft (``datavalues_approve``)."""
    datavalues_approve(acting_user=acting_user, pks=[pk], reason=reason)


def datavalues_reject(
    *, acting_user: AbstractBaseUser | None, pks: Sequence[int], reason: str
) -> int:
    """Reject the drafts ``pks`` together: each is deleted, with an audit row holding it and
    the reason, which is required. Rights and the workflow as ``datavalues_approve``."""
    if not reason.strip():
        raise ValidationError(
            "Cần nêu lý do từ chối / a rejection needs a reason", field="reason", value=reason
        )
    with transaction.atomic():
        drafts = _reviewed(acting_user, pks, "từ chối / reject")
        DataValue.objects.filter(pk__in=list(drafts)).delete()
        rollup_touched()  # no figure reads a draft; the pages count them
        return audit_records(
            acting_user=acting_user,
            action="datavalue_reject",
            entity="datavalue",
            changes=[(value_key_text(value), snapshot(value), None) for value in drafts.values()],
            reason=reason,
        )


def datavalue_reject(*, acting_user: AbstractBaseUser | None, pk: int, reason: str) -> None:
    """Reject one draft (``datavalues_reject``)."""
    datavalues_reject(acting_user=acting_user, pks=[pk], reason=reason)


def _reviewed(
    acting_user: AbstractBaseUser | None, pks: Sequence[int], verb: str
) -> dict[int, engine.DataValue]:
    """The drafts ``pks`` (locked for the review, by id), once the user may approve for their
    units and no sent report holds them; raises naming the first that may not be reviewed."""
    stored = DataValue.objects.select_for_update(of=("self",)).filter(pk__in=list(pks))
    found = {
        pk: (value, unit_id) for value, (pk, unit_id) in values_read(stored, "pk", "org_unit_id")
    }
    for pk in pks:
        if pk not in found or found[pk][0].status is not engine.Status.DRAFT:
            raise ValidationError(
                f"Số liệu {pk} không phải số liệu nháp / value {pk} is not a draft",
                field="id",
                value=pk,
            )
    units = OrgUnit.objects.in_bulk({unit_id for _, unit_id in found.values()})
    require_all(acting_user, Action.APPROVE, units.values())
    try:
        require_editable(
            [
                (
                    units[unit_id],
                    value.indicator,
                    parse_period(value.period, Calendar(value.calendar)),
                )
                for value, unit_id in found.values()
            ]
        )
    except PermissionDeniedError as exc:
        raise PermissionDeniedError(
            f"{in_language(exc.message, 'vi')} — số liệu nháp của báo cáo đã gửi được {verb} "
            f"qua báo cáo (cds submissions) / {in_language(exc.message, 'en')} — a draft of a "
            "sent report is reviewed through the report",
            **exc.extra,
        ) from exc
    return {pk: value for pk, (value, _) in sorted(found.items())}
