"""District parts of the reported figures of "19".

Every reported province figure (before the merger, no disaggregation) of an additive
indicator is split among the 9 old districts of Thái Nguyên by largest remainder, so the
parts add up exactly. A ratio reported with its parts has its denominator split, then its
numerator split under it (no district above 100%); an indicator reported with the same
figure as a ratio's numerator or denominator gets the very same parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from chuyendoiso.engine.demo.anchors import Anchor
from chuyendoiso.engine.demo.apportion import largest_remainder, quantum_of
from chuyendoiso.engine.demo.geography import PROVINCE, Geography
from chuyendoiso.engine.demo.randomness import between, rng_for
from chuyendoiso.engine.demo.series import Point
from chuyendoiso.engine.domain.catalog import Catalog, Indicator, OrgAggregation, ValueType
from chuyendoiso.engine.domain.datavalues import ratio_percent


class DistrictSplitter:
    """Splits reported figures among the districts of "19", each figure once.

    A figure split as the denominator (or numerator) of a ratio is reused when the same
    indicator is split with the same figure on its own, so both show the same districts.
    """

    def __init__(self, geography: Geography, seed: int) -> None:
        self.units = geography.districts[PROVINCE]
        self.geography = geography
        self.seed = seed
        self.known: dict[tuple[str, str, Decimal], list[Decimal]] = {}

    def plain(self, code: str, period: str, amount: Decimal) -> list[Decimal]:
        key = (code, period, amount)
        if key not in self.known:
            weights = self.geography.weights(self.seed, code, period, self.units)
            self.known[key] = largest_remainder(amount, weights, quantum_of([amount]))
        return self.known[key]

    def bounded(
        self, code: str, period: str, amount: Decimal, caps: Sequence[Decimal]
    ) -> list[Decimal]:
        """Parts no larger than ``caps``: a numerator's under its denominator's."""
        known = self.known.get((code, period, amount))
        if known is not None and all(p <= c for p, c in zip(known, caps, strict=True)):
            return known
        rng = rng_for(self.seed, "bounded", code, period)
        weights = [float(cap) * between(rng, (0.95, 1.05)) for cap in caps]
        parts = largest_remainder(amount, weights, quantum_of([amount]), caps)
        self.known.setdefault((code, period, amount), parts)
        return parts

    def ratio(
        self, indicator: Indicator, period: str, num: Decimal, den: Decimal
    ) -> list[tuple[Decimal, Decimal]]:
        """(numerator, denominator) of each district, split as their own indicators are."""
        dens = self.plain(indicator.denominator or f"{indicator.code}/den", period, den)
        nums = self.bounded(indicator.numerator or f"{indicator.code}/num", period, num, dens)
        return list(zip(nums, dens, strict=True))


def prime_ratio_parts(
    splitter: DistrictSplitter, catalog: Catalog, anchors: dict[str, list[Anchor]]
) -> None:
    """Split the parts of ratios first, so that numerators stay under denominators."""
    for indicator in catalog.indicators:
        if indicator.value_type is not ValueType.RATIO:
            continue
        for anchor in anchors.get(indicator.code, []):
            if anchor.before_merger and (parts := anchor.parts) is not None:
                splitter.ratio(indicator, anchor.period.id, *parts)
        nums = {a.period.id: a.value.value for a in anchors.get(indicator.numerator, [])}
        for anchor in anchors.get(indicator.denominator, []):
            num = nums.get(anchor.period.id)
            if anchor.before_merger and num is not None and num <= anchor.value.value:
                splitter.ratio(indicator, anchor.period.id, num, anchor.value.value)


def district_parts(
    splitter: DistrictSplitter, indicator: Indicator, anchor: Anchor
) -> list[Point | None] | None:
    """The district parts of one reported figure, if it is split (step 1).

    A district whose ratio denominator is 0 gets no ratio value (None): its numerator is 0
    too, so the others still add up to the province.
    """
    if not anchor.before_merger:
        return None
    if indicator.aggregation_org is OrgAggregation.SUM and indicator.value_type in (
        ValueType.COUNT,
        ValueType.AMOUNT,
    ):
        amounts = splitter.plain(indicator.code, anchor.period.id, anchor.value.value)
        return [Point(amount) for amount in amounts]
    if indicator.value_type is ValueType.RATIO and (parts := anchor.parts) is not None:
        decimals = anchor.value.decimals
        return [
            Point(ratio_percent(num, den, decimals), num, den) if den > 0 else None
            for num, den in splitter.ratio(indicator, anchor.period.id, *parts)
        ]
    return None
