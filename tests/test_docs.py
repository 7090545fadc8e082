"""Everything a user can type or set is documented, in the manner of Datasette's docs tests:
every `cds` command and option in docs/cli.md (a section per command, naming its options),
and every `CDS_*` environment variable the code reads in the README or docs/*.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from chuyendoiso.cli import main

PROJECT = Path(__file__).resolve().parents[1]
CLI_DOC = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
DOCS = "\n".join(
    path.read_text(encoding="utf-8")
    for path in [PROJECT / "README.md", *sorted((PROJECT / "docs").rglob("*.md"))]
)
VARIABLE = re.compile(r"\bCDS_[A-Z][A-Z0-9_]*\b")


def commands(
    command: click.Command = main, path: str = "cds"
) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, f"{path} {name}")


def sections(text: str) -> dict[str, str]:
    """The body of each `## `cds ...`` section of docs/cli.md, by command."""
    parts = re.split(r"^## `(cds[a-z -]*)`$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


COMMANDS = dict(commands())
SECTIONS = sections(CLI_DOC)
OPTIONS = [
    (name, option)
    for name, command in COMMANDS.items()
    for param in command.params
    if isinstance(param, click.Option)
    for option in [*param.opts, *param.secondary_opts]
]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_section(name):
    assert name in SECTIONS, f"docs/cli.md has no section '## `{name}`'"


@pytest.mark.parametrize(("name", "option"), OPTIONS)
def test_every_option_is_named_in_its_command_section(name, option):
    body = SECTIONS.get(name, "")
    assert re.search(rf"`{re.escape(option)}[ `]", body), f"{name} {option} is not in docs/cli.md"


def test_every_section_is_a_command():
    assert set(SECTIONS) <= set(COMMANDS)


def test_every_command_the_docs_show_exists():
    shown = set(re.findall(r"`(cds(?: [a-z]+)+)", DOCS))
    unknown = {
        text
        for text in shown
        if not any(text.startswith(name) for name in COMMANDS if name != "cds")
    }
    assert not unknown


def environment_variables() -> set[str]:
    found: set[str] = set()
    for path in (PROJECT / "src").rglob("*"):
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".yaml", ".md"}:
            found |= set(VARIABLE.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_code_reads_environment_variables():
    assert {"CDS_DATA_DIR", "CDS_PROVINCE", "CDS_SEED_DIR"} <= environment_variables()


@pytest.mark.parametrize("variable", sorted(environment_variables()))
def test_every_environment_variable_is_documented(variable):
    assert variable in DOCS, f"{variable} is read in src/ but not in the README or docs/"


def test_every_environment_variable_is_in_the_readme_table():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(CDS_[A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert table == environment_variables()
