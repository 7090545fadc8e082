"""The whole reading of a text: figures, matches, checks; as JSON-ready data or plain text.

``factcheck(text, catalog)`` runs the three steps; ``FactCheckResult.to_dict()`` is what
``cds factcheck --format json`` prints, ``render_text()`` the plain-text report,
``segments()`` cuts the text for a page that highlights each figure, and
``proposed_values()`` gives the matched figures as engine DataValues for an import as
drafts (the caller sets the org unit and saves them through its own service).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chuyendoiso.engine.domain.catalog import Catalog, ValueType
from chuyendoiso.engine.domain.datavalues import (
    DataValue,
    Origin,
    Qualifier,
    plain_decimal,
    ratio_percent,
)
from chuyendoiso.engine.domain.errors import in_language
from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.reader.check import MIN_CONFIDENCE, Lookup, check
from chuyendoiso.engine.reader.extract import read
from chuyendoiso.engine.reader.lexicon import Lexicon
from chuyendoiso.engine.reader.match import Matcher
from chuyendoiso.engine.reader.model import (
    ChangeKind,
    Check,
    ExtractedFigure,
    FigurePeriod,
    Kind,
    Match,
    Verdict,
)
from chuyendoiso.engine.reader.placement import Placement

RATIO_DECIMALS = 2  # a ratio the text gives only as a fraction is stored with 2 decimals


@dataclass(frozen=True)
class FactCheckResult:
    text: str  # the text the spans refer to (NFC)
    document_period: Period | None
    figures: tuple[ExtractedFigure, ...]
    matches: tuple[Match, ...]  # one per figure, same order
    checks: tuple[Check, ...]
    truncated: bool = False
    place: Placement | None = None  # the unit compared with, and why (``placement``)

    @property
    def matched(self) -> list[Match]:
        return [m for m in self.matches if m.indicator is not None]

    @property
    def unmatched(self) -> list[ExtractedFigure]:
        return [
            f
            for f, m in zip(self.figures, self.matches, strict=True)
            if m.indicator is None and f.kind is not Kind.CHANGE
        ]

    @property
    def inconsistent(self) -> list[Check]:
        return [c for c in self.checks if c.status is Verdict.INCONSISTENT]

    def summary(self) -> dict[str, int]:
        by_status = {s.value: 0 for s in Verdict}
        for c in self.checks:
            by_status[c.status.value] += 1
        return {
            "figures": len(self.figures),
            "matched": len(self.matched),
            "unmatched": len(self.unmatched),
            "checks": len(self.checks),
            **by_status,
        }

    # --- JSON ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_period": self.document_period.id if self.document_period else None,
            "org_unit": self.place.to_dict() if self.place else None,
            "summary": self.summary(),
            "truncated": self.truncated,
            "figures": [
                _figure_dict(f, m) for f, m in zip(self.figures, self.matches, strict=True)
            ],
            "checks": [_check_dict(c) for c in self.checks],
        }

    # --- text ------------------------------------------------------------------------------

    def render_text(self) -> str:
        s = self.summary()
        lines = [
            "KIỂM TRA SỐ LIỆU BÁO CÁO",
            f"Kỳ báo cáo: {self.document_period.id if self.document_period else 'không rõ'}",
            *(in_language(line, "vi") for line in (self.place.lines() if self.place else [])),
            f"{s['figures']} số liệu; {s['matched']} gắn được chỉ tiêu, "
            f"{s['unmatched']} chưa gắn; {s['checks']} phép kiểm tra: "
            f"{s['consistent']} khớp, {s['inconsistent']} không khớp, "
            f"{s['not_checkable']} không kiểm tra được.",
        ]
        if self.truncated:
            lines.append(
                f"Văn bản quá nhiều số liệu: chỉ đọc {s['figures']} số liệu đầu, phần sau không "
                "được kiểm tra."
            )
        lines += ["", "SỐ LIỆU"]
        if not self.figures:
            lines.append("Không tìm thấy số liệu nào trong văn bản.")
        for figure, match in zip(self.figures, self.matches, strict=True):
            where = match.period.id or "?"
            code = match.indicator or "—"
            extra = f" [{match.confidence:.2f}]" if match.indicator else ""
            lines.append(
                f"#{figure.id:<3} «{figure.text}» = {_plain(figure.value)} {figure.kind.value}"
                f" | {where}{' (tính đến ngày)' if match.period.as_of else ''}"
                f"{' (mục tiêu)' if figure.target else ''}"
                f" | {code}{extra} | {figure.subject}"
            )
        lines += ["", "KIỂM TRA"]
        marks = {Verdict.CONSISTENT: "✓", Verdict.INCONSISTENT: "✗", Verdict.NOT_CHECKABLE: "?"}
        for c in self.checks:
            ids = ", ".join(f"#{i}" for i in c.figures)
            said = in_language(c.message, "vi")
            lines.append(f"{marks[c.status]} [{c.kind.value}] {ids}: {said}")
            if c.arithmetic:
                lines.append(f"    {c.arithmetic}")
        return "\n".join(lines) + "\n"

    def segments(self) -> Iterator[tuple[str, int | None]]:
        """The text cut into pieces, each with the id of the figure it is, or None."""
        pos = 0
        for figure in sorted(self.figures, key=lambda f: f.start):
            if figure.start < pos:
                continue
            if figure.start > pos:
                yield self.text[pos : figure.start], None
            yield self.text[figure.start : figure.end], figure.id
            pos = figure.end
        if pos < len(self.text):
            yield self.text[pos:], None

    # --- import --------------------------------------------------------------------------------

    def proposed_values(
        self,
        catalog: Catalog,
        *,
        org_unit: str = "",
        source: str = "",
        min_confidence: float = MIN_CONFIDENCE,
    ) -> list[DataValue]:
        """The matched figures as data values (one per indicator and period, first wins)."""
        indicators = {i.code: i for i in catalog.indicators}
        values: dict[tuple[str, str, str], DataValue] = {}

        def add(value: DataValue) -> None:
            values.setdefault((value.indicator, value.period, value.category_option), value)

        for figure, match in zip(self.figures, self.matches, strict=True):
            if (
                match.indicator is None
                or match.confidence < min_confidence
                or figure.target
                or figure.kind is Kind.CHANGE
                or figure.baseline_of is not None
                or match.period.period is None
            ):
                continue
            indicator = indicators[match.indicator]
            common = _common(figure, match.period, org_unit, source)
            if figure.kind is Kind.RATIO and figure.denominator:
                stated = self._stated_share(figure)
                decimals = stated.decimals if stated else RATIO_DECIMALS
                percent = (
                    stated.value
                    if stated
                    else ratio_percent(figure.value, figure.denominator, RATIO_DECIMALS)
                )
                for code, part in (
                    (match.numerator, figure.value),
                    (match.denominator, figure.denominator),
                ):
                    if code:
                        add(DataValue(indicator=code, value=part, **common))
                add(
                    DataValue(
                        indicator=indicator.code,
                        value=percent,
                        numerator=figure.value,
                        denominator=figure.denominator,
                        decimals=decimals,
                        **_with(common, qualifier=stated.qualifier if stated else Qualifier.EXACT),
                    )
                )
                continue
            if figure.kind is Kind.PERCENT and figure.percent_of is not None:
                base = self.figures[figure.percent_of]
                if base.kind is Kind.RATIO:
                    continue  # stored with its fraction above
                if base.whole is not None and indicator.value_type is ValueType.RATIO:
                    add(
                        DataValue(
                            indicator=indicator.code,
                            value=figure.value,
                            numerator=base.value,
                            denominator=self.figures[base.whole].value,
                            decimals=figure.decimals,
                            **_with(common, qualifier=figure.qualifier),
                        )
                    )
                    continue
            comparison = figure.comparison
            change = level = None
            if (
                comparison is not None
                and comparison.value is not None
                and not comparison.against_plan
            ):
                if comparison.measure is ChangeKind.PERCENT:
                    change = comparison.signed_value
                elif comparison.measure is ChangeKind.LEVEL:
                    level = comparison.value
            add(
                DataValue(
                    indicator=indicator.code,
                    value=figure.value,
                    category_option=match.category_option,
                    decimals=figure.decimals,
                    scale=figure.scale,
                    change_stated=change,
                    level_stated=level,
                    **_with(common, qualifier=figure.qualifier),
                )
            )
        return list(values.values())

    def _stated_share(self, ratio: ExtractedFigure) -> ExtractedFigure | None:
        for figure in self.figures:
            if figure.kind is Kind.PERCENT and figure.percent_of == ratio.id:
                return figure
        return None


def _common(
    figure: ExtractedFigure, period: FigurePeriod, org_unit: str, source: str
) -> dict[str, Any]:
    assert period.period is not None
    return {
        "org_unit": org_unit,
        "period": period.period.id,
        "reference_date": period.reference_date,
        "origin": Origin.REPORTED,
        "source": source,
        "comment": f"trích từ văn bản: «{figure.text}»",
        "qualifier": Qualifier.EXACT,
    }


def _with(common: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**common, **changes}


def _plain(value: Decimal) -> str:
    return plain_decimal(value)


def _figure_dict(figure: ExtractedFigure, match: Match) -> dict[str, Any]:
    comparison = figure.comparison
    return {
        "id": figure.id,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "value": _plain(figure.value),
        "value_vi": format_number(figure.value, figure.decimals)
        if figure.value.is_finite()
        else "",
        "kind": figure.kind.value,
        "decimals": figure.decimals,
        "scale": figure.scale,
        "unit": figure.unit,
        "subject": figure.subject,
        "qualifier": figure.qualifier.value,
        "qualifier_word": figure.qualifier_word,
        "bound": figure.bound.value,
        "denominator": _plain(figure.denominator) if figure.denominator is not None else None,
        "period": {
            "id": figure.period.id,
            "label": figure.period.label_vi,
            "as_of": figure.period.as_of,
            "to_date": figure.period.to_date,
            "cumulative": figure.period.cumulative,
            "source": figure.period.source.value,
            "text": figure.period.text,
        },
        "comparison": None
        if comparison is None
        else {
            "direction": comparison.direction.value,
            "measure": comparison.measure.value,
            "value": _plain(comparison.value) if comparison.value is not None else None,
            "decimals": comparison.decimals,
            "baseline": comparison.baseline_text,
            "baseline_period": comparison.baseline_period.id
            if comparison.baseline_period
            else None,
            "figure": comparison.figure,
            "baseline_figure": comparison.baseline_figure,
        },
        "whole": figure.whole,
        "parts": list(figure.parts),
        "parts_complete": figure.parts_complete,
        "percent_of": figure.percent_of,
        "compares": figure.compares,
        "baseline_of": figure.baseline_of,
        "target": figure.target,
        "notes": list(figure.notes),
        "match": {
            "indicator": match.indicator,
            "confidence": match.confidence,
            "reason": match.reason,
            "period": match.period.id,
            "as_of": match.period.as_of,
            "numerator": match.numerator,
            "denominator": match.denominator,
            "category_option": match.category_option,
            "baseline_period": match.baseline_period.id if match.baseline_period else None,
            "alternatives": [{"indicator": c, "confidence": s} for c, s in match.alternatives],
        },
    }


def _check_dict(c: Check) -> dict[str, Any]:
    return {
        "kind": c.kind.value,
        "status": c.status.value,
        "figures": list(c.figures),
        "indicator": c.indicator,
        "stated": c.stated,
        "expected": _plain(c.expected) if c.expected is not None else None,
        "arithmetic": c.arithmetic,
        "arithmetic_en": c.arithmetic_in("en"),
        "message": c.message,
    }


def factcheck(
    text: str,
    catalog: Catalog,
    *,
    lookup: Lookup | None = None,
    period: Period | None = None,
    lexicon: Lexicon | None = None,
    matcher: Matcher | None = None,
) -> FactCheckResult:
    """Extract, match and check ``text``; ``period`` is the report's period if known."""
    extraction = read(text, period=period, lexicon=lexicon)
    matcher = matcher or Matcher(catalog, lexicon)
    matches = matcher.match(extraction.figures, text=extraction.text)
    checks = check(extraction.figures, matches, lookup=lookup, lexicon=lexicon, catalog=catalog)
    return FactCheckResult(
        extraction.text,
        extraction.document_period,
        extraction.figures,
        tuple(matches),
        tuple(checks),
        extraction.truncated,
    )
