"""Metric definitions: how a source's records become indicator figures (data/sources/*.yaml).

A metric counts records, sums a column or counts distinct values of a column, over the
records that pass its filter and whose date column places them in the period; figures are
per org unit. A ratio is the quotient of two metrics of the same source, times 100,
recomputed from its parts whenever parts are added up. ``columns`` maps schema columns to
the names an export gives them (``id: Mã hồ sơ``), so that a file need not be edited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from chuyendoiso.engine.sources.schema import RecordSchema


class Measure(StrEnum):
    COUNT = "count"  # number of records
    SUM = "sum"  # sum of a column (integer or amount)
    COUNT_DISTINCT = "count_distinct"  # number of distinct values of a column

    @property
    def additive(self) -> bool:
        """Whether figures of disjoint sets of records add up (distinct counts do not)."""
        return self is not Measure.COUNT_DISTINCT


class KeyPolicy(StrEnum):
    """What a repeated record id means in a source (docs/sources.md, "Record ids")."""

    UNIQUE = "unique"  # an error: every later occurrence is quarantined as duplicate_id
    TRUSTED = "trusted"  # the exporting system guarantees unique ids: not searched
    LATEST = "latest"  # versions of one entity: the latest by ``latest_by`` is kept


class Window(StrEnum):
    PERIOD = "period"  # the date lies within the period (flows)
    TO_DATE = "to_date"  # the date is on or before the period's end (stocks, cumulative)


@dataclass(frozen=True)
class MetricDefinition:
    indicator: str
    measure: Measure
    date_column: str
    org_unit_column: str  # the source's org unit column (one per source)
    column: str | None = None  # for SUM and COUNT_DISTINCT
    filter: str | None = None  # SQL boolean expression over the record's columns
    window: Window = Window.PERIOD
    line: int = 0  # where it is defined, for messages


@dataclass(frozen=True)
class RatioDefinition:
    indicator: str
    numerator: str  # indicator code of a metric of the same source
    denominator: str
    line: int = 0


@dataclass(frozen=True)
class SourceDefinition:
    code: str
    name_vi: str
    name_en: str
    schema: RecordSchema
    metrics: tuple[MetricDefinition, ...]
    ratios: tuple[RatioDefinition, ...] = ()
    key_policy: KeyPolicy = KeyPolicy.UNIQUE
    latest_by: str | None = None  # KeyPolicy.LATEST: the column ordering the versions
    path: str = ""
    # (schema column, the export's name for it): the columns an export names differently
    columns: tuple[tuple[str, str], ...] = ()

    def export_name(self, column: str) -> str:
        """The name of a schema column in the export files (its own unless mapped)."""
        return dict(self.columns).get(column, column)

    def metric(self, indicator: str) -> MetricDefinition:
        return next(m for m in self.metrics if m.indicator == indicator)

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(m.indicator for m in self.metrics) + tuple(r.indicator for r in self.ratios)

    @property
    def sha256(self) -> str:
        """A digest of what the definition computes: the same after a comment, a moved line
        or a moved file, different after any change to a metric, ratio or the schema."""
        data = asdict(self)
        if not data["columns"]:  # no mapping: the digest of a definition written before them
            del data["columns"]
        canonical = json.dumps(_without_places(data), sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normal_name(name: str) -> str:
    """A column name as files are matched: letter case, surrounding spaces and a byte-order
    mark do not matter."""
    return name.replace("\ufeff", "").strip().casefold()


def _without_places(value: Any) -> Any:
    """``value`` without the line numbers and the path that say where it was read."""
    if isinstance(value, dict):
        return {k: _without_places(v) for k, v in value.items() if k not in ("line", "path")}
    if isinstance(value, list | tuple):
        return [_without_places(v) for v in value]
    return value
