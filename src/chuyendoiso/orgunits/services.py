"""Writes of the org-unit hierarchy: loading the official structures and the departments,
the one way in (the admin only shows units), with an audit row for every unit or mapping
a load adds or changes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.analytics.rollup import rollup_reset
from chuyendoiso.audit.services import Snapshot, audit_changes, audit_record
from chuyendoiso.engine.domain.adminunits import AdminUnit, Level, Structure
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping

SOURCE = "vietnamadminunits (GSO)"


@transaction.atomic
def orgunits_load_provinces(
    *, acting_user: AbstractBaseUser | None, province_codes: list[str], reason: str = ""
) -> dict[str, int]:
    """Load the new provinces, the old provinces merged into them, their districts and
    communes before 1 July 2025 and their communes after, and the old-to-new mapping.

    A province whose code goes on across the merger (Thái Nguyên, 19) is one continuing
    unit: its old districts and its new communes both hang under it, each with their
    validity dates. Loading again updates in place.

    Each unit or mapping added or changed gets an audit row (its key, the changed fields
    before and after); the load gets one with its counts and the number of changes.
    """
    rollup_reset()  # the figures below and above each unit may change
    before = _records()
    structures = load_structures(province_codes)
    new_provinces = {u.code: u for u in structures.after if u.level is Level.PROVINCE}
    rows: dict[tuple[str, Structure], OrgUnit] = {}
    for unit in [*structures.before, *structures.after]:
        if unit.level is Level.PROVINCE and unit.code in new_provinces:
            rows[unit.key] = _save_unit(new_provinces[unit.code], None, continuing=True)
    for unit in _parents_first(structures.before + structures.after):
        if unit.key in rows:
            continue
        parent = rows[(unit.parent_code, unit.structure)] if unit.parent_code else None
        rows[unit.key] = _save_unit(unit, parent, continuing=False)
    mappings = 0
    for link in structures.mapping:
        old = rows[(link.old_code, Structure.BEFORE_2025)]
        new = rows[(link.new_code, Structure.FROM_2025)]
        if old.pk == new.pk:
            continue
        OrgUnitMapping.objects.update_or_create(
            old=old, new=new, defaults={"is_primary": link.is_primary}
        )
        mappings += 1
    departments = 0
    for code in new_provinces:
        departments += _load_departments(rows[(code, Structure.FROM_2025)])
    counts = {
        "units": len({row.pk for row in rows.values()}),
        "mappings": mappings,
        "departments": departments,
    }
    counts["changed"] = audit_changes(
        acting_user=acting_user,
        action="orgunits_load",
        before=before,
        after=_records(),
        reason=reason,
    )
    audit_record(
        acting_user=acting_user,
        action="orgunits_load",
        entity="orgunits",
        entity_key=",".join(province_codes),
        after=counts,
        reason=reason,
    )
    return counts


def unit_key(code: str, structure: str) -> str:
    """A unit as the audit names it: its code, with its structure when it has one
    (``164@before_2025``)."""
    return f"{code}@{structure}" if structure else code


_UNIT_FIELDS = ["name", "name_en", "kind_vi", "level", "valid_from", "valid_to", "source"]


def _records() -> dict[str, Snapshot]:
    """The stored units and mappings by key, as the audit compares them."""
    units = {}
    for row in OrgUnit.objects.values(
        "code", "structure", *_UNIT_FIELDS, "parent__code", "parent__structure"
    ):
        parent = (row.pop("parent__code"), row.pop("parent__structure"))
        row["parent"] = unit_key(*parent) if parent[0] else None
        units[unit_key(row.pop("code"), row.pop("structure"))] = row
    mappings = {
        f"{unit_key(old, old_structure)} → {unit_key(new, new_structure)}": {"is_primary": primary}
        for old, old_structure, new, new_structure, primary in OrgUnitMapping.objects.values_list(
            "old__code", "old__structure", "new__code", "new__structure", "is_primary"
        )
    }
    return {"orgunit": units, "orgunit_mapping": mappings}


_LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2, Level.DEPARTMENT: 3}


def _parents_first(units: list[AdminUnit]) -> list[AdminUnit]:
    return sorted(units, key=lambda unit: _LEVEL_ORDER[unit.level])


def _save_unit(unit: AdminUnit, parent: OrgUnit | None, *, continuing: bool) -> OrgUnit:
    row, _ = OrgUnit.objects.update_or_create(
        code=unit.code,
        structure="" if continuing else unit.structure.value,
        defaults={
            "name": unit.name,
            "kind_vi": unit.kind_vi,
            "level": unit.level.value,
            "parent": parent,
            "path": f"{parent.path if parent else '/'}{unit.code}/",
            "province": parent.province if parent else None,
            "valid_from": None if continuing else unit.valid_from,
            "valid_to": None if continuing else unit.valid_to,
            "source": SOURCE,
        },
    )
    if parent is None and row.province_id != row.pk:
        row.province = row
        row.save(update_fields=["province"])
    return row


def departments_file() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "orgunits" / "departments.csv"


def _load_departments(province: OrgUnit) -> int:
    """Departments and agencies of the province, from data/orgunits/departments.csv."""
    path = departments_file()
    if not path.exists():
        return 0
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            if not record["code"].startswith(f"{province.code}."):
                continue
            OrgUnit.objects.update_or_create(
                code=record["code"],
                structure="",
                defaults={
                    "name": record["name_vi"],
                    "name_en": record.get("name_en", ""),
                    "kind_vi": record.get("kind", ""),
                    "level": OrgUnit.Level.DEPARTMENT,
                    "parent": province,
                    "path": f"{province.path}{record['code']}/",
                    "province": province,
                    "valid_from": _date(record.get("valid_from"), path, line),
                    "valid_to": _date(record.get("valid_to"), path, line),
                    "source": record.get("source", "")[:255],
                },
            )
            count += 1
    return count


def _date(raw: str | None, path: Path, line: int) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ValidationError(
            "Ngày không hợp lệ (YYYY-MM-DD) / invalid date", file=str(path), line=line, value=raw
        ) from exc
