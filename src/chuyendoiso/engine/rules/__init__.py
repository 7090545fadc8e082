"""Validation rules: a small expression language over indicator codes (docs/rules.md).

Parsed with lark into plain nodes (never run as Python), checked against the catalogue,
evaluated with exact decimals for one org unit and period over values the caller gives.
"""

from chuyendoiso.engine.rules.check import (
    CompiledRule,
    Names,
    check_expression,
    compile_rule,
    current_refs,
)
from chuyendoiso.engine.rules.evaluate import (
    Figure,
    Outcome,
    Result,
    Side,
    UsedValue,
    Values,
    evaluate,
    median,
    periods_read,
)
from chuyendoiso.engine.rules.grammar import MAX_DEPTH, MAX_LENGTH, RuleError, parse

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "CompiledRule",
    "Figure",
    "Names",
    "Outcome",
    "Result",
    "RuleError",
    "Side",
    "UsedValue",
    "Values",
    "check_expression",
    "compile_rule",
    "current_refs",
    "evaluate",
    "median",
    "parse",
    "periods_read",
]
