"""Statement groups: related figures written as one paragraph of one or two sentences.

The groups are the province's wording (data/report/vi/statements.yaml, see its README.md):
each names the figures it writes and gives its sentences as clauses, each clause a
template or a list of templates tried in order. A clause is written by its first template
whose figures all exist, so a missing figure drops its clause, never prints "no data".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import meta
from jinja2.exceptions import TemplateSyntaxError

from chuyendoiso.engine.domain.errors import ValidationError

FIRST = "first"  # true in the clause that opens its sentence


class PartsUnknown(Exception):
    """A template asks for a ratio's parts that its figure does not have."""


@dataclass(frozen=True)
class Stated:
    """A figure as a clause writes it: ``{{ name }}`` and its attributes."""

    text: str  # the figure as stated, with its synthetic mark
    plain_text: str  # without the leading zero of small counts
    change_text: str  # " (tăng 9% so với cùng kỳ năm 2023)" or ""
    parts: tuple[str, str] | None = None  # numerator and denominator, formatted
    ratio_text: str | None = None  # "88.020/98.408 đảng viên (đạt 89,44%)"

    def __str__(self) -> str:
        return self.text

    @property
    def plain(self) -> str:
        return self.plain_text

    @property
    def change(self) -> str:
        return self.change_text

    @property
    def numerator(self) -> str:
        return self._parts()[0]

    @property
    def denominator(self) -> str:
        return self._parts()[1]

    @property
    def ratio(self) -> str:
        if self.ratio_text is None:
            raise PartsUnknown
        return self.ratio_text

    def _parts(self) -> tuple[str, str]:
        if self.parts is None:
            raise PartsUnknown
        return self.parts


@dataclass(frozen=True)
class Template:
    source: str
    names: frozenset[str]  # the figures it uses
    where: str  # "statements.yaml CQS[4].sentences[0].clauses[2][1]"


@dataclass(frozen=True)
class Sentence:
    lead: str
    clauses: tuple[tuple[Template, ...], ...]  # each clause: its templates, tried in order
    join: str = ", "  # between its clauses; "; " between facts that stand apart


@dataclass(frozen=True)
class Group:
    where: str
    figures: Mapping[str, str]  # name in the templates -> indicator code
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Written:
    """A group's paragraph and the figures it wrote."""

    paragraph: str
    codes: frozenset[str]


Render = Callable[..., str]  # (source, where, **context) -> text


def read_groups(
    data: Mapping[str, Any], parse: Callable[[str], Any], file: str
) -> dict[str, list[Group]]:
    """The groups of statements.yaml (``file``) by pillar code; ``parse`` is the Jinja
    environment's, to find the figures each template names. A group that names a figure it
    does not declare, or is not shaped as the README says, is an error naming its place."""
    reader = _Reader(parse, file)
    groups: dict[str, list[Group]] = {}
    for pillar, specs in data.items():
        reader.expect(
            isinstance(specs, list), "một danh sách nhóm", "a list of groups", str(pillar)
        )
        groups[str(pillar)] = [reader.group(spec, f"{pillar}[{i}]") for i, spec in enumerate(specs)]
    return groups


