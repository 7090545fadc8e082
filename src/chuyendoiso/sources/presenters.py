"""A source computation as text or JSON, for the command line.

Figures are grouped by indicator, each unit named, and each indicator ends with the
province's total (``engine.sources.totals``: counts and amounts summed over the units found
in the records, ratios from the summed parts, none for a distinct count).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from chuyendoiso.catalog.selectors import indicator_names
from chuyendoiso.engine.domain.datavalues import plain_decimal
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.sources import ComputeResult, IndicatorTotal, province_totals
from chuyendoiso.orgunits.selectors import orgunit_names
from chuyendoiso.sources.services import SourceOutcome

NO_TOTAL = "không cộng được / does not add up"


@dataclass(frozen=True)
class _Names:
    units: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)


def _names(outcome: SourceOutcome) -> _Names:
    period = outcome.period
    return _Names(
        orgunit_names({f.org_unit for f in outcome.figures}, start=period.start, end=period.end),
        indicator_names({f.indicator for f in outcome.figures}),
    )


def _totals(outcome: SourceOutcome) -> list[IndicatorTotal]:
    if outcome.definition is None:
        return []
    return province_totals(outcome.definition, outcome.figures)


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def outcome_dict(outcome: SourceOutcome, names: _Names | None = None) -> dict[str, object]:
    names = names or _names(outcome)
    result = outcome.result
    return {
        "period": outcome.period.id,
        "engine": result.engine if result else None,
        "key_policy": result.key_policy if result else None,
        "new_files": [
            {"path": str(f.path), "sha256": f.sha256, "rows": f.rows}
            for f in (result.files if result else [])
        ],
        "files_already_processed": [str(f.path) for f in outcome.known_files],
        "files_skipped": [str(path) for path in outcome.skipped],
        "reconciliation": (
            {
                "read": result.reconciliation.read,
                "accepted": result.reconciliation.accepted,
                "superseded": result.reconciliation.superseded,
                "quarantined": result.reconciliation.quarantined,
                "by_reason": result.reconciliation.by_reason,
                "outside_period": result.reconciliation.outside_period,
            }
            if result
            else None
        ),
        "quarantine_file": str(result.quarantine_path)
        if result and result.quarantine_path
        else None,
        "loaded": outcome.run is not None,
        "run": outcome.run.pk if outcome.run else None,
        "figures": [
            {
                "indicator": f.indicator,
                "org_unit": f.org_unit,
                "unit_name": names.units.get(f.org_unit),
                "period": f.period_id,
                "value": plain_decimal(f.value),
                "numerator": _plain(f.numerator),
                "denominator": _plain(f.denominator),
            }
            for f in outcome.figures
        ],
        "totals": [
            {
                "indicator": t.indicator,
                "indicator_name": names.indicators.get(t.indicator),
                "adds_up": t.adds_up,
                "value": _plain(t.value),
                "numerator": _plain(t.numerator),
                "denominator": _plain(t.denominator),
            }
            for t in _totals(outcome)
        ],
    }


def describe_outcome(outcome: SourceOutcome, fmt: str) -> str:
    names = _names(outcome)
    if fmt == "json":
        return json.dumps(outcome_dict(outcome, names), ensure_ascii=False, indent=2) + "\n"
    lines = []
    result = outcome.result
    if result is None:
        lines.append("Mọi tệp đã được tính trước đây: không có gì thay đổi / nothing new.")
    else:
        r = result.reconciliation
        superseded = (
            f"+ {format_number(r.superseded)} phiên bản cũ bị thay thế "
            if result.key_policy == "latest"
            else ""
        )
        lines.append(
            f"Đọc {format_number(r.read)} bản ghi = {format_number(r.accepted)} hợp lệ "
            f"{superseded}+ {format_number(r.quarantined)} cách ly"
        )
        if result.key_policy == "trusted":
            lines.append(
                "Mã bản ghi không được dò trùng (key_policy: trusted, hệ thống nguồn bảo đảm "
                "mã duy nhất); kiểm tra đầy đủ: cds sources verify / ids not searched"
            )
        for reason, count in sorted(r.by_reason.items()):
            lines.append(f"  - {reason}: {format_number(count)}")
        if result.quarantine_path:
            lines.append(f"Tệp cách ly: {result.quarantine_path}")
    for path in outcome.skipped:
        lines.append(f"Bỏ qua (không phải csv, parquet, jsonl) / skipped: {path}")
    lines.append("Đã nạp thành số liệu." if outcome.run else "Chưa nạp (--dry-run hoặc không đổi).")
    lines += _figure_lines(outcome, names)
    return "\n".join(lines) + "\n"


def _figure_lines(outcome: SourceOutcome, names: _Names) -> list[str]:
    """Per indicator: its name, a line per unit (code, name, value), the province's total."""
    totals = {t.indicator: t for t in _totals(outcome)}
    by_indicator: dict[str, list[str]] = {}
    for f in outcome.figures:
        ratio = f.numerator is not None and f.denominator is not None
        value = _number(f.value, ratio, f.numerator, f.denominator)
        unit = f"{f.org_unit:<10} {names.units.get(f.org_unit, '?')[:40]:<40}"
        by_indicator.setdefault(f.indicator, []).append(f"  {unit} {value:>16}")
    lines = []
    for indicator, unit_lines in by_indicator.items():
        name = names.indicators.get(indicator)
        lines.append(f"{indicator}" + (f" — {name}" if name else ""))
        lines += unit_lines
        total = totals.get(indicator)
        if total is not None:
            lines.append(f"  {'Tổng toàn tỉnh / province total':<51} {_total(total):>16}")
    return lines


def _number(
    value: Decimal, ratio: bool, numerator: Decimal | None, denominator: Decimal | None
) -> str:
    if not ratio or numerator is None or denominator is None:
        return format_number(value)
    return f"{format_number(value, 2)}% ({format_number(numerator)}/{format_number(denominator)})"


def _total(total: IndicatorTotal) -> str:
    if not total.adds_up:
        return NO_TOTAL
    if total.value is None:  # a ratio whose parts sum to a denominator of 0
        return "—"
    return _number(total.value, total.numerator is not None, total.numerator, total.denominator)


KEY_REASONS = ("missing_id", "duplicate_id")


def describe_verification(result: ComputeResult) -> tuple[str, bool]:
    """The text of ``cds sources verify`` and whether some id is missing or repeated."""
    r = result.reconciliation
    found = {reason: r.by_reason.get(reason, 0) for reason in KEY_REASONS}
    lines = [
        f"Đọc {format_number(r.read)} bản ghi của {len(result.files)} tệp / records read",
        f"  mã trùng / duplicate_id: {format_number(found['duplicate_id'])}",
        f"  thiếu mã / missing_id: {format_number(found['missing_id'])}",
    ]
    if r.superseded:
        lines.append(f"  phiên bản cũ / superseded: {format_number(r.superseded)}")
    others = r.quarantined - sum(found.values())
    if others:
        lines.append(f"  lỗi khác / other problems: {format_number(others)}")
    if result.quarantine_path:
        lines.append(f"Danh sách bản ghi / records listed in: {result.quarantine_path}")
    if not any(found.values()):
        lines.append("Không có mã trùng hay thiếu / every id is present and unique.")
    return "\n".join(lines) + "\n", any(found.values())
