"""Reads of the DTI self-assessment: the frameworks (shipped files, replaced by those the
province loaded), the component values of a unit and year, the published results, and the
whole assessment of a unit as the page and the command line show it (docs/dti.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from chuyendoiso.analytics.selectors import analytics_over
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.dti.models import FrameworkFile, PublishedResult
from chuyendoiso.engine.domain.adminunits import Structure
from chuyendoiso.engine.domain.errors import NotFoundError, ValidationError
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.domain.provinces import country_provinces
from chuyendoiso.engine.dti import (
    DtiReport,
    Framework,
    Measured,
    Published,
    build_report,
    composed_after_merger,
    parse_framework,
    placements_of,
    read_framework,
    read_published,
)
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_resolve


def shipped_dir() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "dti"


@lru_cache(maxsize=8)
def _shipped(path: str, mtime: float) -> Framework:
    return read_framework(Path(path))


@lru_cache(maxsize=32)
def _kept(text: str, name: str) -> Framework:
    """A loaded file, read once per process (it was checked whole when it was loaded)."""
    return parse_framework(text, source=name)


@lru_cache(maxsize=4)
def _shipped_published(path: str, mtime: float) -> tuple[Published, ...]:
    text = Path(path).read_text(encoding="utf-8")
    return tuple(read_published(text, source=path, provinces=province_codes()))


def frameworks_all() -> list[Framework]:
    """Every framework: the shipped files, each replaced by a loaded one of the same code."""
    found: dict[str, Framework] = {}
    for path in sorted(shipped_dir().glob("dti_*.yaml")):
        framework = _shipped(str(path), path.stat().st_mtime)
        found[framework.code] = framework
    for text, name in FrameworkFile.objects.values_list("text", "file_name"):
        framework = _kept(text, name)
        found[framework.code] = framework
    return sorted(found.values(), key=lambda f: (f.years[:1] or (0,), f.code))


def framework_named(name: str) -> Framework:
    """The framework whose code or decision number is ``name`` (``922``, ``DTI2024``)."""
    wanted = name.strip().upper()
    every = frameworks_all()
    for framework in every:
        if wanted in (framework.code.upper(), framework.number.upper()):
            return framework
    known = ", ".join(f"{f.number} ({f.code})" for f in every)
    raise NotFoundError(
        f"Không có bộ chỉ số '{name}' / no DTI framework '{name}'",
        field="framework",
        value=name,
        expected=known,
    )


def province_codes() -> dict[Structure, set[str]]:
    country = country_provinces()
    return {
        Structure.BEFORE_2025: {u.code for u in country.before},
        Structure.FROM_2025: {u.code for u in country.after},
    }


def published_all() -> list[Published]:
    """The shipped published results, each replaced by an imported row of the same year,
    structure, province and measure."""
    path = shipped_dir() / "published.csv"
    rows: dict[tuple[object, ...], Published] = {}
    if path.exists():
        rows = {_key(r): r for r in _shipped_published(str(path), path.stat().st_mtime)}
    for kept in PublishedResult.objects.all():
        row = Published(
            kept.year,
            kept.framework,
            Structure(kept.structure),
            kept.province_code,
            kept.province_name,
            kept.measure,
            kept.value,
            kept.rank,
            kept.source,
        )
        rows[_key(row)] = row
    return sorted(rows.values(), key=lambda r: (r.year, r.structure, r.measure, r.rank or 0))


def _key(row: Published) -> tuple[object, ...]:
    return (row.year, row.structure, row.province_code, row.measure)


@dataclass(frozen=True)
class Inputs:
    measured: dict[str, Measured]
    bases: dict[str, Decimal]


def dti_inputs(
    framework: Framework, units: Sequence[OrgUnit], year: int, *, drafts: bool = False
) -> dict[int, Inputs]:
    """Each unit's component values for the DTI year, by the indicators' own aggregation
    rules (one read for every unit): approved values only unless ``drafts``."""
    period = parse_period(str(year))
    known = set(Indicator.objects.values_list("code", flat=True))
    # a file loaded before an indicator left the catalogue: its components have no data
    codes = [code for code in framework.indicators if code in known]
    analytics = analytics_over(
        units, start=period.start, end=period.end, indicators=codes, drafts=drafts
    )
    status = "approved_and_drafts" if drafts else "approved"  # what the figures were read from
    found: dict[int, Inputs] = {}
    for unit in units:
        figures = {code: analytics.figure(code, str(unit.pk), period) for code in codes}
        measured = {
            c.code: Measured(
                figure.value,
                origin=c.indicator,
                period=figure.own_period.id,
                status=status,
                note="" if figure.complete else "chưa đủ cả năm / not the whole year",
            )
            for c in framework.components
            if c.indicator and (figure := figures.get(c.indicator)) is not None
        }
        bases = {code: f.value for code, f in figures.items() if f is not None}
        found[unit.pk] = Inputs(measured, bases)
    return found


def published_pool() -> list[Published]:
    """The published results, with the 34 provinces' means of the years published for the
    63 (each new province the mean of its former ones)."""
    rows = published_all()
    country = country_provinces()
    names = {u.code: u.name for u in country.after}
    dti = [r for r in rows if r.measure == "DTI"]
    return rows + composed_after_merger(dti, country.merged_into, names)


def province_of_year(code: str, year: int) -> OrgUnit:
    """The province of that code in the DTI year (the index is a province's)."""
    unit = orgunit_resolve(code, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    if unit.level != OrgUnit.Level.PROVINCE:
        raise ValidationError(
            f"Chỉ số DTI cấp tỉnh được tính cho một tỉnh, không cho {unit.code} {unit.name} / "
            "the provincial DTI is computed for a province",
            field="ou",
            value=code,
        )
    return unit


def dti_report(
    framework: Framework,
    unit: OrgUnit,
    year: int,
    *,
    drafts: bool = False,
    overrides: Mapping[str, Decimal] | None = None,
) -> DtiReport:
    return dti_reports(framework, [unit], year, drafts=drafts, overrides=overrides)[0]


def dti_reports(
    framework: Framework,
    units: Sequence[OrgUnit],
    year: int,
    *,
    drafts: bool = False,
    overrides: Mapping[str, Decimal] | None = None,
) -> list[DtiReport]:
    """The assessment of each unit (the values of all read at once), in their order."""
    inputs = dti_inputs(framework, units, year, drafts=drafts)
    pool = published_pool()
    merged_into = country_provinces().merged_into
    reports = []
    for unit in units:
        report = build_report(
            framework,
            inputs[unit.pk].measured,
            unit_code=unit.code,
            unit_name=unit.name,
            year=year,
            bases=inputs[unit.pk].bases,
            overrides=overrides,
            drafts_included=drafts,
        )
        placements = placements_of(
            report.assessment.index,
            pool,
            province=unit.code,
            year=year,
            framework=framework.code,
            merged_into=merged_into,
        )
        reports.append(replace(report, placements=placements))
    return reports
