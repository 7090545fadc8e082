"""The province's wording of the report, read from data/report/vi/ (see its README.md).

- ``report.yaml``: the frame (title, subtitle, the sections and their lead-ins);
- ``statements.yaml``: the sentences of the sections, related figures grouped;
- ``words.yaml``: the words and short sentences of the composition (comparisons, targets,
  chart labels, indicators without a figure, the note on synthetic figures);
- ``letterhead.yaml``: the header and the signature, by the level of the reporting unit;
- ``opening.j2``, ``tasks.j2``: the longer passages.

A value with ``{{ }}`` is a Jinja2 template, compiled once. A missing file or entry and a
broken template are ``ValidationError`` naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report.statements import read_groups

# libyaml's safe loader where PyYAML was built with it: the same documents, read faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lower_first(text: str) -> str:
    """The text with its first letter in lower case (a name inside a sentence)."""
    return text[:1].lower() + text[1:] if text else text


@dataclass(frozen=True)
class LevelLetterhead:
    """Who issues and signs the report of a unit of one level (letterhead.yaml ``levels``)."""

    body: str  # the issuing body, when none of ``bodies`` is found
    signer: str  # the signer's role
    number_suffix: str  # "VHTT" in "Số: .../BC-VHTT"; "" for the initials of the body
    bodies: tuple[str, ...]  # short codes of the unit's departments that issue it, preferred first
    addressees: tuple[str, ...] = ()  # "Kính gửi": templates of org_name and parent_name
    signer_name: str = ""  # under the signature space


class Templates:
    """The wording of the report in one folder (data/report/vi/)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # sandboxed: the addressees are typed on a web form too, and no wording may reach
        # beyond the values it is given
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False
        )
        self.env.filters["lower_first"] = lower_first
        self._compiled: dict[str, Template] = {}
        self.frame = Entries(self, "report.yaml")
        self.statements = read_groups(
            self.read_yaml("statements.yaml"), self.env.parse, str(folder / "statements.yaml")
        )
        self.words = Entries(self, "words.yaml")
        self.letterhead = Entries(self, "letterhead.yaml")

    def read_yaml(self, name: str) -> dict[str, Any]:
        path = self.folder / name
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise ValidationError(
                f"Không đọc được mẫu báo cáo / cannot read report template: {exc}", file=str(path)
            ) from exc
        if not isinstance(loaded, dict):
            raise ValidationError(
                "Mẫu báo cáo phải là bảng khóa: giá trị / the report template must be a "
                "mapping of key: value",
                file=str(path),
            )
        return loaded

    def render(self, source: str, where: str, /, **context: Any) -> str:
        try:
            if source not in self._compiled:
                self._compiled[source] = self.env.from_string(source)
            return self._compiled[source].render(**context).strip()
        except TemplateError as exc:
            raise ValidationError(
                f"Mẫu báo cáo lỗi / report template error: {exc}",
                file=str(self.folder),
                template=where,
            ) from exc

    def render_each(self, sources: Sequence[str], where: str, /, **context: Any) -> tuple[str, ...]:
        """Each template of a list filled with ``context``; ``where`` names the list."""
        return tuple(
            self.render(source, f"{where}[{i}]", **context) for i, source in enumerate(sources)
        )

    def render_file(self, name: str, /, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context).strip()
        except TemplateError as exc:
            raise ValidationError(
                f"Mẫu báo cáo lỗi / report template error: {exc}",
                file=str(self.folder / name),
                template=name,
            ) from exc

    def sections(self, pillars: Collection[str]) -> dict[str, dict[str, Any]]:
        """The sections of report.yaml by pillar code, each pillar known to the catalogue."""
        sections = self.frame.get("sections")
        if not isinstance(sections, dict):
            raise self.frame.error("Mục phải là bảng khóa: giá trị / must be a mapping", "sections")
        for code, spec in sections.items():
            if code not in pillars:
                raise ValidationError(
                    "Trụ cột không có trong danh mục / no such pillar in the catalogue",
                    file="report.yaml",
                    pillar=code,
                )
            if not isinstance(spec, dict):
                raise self.frame.error(
                    "Mục phải là bảng khóa: giá trị / must be a mapping", f"sections.{code}"
                )
        return sections

    def level(self, level: str) -> LevelLetterhead:
        """The letterhead of a unit of this level (``province``, ``district``, ``commune``)."""
        key = f"levels.{level}"
        return LevelLetterhead(
            body=self.letterhead.text(f"{key}.body"),
            signer=self.letterhead.text(f"{key}.signer", self.letterhead.text("signer")),
            number_suffix=self.letterhead.text(f"{key}.number_suffix", ""),
            bodies=self.letterhead.texts(f"{key}.bodies", ()),
            addressees=self.letterhead.texts(f"{key}.addressees", ()),
            signer_name=self.letterhead.text(
                f"{key}.signer_name", self.letterhead.text("signer_name", "")
            ),
        )


class Entries:
    """The entries of one YAML file of wording, looked up by a dotted key (``change.same``)."""

    def __init__(self, templates: Templates, name: str) -> None:
        self.templates = templates
        self.name = name
        self.data = templates.read_yaml(name)

    def has(self, key: str) -> bool:
        value: Any = self.data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return False
            value = value[part]
        return True

    def get(self, key: str) -> Any:
        if not self.has(key):
            raise self.error("Thiếu mục trong mẫu báo cáo / missing entry", key)
        value: Any = self.data
        for part in key.split("."):
            value = value[part]
        return value

    def text(self, key: str, default: str | None = None) -> str:
        """The entry as written; ``default`` when it is missing and a default is given."""
        if default is not None and not self.has(key):
            return default
        value = self.get(key)
        if not isinstance(value, str):
            raise self.error("Mục phải là một câu chữ / the entry must be text", key)
        return value

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if default is not None and not self.has(key):
            return default
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error("Mục phải là danh sách câu chữ / the entry must be a list", key)
        return tuple(value)

    def say(self, key: str, /, **context: Any) -> str:
        """The entry, a Jinja2 template, filled with ``context``."""
        return self.templates.render(self.text(key), f"{self.name} {key}", **context)

    def say_each(self, key: str, /, **context: Any) -> tuple[str, ...]:
        """Each template of a list entry (none when it is missing), filled with ``context``."""
        return tuple(
            self.templates.render(text, f"{self.name} {key}[{i}]", **context)
            for i, text in enumerate(self.texts(key, ()))
        )

    def error(self, message: str, key: str) -> ValidationError:
        return ValidationError(message, file=str(self.templates.folder / self.name), entry=key)
