"""Drafts becoming approved values (the approval of a submission, chuyendoiso.collection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser

from chuyendoiso.audit.services import audit_records
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services.resolve import locks_of, resolve
from chuyendoiso.datavalues.services.snapshot import changes, snapshot, value_key_text
from chuyendoiso.datavalues.services.store import write
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.locks import locked


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
