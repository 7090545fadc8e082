"""The aggregate of a run with the record checks evaluated once per group of like records.

Per record, only what varies from record to record is computed: the windows, the parts of
the filters that read dates, amounts and other per-record columns ("atoms") and the checks
of those columns (missing, unreadable, negative), packed as bits into one integer. Records
are grouped by that integer and by the stored text of the org unit and choice columns
(few distinct values); everything else (their conversion, the check of the org unit
against the known units, the choice lists, the reasons in schema order, the rest of the
filters) is evaluated once per group. An atom keeps SQL's three values (true, false,
unknown) in two bits, so that ``NOT`` and ``OR`` over it stay exact. The rows are those of
``plan.aggregate_sql``, the reference, which remains the way for a distinct count (it needs
every record's value).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources.checks import FileScan, Physical, Reason, typed
from chuyendoiso.engine.sources.definitions import KeyPolicy, Measure, SourceDefinition
from chuyendoiso.engine.sources.expressions import DIALECT, literal, parse_filter, quote
from chuyendoiso.engine.sources.schema import Column, ColumnType, Role

MAX_BITS = 62


def applies(definition: SourceDefinition) -> bool:
    """Whether the grouped aggregate computes this definition's measures (no distinct
    count) within the bits of one integer."""
    if any(m.measure is Measure.COUNT_DISTINCT for m in definition.metrics):
        return False
    try:
        _layout(definition, _window_sqls(definition, None))
    except _TooManyConditions:
        return False
    return True


def _grouped(column: Column) -> bool:
    return column.role is Role.ORG_UNIT or column.type is ColumnType.CHOICE


class _TooManyConditions(Exception):
    pass


@dataclass
class _Layout:
    """The per-record conditions (SQL over the typed columns, by name) and where each sits
    in ``_bits``; the filters rewritten to read their atoms from the bits."""

    conditions: list[tuple[str, int]] = field(default_factory=list)  # (sql, width)
    width: int = 0
    filters: dict[str, str] = field(default_factory=dict)  # filter SQL -> group SQL

    def flag(self, condition: str) -> str:
        """Packed as 1 (true) or 0 (false or unknown); the test on a group."""
        offset = self._add(condition, 1)
        return f"((_bits >> {offset}) & 1) = 1"

    def three_valued(self, condition: str) -> str:
        """Packed as 1, 0 or 2 (unknown); the value on a group, unknown again."""
        offset = self._add(condition, 2)
        return f"(CASE ((_bits >> {offset}) & 3) WHEN 1 THEN TRUE WHEN 0 THEN FALSE END)"

    def _add(self, condition: str, width: int) -> int:
        offset, self.width = self.width, self.width + width
        if self.width > MAX_BITS:
            raise _TooManyConditions
        self.conditions.append((condition, width))
        return offset

    def packed(self, per_file: dict[str, str]) -> str:
        """``_bits`` of a record, each condition's SQL replaced as ``per_file`` says."""
        parts, offset = [], 0
        for condition, width in self.conditions:
            sql = per_file.get(condition, condition)
            value = (
                f"CASE WHEN {sql} THEN 1 ELSE 0 END"
                if width == 1
                else f"CASE WHEN ({sql}) IS NULL THEN 2 WHEN ({sql}) THEN 1 ELSE 0 END"
            )
            parts.append(f"(CAST({value} AS BIGINT) << {offset})")
            offset += width
        return " | ".join(parts) or "CAST(0 AS BIGINT)"


def _split(node: exp.Expr, grouped: set[str], layout: _Layout) -> exp.Expr:
    """``node`` with each largest part that reads a per-record column replaced by its
    three-valued value from the bits."""
    names = {c.name for c in node.find_all(exp.Column)}
    if not names - grouped:
        return node
    if names & grouped and isinstance(node, exp.And | exp.Or | exp.Not | exp.Paren):
        copy = node.copy()
        for key, value in node.args.items():
            if isinstance(value, exp.Expr):
                copy.set(key, _split(value, grouped, layout))
        return copy
    test = layout.three_valued(node.sql(dialect=DIALECT))
    return sqlglot.parse_one(test, read=DIALECT)


@dataclass(frozen=True)
class _Check:
    condition: str  # on a group: per-record ones read the bits
    reason: Reason
    column: str


def _window_sqls(definition: SourceDefinition, period: Period | None) -> dict[str, str]:
    from chuyendoiso.engine.sources.plan import window_sql

    if period is None:  # only the number of windows matters
        return {f"w{i}": f"w{i}" for i, _ in enumerate(definition.metrics)}
    return {window_sql(m, period): "" for m in definition.metrics}


