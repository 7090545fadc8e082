"""Writes of the DTI self-assessment: loading a framework file, importing published results.
Each checks the whole file first, writes in one transaction and leaves an audit row."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.audit.services import actor_name, audit_changes, audit_record
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.dti.models import FrameworkFile, PublishedResult
from chuyendoiso.dti.selectors import frameworks_all, province_codes
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.dti import Framework, parse_framework, read_published


@transaction.atomic
def dti_framework_load(
    *, text: str, file_name: str, acting_user: AbstractBaseUser | None, reason: str = ""
) -> Framework:
    """Check a framework file against the catalogue and keep it; a file of the same code
    replaces the one loaded before (and the shipped one)."""
    indicators = set(Indicator.objects.values_list("code", flat=True))
    framework = parse_framework(text, source=file_name, indicators=indicators)
    taken = [
        f for f in frameworks_all() if f.number == framework.number and f.code != framework.code
    ]
    if taken:
        raise ValidationError(
            f"Số '{framework.number}' đã là của bộ chỉ số {taken[0].code}: mỗi bộ một số, để "
            f"--framework {framework.number} chỉ gọi một bộ / the number '{framework.number}' "
            f"belongs to {taken[0].code} already",
            file=file_name,
            field="number",
            value=framework.number,
        )
    digest = hashlib.sha256(text.encode()).hexdigest()
    kept = FrameworkFile.objects.filter(code=framework.code).first()
    before = None if kept is None else _fingerprint(kept)
    fields = {
        "number": framework.number,
        "name_vi": framework.name_vi,
        "kind": framework.kind.value,
        "file_name": file_name,
        "text": text,
        "loaded_by_name": actor_name(acting_user),
    }
    stored, _ = FrameworkFile.objects.update_or_create(code=framework.code, defaults=fields)
    after = _fingerprint(stored)
    if before != after:
        audit_record(
            acting_user=acting_user,
            action="dti_framework_load",
            entity="dti_framework",
            entity_key=framework.code,
            before=before,
            after={**after, "components": len(framework.components), "sha256": digest},
            reason=reason,
        )
    return framework


def _fingerprint(kept: FrameworkFile) -> dict[str, str]:
    return {
        "file": kept.file_name,
        "kind": kept.kind,
        "text_sha256": hashlib.sha256(kept.text.encode()).hexdigest(),
    }


@transaction.atomic
def dti_published_import(
    *, text: str, file_name: str, acting_user: AbstractBaseUser | None, reason: str = ""
) -> int:
    """Add or update the published results of a CSV file (all or nothing); returns how many
    rows changed. Rows are matched by year, structure, province and measure."""
    rows = read_published(text, source=file_name, provinces=province_codes())
    stored = {_key(r): r for r in PublishedResult.objects.all()}
    before = {k: _snapshot(r) for k, r in stored.items()}
    changed = 0
    for row in rows:
        key = f"{row.year}/{row.structure.value}/{row.province_code}/{row.measure}"
        fields = {
            "framework": row.framework,
            "province_name": row.province_name,
            "value": row.value,
            "rank": row.rank,
            "source": row.source,
        }
        kept = stored.get(key)
        if kept is not None and _snapshot(kept) == _plain(fields):
            continue
        changed += 1
        PublishedResult.objects.update_or_create(
            year=row.year,
            structure=row.structure.value,
            province_code=row.province_code,
            measure=row.measure,
            defaults=fields,
        )
    after = {_key(r): _snapshot(r) for r in PublishedResult.objects.all()}
    audit_changes(
        acting_user=acting_user,
        action="dti_published_import",
        before={"dti_published": before},
        after={"dti_published": after},
        reason=reason or file_name,
    )
    return changed


def _key(row: PublishedResult) -> str:
    return f"{row.year}/{row.structure}/{row.province_code}/{row.measure}"


def _snapshot(row: PublishedResult) -> dict[str, object]:
    return _plain(
        {
            "framework": row.framework,
            "province_name": row.province_name,
            "value": row.value,
            "rank": row.rank,
            "source": row.source,
        }
    )


def _plain(fields: Mapping[str, object]) -> dict[str, object]:
    value = fields["value"]
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else None
    return {**fields, "value": text}
