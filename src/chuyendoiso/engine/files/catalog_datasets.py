"""The ``datasets:`` section of the catalogue file: reporting regimes
(docs/catalog-format.md). Every problem is reported at the line of the key or entry it
belongs to, through the catalogue reader's problem collector."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TypeVar

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.catalog import Indicator
from chuyendoiso.engine.domain.periods import Calendar, PeriodType
from chuyendoiso.engine.domain.regimes import (
    DataSet,
    DataSetIndicator,
    Deadline,
    Stage,
    calendar_problem,
    deadline_problems,
    sort_deadlines,
)
from chuyendoiso.engine.files.yamlfile import LineMapping, ProblemCollector

E = TypeVar("E", bound=StrEnum)
_DATASET_KEYS = {
    "code",
    "name_vi",
    "name_en",
    "legal_basis",
    "period_type",
    "calendar",
    "levels",
    "departments",
    "compilers",
    "deadlines",
    "indicators",
}
_ENTRY_KEYS = {"indicator", "categories"}
MAX_DAYS = 366


def read_datasets(
    reader: ProblemCollector, items: list[LineMapping], indicators: Sequence[Indicator]
) -> tuple[DataSet, ...]:
    known = {indicator.code: indicator for indicator in indicators}
    datasets = tuple(_read_dataset(reader, item, known) for item in items)
    reader.unique("datasets", [(i.line, d.code) for i, d in zip(items, datasets, strict=True)])
    return datasets


def _read_dataset(
    reader: ProblemCollector, item: LineMapping, indicators: dict[str, Indicator]
) -> DataSet:
    reader.known_keys(item, _DATASET_KEYS)
    period_type = _choice(reader, item, "period_type", PeriodType)
    calendar = _choice(reader, item, "calendar", Calendar)
    if period_type and calendar and (reason := calendar_problem(period_type, calendar)):
        reader.problem(item.line_of("calendar"), reason)
    listed = _texts(reader, item, "levels")
    levels = tuple(_choice_of(reader, item, "levels", raw, Level) for raw in listed)
    dataset = DataSet(
        code=reader.code(item),
        name_vi=reader.text(item, "name_vi"),
        name_en=reader.text(item, "name_en"),
        legal_basis=reader.text(item, "legal_basis"),
        period_type=period_type or PeriodType.MONTH,
        calendar=calendar or Calendar.CALENDAR,
        indicators=_read_entries(reader, item, indicators),
        levels=tuple(level for level in levels if level is not None),
        deadlines=_read_deadlines(reader, item),
        departments=_texts(reader, item, "departments", required=False),
        compilers=_texts(reader, item, "compilers", required=False),
    )
    _check_levels(reader, item, dataset)
    if len(dataset.levels) == len(levels) and isinstance(item.get("deadlines"), LineMapping):
        for reason in deadline_problems(dataset):
            reader.problem(item.line_of("deadlines"), reason)
    return dataset


def _check_levels(reader: ProblemCollector, item: LineMapping, dataset: DataSet) -> None:
    line = item.line_of("levels")
    if len(set(dataset.levels)) != len(dataset.levels):
        reader.problem(line, "cấp lặp lại trong 'levels' / duplicate level")
    if dataset.departments and Level.DEPARTMENT not in dataset.levels:
        reader.problem(
            item.line_of("departments"),
            "'departments' cần cấp 'department' trong 'levels' "
            "/ 'departments' needs level 'department' in 'levels'",
        )


def _read_deadlines(reader: ProblemCollector, item: LineMapping) -> tuple[Deadline, ...]:
    raw = item.get("deadlines")
    if not isinstance(raw, LineMapping):
        reader.problem(
            item.line_of("deadlines"),
            "thiếu 'deadlines' (bước: số ngày sau ngày chốt số liệu) "
            "/ 'deadlines' must map each stage to days after the cut-off",
        )
        return ()
    deadlines = []
    for key, days in raw.items():
        stage = _choice_of(reader, raw, key, key, Stage, name="deadlines")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
            reader.problem(
                raw.line_of(key), f"hạn '{key}' = '{days}' phải là số ngày từ 0 đến {MAX_DAYS}"
            )
        elif stage is not None:
            deadlines.append(Deadline(stage, days))
    return sort_deadlines(deadlines)


def _read_entries(
    reader: ProblemCollector, item: LineMapping, indicators: dict[str, Indicator]
) -> tuple[DataSetIndicator, ...]:
    entries = reader.items(item, "indicators", required=True)
    if not entries and "indicators" in item:
        reader.problem(item.line_of("indicators"), "chế độ phải có chỉ tiêu / no indicators")
    found: list[DataSetIndicator] = []
    for entry in entries:
        reader.known_keys(entry, _ENTRY_KEYS)
        code = reader.code(entry, "indicator")
        indicator = indicators.get(code)
        if indicator is None:
            if code:
                reader.problem(entry.line, f"chỉ tiêu '{code}' không có trong danh mục")
            continue
        if any(f.indicator == code for f in found):
            reader.problem(entry.line, f"chỉ tiêu '{code}' lặp lại / duplicate indicator")
        found.append(DataSetIndicator(code, _categories(reader, entry, indicator)))
    return tuple(found)


def _categories(
    reader: ProblemCollector, entry: LineMapping, indicator: Indicator
) -> tuple[str, ...]:
    """The listed disaggregations (by code: the order the database keeps); the indicator's
    own ones when the entry lists none, no one with an empty list (totals only)."""
    if "categories" not in entry:
        return tuple(sorted(indicator.categories))
    listed = _texts(reader, entry, "categories", required=False)
    for code in listed:
        if code not in indicator.categories:
            reader.problem(
                entry.line_of("categories"),
                f"chỉ tiêu '{indicator.code}' không có phân tổ '{code}' "
                f"/ not a disaggregation of the indicator",
            )
    return tuple(sorted(code for code in set(listed) if code in indicator.categories))


def _texts(
    reader: ProblemCollector, item: LineMapping, key: str, *, required: bool = True
) -> tuple[str, ...]:
    raw = item.get(key)
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or not all(isinstance(each, str) and each for each in raw):
        reader.problem(item.line_of(key), f"'{key}' phải là danh sách mã / must be a list of codes")
        return ()
    if required and not raw:
        reader.problem(item.line_of(key), f"'{key}' không được để trống / must not be empty")
    return tuple(each.strip() for each in raw)


def _choice(reader: ProblemCollector, item: LineMapping, key: str, enum: type[E]) -> E | None:
    return _choice_of(reader, item, key, item.get(key), enum)


def _choice_of(
    reader: ProblemCollector,
    item: LineMapping,
    key: str,
    raw: Any,
    enum: type[E],
    *,
    name: str = "",
) -> E | None:
    """``raw`` as a member of ``enum``; None and a problem at the line of ``key`` if not
    (``name`` is the field named in the message, ``key`` by default)."""
    try:
        return enum(str(raw))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        reader.problem(
            item.line_of(key),
            f"'{name or key}' = '{raw}' không hợp lệ; chọn một trong / must be one of: {allowed}",
        )
        return None


def dataset_dict(dataset: DataSet) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": dataset.code,
        "name_vi": dataset.name_vi,
        "name_en": dataset.name_en,
        "legal_basis": dataset.legal_basis,
        "period_type": dataset.period_type.value,
        "calendar": dataset.calendar.value,
        "levels": [level.value for level in dataset.levels],
    }
    if dataset.departments:
        data["departments"] = list(dataset.departments)
    if dataset.compilers:
        data["compilers"] = list(dataset.compilers)
    data["deadlines"] = {d.stage.value: d.days for d in dataset.deadlines}
    data["indicators"] = [
        {"indicator": entry.indicator, "categories": list(entry.categories)}
        for entry in dataset.indicators
    ]
    return data
