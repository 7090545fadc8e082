"""The province's total of each indicator a source computes, from its figures per org unit.

Figures are per org unit as found in the records: a record names one unit (a commune, a
district, the province itself or a department), so the figures of all the units found add
up to the province's total, never counting a record twice. Counts and amounts are summed;
a ratio is recomputed from its summed numerator and denominator (never averaged); a
distinct count does not add up across units (a computer may be cleaned in two communes),
and neither does a ratio built on one: they have no total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chuyendoiso.engine.sources.definitions import SourceDefinition
from chuyendoiso.engine.sources.results import ComputedFigure, ratio_value


@dataclass(frozen=True)
class IndicatorTotal:
    """The total of one indicator over the units of the figures. ``adds_up`` False: a
    distinct count (or a ratio of one), ``value`` None. A ratio whose summed denominator
    is 0 adds up but has no value."""

    indicator: str
    adds_up: bool
    value: Decimal | None
    numerator: Decimal | None = None  # ratios only
    denominator: Decimal | None = None


def province_totals(
    definition: SourceDefinition, figures: Iterable[ComputedFigure]
) -> list[IndicatorTotal]:
    """One total per indicator of ``definition`` that has figures, in the definition's order."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    present: set[str] = set()
    for figure in figures:
        present.add(figure.indicator)
        sums[figure.indicator] += figure.value
    additive = {m.indicator: m.measure.additive for m in definition.metrics}
    totals = [
        IndicatorTotal(
            m.indicator, additive[m.indicator], sums[m.indicator] if additive[m.indicator] else None
        )
        for m in definition.metrics
        if m.indicator in present
    ]
    for ratio in definition.ratios:
        if ratio.indicator not in present:
            continue
        if not (additive.get(ratio.numerator) and additive.get(ratio.denominator)):
            totals.append(IndicatorTotal(ratio.indicator, False, None))
            continue
        numerator, denominator = sums[ratio.numerator], sums[ratio.denominator]
        value = ratio_value(numerator, denominator) if denominator else None
        totals.append(IndicatorTotal(ratio.indicator, True, value, numerator, denominator))
    return totals
