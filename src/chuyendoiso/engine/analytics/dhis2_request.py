"""DHIS2's analytics parameters read into what they ask for: indicators, periods, org units.

The parameters, as DHIS2's ``/api/analytics`` takes them (a subset, docs/open-data.md):

- ``dimension=dx:A;B``, ``dimension=pe:2024;2025``, ``dimension=ou:19;LEVEL-district``: a
  dimension of the rows; ``filter=pe:2024S1``: a dimension fixed to one item, not in the
  rows; ``dx=``, ``pe=``, ``ou=``: the platform's short form of ``dimension=``.
- ``dx``: indicator codes. ``pe``: period ids (``2024``, ``2024S1``, ``2024Q1``,
  ``202401``) or relative periods (``THIS_YEAR``, ``LAST_12_MONTHS``, ...) counted from
  ``today``. ``ou``: org-unit codes (``CODE@STRUCTURE`` where a code repeats across the
  2025 reorganisation), ``USER_ORGUNIT`` (for the public: the top units),
  ``USER_ORGUNIT_CHILDREN``, ``USER_ORGUNIT_GRANDCHILDREN``, and ``LEVEL-commune`` (also
  ``district``, ``province``, ``department``): the units of that level inside the units
  named with it (``19;LEVEL-commune``), or inside the top units.
- ``calendar``: ``calendar`` (default) or ``nd09``, the dates of the periods.

Every refusal is a ``ValidationError`` naming the parameter as written (``field``), the
dimension and the item, with the reason. A request is at most ``MAX_CELLS`` cells
(indicators x periods x units); ``cells_check`` says so again once the units are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.periods import (
    Calendar,
    Period,
    PeriodType,
    parse_period,
    period_for_date,
    previous_period,
)

MAX_CELLS = 10_000  # DHIS2 stops at 50,000 rows; a public figure is computed, not read
PERIOD_TYPES = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)
PERIOD_FORMS = "2024, 2024S1, 2024Q1, 202401, THIS_YEAR, LAST_12_MONTHS, ..."
SHORT_FORMS = ("dx", "pe", "ou")  # the platform's own: dx=A;B as dimension=dx:A;B
LEVEL_PREFIX = "LEVEL-"


class Dimension(StrEnum):
    DX = "dx"  # data: indicators
    PE = "pe"  # periods
    OU = "ou"  # org units


class UserOrgUnit(StrEnum):
    """DHIS2's units relative to the caller; for the public, the top units of the hierarchy."""

    USER_ORGUNIT = "USER_ORGUNIT"
    USER_ORGUNIT_CHILDREN = "USER_ORGUNIT_CHILDREN"
    USER_ORGUNIT_GRANDCHILDREN = "USER_ORGUNIT_GRANDCHILDREN"

    @property
    def depth(self) -> int:
        """How far below the top units: 0 the units themselves, 1 their children, 2 below."""
        return {"USER_ORGUNIT": 0, "USER_ORGUNIT_CHILDREN": 1}.get(self.value, 2)


# DHIS2's relative periods: (type, periods back from the current one, how many), oldest first
RELATIVE_PERIODS: dict[str, tuple[PeriodType, int, int]] = {
    "THIS_MONTH": (PeriodType.MONTH, 0, 1),
    "LAST_MONTH": (PeriodType.MONTH, 1, 1),
    "LAST_3_MONTHS": (PeriodType.MONTH, 1, 3),
    "LAST_6_MONTHS": (PeriodType.MONTH, 1, 6),
    "LAST_12_MONTHS": (PeriodType.MONTH, 1, 12),
    "THIS_QUARTER": (PeriodType.QUARTER, 0, 1),
    "LAST_QUARTER": (PeriodType.QUARTER, 1, 1),
    "LAST_4_QUARTERS": (PeriodType.QUARTER, 1, 4),
    "THIS_SIX_MONTH": (PeriodType.HALF, 0, 1),
    "LAST_SIX_MONTH": (PeriodType.HALF, 1, 1),
    "LAST_2_SIXMONTHS": (PeriodType.HALF, 1, 2),
    "THIS_YEAR": (PeriodType.YEAR, 0, 1),
    "LAST_YEAR": (PeriodType.YEAR, 1, 1),
    "LAST_5_YEARS": (PeriodType.YEAR, 1, 5),
}


