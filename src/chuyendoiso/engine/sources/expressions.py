"""The SQL expressions of metric definitions: checked once, rendered for each engine.

A filter is one SQL boolean expression in DuckDB's dialect over the record's columns, for
example ``status IN ('processed', 'returned') AND processed_at <= due_at``. It may not
aggregate, use a window, a subquery or a statement; it must name only known columns and
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
)


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
