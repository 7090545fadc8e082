"""Reads of the catalogue, returned as the engine's dataclasses."""

from __future__ import annotations

from chuyendoiso.catalog import models
from chuyendoiso.engine.domain import catalog as engine


def catalog_get() -> engine.Catalog:
    return engine.Catalog(
        pillars=tuple(_pillar(p) for p in models.Pillar.objects.all()),
        frameworks=tuple(
            engine.Framework(
                code=f.code,
                name_vi=f.name_vi,
                name_en=f.name_en,
                source=f.source,
                valid_from=f.valid_from,
                valid_to=f.valid_to,
                pillars=tuple(_pillar(p) for p in f.pillars.all()),
            )
            for f in models.Framework.objects.prefetch_related("pillars")
        ),
        categories=tuple(
            engine.Category(
                code=c.code,
                name_vi=c.name_vi,
                name_en=c.name_en,
                options=tuple(
                    engine.CategoryOption(code=o.code, name_vi=o.name_vi, name_en=o.name_en)
                    for o in c.options.all()
                ),
            )
            for c in models.Category.objects.prefetch_related("options")
        ),
        indicators=tuple(_indicator(i) for i in indicators_all()),
        targets=tuple(
            engine.Target(
                indicator=t.indicator.code,
                org_unit=t.org_unit_code,
                year=t.year,
                value=t.value,
                operator=engine.TargetOperator(t.operator),
                source=t.source,
                note=t.note,
            )
            # in the order they were first imported, so that an export keeps the file's order
            for t in models.Target.objects.select_related("indicator").order_by("pk")
        ),
        rules=rules_all(),
    )


def rules_all() -> tuple[engine.ValidationRule, ...]:
    """The validation rules, in the catalogue file's order."""
    return tuple(
        engine.ValidationRule(
            code=r.code,
            name_vi=r.name_vi,
            expression=r.expression,
            severity=engine.RuleSeverity(r.severity),
            missing=engine.MissingPolicy(r.missing),
            message_vi=r.message_vi,
        )
        for r in models.ValidationRule.objects.all()
    )


def indicators_all() -> list[models.Indicator]:
    return list(
        models.Indicator.objects.select_related("pillar", "numerator", "denominator")
        .prefetch_related("categories", "placements__framework_pillar__framework")
        .all()
    )


def _pillar(row: models.Pillar | models.FrameworkPillar) -> engine.Pillar:
    return engine.Pillar(code=row.code, name_vi=row.name_vi, name_en=row.name_en, order=row.order)


def _indicator(row: models.Indicator) -> engine.Indicator:
    return engine.Indicator(
        code=row.code,
        name_vi=row.name_vi,
        name_en=row.name_en,
        pillar=row.pillar.code,
        unit=engine.MeasureUnit(row.unit),
        value_type=engine.ValueType(row.value_type),
        aggregation_org=engine.OrgAggregation(row.aggregation_org),
        aggregation_time=engine.TimeAggregation(row.aggregation_time),
        direction=engine.Direction(row.direction),
        unit_label_vi=row.unit_label_vi,
        definition_vi=row.definition_vi,
        definition_en=row.definition_en,
        numerator=row.numerator.code if row.numerator else "",
        denominator=row.denominator.code if row.denominator else "",
        categories=tuple(c.code for c in row.categories.all()),
        source_system=row.source_system,
        placements=tuple(
            engine.Placement(
                framework=p.framework_pillar.framework.code,
                pillar=p.framework_pillar.code,
                ref=p.ref,
            )
            for p in row.placements.all()
        ),
    )
