"""The DTI results the ministry published, as data (``data/dti/published.csv``), and where a
self-assessed index would stand among them, in the provinces of the year's structure and in
the 34 provinces from 1 July 2025 (docs/dti.md).

A year published for the 63 provinces is also shown for the 34: each new province takes the
mean of the provinces merged into it (the Ministry of Science and Technology compared DTI
2024 with earlier years this way), marked as composed.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from chuyendoiso.engine.domain.adminunits import MERGER_DATE, Structure
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.dti.scoring import CONTEXT

HEADER: tuple[str, ...] = ("year", "framework", "structure", "province_code", "province_name")
HEADER += ("measure", "value", "rank", "source")
MEASURES = ("DTI", "CQS", "KTS", "XHS", "NTS", "TCS", "HTS", "NLS", "ATTT")
NATIONAL = "VN"  # the national average's code


@dataclass(frozen=True)
class Published:
    year: int
    framework: str
    structure: Structure
    province_code: str
    province_name: str
    measure: str
    value: Decimal | None
    rank: int | None
    source: str
    composed_of: tuple[str, ...] = ()  # the former provinces whose mean it is


class PublishedFileError(ValidationError):
    """Every problem of a published-results file, each with its row and column."""

    def __init__(self, source: str, problems: list[dict[str, object]]) -> None:
        super().__init__(
            f"Tệp kết quả DTI đã công bố có {len(problems)} lỗi / the published DTI results "
            f"file has {len(problems)} error(s)",
            file=source,
            errors=problems,
        )
        self.problems = problems

    def __str__(self) -> str:
        lines = [self.message]
        for p in self.problems:
            lines.append(f"  {self.extra['file']}:{p['row']} [{p['column']}]: {p['reason']}")
        return "\n".join(lines)


def read_published(
    text: str, *, source: str, provinces: Mapping[Structure, set[str]]
) -> list[Published]:
    """The rows of a published-results CSV; ``provinces`` are the codes of each structure.
    Checked whole: every problem is reported with its row (1 is the header) and column."""
    problems: list[dict[str, object]] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple(reader.fieldnames or ()) != HEADER:
        raise PublishedFileError(
            source,
            [
                {
                    "row": 1,
                    "column": "",
                    "reason": f"tiêu đề phải là / header must be: {','.join(HEADER)}",
                }
            ],
        )
    rows: list[Published] = []
    seen: dict[tuple[int, str, str, str], int] = {}
    for number, raw in enumerate(reader, start=2):
        found = _row(raw, number, provinces, problems)
        if found is None:
            continue
        key = (found.year, found.structure.value, found.province_code, found.measure)
        if key in seen:
            problems.append(
                {
                    "row": number,
                    "column": "measure",
                    "reason": f"lặp lại dòng {seen[key]} / repeats row {seen[key]}",
                }
            )
        seen[key] = number
        rows.append(found)
    if problems:
        raise PublishedFileError(source, problems)
    return rows


def _row(
    raw: dict[str, str],
    number: int,
    provinces: Mapping[Structure, set[str]],
    problems: list[dict[str, object]],
) -> Published | None:
    """One row read, or None with its problems added to ``problems``."""
    known = len(problems)

    def problem(column: str, reason: str) -> None:
        problems.append({"row": number, "column": column, "reason": reason})

    cell = {key: (value or "").strip() for key, value in raw.items() if key}
    year = cell["year"]
    if not (year.isdigit() and 2015 <= int(year) <= 2100):
        problem("year", f"'{year}' không phải là năm / not a year")
    try:
        structure = Structure(cell["structure"])
    except ValueError:
        allowed = ", ".join(s.value for s in Structure)
        problem("structure", f"'{cell['structure']}' phải là / must be one of {allowed}")
        structure = Structure.BEFORE_2025
    code = cell["province_code"]
    if code != NATIONAL and code not in provinces.get(structure, set()):
        problem(
            "province_code",
            f"không có tỉnh mã '{code}' trong cơ cấu {structure.value} / no such province",
        )
    if cell["measure"] not in MEASURES:
        problem("measure", f"'{cell['measure']}' phải là / must be one of {', '.join(MEASURES)}")
    value = _decimal(cell["value"])
    if cell["value"] and (value is None or not 0 <= value <= 1):
        problem("value", f"'{cell['value']}' phải là số từ 0 đến 1 / must be a number in 0..1")
    rank = cell["rank"]
    if rank and not (rank.isdigit() and int(rank) >= 1):
        problem("rank", f"'{rank}' phải là số nguyên dương / must be a positive integer")
    if not cell["value"] and not rank:
        problem("value", "cần giá trị hoặc thứ hạng / a value or a rank is needed")
    if not cell["source"]:
        problem("source", "thiếu nguồn / the source is missing")
    if len(problems) > known:
        return None
    return Published(
        int(year),
        cell["framework"],
        structure,
        code,
        cell["province_name"],
        cell["measure"],
        value,
        int(rank) if rank else None,
        cell["source"],
    )


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def composed_after_merger(
    rows: Iterable[Published], merged_into: Mapping[str, str], names: Mapping[str, str]
) -> list[Published]:
    """The 34 provinces' values of a year published for the 63: the mean of each new
    province's former provinces that have a value, ranked among them."""
    groups: dict[tuple[int, str, str], list[Published]] = defaultdict(list)
    for row in rows:
        new = merged_into.get(row.province_code)
        if row.structure is Structure.BEFORE_2025 and row.value is not None and new:
            groups[(row.year, row.measure, new)].append(row)
    composed = [
        Published(
            year,
            parts[0].framework,
            Structure.FROM_2025,
            new,
            names.get(new, new),
            measure,
            CONTEXT.divide(sum((p.value or Decimal(0) for p in parts), Decimal(0)), len(parts)),
            None,
            "; ".join(dict.fromkeys(p.source for p in parts)),
            tuple(p.province_code for p in parts),
        )
        for (year, measure, new), parts in groups.items()
    ]
    return _ranked(composed)