def _layout(
    definition: SourceDefinition, windows: dict[str, str]
) -> tuple[_Layout, list[_Check], dict[str, str]]:
    """The bits, the checks in schema order and each window's test on a group."""
    layout = _Layout()
    tests = {sql: layout.flag(sql) for sql in windows}
    checks: list[_Check] = []
    trusted = definition.key_policy is KeyPolicy.TRUSTED
    for column in definition.schema.columns:
        name = quote(column.name)
        if column.role is Role.KEY:
            if trusted:
                checks.append(
                    _Check(layout.flag(f"{name} IS NULL"), Reason.MISSING_ID, column.name)
                )
            continue
        if _grouped(column):
            checks += _group_checks(column, layout)
            continue
        unreadable = f"{quote('_raw_' + column.name)} IS NOT NULL AND {name} IS NULL"
        invalid = Reason.INVALID_DATE if column.is_temporal else Reason.INVALID_VALUE
        checks.append(_Check(layout.flag(unreadable), invalid, column.name))
        if column.required:
            checks.append(_Check(layout.flag(f"{name} IS NULL"), Reason.MISSING_VALUE, column.name))
        if column.type is ColumnType.AMOUNT:
            checks.append(_Check(layout.flag(f"{name} < 0"), Reason.NEGATIVE_AMOUNT, column.name))
    grouped = {c.name for c in definition.schema.columns if _grouped(c)}
    for metric in definition.metrics:
        if metric.filter and metric.filter not in layout.filters:
            expression, _ = parse_filter(metric.filter, definition.schema.names)
            assert expression is not None  # checked when the definition was read
            rewritten = _split(expression, grouped, layout)
            layout.filters[metric.filter] = rewritten.sql(dialect=DIALECT)
    return layout, checks, tests


def _group_checks(column: Column, layout: _Layout) -> list[_Check]:
    name = quote(column.name)
    checks = [
        _Check(
            layout.flag(f"{quote('_unreadable_' + column.name)}"),
            Reason.INVALID_VALUE,
            column.name,
        )
    ]
    if column.required:
        checks.append(_Check(f"{name} IS NULL", Reason.MISSING_VALUE, column.name))
    if column.type is ColumnType.CHOICE:
        choices = ", ".join(literal(c) for c in column.choices)
        checks.append(_Check(f"{name} NOT IN ({choices})", Reason.INVALID_VALUE, column.name))
    if column.role is Role.ORG_UNIT:
        known = quote("_known_" + column.name)
        checks.append(
            _Check(
                f"{name} IS NOT NULL AND {known}.code IS NULL", Reason.UNKNOWN_ORG_UNIT, column.name
            )
        )
    return checks


def _file_select(
    definition: SourceDefinition, scan: FileScan, layout: _Layout, key_problems: bool
) -> str:
    """One file's records grouped: the grouping columns' text, the bits, the count and the
    sums (per-record values typed as the checks type them)."""
    columns = []
    per_file: dict[str, str] = {}
    for column in definition.schema.columns:
        physical = scan.physical.get(column.name)
        expression, can_fail = typed(column, physical)
        name = quote(column.name)
        if _grouped(column):
            text = "CAST(NULL AS VARCHAR)"
            if physical is not None and physical is not Physical.OTHER:
                text = f"CAST({name} AS VARCHAR)"
            columns.append(f"{text} AS {quote('_g_' + column.name)}")
            unreadable = "TRUE" if physical is Physical.OTHER else "FALSE"
            per_file[quote("_unreadable_" + column.name)] = unreadable
            if column.type is ColumnType.CHOICE:
                expression = f"LOWER(NULLIF(TRIM({text}), ''))"
            else:
                expression = f"NULLIF(TRIM({text}), '')"
        columns.append(f"{expression} AS {name}")
        raw_name = quote("_raw_" + column.name)
        if can_fail and not _grouped(column):
            columns.append(f"NULLIF(TRIM(CAST({name} AS VARCHAR)), '') AS {raw_name}")
        else:  # never unreadable: the check reads no stored text
            per_file[f"{raw_name} IS NOT NULL AND {name} IS NULL"] = "FALSE"
    if scan.key_complete:  # a trusted source's key need not be read to know it is there
        per_file[f"{quote(definition.schema.key.name)} IS NULL"] = "FALSE"
    sums = sorted({m.column for m in definition.metrics if m.measure is Measure.SUM if m.column})
    key = "k.reason" if key_problems else "CAST(NULL AS VARCHAR)"
    join = (
        f" LEFT JOIN key_problems AS k ON k._file = {scan.index} AND k._row = r._row"
        if key_problems
        else ""
    )
    groups = [quote("_g_" + c.name) for c in definition.schema.columns if _grouped(c)]
    return (
        f"SELECT {scan.index} AS _file, {', '.join(groups)}, {key} AS _key, "
        "CAST(NULL AS VARCHAR) AS _pre, _bits, COUNT(*) AS _n"
        + "".join(f", SUM({quote(s)}) AS {quote('_s_' + s)}" for s in sums)
        + f" FROM (SELECT r.*, {layout.packed(per_file)} AS _bits FROM (SELECT _row, "
        + ", ".join(columns)
        + f" FROM {scan.view}) AS r) AS r{join} GROUP BY {', '.join(groups)}, {key}, _bits"
    )


