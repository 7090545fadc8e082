"""Statement groups (data/report/vi/statements.yaml): related figures written as sentences,
a missing figure's clause left out, each figure after its own period, and every indicator of
the shipped catalogue written by a group."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from chuyendoiso.engine.domain.catalog import ValueType
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.report.statements import ParagraphWriter, Stated, read_groups
from chuyendoiso.engine.report.wording import Templates

DATA = Path(__file__).resolve().parents[3] / "data"
WORDING = DATA / "report" / "vi"

GROUP = """
X:
  - figures: {received: A, settled: B, rate: C}
    sentences:
      - lead: "các cơ quan "
        clauses:
          - "tiếp nhận {{ received }} hồ sơ{{ received.change }}"
          - "giải quyết {{ settled }} hồ sơ"
          - - "trong {{ rate.denominator }} hồ sơ có {{ rate.numerator }} đúng hạn, đạt {{ rate }}"
            - "{{ rate }} đúng hạn"
      - - "tỷ lệ đúng hạn là {{ rate.plain }}"
"""


def groups(text: str = GROUP):
    templates = Templates(WORDING)
    return read_groups(yaml.safe_load(text), templates.env.parse, "statements.yaml")


def writer() -> ParagraphWriter:
    templates = Templates(WORDING)
    return ParagraphWriter(templates.render, "trong kỳ")


def stated(text: str, parts: tuple[str, str] | None = None, change: str = "") -> Stated:
    ratio = None if parts is None else f"{parts[0]}/{parts[1]} (đạt {text})"
    return Stated(
        text=text, plain_text=text.lstrip("0"), change_text=change, parts=parts, ratio_text=ratio
    )


def write(figures: dict[str, Stated], periods: dict[str, str] | None = None) -> str | None:
    group = groups()["X"][0]
    written = writer().write(group, figures, periods or dict.fromkeys(figures, ""))
    return None if written is None else written.paragraph


def test_every_figure_makes_two_sentences_with_the_lead_and_the_richer_template():
    text = write(
        {
            "received": stated("100", change=" (tăng 5%)"),
            "settled": stated("90"),
            "rate": stated("80%", parts=("72", "90")),
        }
    )
    assert text == (
        "Các cơ quan tiếp nhận 100 hồ sơ (tăng 5%), giải quyết 90 hồ sơ, trong 90 hồ sơ có 72 "
        "đúng hạn, đạt 80%. Tỷ lệ đúng hạn là 80%."
    )


def test_a_missing_figure_drops_its_clause_and_a_ratio_without_parts_its_richer_form():
    text = write({"settled": stated("90"), "rate": stated("80%")})
    assert text == "Các cơ quan giải quyết 90 hồ sơ, 80% đúng hạn. Tỷ lệ đúng hạn là 80%."


def test_a_sentence_without_a_figure_is_left_out_and_a_group_without_any_is_none():
    assert write({"received": stated("100")}) == "Các cơ quan tiếp nhận 100 hồ sơ."
    assert write({}) is None


def test_a_figure_s_own_period_opens_its_clause_and_each_sentence():
    text = write(
        {"received": stated("100"), "settled": stated("90"), "rate": stated("80%")},
        {"received": "", "settled": "tính đến ngày 15/4/2024", "rate": "tính đến ngày 15/4/2024"},
    )
    assert text == (
        "Các cơ quan tiếp nhận 100 hồ sơ, tính đến ngày 15/4/2024, giải quyết 90 hồ sơ, 80% "
        "đúng hạn. Tính đến ngày 15/4/2024, tỷ lệ đúng hạn là 80%."
    )
    back = write(
        {"received": stated("100"), "settled": stated("90")},
        {"received": "tính đến ngày 15/4/2024", "settled": ""},
    )
    assert back == (
        "Tính đến ngày 15/4/2024, các cơ quan tiếp nhận 100 hồ sơ, trong kỳ, giải quyết 90 hồ sơ."
    )


def test_the_written_codes_are_those_of_the_clauses_written():
    group = groups()["X"][0]
    written = writer().write(group, {"settled": stated("90")}, {"settled": ""})
    assert written is not None and written.codes == frozenset({"B"})


@pytest.mark.parametrize(
    ("text", "entry", "says"),
    [
        (GROUP.replace("{{ settled }}", "{{ setled }}"), "X[0].sentences[0].clauses[1]", "setled"),
        ("X: {figures: {a: A}}", "X", "danh sách nhóm"),
        ("X: [{sentences: []}]", "X[0]", "figures"),
        ("X: [{figures: {a: A}, sentences: [[1]]}]", "X[0].sentences[0][0]", "mẫu câu"),
        ("X: [{figures: {a: A}, sentences: [['{{ a }']]}]", "X[0].sentences[0][0]", "template"),
    ],
)
def test_a_broken_group_is_an_error_naming_its_place(text, entry, says):
    with pytest.raises(ValidationError) as caught:
        groups(text)
    assert caught.value.extra == {"file": "statements.yaml", "entry": entry}
    assert says in caught.value.message


def test_every_indicator_of_the_shipped_catalogue_is_written_by_a_group_of_its_pillar():
    catalog = read_catalog(DATA / "catalog" / "catalog.yaml")
    shipped = Templates(WORDING).statements
    written: dict[str, set[str]] = {}
    for pillar, pillar_groups in shipped.items():
        for group in pillar_groups:
            written.setdefault(pillar, set()).update(group.figures.values())
    by_code = {i.code: i for i in catalog.indicators}
    for indicator in catalog.indicators:
        # the DTI self-assessment's values are read by the DTI page, never stated by the
        # narrative report (docs/dti.md)
        if indicator.value_type is ValueType.RATIO or indicator.pillar == "TDG":
            continue
        ratios = [
            r.code
            for r in catalog.indicators
            if r.value_type is ValueType.RATIO and indicator.code in (r.numerator, r.denominator)
        ]
        covered = indicator.code in written.get(indicator.pillar, set()) or any(
            code in written.get(by_code[code].pillar, set()) for code in ratios
        )
        assert covered, indicator.code
    for indicator in catalog.indicators:
        if indicator.value_type is ValueType.RATIO:
            assert indicator.code in written.get(indicator.pillar, set()), indicator.code
    unknown = {c for codes in written.values() for c in codes} - set(by_code)
    assert unknown == set()


def test_no_shipped_template_names_a_catalogue_indicator_or_its_code():
    catalog = read_catalog(DATA / "catalog" / "catalog.yaml")
    text = (WORDING / "statements.yaml").read_text(encoding="utf-8")
    templates = " ".join(re.findall(r'"([^"]*)"', text)).lower()
    for indicator in catalog.indicators:
        assert indicator.name_vi.lower() not in templates, indicator.name_vi
        assert indicator.code not in templates.upper(), indicator.code


def test_a_clause_knows_whether_it_opens_its_sentence():
    text = """
