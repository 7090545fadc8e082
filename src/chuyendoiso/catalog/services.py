"""Writes to the catalogue. An import is one transaction: all of the file or nothing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chuyendoiso.audit.services import audit_record
from chuyendoiso.catalog import models
from chuyendoiso.engine.domain import catalog as engine


@transaction.atomic
def catalog_import(
    *, acting_user: AbstractBaseUser | None, catalog: engine.Catalog
) -> dict[str, int]:
    """Add or update every entry of ``catalog`` (matched by code). Entries that are in the
    database but not in the catalogue are kept: removing an indicator is a deliberate act
    done in the admin, where its data values are visible."""
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
    counts = {
        "pillars": len(catalog.pillars),
        "frameworks": len(catalog.frameworks),
        "categories": len(catalog.categories),
        "indicators": len(catalog.indicators),
        "targets": len(catalog.targets),
    }
    audit_record(
        acting_user=acting_user,
        action="catalog_import",
        entity="catalog",
        entity_key="*",
        after=counts,
    )
    return counts


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
    return {key: str(value) for key, value in data.items()}
