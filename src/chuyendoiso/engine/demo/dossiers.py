"""Synthetic dossiers calibrated on the seed report (Thái Nguyên, 01/01-27/05/2024).

Every dossier is received within [start, end]; processed ones also get their result
within it. With ``rows`` dossiers, exactly ``processed_count(rows)`` are processed and,
among them, the on-time, electronic-result and digitised counts are the seed's rates
applied to that number, rounded half-up; the reuse count is the seed's rate of all
received. So at the seed's scale (275,540 rows) the dossier metrics over the generated
dates give exactly 275,540 received, 262,969 processed, 99.63% on time, 78.72% electronic
results, 76.45% digitised and 77.21% reuse; at other scales the same rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chuyendoiso.engine.demo.draws import Draws
from chuyendoiso.engine.domain.errors import ValidationError

SEED_RECEIVED = 275_540
SEED_PROCESSED = 262_969
SEED_RATES = {  # percentages stated in the seed report, with their denominators
    "on_time": Decimal("99.63"),  # of processed
    "electronic": Decimal("78.72"),  # of processed
    "digitised": Decimal("76.45"),  # of processed
    "reuse": Decimal("77.21"),  # of received
}
ONLINE_SHARE = 0.62  # not in the seed: share of dossiers filed online
_LIMIT_DAYS = {"1": 10, "3": 25, "5": 25, "7": 15, "10": 15, "15": 7, "20": 3}


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class DossierCounts:
    received: int
    processed: int
    on_time: int
    electronic: int
    digitised: int
    reuse: int


def calibrated_counts(rows: int) -> DossierCounts:
    processed = _round(Decimal(rows) * SEED_PROCESSED / SEED_RECEIVED)

    def share(rate: Decimal, of: int) -> int:
        return _round(of * rate / 100)

    return DossierCounts(
        received=rows,
        processed=processed,
        on_time=share(SEED_RATES["on_time"], processed),
        electronic=share(SEED_RATES["electronic"], processed),
        digitised=share(SEED_RATES["digitised"], processed),
        reuse=share(SEED_RATES["reuse"], rows),
    )


def dossiers_sql(d: Draws) -> str:
    days = d.span_seconds // 86400
    if days < 3:
        raise ValidationError(
            "Khoảng ngày của hồ sơ phải từ 3 ngày / dossiers need at least 3 days",
            field="end",
            value=d.end.isoformat(),
        )
    n = max(d.rows, 1)
    counts = calibrated_counts(d.rows)
    k = max(counts.processed, 1)
    end_second = d.span_seconds - 1
    rank = d.permuted("processed", n)
    limit = f"CAST({d.pick('limit', {key: float(w) for key, w in _LIMIT_DAYS.items()})} AS INTEGER)"
    flags = f"""
        SELECT i, {rank} < {counts.processed} AS processed, {rank} AS j,
          {d.unit()} AS org_unit, {limit} AS limit_days,
          {d.permuted("reuse", n)} < {counts.reuse} AS reused
        FROM range({d.rows}) AS t(i)"""
    among = f"""
        SELECT *, processed AND {d.permuted("on_time", k, "j")} < {counts.on_time} AS on_time,
          processed AND {d.permuted("electronic", k, "j")} < {counts.electronic} AS electronic,
          CASE WHEN processed THEN {d.permuted("digitised", k, "j")} < {counts.digitised}
               ELSE {d.uniform("digitised_pending")} < 0.5 END AS digitised,
          CASE WHEN processed AND NOT ({d.permuted("on_time", k, "j")} < {counts.on_time})
               THEN LEAST(limit_days, {days - 2}) ELSE limit_days END AS limit_used
        FROM ({flags}) AS f"""
    late = "processed AND NOT on_time"
    span = d.span_seconds
    received_span = f"CASE WHEN {late} THEN {span} - (limit_used + 1) * 86400 ELSE {span} END"
    received = f"""
        SELECT *, {d.moment("received", received_span)} AS received_at FROM ({among}) AS a"""
    left = f"({end_second} - date_diff('second', {d.first_second}, received_at))"
    due_offset = "limit_used * 86400"
    duration = d.uniform("duration")
    on_time_offset = f"CAST(FLOOR({duration} * LEAST({due_offset}, {left})) AS BIGINT)"
    late_offset = (
        f"{due_offset} + 1 + CAST(FLOOR({duration} * ({left} - {due_offset} - 1)) AS BIGINT)"
    )
    status = d.pick(
        "pending_status",
        {"received": 0.2, "in_progress": 0.6, "supplement_requested": 0.15, "withdrawn": 0.05},
    )
    tag, online = d.seed % 65536, f"{d.uniform('channel')} < {ONLINE_SHARE}"
    return _with_last_change(f"""
        SELECT
          printf('%s-%s-%04X%09d', org_unit, strftime(received_at, '%y%m%d'), {tag}, i) AS id,
          org_unit,
          received_at,
          CASE WHEN processed THEN (CASE WHEN {d.uniform("returned")} < 0.92
               THEN 'returned' ELSE 'processed' END) ELSE {status} END AS status,
          CASE WHEN {online} THEN 'online' ELSE 'direct' END AS channel,
          received_at + to_seconds({due_offset}) AS due_at,
          CASE WHEN NOT processed THEN NULL
               WHEN on_time THEN received_at + to_seconds({on_time_offset})
               ELSE received_at + to_seconds({late_offset}) END AS processed_at,
          electronic AS has_electronic_result,
          digitised AS is_digitised,
          reused AS reused_digitised_data,
          electronic AND {online} AS fully_online,
          printf('1.%06d', {d.integer("procedure", 2400)}) AS procedure_code
        FROM ({received}) AS r""")


def _with_last_change(records: str) -> str:
    """The dossiers with ``updated_at``, their last change of status: the result if any,
    else the reception."""
    return f"SELECT *, COALESCE(processed_at, received_at) AS updated_at FROM ({records}) AS d"
