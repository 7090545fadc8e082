"""A chart as the pages give it to ``web/_chart.html``: the data once, drawn by
``static/web/charts.js`` (Apache ECharts, canvas) and written out as a table beside it
(docs/decisions/0023-front-end-assets.md).

The data goes to the browser as JSON (``json_script``), not as code, so the content security
policy stays as it is; the table is the page's own rendering of the same rows, in the
notation of the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["bar", "hbar", "line"]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal | int | None, ...]


@dataclass(frozen=True)
class Row:
    """One category of the chart and its value in each series (a row of the table)."""

    category: str
    values: tuple[Decimal | int | None, ...]


@dataclass(frozen=True)
class Chart:
    """``id``: unique on the page, the element's id. ``kind``: ``bar`` (columns), ``hbar``
    (bars, for long category names) or ``line``. ``category_label``: the heading of the
    table's first column. ``description``: what a screen reader says of the picture.
    ``scale`` and ``scale_label``: the value axis counts in millions, billions... with that
    word after each label ("400 nghìn tỷ"), for figures too long to write in full there;
    the tooltips and the table write them in full."""

    id: str
    title: str
    kind: Kind
    category_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    description: str = ""
    unit: str = ""
    decimals: int = 0
    scale: int = 1
    scale_label: str = ""

    def __post_init__(self) -> None:
        for each in self.series:
            if len(each.values) != len(self.categories):
                raise ValueError(
                    f"chart {self.id}: series {each.name!r} has {len(each.values)} values "
                    f"for {len(self.categories)} categories"
                )

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def empty(self) -> bool:
        """No series has a value: the page says so instead of drawing empty axes."""
        return all(value is None for each in self.series for value in each.values)

    @property
    def rows(self) -> list[Row]:
        return [
            Row(category, tuple(each.values[i] for each in self.series))
            for i, category in enumerate(self.categories)
        ]

    def data(self) -> dict[str, Any]:
        """What charts.js reads: numbers as JSON numbers, no value as null."""
        return {
            "kind": self.kind,
            "title": self.title,
            "description": self.description or self.title,
            "unit": self.unit,
            "decimals": self.decimals,
            "scale": self.scale,
            "scaleLabel": self.scale_label,
            "categories": list(self.categories),
            "series": [
                {"name": each.name, "values": [_number(v) for v in each.values]}
                for each in self.series
            ],
        }


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)
