"""What a run returns: figures per indicator and org unit, per-file parts, and the reconciliation.

Values are exact: counts are integers, amounts decimals; a ratio is ``numerator * 100 /
denominator`` rounded half-up to ``RATIO_PLACES`` decimals, always recomputed from its
summed parts (never averaged). A ratio whose denominator is 0 gives no figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.sources.definitions import SourceDefinition
from chuyendoiso.engine.sources.inputs import InputFile

RATIO_PLACES = 6
_QUANTUM = Decimal(1).scaleb(-RATIO_PLACES)


@dataclass(frozen=True)
class ComputedFigure:
    indicator: str
    org_unit: str
    period_id: str
    value: Decimal
    numerator: Decimal | None = None  # ratios only
    denominator: Decimal | None = None


@dataclass(frozen=True)
class PartialFigure:
    """One input file's part of a metric for one org unit (for incremental runs)."""

    file_sha256: str
    indicator: str
    org_unit: str
    period_id: str
    value: Decimal
    additive: bool  # False for distinct counts: parts of several files do not add up


@dataclass(frozen=True)
class Reconciliation:
    """read = accepted + superseded + quarantined; ``by_reason`` adds up to ``quarantined``.

    ``superseded``: earlier versions of a kept record (key policy ``latest``);
    ``outside_period``: accepted records that no metric places in the period.
    """

    read: int
    accepted: int
    quarantined: int
    by_reason: dict[str, int]
    outside_period: int
    superseded: int = 0

    def __post_init__(self) -> None:
        if self.read != self.accepted + self.superseded + self.quarantined or (
            self.quarantined != sum(self.by_reason.values())
        ):
            raise CdsError(
                "Số bản ghi không khớp / record counts do not reconcile",
                read=self.read,
                accepted=self.accepted,
                superseded=self.superseded,
                quarantined=self.quarantined,
                by_reason=self.by_reason,
            )


@dataclass(frozen=True)
class ComputeResult:
    source: str
    period_id: str
    engine: str
    figures: list[ComputedFigure]
    partials: list[PartialFigure]
    reconciliation: Reconciliation
    files: list[InputFile]
    quarantine_path: Path | None
    started_at: datetime
    finished_at: datetime
    skipped: list[Path] = field(default_factory=list)  # files in input folders not read
    key_policy: str = "unique"
    # the id ledger's new parts by file SHA-256 (to install once the figures are stored),
    # and the paths of earlier runs' files whose kept records this run's superseded
    ledger_parts: dict[str, Path] = field(default_factory=dict)
    outvoted: list[str] = field(default_factory=list)

    def figure(self, indicator: str, org_unit: str) -> ComputedFigure | None:
        return next(
            (f for f in self.figures if (f.indicator, f.org_unit) == (indicator, org_unit)), None
        )


@dataclass(frozen=True)
class AggregateRow:
    """One row of the aggregate statement (see ``plan.aggregate_sql``)."""

    file: int | None
    reason: str | None
    unit: str | None
    all_files: bool
    rows: int
    active: int
    measures: tuple[Decimal, ...]

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> AggregateRow:
        file, reason, unit, all_files, rows, active, *measures = row
        return cls(
            file=None if file is None else int(file),
            reason=reason,
            unit=unit,
            all_files=bool(all_files),
            rows=int(rows),
            active=int(active),
            measures=tuple(to_decimal(m) for m in measures),
        )


def to_decimal(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal | int):
        return Decimal(value)
    raise CdsError("Giá trị không chính xác / inexact value from the engine", value=repr(value))


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator * 100 / denominator).quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def figures_from_totals(
    definition: SourceDefinition,
    period_id: str,
    totals: dict[tuple[str, str], Decimal],
    units: Iterable[str],
) -> list[ComputedFigure]:
    """Metric figures for the given units, then ratios recomputed from them."""
    figures: list[ComputedFigure] = []
    ordered_units = sorted(set(units))
    for metric in definition.metrics:
        for unit in ordered_units:
            value = totals.get((metric.indicator, unit), Decimal(0))
            figures.append(ComputedFigure(metric.indicator, unit, period_id, value))
    for ratio in definition.ratios:
        for unit in ordered_units:
            numerator = totals.get((ratio.numerator, unit), Decimal(0))
            denominator = totals.get((ratio.denominator, unit), Decimal(0))
            if denominator:
                figures.append(
                    ComputedFigure(
                        ratio.indicator,
                        unit,
                        period_id,
                        ratio_value(numerator, denominator),
                        numerator,
                        denominator,
                    )
                )
    return figures


def combine_partials(
    definition: SourceDefinition, partials: Iterable[PartialFigure], period_id: str
) -> tuple[list[ComputedFigure], list[str]]:
    """Figures from stored per-file parts (incremental runs), and the indicators left out.

    Additive parts are summed and ratios recomputed from the sums. A distinct count is kept
    only when all its parts come from one file; otherwise it is left out and named in the
    second list: it must be computed again over all the files.
    """
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    files: dict[str, set[str]] = defaultdict(set)
    units: set[str] = set()
    for part in partials:
        if part.period_id != period_id:
            continue
        totals[(part.indicator, part.org_unit)] += part.value
        files[part.indicator].add(part.file_sha256)
        units.add(part.org_unit)
    left_out = sorted(
        m.indicator
        for m in definition.metrics
        if not m.measure.additive and len(files[m.indicator]) > 1
    )
    for indicator in left_out:
        for unit in units:
            totals.pop((indicator, unit), None)
    figures = figures_from_totals(definition, period_id, totals, units)
    dropped = set(left_out)
    dropped |= {r.indicator for r in definition.ratios if {r.numerator, r.denominator} & dropped}
    return [f for f in figures if f.indicator not in dropped], sorted(dropped)
