"""The parsed form of a rule expression: small frozen nodes, each knowing where it stands.

``start`` and ``end`` are offsets in the expression text (for messages and for showing the
source of a side of a comparison); ``depth`` is the height of the node's subtree, counted as
the tree is built bottom-up, so that a too-deeply nested expression is refused before any
recursive walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ALL_OPTIONS = "*"


@dataclass(frozen=True)
class Node:
    start: int
    end: int
    depth: int

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class Number(Node):
    value: Decimal


@dataclass(frozen=True)
class Ref(Node):
    """An indicator's value: the total, one option (``CATEGORY:OPTION``) or every option
    of a category (``CATEGORY:*``, only inside ``sum``)."""

    indicator: str
    category: str = ""
    option: str = ""

    @property
    def label(self) -> str:
        return (
            f"{self.indicator}[{self.category}:{self.option}]" if self.category else self.indicator
        )

    @property
    def option_code(self) -> str:
        """The value's category option as data values name it ("" for the total)."""
        return f"{self.category}:{self.option}" if self.category else ""


@dataclass(frozen=True)
class Negative(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Arithmetic(Node):
    operator: str  # + - * /
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Compare(Node):
    """``a < b <= c``: every neighbouring pair holds."""

    operands: tuple[Node, ...]
    operators: tuple[str, ...]

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True)
class InRange(Node):
    """``X in LOW..HIGH``: LOW <= X <= HIGH."""

    value: Node
    low: Node
    high: Node

    def children(self) -> tuple[Node, ...]:
        return (self.value, self.low, self.high)


@dataclass(frozen=True)
class Logical(Node):
    operator: str  # and | or
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Not(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Call(Node):
    name: str
    name_end: int  # where the function's name ends, for messages about it
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args


def walk(node: Node) -> list[Node]:
    """Every node of the tree, parents first (iteratively: no recursion limit to meet)."""
    found: list[Node] = []
    pending = [node]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(reversed(current.children()))
    return found