def _ranked(rows: list[Published]) -> list[Published]:
    by_key: dict[tuple[int, str], list[Published]] = defaultdict(list)
    for row in rows:
        by_key[(row.year, row.measure)].append(row)
    ranked: list[Published] = []
    for group in by_key.values():
        for row in group:
            better = sum(1 for other in group if (other.value or 0) > (row.value or 0))
            ranked.append(replace(row, rank=better + 1))
    return ranked


@dataclass(frozen=True)
class Placement:
    """Where a value would stand among the published values of one year, measure and
    structure (the province's own published row left out)."""

    year: int
    measure: str
    structure: Structure
    value: Decimal
    rank: int  # 1 + the provinces with a higher value
    of: int  # provinces compared with, the province itself included
    above: Published | None  # the nearest province above
    below: Published | None  # the nearest province below
    own: Published | None  # the province's own published result, if any
    composed: bool  # the values are means of former provinces


def place(
    value: Decimal,
    rows: Iterable[Published],
    *,
    year: int,
    framework: str,
    structure: Structure,
    own: str | None,
    exclude: Collection[str] = (),
    measure: str = "DTI",
) -> Placement | None:
    """Where ``value`` would rank among the values published for ``year`` under
    ``framework`` in ``structure`` (None: none published). The province itself (``own``:
    its published result is shown apart) and ``exclude`` (the same territory under another
    structure) are left out of the comparison."""
    group = [
        r
        for r in rows
        if (r.year, r.measure, r.structure, r.framework) == (year, measure, structure, framework)
        and r.province_code != NATIONAL
        and r.value is not None
    ]
    left_out = {*exclude, *([own] if own else [])}
    others = [r for r in group if r.province_code not in left_out]
    if not others:
        return None
    mine = next((r for r in group if r.province_code == own), None) if own else None
    higher = sorted((r for r in others if (r.value or 0) > value), key=lambda r: r.value or 0)
    lower = sorted((r for r in others if (r.value or 0) <= value), key=lambda r: -(r.value or 0))
    return Placement(
        year,
        measure,
        structure,
        value,
        len(higher) + 1,
        len(others) + 1,
        higher[0] if higher else None,
        lower[0] if lower else None,
        mine,
        any(r.composed_of for r in others),
    )


def structure_of_year(year: int) -> Structure:
    """The provinces a DTI year is about: the 63 until 2024, the 34 from 2025."""
    return Structure.BEFORE_2025 if year < MERGER_DATE.year else Structure.FROM_2025


def placements_of(
    index: Decimal | None,
    pool: Sequence[Published],
    *,
    province: str,
    year: int,
    framework: str,
    merged_into: Mapping[str, str],
) -> tuple[Placement, ...]:
    """Where the index would stand among the DTI published under the same framework for
    ``year`` and the year before, in the 63 provinces and in the 34 (published, or composed
    from the 63: ``pool`` holds both). In the other structure than the province's own, the
    same territory is left out (``merged_into``: old province -> new) and no published
    result is the province's."""
    if index is None:
        return ()
    own_structure = structure_of_year(year)
    found = []
    for each_year in (year, year - 1):
        for structure in Structure:
            if structure is own_structure:
                own, exclude = province, set()
            elif own_structure is Structure.BEFORE_2025:
                own, exclude = None, {merged_into.get(province, province)}
            else:
                own, exclude = None, {old for old, new in merged_into.items() if new == province}
            direct = [r for r in pool if r.structure is structure and not r.composed_of]
            has_direct = any(
                r.year == each_year and r.framework == framework and r.value is not None
                for r in direct
            )
            placed = place(
                index,
                direct if has_direct else pool,
                year=each_year,
                framework=framework,
                structure=structure,
                own=own,
                exclude=exclude,
            )
            if placed is not None:
                found.append(placed)
    return tuple(found)
