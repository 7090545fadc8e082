"""What every kind of check shares: the figures and their matches, intervals, numbers.

A figure stated exactly is exact (counts) or exact to its last written digit (89,44 means
[89,435; 89,445)); "khoảng" widens it by 5%, "gần" means at most it and not 10% below,
"hơn"/"trên" means at least it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.datavalues import Qualifier
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.model import (
    Bound,
    Check,
    CheckKind,
    ExtractedFigure,
    Kind,
    Match,
    Verdict,
)

Lookup = Callable[[str, Period], "tuple[Decimal, int] | None"]
MIN_CONFIDENCE = 0.5  # matches below this are not used to relate figures
_SHOWN_DECIMALS = 4


@dataclass(frozen=True)
class Interval:
    """The values a stated figure allows."""

    lo: Decimal
    hi: Decimal | None  # None: no upper bound ("hơn 100")

    def meets(self, other: Interval) -> bool:
        if self.hi is not None and other.lo > self.hi:
            return False
        return not (other.hi is not None and self.lo > other.hi)

    @property
    def exact(self) -> bool:
        return self.hi == self.lo


def interval(
    value: Decimal, decimals: int, scale: int, bound: Bound, qualifier: Qualifier, *, whole: bool
) -> Interval:
    """What a stated figure allows, from its last written digit and its qualifier."""
    half = (
        Decimal(0)
        if whole and decimals == 0 and scale == 1
        else Decimal("0.5").scaleb(-decimals) * scale
    )
    lo, hi = value - half, value + half
    if bound is Bound.APPROX:
        lo, hi = min(lo, value * Decimal("0.95")), max(hi, value * Decimal("1.05"))
    elif bound is Bound.AT_MOST:
        lo = value * Decimal("0.9") if qualifier is Qualifier.GAN else Decimal(0)
    elif bound is Bound.AT_LEAST:
        return Interval(lo, None)
    return Interval(lo, hi)


def figure_interval(figure: ExtractedFigure) -> Interval:
    whole = figure.kind in (Kind.COUNT, Kind.RATIO, Kind.AMOUNT, Kind.RANK)
    return interval(
        figure.value, figure.decimals, figure.scale, figure.bound, figure.qualifier, whole=whole
    )


def num(value: Decimal, decimals: int | None = None) -> str:
    """A number in Vietnamese notation: 1.567.705; 89,44; up to 4 decimals when not given."""
    if decimals is None:
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        decimals = min(places, _SHOWN_DECIMALS)
        text = format_number(value, decimals)
        return text + ("…" if places > _SHOWN_DECIMALS else "")
    return format_number(value, decimals)


def divide(a: Decimal, b: Decimal) -> Decimal | None:
    with localcontext() as ctx:
        ctx.prec = 40
        try:
            return a / b
        except (DivisionByZero, InvalidOperation):
            return None


def is_exact(*figures: ExtractedFigure) -> bool:
    return all(f.bound is Bound.EXACT for f in figures)


class Checker:
    """The figures of a text, their matches, and the checks found so far (shared)."""

    def __init__(
        self,
        figures: Sequence[ExtractedFigure],
        matches: Sequence[Match] | None,
        lookup: Lookup | None,
        checks: list[Check] | None = None,
        lexicon: Lexicon | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.f = figures
        self.m = {m.figure: m for m in matches or ()}
        self.lookup = lookup
        self.checks: list[Check] = [] if checks is None else checks
        self.lexicon = lexicon
        self.indicators = {i.code: i for i in catalog.indicators} if catalog else {}
        self._by_statement: dict[tuple[str, str | None, Kind], ExtractedFigure] | None = None

    def code(self, figure: ExtractedFigure) -> str | None:
        match = self.m.get(figure.id)
        if match is None or match.indicator is None or match.confidence < MIN_CONFIDENCE:
            return None
        return match.indicator

    def add(
        self,
        kind: CheckKind,
        ok: bool | None,
        figures: Sequence[int],
        stated: str,
        expected: Decimal | None,
        arithmetic: str,
        message: str,
        arithmetic_en: str = "",
    ) -> None:
        status = (
            Verdict.NOT_CHECKABLE
            if ok is None
            else Verdict.CONSISTENT
            if ok
            else Verdict.INCONSISTENT
        )
        self.checks.append(
            Check(
                kind,
                status,
                tuple(figures),
                stated,
                expected,
                arithmetic,
                message,
                next((c for i in figures if (c := self.code(self.f[i])) is not None), None),
                arithmetic_en,
            )
        )
