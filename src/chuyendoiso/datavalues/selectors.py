"""Reads of data values, returned as the engine's dataclasses."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from chuyendoiso.access.selectors import Actor, units_where
from chuyendoiso.catalog.selectors import catalog_get, dataset_get
from chuyendoiso.datavalues.convert import values_of
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain import regimes
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.datavalues import Unapproved
from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.engine.domain.periods import Period, parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.selectors import (
    orgunit_resolve,
    orgunit_subtree,
    reporting_units,
)
from chuyendoiso.orgunits.services import unit_key

if TYPE_CHECKING:  # openpyxl loads with it: only the Excel template needs it
    from chuyendoiso.engine.files import values_xlsx


def datavalues_within(
    *,
    org_unit: OrgUnit,
    period: Period,
    origins: tuple[str, ...] = (),
    statuses: tuple[engine.Status, ...] = (engine.Status.APPROVED,),
) -> list[engine.DataValue]:
    """Values of the unit and its descendants whose own period lies inside ``period``, of
    ``statuses`` (approved ones, what reports read, unless asked).

    A figure stated for 01/01–26/05/2024 or as of 15/04/2024 belongs to the half-year
    2024S1 it was reported in, so it is listed there.
    """
    rows = _within(org_unit, period).filter(status__in=[status.value for status in statuses])
    if origins:
        rows = rows.filter(origin__in=origins)
    rows = rows.order_by(
        "indicator__pillar__order",
        "indicator__order",
        "org_unit__path",
        "start_date",
        "end_date",
        # the total first, then its parts by code (CATEGORY:OPTION)
        F("category_option__category__code").asc(nulls_first=True),
        "category_option__code",
        "status",  # an approved value before its draft ("approved" < "draft")
    )
    return values_of(rows)


def datavalues_drafts(
    *, org_unit: OrgUnit, period: Period, indicator: str = "", source: str = ""
) -> list[int]:
    """The ids of the drafts of the unit and its descendants inside ``period`` (as
    ``datavalues_within`` selects), of one indicator and one source when given: what
    ``cds values approve|reject`` reviews."""
    rows = _within(org_unit, period).filter(status=engine.Status.DRAFT.value)
    if indicator:
        rows = rows.filter(indicator__code=indicator)
    if source:
        rows = rows.filter(source=source)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def datavalues_unapproved(
    *, org_unit: OrgUnit, period: Period, indicators: Collection[str] | None = None
) -> Unapproved:
    """What reports and analytics of the unit and period leave out: the drafts of the unit
    and its descendants inside ``period`` (as ``datavalues_within`` selects), of
    ``indicators`` only when given (the public ones, for an anonymous reader)."""
    rows = _within(org_unit, period).filter(status=engine.Status.DRAFT.value)
    if indicators is not None:
        rows = rows.filter(indicator__code__in=indicators)
    names = (
        rows.order_by("indicator__pillar__order", "indicator__order")
        .values_list("indicator__name_vi", flat=True)
        .distinct()
    )
    return Unapproved(
        values=rows.count(),
        units=rows.values("org_unit").distinct().count(),
        indicators=tuple(dict.fromkeys(names)),
    )


def _within(org_unit: OrgUnit, period: Period) -> QuerySet[DataValue]:
    return DataValue.objects.filter(
        org_unit__in=orgunit_subtree(org_unit),
        start_date__gte=period.start,
        end_date__lte=period.end,
    )


@dataclass(frozen=True)
class EntryTemplate:
    """What an Excel entry template of a regime and period holds (engine.files.values_xlsx)."""

    dataset: regimes.DataSet
    period: Period
    rows: list[values_xlsx.TemplateRow]
    stored: list[engine.DataValue]  # the drafts already entered, filled in


def entry_template(
    *,
    dataset_code: str,
    period_id: str,
    province_code: str,
    org_code: str | None = None,
    user: Actor = None,
) -> EntryTemplate:
    """The rows of the units expected to report the regime's period (under ``org_code``
    when given) on which ``user`` may write (``None``: the command line's operator), and
    the drafts already stored for them."""
    dataset = dataset_get(dataset_code)
    period = parse_period(period_id, dataset.calendar)
    expected = regimes.expected_units(dataset, period, reporting_units(province_code))
    units = OrgUnit.objects.all() if user is None else units_where(user, Action.WRITE)
    if org_code:
        top = orgunit_resolve(org_code, start=period.start, end=period.end)
        units = units.filter(path__startswith=top.path)
    writable = {
        unit_key(code, structure) for code, structure in units.values_list("code", "structure")
    }
    chosen = [e.unit for e in expected if e.unit.key in writable]
    if not chosen:
        raise NotFoundError(
            f"Không có đơn vị nào phải báo cáo {dataset.code} kỳ {period.id} mà bạn được nhập "
            "/ no unit you may write reports this regime and period",
            dataset=dataset.code,
            period=period.id,
            org=org_code or "",
        )
    from chuyendoiso.engine.files import values_xlsx

    rows = values_xlsx.template_rows(
        dataset, catalog_get(), [values_xlsx.TemplateUnit(u.code, u.name) for u in chosen]
    )
    drafts = DataValue.objects.filter(
        status=engine.Status.DRAFT.value,
        period=period.id,
        calendar=period.calendar.value,
        org_unit__code__in=[u.code for u in chosen],
        start_date=period.start,
        indicator__code__in=[item.indicator for item in dataset.indicators],
    )
    return EntryTemplate(dataset, period, rows, values_of(drafts))