def _malformed_select(definition: SourceDefinition, scan: FileScan) -> str:
    groups = "".join(
        f", CAST(NULL AS VARCHAR) AS {quote('_g_' + c.name)}"
        for c in definition.schema.columns
        if _grouped(c)
    )
    sums = sorted({m.column for m in definition.metrics if m.measure is Measure.SUM if m.column})
    return (
        f"SELECT {scan.index} AS _file{groups}, CAST(NULL AS VARCHAR) AS _key, "
        f"{literal(Reason.MALFORMED_LINE.value)} AS _pre, CAST(0 AS BIGINT) AS _bits, "
        "COUNT(*) AS _n"
        + "".join(f", NULL AS {quote('_s_' + s)}" for s in sums)
        + f" FROM {scan.malformed}"
    )


def grouped_aggregate_sql(
    definition: SourceDefinition, scans: list[FileScan], period: Period, *, key_problems: bool
) -> str:
    """Rows ``(_file, _reason, _unit, _all_files, _rows, _active, m0, m1, ...)`` as
    ``plan.aggregate_sql`` gives them, with the checks evaluated per group."""
    from chuyendoiso.engine.sources.plan import window_sql

    layout, checks, tests = _layout(definition, _window_sqls(definition, period))
    files = [_file_select(definition, s, layout, key_problems) for s in scans]
    files += [_malformed_select(definition, s) for s in scans if s.malformed]
    typed_groups = "".join(
        f", {_group_typed(c)} AS {quote(c.name)}" for c in definition.schema.columns if _grouped(c)
    )
    joins = "".join(
        f" LEFT JOIN known_units AS {quote('_known_' + c.name)}"
        f" ON {quote('_known_' + c.name)}.code = t.{quote(c.name)}"
        for c in definition.schema.columns
        if c.role is Role.ORG_UNIT
    )
    chain = " ".join(f"WHEN {c.condition} THEN {literal(c.reason.value)}" for c in checks)
    missing = literal(Reason.MISSING_ID.value)
    final = (
        f"CASE WHEN _pre IS NOT NULL THEN _pre WHEN _key = {missing} THEN _key "
        f"ELSE COALESCE(CASE {chain} END, _key) END"
    )
    unit = quote(definition.metrics[0].org_unit_column)
    measures, windows = [], []
    for i, metric in enumerate(definition.metrics):
        window = tests[window_sql(metric, period)]
        windows.append(window)
        condition = f"_final IS NULL AND {window}"
        if metric.filter:
            condition += f" AND COALESCE(({layout.filters[metric.filter]}), FALSE)"
        total = "_n" if metric.measure is Measure.COUNT else quote("_s_" + (metric.column or ""))
        measures.append(f", SUM({total}) FILTER (WHERE {condition}) AS m{i}")
    active = " OR ".join(dict.fromkeys(windows)) or "FALSE"
    return (
        "SELECT _file, _final AS _reason, _unit, 0 AS _all_files, SUM(_n) AS _rows, "
        f"COALESCE(SUM(_n) FILTER (WHERE _final IS NULL AND ({active})), 0) AS _active"
        + "".join(measures)
        + f" FROM (SELECT f.*, CASE WHEN f._final IS NULL THEN {unit} END AS _unit FROM ("
        + f"SELECT t.*, {final} AS _final FROM (SELECT g.*{typed_groups} FROM ("
        + " UNION ALL ".join(files)
        + f") AS g) AS t{joins}) AS f) AS a GROUP BY _file, _final, _unit"
    )


def _group_typed(column: Column) -> str:
    text = f"NULLIF(TRIM({quote('_g_' + column.name)}), '')"
    return f"LOWER({text})" if column.type is ColumnType.CHOICE else text
