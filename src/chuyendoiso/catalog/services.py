"""Writes to the catalogue: the catalogue file's import is the one way in (the admin only
shows it). An import is one transaction: all of the file or nothing, with an audit row for
every entry it adds or changes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.analytics.rollup import rollup_reset
from chuyendoiso.audit.services import Snapshot, audit_changes, audit_record
from chuyendoiso.catalog import models
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.engine.domain import catalog as engine
from chuyendoiso.engine.domain.regimes import DataSet


@transaction.atomic
def catalog_import(
    *, acting_user: AbstractBaseUser | None, catalog: engine.Catalog, reason: str = ""
) -> dict[str, int]:
    """Add or update every entry of ``catalog`` (matched by code). Entries that are in the
    database but not in the catalogue are kept (their data values may use them), except
    validation rules: the file's rules are the rules.

    Each pillar, framework, category, indicator or target added or changed gets an audit
    row (entity, code, the changed fields before and after); the import gets one with its
    counts and the number of changed entries, 0 when the file changes nothing."""
    rollup_reset()  # an indicator's rules of aggregation may change
    before = _records(catalog_get())
    pillars = {p.code: _upsert(models.Pillar, p.code, _pillar_fields(p)) for p in catalog.pillars}
    framework_pillars: dict[tuple[str, str], models.FrameworkPillar] = {}
    for framework in catalog.frameworks:
        row = _upsert(models.Framework, framework.code, _framework_fields(framework))
        for pillar in framework.pillars:
            framework_pillars[(framework.code, pillar.code)], _ = (
                models.FrameworkPillar.objects.update_or_create(
                    framework=row, code=pillar.code, defaults=_pillar_fields(pillar)
                )
            )
    categories = {}
    for category in catalog.categories:
        row = _upsert(
            models.Category,
            category.code,
            {"name_vi": category.name_vi, "name_en": category.name_en},
        )
        for order, option in enumerate(category.options):
            models.CategoryOption.objects.update_or_create(
                category=row,
                code=option.code,
                defaults={"name_vi": option.name_vi, "name_en": option.name_en, "order": order},
            )
        categories[category.code] = row
    indicators = {}
    for order, indicator in enumerate(catalog.indicators):
        fields = _indicator_fields(indicator) | {
            "pillar": pillars[indicator.pillar],
            "order": order,
        }
        indicators[indicator.code] = _upsert(models.Indicator, indicator.code, fields)
    for indicator in catalog.indicators:
        row = indicators[indicator.code]
        row.numerator = indicators.get(indicator.numerator)
        row.denominator = indicators.get(indicator.denominator)
        row.save(update_fields=["numerator", "denominator"])
        row.categories.set([categories[code] for code in indicator.categories])
        row.placements.all().delete()
        for placement in indicator.placements:
            models.Placement.objects.create(
                indicator=row,
                framework_pillar=framework_pillars[(placement.framework, placement.pillar)],
                ref=placement.ref,
            )
    for target in catalog.targets:
        models.Target.objects.update_or_create(
            indicator=indicators[target.indicator],
            org_unit_code=target.org_unit,
            year=target.year,
            defaults={
                "operator": target.operator.value,
                "value": target.value,
                "source": target.source,
                "note": target.note,
            },
        )
    _import_datasets(catalog.datasets, indicators, categories)
    _import_rules(catalog.rules)
    counts: dict[str, int] = {
        "pillars": len(catalog.pillars),
        "frameworks": len(catalog.frameworks),
        "categories": len(catalog.categories),
        "indicators": len(catalog.indicators),
        "targets": len(catalog.targets),
        "datasets": len(catalog.datasets),
        "rules": len(catalog.rules),
    }
    counts["changed"] = audit_changes(
        acting_user=acting_user,
        action="catalog_import",
        before=before,
        after=_records(catalog_get()),
        reason=reason,
    )
    audit_record(
        acting_user=acting_user,
        action="catalog_import",
        entity="catalog",
        entity_key="*",
        after=counts,
        reason=reason,
    )
    return counts


def _import_rules(rules: tuple[engine.ValidationRule, ...]) -> None:
    """The file's rules replace the stored ones: a rule the file no longer lists is removed
    (no value refers to a rule, and a rule left behind would go on refusing imports)."""
    models.ValidationRule.objects.exclude(code__in=[rule.code for rule in rules]).delete()
    for order, rule in enumerate(rules):
        _upsert(models.ValidationRule, rule.code, _rule_fields(rule) | {"order": order})


def _rule_fields(rule: engine.ValidationRule) -> dict[str, Any]:
    data = asdict(rule)
    data.pop("code")
    return {key: str(value) for key, value in data.items()}


def _records(catalog: engine.Catalog) -> dict[str, Snapshot]:
    """The entries of ``catalog`` by kind and key, as the audit compares them (a framework
    with its pillars, a category with its options, an indicator with its placements)."""
    return {
        "pillar": {p.code: asdict(p) for p in catalog.pillars},
        "framework": {f.code: asdict(f) for f in catalog.frameworks},
        "category": {c.code: asdict(c) for c in catalog.categories},
        "indicator": {i.code: _indicator_record(i) for i in catalog.indicators},
        "target": {f"{t.indicator}/{t.org_unit}/{t.year}": asdict(t) for t in catalog.targets},
        "dataset": {d.code: asdict(d) for d in catalog.datasets},
        "rule": {r.code: asdict(r) for r in catalog.rules},
    }


def _indicator_record(indicator: engine.Indicator) -> dict[str, Any]:
    # placements are stored again at each import: their order in the database means nothing
    placements = sorted(indicator.placements, key=lambda p: (p.framework, p.pillar))
    return asdict(indicator) | {"placements": [asdict(p) for p in placements]}


def _import_datasets(
    datasets: tuple[DataSet, ...],
    indicators: dict[str, models.Indicator],
    categories: dict[str, models.Category],
) -> None:
    """Add or update each reporting regime; its indicators and deadlines are those of the
    file (stored again at each import, like an indicator's placements)."""
    for order, dataset in enumerate(datasets):
        fields = {
            "name_vi": dataset.name_vi,
            "name_en": dataset.name_en,
            "legal_basis": dataset.legal_basis,
            "period_type": dataset.period_type.value,
            "calendar": dataset.calendar.value,
            "levels": [level.value for level in dataset.levels],
            "departments": list(dataset.departments),
            "compilers": list(dataset.compilers),
            "order": order,
        }
        row = _upsert(models.DataSet, dataset.code, fields)
        row.entries.all().delete()
        row.deadlines.all().delete()
        for position, entry in enumerate(dataset.indicators):
            stored = models.DataSetIndicator.objects.create(
                dataset=row, indicator=indicators[entry.indicator], order=position
            )
            stored.categories.set([categories[code] for code in entry.categories])
        models.DataSetDeadline.objects.bulk_create(
            models.DataSetDeadline(dataset=row, stage=d.stage.value, days=d.days)
            for d in dataset.deadlines
        )


def _upsert(model: Any, code: str, fields: dict[str, Any]) -> Any:
    row, _ = model.objects.update_or_create(code=code, defaults=fields)
    return row


def _pillar_fields(pillar: engine.Pillar) -> dict[str, Any]:
    return {"name_vi": pillar.name_vi, "name_en": pillar.name_en, "order": pillar.order}


def _framework_fields(framework: engine.Framework) -> dict[str, Any]:
    return {
        "name_vi": framework.name_vi,
        "name_en": framework.name_en,
        "source": framework.source,
        "valid_from": framework.valid_from,
        "valid_to": framework.valid_to,
    }


def _indicator_fields(indicator: engine.Indicator) -> dict[str, Any]:
    data = asdict(indicator)
    for key in ("code", "pillar", "numerator", "denominator", "categories", "placements"):
        data.pop(key)
    # the choices as their text; the yes/no fields (public, headline) as they are; the
    # levels as a list of their names
    data["levels"] = [str(level) for level in indicator.levels]
    return {
        key: value if isinstance(value, bool | list) else str(value) for key, value in data.items()
    }
