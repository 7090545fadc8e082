"""Reads of the org-unit hierarchy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.regimes import ReportingUnit
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import unit_key


def orgunits_valid_during(start: dt.date, end: dt.date) -> QuerySet[OrgUnit]:
    """The units that existed on at least one day of [start, end]: a unit is valid from its
    ``valid_from`` to its ``valid_to`` included, an empty bound being open."""
    return OrgUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
    )


def orgunits_at_levels(*levels: str) -> QuerySet[OrgUnit]:
    """Every unit of these levels, past and present, in the order of the hierarchy."""
    return OrgUnit.objects.filter(level__in=levels).order_by("path")


def orgunits_valid_on(day: dt.date) -> QuerySet[OrgUnit]:
    return orgunits_valid_during(day, day)


def orgunit_resolve(code: str, *, start: dt.date, end: dt.date) -> OrgUnit:
    """The unit with this official code that existed during [start, end].

    Codes repeat across the 2025 reorganisation, so the period picks the unit: the one
    valid at the end of the period, else the one valid at its start.
    """
    return orgunits_resolver([code])(code, start=start, end=end)


def orgunits_resolver(codes: Iterable[str]) -> Callable[..., OrgUnit]:
    """``orgunit_resolve`` for many values at once: the units of ``codes`` read in one
    query, each (code, start, end) then resolved in memory by the same rule."""
    by_code: dict[str, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.filter(code__in={code.strip() for code in codes}):
        by_code.setdefault(unit.code, []).append(unit)

    def resolve(code: str, *, start: dt.date, end: dt.date) -> OrgUnit:
        code = code.strip()
        candidates = by_code.get(code, [])
        for day in (end, start):
            found = [unit for unit in candidates if _valid_on(unit, day)]
            if len(found) == 1:
                return found[0]
        if candidates:
            raise NotFoundError(
                f"Đơn vị mã '{code}' không tồn tại trong kỳ {start:%d/%m/%Y}–{end:%d/%m/%Y} "
                "/ no unit with this code in that period",
                field="org_unit",
                value=code,
            )
        raise NotFoundError(
            f"Không có đơn vị mã '{code}' / unknown org unit code", field="org_unit", value=code
        )

    return resolve


def orgunit_names(codes: Iterable[str], *, start: dt.date, end: dt.date) -> dict[str, str]:
    """The name of each code's unit during [start, end] (as ``orgunit_resolve`` picks it);
    a code that names no unit then is left out."""
    codes = set(codes)
    resolve = orgunits_resolver(codes)
    names = {}
    for code in codes:
        try:
            names[code] = resolve(code, start=start, end=end).name
        except NotFoundError:
            continue
    return names


def _valid_on(unit: OrgUnit, day: dt.date) -> bool:
    """As ``orgunits_valid_on``: valid from ``valid_from`` to ``valid_to`` included."""
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or unit.valid_to >= day
    )


def orgunit_subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and every unit below it."""
    return OrgUnit.objects.filter(path__startswith=unit.path)


def reporting_units(province_code: str) -> list[ReportingUnit]:
    """The province and every unit below it, past and present, as reporting regimes see
    them (engine.domain.regimes): each with its validity dates, keyed as the audit keys
    units (``164@before_2025``) since codes repeat across the 2025 reorganisation."""
    provinces = OrgUnit.objects.filter(code=province_code.strip(), level=OrgUnit.Level.PROVINCE)
    if not provinces:
        raise NotFoundError(
            f"Không có tỉnh mã '{province_code}' / unknown province code",
            field="province",
            value=province_code,
        )
    rows = OrgUnit.objects.filter(
        Q.create([("path__startswith", p.path) for p in provinces], connector=Q.OR)
    ).select_related("parent")
    return [
        ReportingUnit(
            key=unit_key(row.code, row.structure),
            code=row.code,
            name=row.name,
            level=Level(row.level),
            parent=unit_key(row.parent.code, row.parent.structure) if row.parent else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        for row in rows
    ]


def orgunit_by_key(key: str, *, today: dt.date) -> OrgUnit:
    """The unit named ``CODE`` or ``CODE@STRUCTURE`` (as the audit names it, ``164@before_2025``):
    with a structure, that one; else the unit of that code valid ``today``, else the only unit
    of that code ever."""
    code, _, structure = key.strip().partition("@")
    if structure:
        found = OrgUnit.objects.filter(code=code, structure=structure).first()
        if found is None:
            raise NotFoundError(
                f"Không có đơn vị '{key}' / unknown org unit", field="org_unit", value=key
            )
        return found
    try:
        return orgunit_resolve(code, start=today, end=today)
    except NotFoundError:
        every = list(OrgUnit.objects.filter(code=code)[:2])
        if len(every) == 1:
            return every[0]
        raise