@dataclass(frozen=True)
class _Reader:
    parse: Callable[[str], Any]
    file: str

    def group(self, spec: Any, where: str) -> Group:
        self.expect(
            isinstance(spec, dict) and isinstance(spec.get("figures"), dict),
            "một nhóm có figures và sentences",
            "a group with figures and sentences",
            where,
        )
        figures = {str(name): str(code) for name, code in spec["figures"].items()}
        sentences = spec.get("sentences")
        self.expect(
            isinstance(sentences, list) and bool(sentences),
            "danh sách câu",
            "a list of sentences",
            f"{where}.sentences",
        )
        return Group(
            where=where,
            figures=figures,
            sentences=tuple(
                self.sentence(item, f"{where}.sentences[{i}]", figures)
                for i, item in enumerate(sentences)
            ),
        )

    def sentence(self, spec: Any, where: str, figures: Mapping[str, str]) -> Sentence:
        lead, clauses, join = "", spec, ", "
        if isinstance(spec, dict):
            lead, clauses = str(spec.get("lead", "")), spec.get("clauses")
            join = str(spec.get("join", join))
            where = f"{where}.clauses"
        self.expect(
            isinstance(clauses, list) and bool(clauses),
            "danh sách vế câu",
            "a list of clauses",
            where,
        )
        return Sentence(
            lead,
            tuple(self.clause(c, f"{where}[{i}]", figures) for i, c in enumerate(clauses)),
            join,
        )

    def clause(self, spec: Any, where: str, figures: Mapping[str, str]) -> tuple[Template, ...]:
        if isinstance(spec, str):
            return (self.template(spec, where, figures),)
        self.expect(
            isinstance(spec, list) and bool(spec) and all(isinstance(s, str) for s in spec),
            "một mẫu câu hoặc danh sách mẫu câu",
            "a template or a list of templates",
            where,
        )
        return tuple(self.template(s, f"{where}[{j}]", figures) for j, s in enumerate(spec))

    def template(self, source: str, where: str, figures: Mapping[str, str]) -> Template:
        try:
            names = frozenset(meta.find_undeclared_variables(self.parse(source)))
        except TemplateSyntaxError as exc:
            raise ValidationError(
                f"Mẫu báo cáo lỗi / report template error: {exc}", file=self.file, entry=where
            ) from exc
        names -= {FIRST}
        unknown = sorted(names - set(figures))
        if unknown:
            raise ValidationError(
                "Mẫu câu dùng số liệu không khai báo trong figures / the template uses figures "
                f"its group does not declare: {', '.join(unknown)}",
                file=self.file,
                entry=where,
            )
        return Template(source, names, where)

    def expect(self, condition: bool, shape_vi: str, shape_en: str, where: str) -> None:
        if not condition:
            raise ValidationError(
                f"Mục phải là {shape_vi} / the entry must be {shape_en}",
                file=self.file,
                entry=where,
            )


class ParagraphWriter:
    """Writes groups as paragraphs, each clause after its figure's own period when that is
    not the report's, and back to the report's period when a clause returns to it."""

    def __init__(self, render: Render, back_to_period: str) -> None:
        self.render = render
        self.back_to_period = back_to_period  # "trong 6 tháng đầu năm 2024"

    def write(
        self, group: Group, stated: Mapping[str, Stated], periods: Mapping[str, str]
    ) -> Written | None:
        """The group's paragraph from the figures that exist (``stated`` by name, with the
        label of each one's own period in ``periods``, "" for the report's); None when
        no clause can be written."""
        sentences: list[str] = []
        used: set[str] = set()
        for sentence in group.sentences:
            clauses: list[str] = []
            previous = ""  # each sentence says its own period: a reader takes it per sentence
            for templates in sentence.clauses:
                found = self._clause(templates, stated, first=not clauses)
                if found is None:
                    continue
                template, text = found
                own = next(
                    (periods[n] for n in group.figures if n in template.names and periods.get(n)),
                    "",
                )
                if not clauses:
                    text = sentence.lead + text
                if own and own != previous:
                    text = f"{own}, {text}"
                elif not own and previous:
                    text = f"{self.back_to_period}, {text}"
                previous = own
                clauses.append(text)
                used |= template.names
            if clauses:
                sentences.append(_capitalize(sentence.join.join(clauses)) + ".")
        if not sentences:
            return None
        return Written(" ".join(sentences), frozenset(group.figures[n] for n in used))

    def _clause(
        self, templates: tuple[Template, ...], stated: Mapping[str, Stated], *, first: bool
    ) -> tuple[Template, str] | None:
        for template in templates:
            if not template.names <= stated.keys():
                continue
            context: dict[str, object] = {name: stated[name] for name in template.names}
            context[FIRST] = first
            try:
                return template, self.render(template.source, template.where, **context)
            except PartsUnknown:
                continue
        return None


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
