"""The report's wording is data (data/report/vi/): none of it in the composition's code, and
a clear error for every missing or broken entry of the files a province edits."""

from __future__ import annotations

import ast
import shutil
import unicodedata
from pathlib import Path

import pytest

import chuyendoiso.engine.report.compose as compose
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.report.wording import Templates, lower_first

WORDING = Path(__file__).resolve().parents[3] / "data" / "report" / "vi"


def vietnamese_letters(text: str) -> list[str]:
    """The letters of ``text`` outside ASCII: every Vietnamese letter with a mark, and đ."""
    return [ch for ch in text if ord(ch) > 127 and unicodedata.category(ch).startswith("L")]


def test_the_check_sees_vietnamese_letters():
    assert vietnamese_letters("Chưa có số liệu") == ["ư", "ó", "ố", "ệ"]
    assert vietnamese_letters("ĐỐC") == ["Đ", "Ố"]
    assert vietnamese_letters("Q1/2024 (*) -> 89.44") == []


def test_the_composition_holds_no_vietnamese_literal():
    tree = ast.parse(Path(compose.__file__).read_text(encoding="utf-8"))
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and vietnamese_letters(node.value)
    ]
    assert found == []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "vi"
    shutil.copytree(WORDING, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_entries_are_found_by_dotted_key_and_filled():
    words = Templates(WORDING).words
    assert words.has("change.same") and not words.has("change.nowhere")
    assert "2023" in words.say("change.same", year=2023)
    assert words.text("target_operators.>=") == words.get("target_operators")[">="]


def test_a_missing_entry_names_the_file_and_the_entry(folder: Path):
    edit(folder / "words.yaml", "back_to_period:", "back_to_period_renamed:")
    with pytest.raises(ValidationError) as caught:
        Templates(folder).words.say("back_to_period", period_label="A")
    assert caught.value.extra == {"file": str(folder / "words.yaml"), "entry": "back_to_period"}


def test_an_entry_that_is_not_text_is_refused(folder: Path):
    templates = Templates(folder)
    with pytest.raises(ValidationError) as caught:
        templates.words.text("change")  # a mapping, not a sentence
    assert caught.value.extra["entry"] == "change"
    with pytest.raises(ValidationError):
        templates.letterhead.texts("signer")  # text, not a list


def test_a_broken_template_names_where_it_is(folder: Path):
    edit(folder / "words.yaml", '"bằng cùng kỳ năm {{ year }}"', '"bằng cùng kỳ {{ year "')
    with pytest.raises(ValidationError) as caught:
        Templates(folder).words.say("change.same", year=2023)
    assert caught.value.extra["template"] == "words.yaml change.same"


def test_an_unknown_variable_is_an_error_not_a_blank(folder: Path):
    edit(folder / "words.yaml", "{{ period_label }}", "{{ period_lable }}")
    with pytest.raises(ValidationError):
        Templates(folder).words.say("back_to_period", period_label="A")


def test_a_missing_file_is_named(folder: Path):
    (folder / "letterhead.yaml").unlink()
    with pytest.raises(ValidationError) as caught:
        Templates(folder)
    assert caught.value.extra["file"] == str(folder / "letterhead.yaml")


def test_sections_name_only_pillars_of_the_catalogue():
    templates = Templates(WORDING)
    codes = list(templates.frame.get("sections"))
    assert list(templates.sections(set(codes))) == codes
    with pytest.raises(ValidationError) as caught:
        templates.sections(set(codes[1:]))
    assert caught.value.extra["pillar"] == codes[0]


def test_a_level_without_its_own_signer_takes_the_default(folder: Path):
    templates = Templates(folder)
    levels = templates.letterhead.get("levels")
    without = [name for name, spec in levels.items() if "signer" not in spec]
    with_own = [name for name, spec in levels.items() if "signer" in spec]
    assert without and with_own  # the shipped file has both kinds
    assert templates.level(without[0]).signer == templates.letterhead.text("signer")
    assert templates.level(with_own[0]).signer == levels[with_own[0]]["signer"]
    assert templates.level(without[0]).bodies == tuple(levels[without[0]].get("bodies", ()))


def test_an_unknown_level_is_an_error():
    with pytest.raises(ValidationError) as caught:
        Templates(WORDING).level("department")
    assert caught.value.extra["entry"] == "levels.department.body"


def test_templates_can_lower_the_first_letter_of_a_name():
    assert lower_first("Tỷ lệ hộ gia đình") == "tỷ lệ hộ gia đình"
    assert lower_first("") == ""
    assert Templates(WORDING).render("{{ x|lower_first }}", "test", x="Số CCCD") == "số CCCD"
