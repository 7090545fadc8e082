"""The SQL expressions of metric definitions: checked once, rendered for each engine.

A filter is one SQL boolean expression in DuckDB's dialect over the record's columns, for
example ``status IN ('processed', 'returned') AND processed_at <= due_at``. It may not
aggregate, use a window, a subquery or a statement; it may call only the functions of
``ALLOWED_FUNCTIONS`` (none reads or writes a file, attaches a database, reads a setting or
the environment, or changes with the time of the run); it must name only known columns and
translate to Spark SQL. The same checks and rendering serve every generated statement.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

DIALECT = "duckdb"

_FORBIDDEN: tuple[type[exp.Expr], ...] = (
    exp.AggFunc,
    exp.Window,
    exp.Query,
    exp.Subquery,
    exp.Command,
    exp.Block,
    exp.DDL,
    exp.DML,
    exp.Attach,
    exp.Detach,
    exp.Pragma,
    exp.Set,
    exp.Use,
    exp.Install,
    exp.Export,
)

# The functions a filter may call: logic, conditionals and casts, text, regular expressions,
# dates and times, arithmetic; each exists in DuckDB and Spark SQL. Anything else (read_csv,
# read_text, glob, getenv, current_setting, query, now, random...) is refused by name.
ALLOWED_FUNCTIONS: frozenset[type[exp.Func]] = frozenset(
    {
        *(exp.And, exp.Or, exp.Xor, exp.Case, exp.If, exp.Coalesce, exp.Nullif),
        *(exp.Greatest, exp.Least, exp.Cast, exp.TryCast),
        *(exp.Lower, exp.Upper, exp.Trim, exp.Length, exp.Substring, exp.Concat, exp.ConcatWs),
        *(exp.Left, exp.Right, exp.Replace, exp.StartsWith, exp.EndsWith, exp.Contains),
        *(exp.StrPosition, exp.Pad, exp.SplitPart, exp.Reverse, exp.Repeat, exp.Initcap),
        *(exp.RegexpLike, exp.RegexpFullMatch, exp.RegexpReplace, exp.RegexpExtract),
        *(exp.Year, exp.Quarter, exp.Month, exp.Week, exp.Day, exp.DayOfMonth, exp.DayOfWeek),
        *(exp.DayOfYear, exp.Hour, exp.Minute, exp.Second, exp.Extract, exp.DateTrunc),
        *(exp.TimestampTrunc, exp.DateAdd, exp.DateSub, exp.DateDiff, exp.TimestampDiff),
        *(exp.TimeToStr, exp.StrToTime, exp.StrToDate, exp.LastDay, exp.DateFromParts),
        *(exp.TimestampFromParts, exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Sign),
        *(exp.Pow, exp.Sqrt, exp.Ln, exp.Log, exp.Exp),
    }
)
ALLOWED_ANONYMOUS = frozenset({"date_part"})  # functions SQLGlot knows by name only


def parse_filter(text: str, columns: Collection[str]) -> tuple[exp.Expr | None, list[str]]:
    """Parse a filter; return it (None if unusable) and the problems found."""
    try:
        parsed = sqlglot.parse(text, read=DIALECT)
    except SqlglotError as exc:
        return None, [f"biểu thức SQL sai cú pháp / invalid SQL: {_first_line(exc)}"]
    if len(parsed) != 1 or parsed[0] is None:
        return None, ["chỉ được một biểu thức / exactly one SQL expression expected"]
    expression = parsed[0]
    problems: list[str] = []
    for node in expression.walk():
        if isinstance(node, _FORBIDDEN):
            problems.append(
                f"không được dùng {type(node).__name__} trong bộ lọc / "
                "a filter may not aggregate, use windows, subqueries or statements"
            )
            break
    refused = [] if problems else _refused_functions(expression)
    if refused:
        problems.append(
            f"hàm không được phép trong bộ lọc / function(s) not allowed: {', '.join(refused)}"
        )
    unknown = sorted({c.name for c in expression.find_all(exp.Column)} - set(columns))
    if unknown:
        problems.append(
            f"cột không có trong lược đồ / unknown column(s): {', '.join(unknown)} "
            f"(known: {', '.join(sorted(columns))})"
        )
    if not problems:
        try:
            to_spark(expression.sql(dialect=DIALECT))
        except SqlglotError as exc:
            problems.append(f"không chuyển được sang Spark SQL / not portable: {exc}")
    return (None if problems else expression), problems


def _refused_functions(expression: exp.Expr) -> list[str]:
    """The functions of ``expression`` that are not allowed, by name, each once."""
    refused: dict[str, None] = {}
    for node in expression.walk():
        if isinstance(node, exp.Anonymous):
            if node.name.lower() not in ALLOWED_ANONYMOUS:
                refused[node.name.lower()] = None
        elif isinstance(node, exp.Func) and type(node) not in ALLOWED_FUNCTIONS:
            written = node.sql(dialect=DIALECT).split("(")[0].strip()  # as DuckDB names it
            refused[(written or node.sql_name()).lower()] = None
    return list(refused)


def to_spark(sql: str) -> str:
    """Transpile a DuckDB statement to Spark SQL; ``hash`` becomes 64-bit ``xxhash64``."""
    tree = sqlglot.parse_one(sql, read=DIALECT)
    tree = tree.transform(_spark_functions)
    return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)


def _spark_functions(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Anonymous) and node.name.lower() == "hash":
        return exp.Anonymous(this="XXHASH64", expressions=node.expressions)
    return node


def quote(name: str) -> str:
    """A column or table name quoted for DuckDB."""
    return exp.to_identifier(name, quoted=True).sql(dialect=DIALECT)


def literal(value: str) -> str:
    """A string literal for DuckDB."""
    return exp.Literal.string(value).sql(dialect=DIALECT)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
