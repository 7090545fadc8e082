"""The open-data API's answers as JSON-ready data: DHIS2's analytics response (``headers``,
``rows``, ``metaData``, ``height``, ``width``), the public indicators and the org units.

A row holds the dimensions asked for as rows (``dx`` the indicator's code, ``pe`` the
period id, ``ou`` the unit's key: its code, or ``CODE@STRUCTURE`` where a code repeats
across the 2025 reorganisation), then the value as text (never a float), then the
platform's own columns: how the figure was stated (``qualifier``), whether it is
``synthetic`` (demo data) and whether every unit expected reported it (``complete``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chuyendoiso.analytics.presenters import figure_cells
from chuyendoiso.analytics.selectors import FigureRow, Unit
from chuyendoiso.catalog.models import Indicator
from chuyendoiso.engine.analytics import Dimension
from chuyendoiso.engine.domain.periods import label_en, label_vi
from chuyendoiso.opendata.selectors import AnalyticsAnswer
from chuyendoiso.orgunits.models import OrgUnit

# name: (column in Vietnamese / English, DHIS2's value type, DHIS2's Java type, a dimension)
_HEADERS: dict[str, tuple[str, str, str, bool]] = {
    Dimension.DX.value: ("Chỉ tiêu / Data", "TEXT", "java.lang.String", True),
    Dimension.PE.value: ("Kỳ / Period", "TEXT", "java.lang.String", True),
    Dimension.OU.value: ("Đơn vị / Organisation unit", "TEXT", "java.lang.String", True),
    "value": ("Giá trị / Value", "NUMBER", "java.lang.Double", False),
    "qualifier": ("Cách nêu / Qualifier", "TEXT", "java.lang.String", False),
    "synthetic": ("Giả lập / Synthetic", "BOOLEAN", "java.lang.Boolean", False),
    "complete": ("Đủ đơn vị báo cáo / Complete", "BOOLEAN", "java.lang.Boolean", False),
}
VALUE_COLUMNS = ("value", "qualifier", "synthetic", "complete")
DIMENSION_NAMES = {
    Dimension.DX: ("Chỉ tiêu", "Data"),
    Dimension.PE: ("Kỳ", "Period"),
    Dimension.OU: ("Đơn vị", "Organisation unit"),
}


def header(name: str) -> dict[str, Any]:
    column, value_type, java_type, meta = _HEADERS[name]
    return {
        "name": name,
        "column": column,
        "valueType": value_type,
        "type": java_type,
        "hidden": False,
        "meta": meta,
    }


def analytics_json(answer: AnalyticsAnswer) -> dict[str, Any]:
    """DHIS2's analytics response: the dimensions of the rows, then the value columns."""
    dimensions = answer.request.rows
    headers = [header(d.value) for d in dimensions] + [header(c) for c in VALUE_COLUMNS]
    rows = [_cells(row, dimensions) for row in answer.rows]
    return {
        "headers": headers,
        "metaData": metadata(answer),
        "rows": rows,
        "height": len(rows),
        "width": len(headers),
        "headerWidth": len(headers),
    }


def _cells(row: FigureRow, dimensions: tuple[Dimension, ...]) -> list[str]:
    keys = {
        Dimension.DX: row.indicator.code,
        Dimension.PE: row.period.id,
        Dimension.OU: row.unit.key,
    }
    cells = figure_cells(row)
    return [keys[d] for d in dimensions] + [_text(cells[column]) for column in VALUE_COLUMNS]


def _text(cell: str | Decimal | None) -> str:
    if cell is None:
        return ""
    return format(cell, "f") if isinstance(cell, Decimal) else cell


def metadata(answer: AnalyticsAnswer) -> dict[str, Any]:
    """Every item asked for, filters too, with its names (``items``), and the items of each
    dimension in the order asked (``dimensions``)."""
    request = answer.request
    items: dict[str, dict[str, str]] = {
        d.value: {"name": vi, "nameEn": en} for d, (vi, en) in DIMENSION_NAMES.items()
    }
    for indicator in answer.indicators:
        items[indicator.code] = {"name": indicator.name_vi, "nameEn": indicator.name_en}
    for period in request.periods:
        items[period.id] = {"name": label_vi(period), "nameEn": label_en(period)}
    units = [Unit.of(unit) for unit in answer.units]
    for unit, row in zip(units, answer.units, strict=True):
        items[unit.key] = {"name": row.name, "nameEn": row.name_en or row.name}
    return {
        "items": items,
        "dimensions": {
            Dimension.DX.value: [indicator.code for indicator in answer.indicators],
            Dimension.PE.value: [period.id for period in request.periods],
            Dimension.OU.value: [unit.key for unit in units],
        },
        "calendar": request.calendar.value,
    }


def indicator_json(row: Indicator) -> dict[str, Any]:
    """A public indicator as the API lists it: what it counts, how, and from where."""
    return {
        "code": row.code,
        "name": row.name_vi,
        "nameEn": row.name_en,
        "pillar": row.pillar.code,
        "pillarName": row.pillar.name_vi,
        "pillarNameEn": row.pillar.name_en,
        "definition": row.definition_vi,
        "definitionEn": row.definition_en,
        "unit": row.unit,
        "unitLabel": row.unit_label_vi,
        "unitLabelEn": row.unit_label_en,
        "valueType": row.value_type,
        "aggregationOrg": row.aggregation_org,
        "aggregationTime": row.aggregation_time,
        "direction": row.direction,
        "numerator": _part(row.numerator),
        "denominator": _part(row.denominator),
        "sourceSystem": row.source_system,
        "sourceSystemEn": row.source_system_en,
        "headline": row.headline,
    }


def _part(part: Indicator | None) -> str | None:
    """A ratio's part, named only when public (the catalogue refuses a public ratio with an
    internal part; a part made internal later is not named)."""
    return part.code if part is not None and part.public else None


def orgunit_json(row: OrgUnit) -> dict[str, Any]:
    """An org unit: ``key`` is what ``ou`` takes where its code repeats."""
    parent = Unit.of(row.parent).key if row.parent else None
    return {
        "code": row.code,
        "key": Unit.of(row).key,
        "name": row.name,
        "nameEn": row.name_en,
        "level": row.level,
        "structure": row.structure,
        "parent": parent,
        "validFrom": row.valid_from.isoformat() if row.valid_from else None,
        "validTo": row.valid_to.isoformat() if row.valid_to else None,
    }
