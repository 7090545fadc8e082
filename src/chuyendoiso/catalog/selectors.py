"""Reads of the catalogue, returned as the engine's dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chuyendoiso.catalog import models
from chuyendoiso.engine.domain import catalog as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.periods import Calendar, Period, PeriodType, parse_period
from chuyendoiso.orgunits.selectors import reporting_units


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
        datasets=datasets_all(),
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


def datasets_all() -> tuple[regimes.DataSet, ...]:
    """The reporting regimes, as the engine's ``DataSet``, in the catalogue file's order."""
    rows = models.DataSet.objects.prefetch_related(
        "deadlines", "entries__indicator", "entries__categories"
    )
    return tuple(_dataset(row) for row in rows)


def dataset_get(code: str) -> regimes.DataSet:
    for dataset in datasets_all():
        if dataset.code == code.strip():
            return dataset
    raise NotFoundError(
        f"Không có chế độ báo cáo mã '{code}' / unknown data set", field="dataset", value=code
    )


def _dataset(row: models.DataSet) -> regimes.DataSet:
    return regimes.DataSet(
        code=row.code,
        name_vi=row.name_vi,
        name_en=row.name_en,
        legal_basis=row.legal_basis,
        period_type=PeriodType(row.period_type),
        calendar=Calendar(row.calendar),
        indicators=tuple(
            regimes.DataSetIndicator(
                indicator=entry.indicator.code,
                categories=tuple(c.code for c in entry.categories.all()),
            )
            for entry in row.entries.all()
        ),
        levels=tuple(Level(level) for level in row.levels),
        deadlines=regimes.sort_deadlines(
            [regimes.Deadline(regimes.Stage(d.stage), d.days) for d in row.deadlines.all()]
        ),
        departments=tuple(row.departments),
        compilers=tuple(row.compilers),
    )


def indicators_all() -> list[models.Indicator]:
    return list(
        models.Indicator.objects.select_related("pillar", "numerator", "denominator")
        .prefetch_related("categories", "placements__framework_pillar__framework")
        .all()
    )


def indicator_names(codes: Iterable[str]) -> dict[str, str]:
    """The Vietnamese name of each indicator code of the catalogue among ``codes``."""
    return dict(models.Indicator.objects.filter(code__in=set(codes)).values_list("code", "name_vi"))


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
        unit_label_en=row.unit_label_en,
        definition_vi=row.definition_vi,
        definition_en=row.definition_en,
        numerator=row.numerator.code if row.numerator else "",
        denominator=row.denominator.code if row.denominator else "",
        categories=tuple(c.code for c in row.categories.all()),
        source_system=row.source_system,
        source_system_en=row.source_system_en,
        public=row.public,
        headline=row.headline,
        levels=tuple(Level(level) for level in row.levels),
        placements=tuple(
            engine.Placement(
                framework=p.framework_pillar.framework.code,
                pillar=p.framework_pillar.code,
                ref=p.ref,
            )
            for p in row.placements.all()
        ),
    )


@dataclass(frozen=True)
class Schedule:
    """Who is expected to report a regime's period, to whom, and by when."""

    dataset: regimes.DataSet
    period: Period
    expected: list[regimes.Expected]


def dataset_schedule(*, dataset_code: str, period_id: str, province_code: str) -> Schedule:
    """The units of the province expected to report the period (an identifier of the
    regime's period type, read in its calendar), each with its receiver and deadline."""
    dataset = dataset_get(dataset_code)
    period = parse_period(period_id, dataset.calendar)
    units = reporting_units(province_code)
    return Schedule(dataset, period, regimes.expected_units(dataset, period, units))
