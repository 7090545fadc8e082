"""Reporting regimes and their schedules as text or JSON, for the command line."""

from __future__ import annotations

import json
from typing import Any

from chuyendoiso.catalog.selectors import Schedule
from chuyendoiso.engine.domain.periods import format_date_vi, label_vi
from chuyendoiso.engine.domain.regimes import DataSet, Expected

_STAGES_VI = {
    "commune": "xã",
    "district": "huyện",
    "department": "sở, ngành",
    "compiler": "tổng hợp",
    "province": "tỉnh",
}


def datasets_text(datasets: tuple[DataSet, ...]) -> str:
    lines = []
    for d in datasets:
        deadlines = ", ".join(f"{x.stage}+{x.days}" for x in d.deadlines)
        lines += [
            f"{d.code}  {d.name_vi}",
            f"  kỳ / period: {d.period_type} ({d.calendar}); cấp / levels: "
            f"{', '.join(d.levels)}; {len(d.indicators)} chỉ tiêu / indicators",
            f"  hạn / deadlines (ngày sau ngày chốt / days after the cut-off): {deadlines}",
        ]
        if d.compilers:
            lines.append(f"  tổng hợp / compiled by: {', '.join(d.compilers)}")
        lines.append(f"  căn cứ / basis: {d.legal_basis}")
    return "\n".join(lines) + "\n"


def schedule_dict(schedule: Schedule) -> dict[str, Any]:
    return {
        "dataSet": schedule.dataset.code,
        "period": schedule.period.id,
        "calendar": schedule.period.calendar.value,
        "start": schedule.period.start.isoformat(),
        "end": schedule.period.end.isoformat(),
        "units": [_expected_dict(e) for e in schedule.expected],
    }


def _expected_dict(expected: Expected) -> dict[str, Any]:
    receiver = expected.reports_to
    return {
        "orgUnit": expected.unit.code,
        "name": expected.unit.name,
        "level": expected.unit.level.value,
        "stage": expected.stage.value,
        "reportsOwn": expected.reports_own,
        "compiles": expected.compiles,
        "reportsTo": receiver.code if receiver else None,
        "deadline": expected.deadline.isoformat(),
    }


def schedule_text(schedule: Schedule) -> str:
    period = schedule.period
    lines = [
        f"{schedule.dataset.code} – {schedule.dataset.name_vi}",
        f"Kỳ {label_vi(period)} ({period.id}): từ {format_date_vi(period.start)} "
        f"đến {format_date_vi(period.end)}; {len(schedule.expected)} đơn vị / units",
    ]
    for e in schedule.expected:
        receiver = f"{e.reports_to.code} {e.reports_to.name}" if e.reports_to else "—"
        lines.append(
            f"{format_date_vi(e.deadline):>10}  {_STAGES_VI[e.stage]:<9}  "
            f"{e.unit.code} {e.unit.name}  →  {receiver}"
        )
    return "\n".join(lines) + "\n"


def schedule_json(schedule: Schedule) -> str:
    return json.dumps(schedule_dict(schedule), ensure_ascii=False, indent=2) + "\n"
