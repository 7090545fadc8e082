"""Writes of the evidence of a report's figures: a file or a link attached to one indicator
of a regime's report (the self-assessed DTI values above all, docs/dti.md). Added and
removed only while the report is a draft or returned, by those who may write the unit's
figures; audited. Reads: ``evidence_selectors``."""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.access.services import require
from chuyendoiso.audit.services import actor_name, audit_record
from chuyendoiso.catalog.models import DataSet, Indicator
from chuyendoiso.collection.evidence_selectors import evidence_get
from chuyendoiso.collection.models import Evidence
from chuyendoiso.collection.selectors import Key, submission_key, submission_state
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key

User = AbstractBaseUser | None
# what a decision, a minute, a table or a screenshot comes as
EXTENSIONS = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".xls", ".ods", ".png", ".jpg", ".jpeg")


def evidence_add(
    *,
    acting_user: User,
    dataset_code: str,
    org_unit: OrgUnit,
    period_id: str,
    indicator: str,
    file_name: str = "",
    content: bytes = b"",
    link: str = "",
    note: str = "",
) -> Evidence:
    """Attach a file (``file_name`` and ``content``) or a ``link`` to one indicator of the
    unit's report."""
    key = _editable_key(acting_user, dataset_code, org_unit, period_id)
    if indicator not in key.indicators:
        raise ValidationError(
            f"Chỉ tiêu {indicator} không thuộc chế độ {key.dataset.code} / not an indicator "
            "of the regime",
            field="indicator",
            value=indicator,
        )
    file_name, link = PurePath(file_name.strip()).name, link.strip()
    _check(file_name, content, link)
    with transaction.atomic():
        evidence = Evidence.objects.create(
            dataset=DataSet.objects.get(code=key.dataset.code),
            org_unit=org_unit,
            period=key.period.id,
            indicator=Indicator.objects.get(code=indicator),
            link=link,
            file_name=file_name,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest() if file_name else "",
            note=note.strip()[:500],
            added_by_name=actor_name(acting_user)[:150],
        )
        audit_record(
            acting_user=acting_user,
            action="evidence_add",
            entity="evidence",
            entity_key=f"{key.text}/{indicator}",
            after=_described(evidence),
        )
    return evidence


def evidence_remove(*, acting_user: User, evidence_id: int, reason: str = "") -> None:
    evidence = evidence_get(evidence_id)
    key = _editable_key(acting_user, evidence.dataset.code, evidence.org_unit, evidence.period)
    with transaction.atomic():
        audit_record(
            acting_user=acting_user,
            action="evidence_remove",
            entity="evidence",
            entity_key=f"{key.text}/{evidence.indicator.code}",
            before=_described(evidence),
            reason=reason,
        )
        evidence.delete()


def _editable_key(acting_user: User, dataset_code: str, unit: OrgUnit, period_id: str) -> Key:
    key = submission_key(dataset_code=dataset_code, org_unit=unit, period_id=period_id)
    require(acting_user, Action.WRITE, unit)
    state = submission_state(key)
    if not state.editable:
        raise PermissionDeniedError(
            f"Báo cáo {key.text} đang ở trạng thái '{state.label_vi}': không thêm, bớt minh "
            f"chứng được / the report is '{state.value}': its evidence is read-only",
            field="state",
            value=state.value,
        )
    return key


def _check(file_name: str, content: bytes, link: str) -> None:
    if bool(file_name) == bool(link):
        raise ValidationError(
            "Cần một tệp hoặc một đường dẫn (không cả hai) / a file or a link is needed, not both",
            field="file",
        )
    if link:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500:
            raise ValidationError(
                "Đường dẫn phải bắt đầu bằng http:// hoặc https:// / the link must be an "
                "http or https address",
                field="link",
                value=link[:100],
            )
        return
    if not file_name.lower().endswith(EXTENSIONS):
        raise ValidationError(
            f"Tệp '{file_name}' không thuộc loại được nhận / not an accepted kind of file",
            field="file",
            value=file_name,
            expected=", ".join(EXTENSIONS),
        )
    limit: int = settings.CDS_UPLOAD_MAX_BYTES
    if not content or len(content) > limit:
        raise ValidationError(
            f"Tệp '{file_name}' rỗng hoặc lớn hơn giới hạn / empty or over the limit",
            field="file",
            value=len(content),
            expected=f"1..{limit} byte",
        )


def _described(evidence: Evidence) -> dict[str, object]:
    return {
        "unit": unit_key(evidence.org_unit.code, evidence.org_unit.structure),
        "file": evidence.file_name,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "link": evidence.link,
        "note": evidence.note,
    }
