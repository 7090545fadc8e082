"""The rule language's grammar (lark, LALR) and its parser into :mod:`nodes`.

The text is only ever parsed into nodes, never run as Python. Every problem is a
:class:`RuleError` with the offset, line and column (1-based) inside the expression.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.rules import nodes

MAX_LENGTH = 2000  # a rule is a line or two; longer text is refused before parsing
MAX_DEPTH = 40  # nesting of the expression, so that walking it never meets Python's limit

GRAMMAR = r"""
?start: disjunction

?disjunction: conjunction
    | disjunction "or" conjunction          -> or_
?conjunction: negation
    | conjunction "and" negation            -> and_
?negation: comparison
    | NOT negation                          -> not_
?comparison: sum
    | sum (COMPARE sum)+                    -> compare
    | sum "in" sum ".." sum                 -> in_range
?sum: product
    | sum ADD product                       -> arithmetic
?product: unary
    | product MULTIPLY unary                -> arithmetic
?unary: atom
    | MINUS unary                           -> negative
?atom: NUMBER                               -> number
    | CODE                                  -> total
    | CODE "[" CODE ":" (CODE | STAR) RBRACKET -> option
    | NAME "(" arguments RPAR               -> call
    | LPAR disjunction RPAR                 -> group

arguments: disjunction ("," disjunction)*

NOT: "not"
COMPARE: "<=" | ">=" | "==" | "!=" | "<" | ">"
ADD: "+" | MINUS
MINUS: "-"
MULTIPLY: "*" | "/"
STAR: "*"
LPAR: "("
RPAR: ")"
RBRACKET: "]"
NUMBER: /[0-9]+(\.[0-9]+)?/
CODE: /[A-Z][A-Z0-9_]*/
NAME: /[a-z][a-z_]*/

