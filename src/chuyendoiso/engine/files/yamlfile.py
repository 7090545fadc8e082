"""Hand-edited YAML files with line numbers in every error message.

A file is read whole and checked whole: a :class:`ProblemCollector` gathers every problem
as ``(line, reason)`` instead of stopping at the first one, and the caller raises one
:class:`YamlFileError` (or a subclass) naming the file and listing them all. Mappings read
with :func:`load_yaml` are :class:`LineMapping` objects that know the line they start on.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from chuyendoiso.engine.domain.errors import ValidationError

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
E = TypeVar("E", bound=StrEnum)


class YamlFileError(ValidationError):
    """Every problem found in one YAML file, each with its line (0 when unknown)."""

    what_vi = "Tệp"
    what_en = "file"

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        count = len(problems)
        super().__init__(
            f"{self.what_vi} có {count} lỗi / {self.what_en} has {count} error(s)",
            file=path,
            errors=[{"line": line, "reason": reason} for line, reason in problems],
        )
        self.problems = problems

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  {self.extra['file']}:{line}: {reason}" for line, reason in self.problems]
        return "\n".join(lines)


class ValuePlace(NamedTuple):
    line: int  # 1-based line where the value starts (for a | block: the line of the |)
    column: int  # 0-based column where it starts (a quote or the | included)
    style: str | None  # None (plain), "'" or '"' (quoted), "|" or ">" (block)


class LineMapping(dict[str, Any]):
    """A YAML mapping that remembers the (1-based) line it starts on, each key's line, and
    where each of its text values starts (for messages that point inside a value, as a rule
    expression's)."""

    line = 0
    key_lines: dict[str, int] = {}  # the loader gives each mapping its own
    places: dict[str, ValuePlace] = {}

    def line_of(self, key: str) -> int:
        """The line of ``key`` (that of the mapping when unknown)."""
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings are :class:`LineMapping`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    mapping = LineMapping(
        {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    )
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    mapping.places = {
        str(key.value): ValuePlace(value.start_mark.line + 1, value.start_mark.column, value.style)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def place_inside(text: str, place: ValuePlace, line: int, column: int) -> tuple[int, int]:
    """The (line, column) in the file, both 1-based, of ``(line, column)`` inside a text value
    that starts at ``place`` (exact for a value on one line and for a ``|`` block)."""
    if place.style in ("|", ">"):
        lines = text.splitlines()
        first = place.line  # the block's first line of content, 0-based, follows the |
        content = lines[first] if first < len(lines) else ""
        indent = len(content) - len(content.lstrip(" "))
        return place.line + line, indent + column
    opening = 1 if place.style in ("'", '"') else 0
    return place.line + line - 1, place.column + opening + column


def load_yaml(text: str, *, source: str, error: type[YamlFileError] = YamlFileError) -> Any:
    """Parse YAML text (safely); a syntax error becomes ``error`` with its line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise error(source, [(line, f"YAML sai cú pháp / invalid YAML: {exc}")]) from exc


def load_mapping(
    text: str, *, source: str, error: type[YamlFileError] = YamlFileError
) -> LineMapping:
    """Parse a YAML document that must be a mapping (``key: value`` at the top)."""
    document = load_yaml(text, source=source, error=error)
    if not isinstance(document, LineMapping):
        raise error(source, [(1, "tệp phải là một bảng khóa: giá trị / not a mapping")])
    return document


def read_text(path: Path, *, error: type[YamlFileError] = YamlFileError) -> str:
    """The text of a UTF-8 file; an unreadable file becomes ``error`` at line 0."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), [(0, f"không đọc được tệp / cannot read: {exc}")]) from exc


class ProblemCollector:
    """Reads values out of parsed YAML, collecting problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def problem(self, line: int, reason: str) -> None:
        self.problems.append((line, reason))

    def text(self, item: LineMapping, key: str, *, required: bool = True) -> str:
        value = item.get(key)
        if value is None or value == "":
            if required:
                self.problem(item.line, f"thiếu trường '{key}' / missing field '{key}'")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(item.line, f"trường '{key}' phải là chuỗi / '{key}' must be text")
            return ""
        return str(value).strip()

    def code(self, item: LineMapping, key: str = "code", *, required: bool = True) -> str:
        value = self.text(item, key, required=required)
        if value and not CODE_PATTERN.match(value):
            self.problem(
                item.line,
                f"mã '{value}' không hợp lệ (chữ hoa, số, _) / invalid code '{value}' in '{key}'",
            )
        return value

    def choice(self, item: LineMapping, key: str, enum: type[E], default: E | None = None) -> E:
        raw = item.get(key)
        if raw is None and default is not None:
            return default
        try:
            return enum(str(raw))
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.problem(
                item.line,
                f"'{key}' = '{raw}' không hợp lệ; chọn một trong / must be one of: {allowed}",
            )
            return next(iter(enum))

    def flag(self, item: LineMapping, key: str, default: bool = False) -> bool:
        """A yes/no field: YAML's ``true`` or ``false``; missing, ``default``. Anything else
        (1, "có", "public") is reported at the line of the key, not guessed."""
        raw = item.get(key)
        if raw is None:
            return default
        if isinstance(raw, bool):
            return raw
        self.problem(
            item.line_of(key),
            f"'{key}' = '{raw}' phải là true hoặc false / '{key}' must be true or false",
        )
        return default

    def integer(self, item: LineMapping, key: str, low: int, high: int) -> int:
        raw = item.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool) and low <= raw <= high:
            return raw
        self.problem(item.line, f"'{key}' = '{raw}' phải là số nguyên từ {low} đến {high}")
        return low

    def items(self, parent: LineMapping, key: str, *, required: bool = False) -> list[LineMapping]:
        raw = parent.get(key)
        if raw is None:
            if required:
                self.problem(parent.line, f"thiếu danh sách '{key}' / missing list '{key}'")
            return []
        if not isinstance(raw, list):
            self.problem(parent.line, f"'{key}' phải là một danh sách / '{key}' must be a list")
            return []
        good = [item for item in raw if isinstance(item, LineMapping)]
        if len(good) != len(raw):
            self.problem(
                parent.line,
                f"mỗi phần tử của '{key}' phải là một bảng khóa: giá trị / "
                f"each entry of '{key}' must be a mapping",
            )
        return good

    def known_keys(self, item: LineMapping, allowed: set[str]) -> None:
        """Report keys the format does not know (a typo would otherwise be ignored)."""
        for key in sorted(set(item) - allowed):
            self.problem(
                item.line,
                f"trường '{key}' không được hỗ trợ / unknown field '{key}' "
                f"(allowed: {', '.join(sorted(allowed))})",
            )

    def unique(self, section: str, entries: list[tuple[int, str]]) -> set[str]:
        seen: set[str] = set()
        for line, code in entries:
            if code and code in seen:
                self.problem(line, f"mã '{code}' lặp lại trong '{section}' / duplicate code")
            seen.add(code)
        return seen

    def raise_if_any(self, source: str, error: type[YamlFileError] = YamlFileError) -> None:
        if self.problems:
            raise error(source, sorted(self.problems))
