"""Reads of the entry form: the fields of a regime for a unit and period, each with the
unit's approved value of the previous period and of the same period last year, and the
draft being worked on."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

from chuyendoiso.access.selectors import Actor, Permissions
from chuyendoiso.catalog.selectors import catalog_get, dataset_get
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import catalog as engine_catalog
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.engine.domain.periods import (
    Period,
    label_vi,
    parse_period,
    previous_period,
    same_period_last_year,
)
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import orgunit_by_key, orgunit_resolve

# a value's place in the form: (indicator, category option; "" for the total)
Place = tuple[str, str]


@dataclass(frozen=True)
class EntryField:
    """One figure to enter: an indicator's total or one option of a disaggregation."""

    indicator: engine_catalog.Indicator
    option: str  # "" for the total, else CATEGORY:OPTION
    option_label: str
    previous: engine.DataValue | None
    last_year: engine.DataValue | None
    draft: engine.DataValue | None

    @property
    def key(self) -> str:
        """The name of its inputs: CODE, or CODE__CATEGORY__OPTION."""
        return "__".join(
            [self.indicator.code, *self.option.split(":")] if self.option else [self.indicator.code]
        )

    @property
    def is_ratio(self) -> bool:
        return self.indicator.value_type is engine_catalog.ValueType.RATIO


@dataclass(frozen=True)
class PillarGroup:
    pillar: engine_catalog.Pillar
    fields: list[EntryField] = field(default_factory=list)


@dataclass(frozen=True)
class EntryForm:
    dataset: regimes.DataSet
    org_unit: OrgUnit
    period: Period
    previous: Period
    last_year: Period
    groups: list[PillarGroup]
    editable: bool  # the user may write the unit's figures; else it only reads them
    names: dict[str, str]  # indicator code -> its name, for the numerators and denominators

    @property
    def period_label(self) -> str:
        return label_vi(self.period)

    @property
    def fields(self) -> list[EntryField]:
        return [each for group in self.groups for each in group.fields]


def entry_form(*, user: Actor, dataset_code: str, org_code: str, period_id: str) -> EntryForm:
    """The form of the regime for the unit and period. Raises ``NotFoundError`` or
    ``ValidationError`` for an unknown regime, unit or period, ``PermissionDeniedError``
    unless the user may write the unit's figures or at least read its drafts."""
    dataset = dataset_get(dataset_code)
    period = parse_period(period_id, dataset.calendar)
    if period.type is not dataset.period_type:
        raise ValidationError(
            f"Chế độ {dataset.code} báo cáo theo kỳ '{dataset.period_type}', không phải "
            f"'{period_id}' / the regime's periods are of type {dataset.period_type}",
            field="period",
            value=period_id,
        )
    if "@" in org_code:  # CODE@STRUCTURE, as the submission page links here
        unit = orgunit_by_key(org_code, today=period.end)
    else:
        unit = orgunit_resolve(org_code, start=period.start, end=period.end)
    permissions = Permissions(user)
    editable = permissions.can(Action.WRITE, unit)
    if not editable and not permissions.can(Action.READ_DRAFT, unit):
        raise PermissionDeniedError(
            f"Bạn không có quyền nhập hay xem số liệu chưa duyệt của {unit.code} {unit.name} "
            "/ you may neither enter nor read this unit's draft figures",
            action=Action.WRITE.value,
            org_unit=unit.code,
        )
    previous, last_year = previous_period(period), same_period_last_year(period)
    stored = _stored(dataset, unit, [period, previous, last_year])
    catalog = catalog_get()
    categories = {category.code: category for category in catalog.categories}
    groups = {pillar.code: PillarGroup(pillar) for pillar in catalog.pillars}
    for entry in dataset.indicators:
        indicator = catalog.indicator(entry.indicator)
        options = [("", gettext("Tổng số"))] + [
            (
                engine.category_option_code(code, option.code),
                f"{categories[code].name_vi}: {option.name_vi}",
            )
            for code in entry.categories
            for option in categories[code].options
        ]
        for option, label in options:
            place = (indicator.code, option)
            groups[indicator.pillar].fields.append(
                EntryField(
                    indicator,
                    option,
                    label,
                    previous=stored.get((*place, previous.id, engine.Status.APPROVED)),
                    last_year=stored.get((*place, last_year.id, engine.Status.APPROVED)),
                    draft=stored.get((*place, period.id, engine.Status.DRAFT)),
                )
            )
    return EntryForm(
        dataset,
        unit,
        period,
        previous,
        last_year,
        [group for group in groups.values() if group.fields],
        editable,
        {indicator.code: indicator.name_vi for indicator in catalog.indicators},
    )


def _stored(
    dataset: regimes.DataSet, unit: OrgUnit, periods: list[Period]
) -> dict[tuple[str, str, str, engine.Status], engine.DataValue]:
    """The unit's stored values of the regime's indicators for ``periods``, by
    (indicator, option, period id, status)."""
    rows = DataValue.objects.filter(
        org_unit=unit,
        indicator__code__in=[entry.indicator for entry in dataset.indicators],
        period__in=[period.id for period in periods],
        calendar=dataset.calendar.value,
    )
    return {
        (value.indicator, value.category_option, value.period, value.status): value
        for value, _ in values_read(rows)
    }
