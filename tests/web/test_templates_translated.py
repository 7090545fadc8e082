"""Every text of the product's templates goes through the translation tags: a Vietnamese
literal in a template is a text no English catalogue can translate (the open-data portal's
first template was one). The narrative report's templates (engine/) write Vietnamese on
purpose and are not Django's."""

from pathlib import Path

import pytest

import chuyendoiso
from tests.web.untranslated import untranslated_in_template

PACKAGE = Path(chuyendoiso.__file__).resolve().parent
TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("*/templates/**/*.html")
    if path.relative_to(PACKAGE).parts[0] != "engine"
)


def test_the_templates_are_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_template_writes_vietnamese_outside_the_translation_tags(template):
    left = untranslated_in_template(template.read_text(encoding="utf-8"))
    assert not left, f"translate these with {{% translate %}}: {sorted(left)}"


@pytest.mark.parametrize(
    "source",
    [
        "<h1>Dữ liệu mở</h1>",
        "<td>{{ value }}{% if synthetic %} (giả lập){% endif %}</td>",
        '<a title="Tải về" href="{% url \'x\' %}">CSV</a>',
    ],
)
def test_the_check_finds_a_vietnamese_literal(source):
    assert untranslated_in_template(source)


@pytest.mark.parametrize(
    "source",
    [
        '<h1>{% translate "Dữ liệu mở" %}</h1>',
        "{% blocktranslate with n=count %}{{ n }} giá trị chưa duyệt{% endblocktranslate %}",
        "{# ghi chú cho người viết trang #}<p>{{ unit.name }}</p>",
    ],
)
def test_the_check_leaves_translated_text_alone(source):
    assert not untranslated_in_template(source)