@dataclass(frozen=True)
class UnitSelection:
    """The ``ou`` items: the units named (by code, or relative to the top units) and, with
    levels, the units of those levels inside them instead."""

    codes: tuple[str, ...] = ()  # "19", "164@before_2025"
    user: tuple[UserOrgUnit, ...] = ()
    levels: tuple[Level, ...] = ()

    @property
    def single(self) -> bool:
        """Whether the items name one unit as it is: one code, or ``USER_ORGUNIT``."""
        return not self.levels and (
            (len(self.codes), self.user) in ((1, ()), (0, (UserOrgUnit.USER_ORGUNIT,)))
        )

    @property
    def named(self) -> int:
        """How many units the items name before levels are expanded (a lower bound)."""
        return len(self.codes) + len(self.user)


@dataclass(frozen=True)
class AnalyticsRequest:
    indicators: tuple[str, ...]
    periods: tuple[Period, ...]  # in the order asked (relative ones oldest first), each once
    units: UnitSelection
    rows: tuple[Dimension, ...]  # the dimensions of the rows, in the order they were asked
    filters: tuple[Dimension, ...]  # the dimensions fixed to one item
    calendar: Calendar
    parameters: Mapping[Dimension, str]  # the parameter each dimension came from: "dimension"


def parse_analytics(
    params: Iterable[tuple[str, str]], *, today: dt.date, max_cells: int = MAX_CELLS
) -> AnalyticsRequest:
    """Read the query's (name, value) pairs, in their order; other parameters are ignored,
    as DHIS2 ignores those it does not use. ``dx`` and ``pe`` are required; without
    ``ou``, the rows are those of the top units (``ou=USER_ORGUNIT``)."""
    pairs = list(params)
    calendar = _calendar(pairs)
    given: dict[Dimension, tuple[str, list[str]]] = {}
    rows: list[Dimension] = []
    filters: list[Dimension] = []
    for name, value in pairs:
        if name in ("dimension", "filter"):
            dimension, items = _dimension(name, value)
        elif name in SHORT_FORMS:
            dimension, items = Dimension(name), _items(name, name, value)
        else:
            continue
        if dimension in given:
            raise ValidationError(
                f"Chiều '{dimension}' được nêu hai lần / dimension given twice",
                field=name,
                dimension=dimension.value,
            )
        given[dimension] = (name, items)
        (filters if name == "filter" else rows).append(dimension)
    for required in (Dimension.DX, Dimension.PE):
        if required not in given:
            raise ValidationError(
                f"Thiếu chiều '{required}' / the dimension '{required}' is required",
                field="dimension",
                dimension=required.value,
                expected=f"dimension={required}:... hoặc/or {required}=...",
            )
    if Dimension.OU not in given:
        given[Dimension.OU] = ("ou", [UserOrgUnit.USER_ORGUNIT.value])
        rows.append(Dimension.OU)
    sources = {dimension: name for dimension, (name, _) in given.items()}
    request = AnalyticsRequest(
        indicators=tuple(given[Dimension.DX][1]),
        periods=_periods(sources[Dimension.PE], given[Dimension.PE][1], calendar, today),
        units=_units(sources[Dimension.OU], given[Dimension.OU][1]),
        rows=tuple(rows),
        filters=tuple(filters),
        calendar=calendar,
        parameters=sources,
    )
    _one_item_filters(request)
    cells_check(request, request.units.named, max_cells=max_cells)
    return request


def cells_check(request: AnalyticsRequest, units: int, *, max_cells: int = MAX_CELLS) -> None:
    """Refuse a request of more than ``max_cells`` cells for ``units`` org units, naming
    the parameter of its largest dimension (the one to narrow)."""
    sizes = {
        Dimension.DX: len(request.indicators),
        Dimension.PE: len(request.periods),
        Dimension.OU: units,
    }
    cells = sizes[Dimension.DX] * sizes[Dimension.PE] * sizes[Dimension.OU]
    if cells <= max_cells:
        return
    largest = max(sizes, key=lambda dimension: sizes[dimension])
    raise ValidationError(
        f"Yêu cầu có {cells} ô, quá {max_cells}; hãy thu hẹp chiều '{largest}' "
        f"/ {cells} cells asked, at most {max_cells}",
        field=request.parameters[largest],
        dimension=largest.value,
        cells=cells,
        limit=max_cells,
    )


def _calendar(pairs: list[tuple[str, str]]) -> Calendar:
    values = [value for name, value in pairs if name == "calendar"]
    if len(values) > 1:
        raise ValidationError("Tham số 'calendar' nêu hai lần / given twice", field="calendar")
    text = values[0].strip().lower() if values else Calendar.CALENDAR.value
    try:
        return Calendar(text)
    except ValueError:
        raise ValidationError(
            "Lịch kỳ không hợp lệ / unknown calendar",
            field="calendar",
            value=values[0],
            expected=", ".join(c.value for c in Calendar),
        ) from None


