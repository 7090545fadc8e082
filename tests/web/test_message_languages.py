"""The product's messages are written in both languages, "tiếng Việt / English": a page
shows the part in its language, and every message a service or the engine raises can be
split so."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from chuyendoiso.engine.domain.errors import in_language

SOURCE = Path(__file__).resolve().parents[2] / "src" / "chuyendoiso"
REFUSED = "/du-lieu-mo/?ou=19&pe=2024-05-01"  # a day: the portal shows a month at the least


@pytest.mark.parametrize(
    ("message", "vi", "en"),
    [
        ("không có số liệu này / no such value", "không có số liệu này", "no such value"),
        ("Tệp quá lớn", "Tệp quá lớn", "Tệp quá lớn"),  # one language: whole
        ("a / b / c", "a / b / c", "a / b / c"),  # parts that cannot be told apart: whole
        ("tỷ lệ 1/2 / ratio 1/2", "tỷ lệ 1/2", "ratio 1/2"),
    ],
)
def test_a_message_in_both_languages_is_split_at_its_one_separator(message, vi, en):
    assert in_language(message, "vi") == vi
    assert in_language(message, "en") == en


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("vi", "Chọn một năm, 6 tháng", "a year, half-year"), ("en", "a year, half-year", "Chọn")],
)
def test_a_page_shows_an_error_in_its_language_only(client, language, shown, hidden):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(REFUSED)
    page = response.content.decode()
    alert = page[page.index('class="error"') :].split("</div>", 1)[0]
    assert response.status_code == 400
    assert shown in alert and hidden not in alert, alert


def error_classes(trees: list[ast.Module]) -> set[str]:
    """The names of CdsError and of every class that derives from it, in the source."""
    names = {"CdsError"}
    while True:
        found = {
            node.name
            for tree in trees
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id in names for b in node.bases)
        }
        if found <= names:
            return names
        names |= found


def called(call: ast.Call) -> str | None:
    """The name of what is called: ``ValidationError(...)`` or ``errors.ValidationError(...)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def literal(node: ast.expr) -> str | None:
    """The text of a message written in the code (a string, an f-string or their sum)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp):
        left, right = literal(node.left), literal(node.right)
        return None if left is None or right is None else left + right
    return None


def test_every_message_raised_is_written_in_both_languages_split_once():
    files = [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    errors = error_classes(list(trees.values()))
    raised, wrong = 0, []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or called(node) not in errors:
                continue
            given = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "message")]
            if not given:
                continue
            text = literal(given[0])
            if text is None or not any(c.isalpha() for c in text.replace("{}", "")):
                continue  # a message made elsewhere (a rule's, gettext's), or of such parts
            raised += 1
            if text.count(" / ") != 1:
                wrong.append(f"{path.relative_to(SOURCE)}:{node.lineno}: {text[:80]!r}")
    assert raised > 100  # the scan finds the product's messages
    assert not wrong, "\n".join(wrong)