X:
  - figures: {departments: A, communes: B}
    sentences:
      - lead: "hệ thống "
        clauses:
          - "được dùng tại {{ departments }} sở"
          - "{% if first %}được dùng {% endif %}tại {{ communes }} xã"
"""
    group = groups(text)["X"][0]
    both = writer().write(group, {"departments": stated("48"), "communes": stated("100%")}, {})
    alone = writer().write(group, {"communes": stated("100%")}, {})
    assert both is not None and both.paragraph == "Hệ thống được dùng tại 48 sở, tại 100% xã."
    assert alone is not None and alone.paragraph == "Hệ thống được dùng tại 100% xã."


CONNECTIVES = re.compile(r"^(Trong đó|Bằng|Với|Và|Có dữ liệu|Chiếm|Đạt)\b")


@pytest.mark.parametrize("with_parts", [True, False])
def test_every_shipped_sentence_stands_without_any_one_or_all_but_one_of_its_figures(
    with_parts,
):
    shipped = Templates(WORDING).statements
    parts = ("72", "90") if with_parts else None
    for pillar, pillar_groups in shipped.items():
        for group in pillar_groups:
            names = list(group.figures)
            subsets = [[n for n in names if n != left_out] for left_out in names]
            subsets = [s for s in subsets if s] + [[kept] for kept in names]
            for subset in subsets:
                figures = {name: stated("80", parts=parts) for name in subset}
                written = writer().write(group, figures, dict.fromkeys(subset, ""))
                assert written is not None, (pillar, group.where, subset)
                for sentence in re.split(r"(?<=\.)\s+", written.paragraph):
                    assert not CONNECTIVES.match(sentence), (group.where, subset, sentence)
                    assert "80" in sentence, (group.where, subset, sentence)