def _dimension(name: str, value: str) -> tuple[Dimension, list[str]]:
    """``dx:A;B`` -> (dx, [A, B])."""
    head, colon, tail = value.partition(":")
    try:
        dimension = Dimension(head.strip().lower())
    except ValueError:
        raise ValidationError(
            "Chiều không hỗ trợ / unsupported dimension",
            field=name,
            value=head.strip(),
            expected=", ".join(d.value for d in Dimension),
        ) from None
    if not colon:
        raise ValidationError(
            f"Thiếu các mục của chiều '{dimension}' / the dimension lists no items",
            field=name,
            dimension=dimension.value,
            expected=f"{dimension}:A;B",
        )
    return dimension, _items(name, dimension.value, tail)


def _items(name: str, dimension: str, text: str) -> list[str]:
    """The items of ``A;B``, each once, in order; an empty one is refused."""
    items = [item.strip() for item in text.split(";")]
    for position, item in enumerate(items, start=1):
        if not item:
            raise ValidationError(
                "Mục rỗng / empty item",
                field=name,
                dimension=dimension,
                item=position,
                expected="A;B",
            )
    return list(dict.fromkeys(items))


def _periods(name: str, items: list[str], calendar: Calendar, today: dt.date) -> tuple[Period, ...]:
    periods: list[Period] = []
    for position, item in enumerate(items, start=1):
        relative = RELATIVE_PERIODS.get(item.upper())
        if relative is not None:
            periods += _relative(*relative, calendar=calendar, today=today)
            continue
        try:
            period = parse_period(item, calendar)
        except ValidationError as exc:
            raise _bad_period(name, item, position, exc.message) from None
        if period.type not in PERIOD_TYPES:
            reason = "Kỳ phải là năm, 6 tháng, quý hoặc tháng / a year, half-year, quarter or month"
            raise _bad_period(name, item, position, reason)
        periods.append(period)
    return tuple(dict.fromkeys(periods))


def _bad_period(name: str, item: str, position: int, reason: str) -> ValidationError:
    """``reason`` (Vietnamese / English) for the ``position``-th item of ``name``."""
    return ValidationError(
        reason,
        field=name,
        dimension=Dimension.PE.value,
        item=position,
        value=item,
        expected=PERIOD_FORMS,
    )


def _relative(
    period_type: PeriodType, back: int, count: int, *, calendar: Calendar, today: dt.date
) -> list[Period]:
    """``count`` periods of the type, oldest first, the last ``back`` periods before the
    one that holds ``today``."""
    last = period_for_date(today, period_type, calendar)
    for _ in range(back):
        last = previous_period(last)
    periods = [last]
    while len(periods) < count:
        periods.insert(0, previous_period(periods[0]))
    return periods


def _units(name: str, items: list[str]) -> UnitSelection:
    codes: list[str] = []
    user: list[UserOrgUnit] = []
    levels: list[Level] = []
    for position, item in enumerate(items, start=1):
        word = item.upper()
        if word in UserOrgUnit.__members__:
            user.append(UserOrgUnit(word))
        elif word.startswith(LEVEL_PREFIX):
            levels.append(_level(name, item, position))
        else:
            codes.append(item)
    return UnitSelection(tuple(codes), tuple(user), tuple(levels))


def _level(name: str, item: str, position: int) -> Level:
    try:
        return Level(item[len(LEVEL_PREFIX) :].strip().lower())
    except ValueError:
        raise ValidationError(
            "Cấp đơn vị không hợp lệ / unknown level",
            field=name,
            dimension=Dimension.OU.value,
            item=position,
            value=item,
            expected=", ".join(f"{LEVEL_PREFIX}{level.value}" for level in Level),
        ) from None


def _one_item_filters(request: AnalyticsRequest) -> None:
    """A filter fixes its dimension to one item (DHIS2 would aggregate several)."""
    sizes = {
        Dimension.DX: len(request.indicators),
        Dimension.PE: len(request.periods),
        Dimension.OU: 1 if request.units.single else 2,
    }
    for dimension in request.filters:
        if sizes[dimension] != 1:
            raise one_item_error(request, dimension)


def one_item_error(request: AnalyticsRequest, dimension: Dimension) -> ValidationError:
    return ValidationError(
        "Bộ lọc chỉ nhận một mục / a filter takes exactly one item",
        field=request.parameters[dimension],
        dimension=dimension.value,
        expected=f"dimension={dimension}:A;B",
    )