%import common.WS
%ignore WS
"""


class RuleError(ValidationError):
    """A rule expression that cannot be read or checked, with its place in the expression."""

    def __init__(self, message: str, *, text: str, offset: int) -> None:
        offset = max(0, min(offset, len(text)))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        super().__init__(message, line=line, column=column)
        self.offset = offset
        self.line = line
        self.column = column


def _span(items: list[Any]) -> tuple[int, int, int]:
    """(start, end, depth) of a node made of ``items`` (tokens and nodes)."""
    starts, ends, depths = [], [], [0]
    for item in items:
        if isinstance(item, nodes.Node):
            starts.append(item.start)
            ends.append(item.end)
            depths.append(item.depth)
        elif isinstance(item, Token):
            starts.append(item.start_pos or 0)
            ends.append(item.end_pos or 0)
    depth = max(depths) + 1
    return min(starts), max(ends), depth


class _TooDeepError(Exception):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def _checked(node: nodes.Node) -> nodes.Node:
    if node.depth > MAX_DEPTH:
        raise _TooDeepError(node.start)
    return node


class _Build(Transformer[Token, nodes.Node]):
    """Tree to nodes, called by the LALR parser at each reduction (bottom-up, no recursion)."""

    def number(self, items: list[Token]) -> nodes.Node:
        return nodes.Number(*_span(items), value=Decimal(str(items[0])))

    def total(self, items: list[Token]) -> nodes.Node:
        return nodes.Ref(*_span(items), indicator=str(items[0]))

    def option(self, items: list[Token]) -> nodes.Node:
        indicator, category, option, _ = (str(item) for item in items)
        return nodes.Ref(*_span(items), indicator, category, option)

    def negative(self, items: list[Any]) -> nodes.Node:
        return _checked(nodes.Negative(*_span(items), operand=items[1]))

    def arithmetic(self, items: list[Any]) -> nodes.Node:
        left, operator, right = items
        return _checked(nodes.Arithmetic(*_span(items), str(operator), left, right))

    def compare(self, items: list[Any]) -> nodes.Node:
        return _checked(
            nodes.Compare(
                *_span(items),
                operands=tuple(items[0::2]),
                operators=tuple(str(op) for op in items[1::2]),
            )
        )

    def in_range(self, items: list[Any]) -> nodes.Node:
        return _checked(nodes.InRange(*_span(items), *items))

    def and_(self, items: list[Any]) -> nodes.Node:
        return _checked(nodes.Logical(*_span(items), "and", *items))

    def or_(self, items: list[Any]) -> nodes.Node:
        return _checked(nodes.Logical(*_span(items), "or", *items))

    def not_(self, items: list[Any]) -> nodes.Node:
        return _checked(nodes.Not(*_span(items), operand=items[1]))

    def group(self, items: list[Any]) -> nodes.Node:
        # the parentheses belong to the node, so that its source shows them
        opening, inner, closing = items
        grouped: nodes.Node = replace(inner, start=opening.start_pos, end=closing.end_pos)
        return grouped

    def arguments(self, items: list[nodes.Node]) -> list[nodes.Node]:
        return items

    def call(self, items: list[Any]) -> nodes.Node:
        name, args, close = items
        start, end, depth = _span([name, *args, close])
        return _checked(nodes.Call(start, end, depth, str(name), name.end_pos, tuple(args)))


_PARSER = Lark(GRAMMAR, parser="lalr", transformer=_Build(), maybe_placeholders=False)


def parse(text: str) -> nodes.Node:
    """The nodes of a rule expression; a :class:`RuleError` for anything else."""
    if len(text) > MAX_LENGTH:
        raise RuleError(
            f"biểu thức dài quá {MAX_LENGTH} ký tự / longer than {MAX_LENGTH} characters",
            text=text,
            offset=MAX_LENGTH,
        )
    if not text.strip():
        raise RuleError("biểu thức trống / empty expression", text=text, offset=0)
    try:
        tree = _PARSER.parse(text)
    except _TooDeepError as exc:
        raise RuleError(
            f"biểu thức lồng quá {MAX_DEPTH} tầng / nested deeper than {MAX_DEPTH} levels",
            text=text,
            offset=exc.offset,
        ) from None
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    except LarkError as exc:  # anything else the parser may raise: still the rule's error
        raise RuleError(f"biểu thức sai / invalid expression: {exc}", text=text, offset=0) from None
    if not isinstance(tree, nodes.Node):  # the grammar always reduces to a node
        raise RuleError("biểu thức sai / invalid expression", text=text, offset=0)
    return tree


_TOKEN_WORDS = {
    "NUMBER": "một số / a number",
    "CODE": "một mã chỉ tiêu / an indicator code",
    "NAME": "một hàm / a function",
    "COMPARE": "một phép so sánh / a comparison",
    "LPAR": "'('",
    "RPAR": "')'",
    "RBRACKET": "']'",
    "ADD": "'+', '-'",
    "MINUS": "'-'",
    "MULTIPLY": "'*', '/'",
    "$END": "hết biểu thức / the end",
    "NOT": "'not'",
}


def _syntax_error(text: str, exc: UnexpectedInput) -> RuleError:
    """A lark error in the product's words: what was found where, and what may come."""
    if isinstance(exc, UnexpectedCharacters):
        offset = int(exc.pos_in_stream or 0)
        found_vi = found_en = f"'{text[offset]}'"
        expected: set[str] = set(exc.allowed or ())
        if text[offset] in ".," and text[:offset][-1:].isdigit():
            found_vi += " (số viết liền, dấu chấm thập phân: 1567705, 89.44)"
            found_en += " (numbers are plain: 1567705, 89.44)"
    else:
        token: Token | None = getattr(exc, "token", None)
        if token is None or token.type == "$END":
            offset = len(text.rstrip())
            found_vi, found_en = "hết biểu thức", "the end"
        else:
            offset = int(token.start_pos or 0)
            found_vi = found_en = f"'{token}'"
        expected = set(getattr(exc, "expected", ()) or ())
    words = sorted({_TOKEN_WORDS.get(name, _literal(name)) for name in expected})
    hint = f"; cần / expected: {', '.join(words)}" if words else ""
    return RuleError(
        f"sai cú pháp: gặp {found_vi} / syntax error: unexpected {found_en}{hint}",
        text=text,
        offset=offset,
    )


def _literal(name: str) -> str:
    """A terminal's text as the user types it ("LPAR" -> "'('")."""
    try:
        pattern = _PARSER.get_terminal(name).pattern
    except KeyError:
        return name
    return f"'{pattern.value}'" if pattern.type == "str" else name
