"""The message catalogues of the web pages (docs/decisions/0022-bilingual-pages.md): each app
keeps its own, ``<app>/locale/<language>/LC_MESSAGES/django.po``, whose msgids are the
Vietnamese source texts. Every catalogue in the package is checked:

- every text has its translation, none is fuzzy (a guess of msgmerge), none obsolete, and
  the placeholders of each translation are those of its text;
- the committed ``.mo`` is the compilation of the ``.po`` (installs need no gettext);
- ``makemessages``, run on a copy of the app, finds no text the ``.po`` lacks: a text added
  or edited in a template or in the code without ``make messages`` fails here.
"""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import chuyendoiso

PACKAGE = Path(chuyendoiso.__file__).resolve().parent
CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))


def name(po: Path) -> str:
    return str(po.relative_to(PACKAGE))


def read(po: Path) -> Catalog:
    with po.open("rb") as file:
        return read_po(file, locale=po.parents[1].name)


def keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    """(context, text) of each message; the singular text stands for a plural one."""
    found = set()
    for message in catalog:
        if message.id:
            text = message.id if isinstance(message.id, str) else message.id[0]
            found.add((message.context, text))
    return found


def test_the_web_pages_have_their_english_catalogue():
    assert PACKAGE / "web" / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


def test_every_app_with_templates_has_its_english_catalogue():
    """An app's texts are translated from its own catalogue: one with templates and none
    would show its pages in Vietnamese whatever the language (the report's templates, in
    engine/, are not Django's)."""
    apps = {path.parent for path in PACKAGE.glob("*/apps.py")}
    with_pages = {app for app in apps if any(app.glob("templates/**/*.html"))}
    lacking = sorted(app.name for app in with_pages if not (app / "locale" / "en").is_dir())
    assert not lacking, f"apps with templates and no English catalogue: {lacking}"


@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_every_text_has_a_checked_translation(po):
    catalog = read(po)
    assert not catalog.fuzzy, f"{name(po)}: the header is marked fuzzy"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"line {message.lineno}: no translation of {message.id!r}")
        if message.fuzzy:
            problems.append(f"line {message.lineno}: fuzzy (to review) {message.id!r}")
    for message, errors in catalog.check():
        problems += [f"line {message.lineno}: {error}" for error in errors]
    assert not problems, f"{name(po)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_no_obsolete_text_is_kept(po):
    obsolete = list(read(po).obsolete)
    assert not obsolete, f"{name(po)}: obsolete entries (run `make messages`): {obsolete}"


def compiled(catalog_file: io.BufferedIOBase | io.BytesIO) -> dict[object, str]:
    table = dict(gettext.GNUTranslations(catalog_file)._catalog)  # type: ignore[attr-defined]
    table.pop("", None)  # the header, written differently by msgfmt and Babel
    return table


@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_the_committed_mo_is_the_compiled_po(po):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{name(mo)} is missing: run `make messages`"
    expected = io.BytesIO()
    write_mo(expected, read(po))
    expected.seek(0)
    with mo.open("rb") as file:
        committed = compiled(file)
    assert committed == compiled(expected), f"{name(mo)} is stale: run `make messages`"


@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_makemessages_finds_no_text_missing_from_the_catalogue(po, tmp_path):
    assert shutil.which("xgettext"), "xgettext is needed (Debian package gettext, see .ci/run)"
    app = po.parents[3]
    copy = tmp_path / app.name
    ignored = shutil.ignore_patterns("__pycache__", "vendor", "*.mo")
    shutil.copytree(app, copy, ignore=ignored)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    language = po.parents[1].name
    # -P: the copy's own modules (web/selectors.py) must not hide the standard library's
    command = ["makemessages", "--locale", language, "--no-obsolete"]
    done = subprocess.run(
        [sys.executable, "-P", "-m", "django", *command],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    extracted = read(copy / po.relative_to(app))
    missing = sorted(keys(extracted) - keys(read(po)), key=str)
    assert not missing, f"{name(po)} lacks (run `make messages`, then translate): {missing}"
