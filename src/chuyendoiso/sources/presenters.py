"""A source computation as text or JSON, for the command line."""

from __future__ import annotations

import json

from chuyendoiso.engine.domain.datavalues import plain_decimal
from chuyendoiso.engine.domain.vnnumbers import format_number
from chuyendoiso.engine.sources import ComputeResult
from chuyendoiso.sources.services import SourceOutcome


def outcome_dict(outcome: SourceOutcome) -> dict[str, object]:
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
                "period": f.period_id,
                "value": plain_decimal(f.value),
                "numerator": None if f.numerator is None else plain_decimal(f.numerator),
                "denominator": None if f.denominator is None else plain_decimal(f.denominator),
            }
            for f in outcome.figures
        ],
    }


def describe_outcome(outcome: SourceOutcome, fmt: str) -> str:
    data = outcome_dict(outcome)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
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
    lines.append(f"{'chỉ tiêu':<28} {'đơn vị':<8} {'giá trị':>16}")
    for f in outcome.figures:
        value = format_number(f.value, 2 if f.numerator is not None else 0)
        lines.append(f"{f.indicator:<28} {f.org_unit:<8} {value:>16}")
    return "\n".join(lines) + "\n"


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
