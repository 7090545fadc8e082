from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from chuyendoiso.engine.domain.catalog import OrgAggregation, TimeAggregation, ValueType
from chuyendoiso.engine.files.catalog_file import (
    CatalogFileError,
    dump_catalog,
    parse_catalog,
    read_catalog,
)

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "catalog" / "catalog.yaml"

GOOD = """\
version: 1
pillars:
  - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 6}
frameworks:
  - code: DTI2022
    name_vi: Bộ chỉ số DTI cấp tỉnh
    name_en: Provincial DTI
    source: Quyết định 922/QĐ-BTTTT ngày 20/5/2022
    valid_from: 2022-05-20
    pillars:
      - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 1}
categories:
  - code: CHANNEL
    name_vi: Kênh
    name_en: Channel
    options:
      - {code: ONLINE, name_vi: Trực tuyến, name_en: Online}
      - {code: DIRECT, name_vi: Trực tiếp, name_en: In person}
indicators:
  - code: CQS_HS_XU_LY
    name_vi: Hồ sơ đã xử lý
    name_en: Dossiers processed
    pillar: CQS
    unit: count
    value_type: count
    aggregation_org: sum
    aggregation_time: flow
    categories: [CHANNEL]
    placements:
      - {framework: DTI2022, pillar: CQS, ref: ""}
  - code: CQS_HS_DUNG_HAN
    name_vi: Hồ sơ giải quyết đúng hạn
    name_en: Dossiers on time
    pillar: CQS
    unit: count
    value_type: count
    aggregation_org: sum
    aggregation_time: flow
  - code: CQS_HS_DUNG_HAN_TL
    name_vi: Tỷ lệ hồ sơ đúng hạn
    name_en: On-time ratio
    pillar: CQS
    unit: percent
    value_type: ratio
    numerator: CQS_HS_DUNG_HAN
    denominator: CQS_HS_XU_LY
    aggregation_org: ratio
    aggregation_time: flow
targets:
  - indicator: CQS_HS_DUNG_HAN_TL
    org_unit: VN
    year: 2025
    operator: ">="
    value: "95.5"
    source: Quyết định số ...
"""


def test_reads_a_good_file():
    catalog = parse_catalog(GOOD)
    ratio = catalog.indicator("CQS_HS_DUNG_HAN_TL")
    assert ratio.value_type is ValueType.RATIO
    assert (ratio.numerator, ratio.denominator) == ("CQS_HS_DUNG_HAN", "CQS_HS_XU_LY")
    assert ratio.aggregation_org is OrgAggregation.RATIO
    assert catalog.indicator("CQS_HS_XU_LY").categories == ("CHANNEL",)
    assert catalog.indicator("CQS_HS_XU_LY").aggregation_time is TimeAggregation.FLOW
    assert catalog.targets[0].value == Decimal("95.5")
    assert catalog.frameworks[0].pillars[0].code == "CQS"


def test_export_then_import_gives_the_same_catalogue():
    catalog = parse_catalog(GOOD)
    assert parse_catalog(dump_catalog(catalog)) == catalog


def test_shipped_catalogue_round_trips():
    catalog = read_catalog(SHIPPED)
    assert len(catalog.indicators) >= 45
    assert parse_catalog(dump_catalog(catalog)) == catalog


def _error_for(text: str) -> CatalogFileError:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(text, source="bad.yaml")
    assert caught.value.extra["file"] == "bad.yaml"
    return caught.value


def line_of(text: str, needle: str) -> int:
    """1-based line of the mapping that holds ``needle`` (the line of its first key)."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if needle in line)
    while not lines[index].lstrip().startswith("- "):
        index -= 1
    return index + 1


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            "unit: count\n    value_type: count\n    aggregation_org: sum\n"
            "    aggregation_time: flow\n    categories: [CHANNEL]",
            "unit: litres\n    value_type: count\n    aggregation_org: sum"
            "\n    aggregation_time: flow\n    categories: [CHANNEL]",
            "'unit' = 'litres'",
        ),
        ("categories: [CHANNEL]", "categories: [AGE]", "phân tổ 'AGE'"),
        ("numerator: CQS_HS_DUNG_HAN", "numerator: CQS_NOT_THERE", "'numerator' = 'CQS_NOT_THERE'"),
        ("code: CQS_HS_DUNG_HAN\n", "code: cqs-lower\n", "mã 'cqs-lower'"),
        ("    aggregation_org: ratio", "    aggregation_org: sum", "aggregate ratios by ratio"),
        ("{framework: DTI2022, pillar: CQS", "{framework: DTI2099, pillar: CQS", "'DTI2099'"),
        ('value: "95.5"', 'value: "chín lăm"', "không phải số thập phân"),
        ("year: 2025", "year: 20250", "'year' = '20250'"),
        ("    name_en: Dossiers on time\n", "", "thiếu trường 'name_en'"),
    ],
)
def test_each_broken_rule_is_reported_with_its_line(old, new, reason):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    error = _error_for(text)
    reasons = [r for _, r in error.problems]
    assert any(reason in r for r in reasons), reasons


def test_line_number_points_at_the_faulty_indicator():
    text = GOOD.replace("categories: [CHANNEL]", "categories: [AGE]")
    error = _error_for(text)
    assert error.problems[0][0] == line_of(text, "code: CQS_HS_XU_LY")
    assert f"bad.yaml:{line_of(text, 'code: CQS_HS_XU_LY')}:" in str(error)


def test_duplicate_codes_are_rejected():
    text = GOOD.replace("code: CQS_HS_DUNG_HAN\n", "code: CQS_HS_XU_LY\n")
    reasons = [r for _, r in _error_for(text).problems]
    assert any("lặp lại" in r for r in reasons)


def test_all_problems_are_reported_together():
    text = GOOD.replace("unit: count", "unit: litres").replace("year: 2025", "year: 1")
    assert len(_error_for(text).problems) >= 3


@pytest.mark.parametrize(
    "text",
    ["", "- just\n- a list\n", "version: 1\npillars: {a: 1}\n", "version: [\n", "version: 2\n"],
)
def test_not_a_catalogue_is_rejected(text):
    _error_for(text)


def test_yaml_syntax_error_names_the_line():
    text = GOOD.replace("    pillar: CQS\n    unit: percent", "    pillar: [CQS\n    unit: percent")
    error = _error_for(text)
    assert error.problems[0][0] > 30
    assert "YAML" in error.problems[0][1]


def test_unreadable_file(tmp_path):
    with pytest.raises(CatalogFileError) as caught:
        read_catalog(tmp_path / "missing.yaml")
    assert "missing.yaml" in caught.value.extra["file"]


def test_export_writes_plain_decimals():
    catalog = parse_catalog(GOOD.replace('value: "95.5"', 'value: "80"'))
    normalized = replace(catalog.targets[0], value=Decimal("8E+1"))
    text = dump_catalog(replace(catalog, targets=(normalized,)))
    assert "value: '80'" in text and "E+" not in text


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        (
            "    aggregation_time: flow\n    categories",
            "    direciton: down\n    aggregation_time: flow\n    categories",
            "code: CQS_HS_XU_LY",
        ),
        ("{code: ONLINE, name_vi", "{code: ONLINE, nam_vi: x, name_vi", "code: ONLINE"),
        (
            "{framework: DTI2022, pillar: CQS,",
            "{framework: DTI2022, pilar: CQS, pillar: CQS,",
            "framework: DTI2022",
        ),
        (
            "    source: Quyết định số ...",
            "    source: Quyết định số ...\n    notes: typo",
            "indicator: CQS_HS_DUNG_HAN_TL",
        ),
    ],
)
def test_an_unknown_field_is_reported_not_ignored(old, new, needle):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    error = _error_for(text)
    assert [(line, "unknown field" in r) for line, r in error.problems] == [
        (line_of(text, needle), True)
    ]


def test_a_duplicate_pillar_is_reported_at_its_own_line():
    text = GOOD.replace(
        "pillars:\n  - {code: CQS,",
        "pillars:\n  - {code: HTS, name_vi: Hạ tầng số, name_en: Infra, order: 1}\n"
        "  - {code: HTS, name_vi: Hạ tầng, name_en: Infra, order: 2}\n  - {code: CQS,",
        1,
    )
    [(line, reason)] = _error_for(text).problems
    assert line == 4 and "lặp lại" in reason


def test_a_framework_pillar_given_twice_is_rejected():
    text = GOOD.replace(
        "      - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 1}\n",
        "      - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 1}\n"
        "      - {code: CQS, name_vi: Chính quyền, name_en: Government, order: 2}\n",
        1,
    )
    assert [r for _, r in _error_for(text).problems] == [
        "mã 'CQS' lặp lại trong 'pillars' / duplicate code"
    ]


def test_an_indicator_placed_twice_in_one_framework_pillar_is_rejected():
    # the database keeps one placement per framework pillar: this would fail mid-import
    text = GOOD.replace(
        '      - {framework: DTI2022, pillar: CQS, ref: ""}\n',
        '      - {framework: DTI2022, pillar: CQS, ref: ""}\n'
        '      - {framework: DTI2022, pillar: CQS, ref: "6.3"}\n',
        1,
    )
    [(line, reason)] = _error_for(text).problems
    assert "DTI2022/CQS" in reason and line == line_of(text, 'ref: "6.3"')


def test_a_target_given_twice_is_rejected():
    target = GOOD[GOOD.index("  - indicator: CQS_HS_DUNG_HAN_TL") :]
    text = GOOD + target.replace('"95.5"', '"97"')
    [(line, reason)] = _error_for(text).problems
    assert "duplicate target" in reason and line == text.count("\n") - target.count("\n") + 1


@pytest.mark.parametrize("value", ['"95.1234567"', '"1e30"'])
def test_a_target_the_database_cannot_keep_exactly_is_rejected(value):
    error = _error_for(GOOD.replace('value: "95.5"', f"value: {value}"))
    assert len(error.problems) == 1 and "'value'" in error.problems[0][1]


MARKED = GOOD.replace(
    "    name_en: Dossiers processed\n    pillar: CQS\n",
    "    name_en: Dossiers processed\n    pillar: CQS\n    public: true\n    headline: true\n"
    "    unit_label_vi: hồ sơ\n    unit_label_en: dossiers\n"
    "    source_system: Hệ thống một cửa\n    source_system_en: One-stop-shop system\n",
    1,
)


def test_public_headline_and_english_labels_are_read_and_written_back():
    assert MARKED != GOOD
    catalog = parse_catalog(MARKED)
    processed = catalog.indicator("CQS_HS_XU_LY")
    assert (processed.public, processed.headline) == (True, True)
    assert (processed.unit_label_en, processed.source_system_en) == (
        "dossiers",
        "One-stop-shop system",
    )
    on_time = catalog.indicator("CQS_HS_DUNG_HAN")
    assert (on_time.public, on_time.headline, on_time.unit_label_en) == (False, False, "")
    text = dump_catalog(catalog)
    assert parse_catalog(text) == catalog
    # nothing is public unless it says so: the export says it of every indicator
    assert text.count("public: true") == 1 and text.count("public: false") == 2
    assert text.count("headline: true") == 1 and "headline: false" not in text


@pytest.mark.parametrize("raw", ["1", '"có"', "public", "[true]", '""'])
@pytest.mark.parametrize("key", ["public", "headline"])
def test_a_yes_no_field_that_is_not_true_or_false_is_refused_at_its_line(key, raw):
    text = MARKED.replace(f"    {key}: true\n", f"    {key}: {raw}\n", 1)
    error = _error_for(text)
    line = text.splitlines().index(f"    {key}: {raw}") + 1
    [(found, reason)] = error.problems
    assert found == line and f"'{key}' =" in reason and "true or false" in reason
    assert f"bad.yaml:{line}: '{key}' =" in str(error)


def test_a_public_ratio_with_an_internal_part_is_refused():
    text = GOOD.replace(
        "    name_en: On-time ratio\n    pillar: CQS\n",
        "    name_en: On-time ratio\n    pillar: CQS\n    public: true\n",
        1,
    )
    text = text.replace(
        "name_en: Dossiers on time\n", "name_en: Dossiers on time\n    public: true\n"
    )
    reasons = [reason for _, reason in _error_for(text).problems]
    # the numerator is public now, the denominator (CQS_HS_XU_LY) is not
    assert reasons == [
        "chỉ tiêu công khai nhưng 'denominator' = 'CQS_HS_XU_LY' là chỉ tiêu nội bộ "
        "/ a public ratio needs a public denominator"
    ]
    fixed = text.replace(
        "    name_en: Dossiers processed\n", "    name_en: Dossiers processed\n    public: true\n"
    )
    assert parse_catalog(fixed).indicator("CQS_HS_DUNG_HAN_TL").public


def test_shipped_catalogue_marks_public_headline_and_english_labels():
    catalog = read_catalog(SHIPPED)
    # the DTI self-assessment's values (pillar TDG, docs/dti.md) are the province's working
    # figures, all internal; of the others, few
    internal = [i for i in catalog.indicators if not i.public and i.pillar != "TDG"]
    assert all(not i.public for i in catalog.indicators if i.pillar == "TDG")
    headline = [i for i in catalog.indicators if i.headline]
    assert 1 <= len(internal) <= 6 and len(catalog.indicators) - len(internal) >= 55
    assert 8 <= len(headline) <= 12
    assert len({i.pillar for i in headline}) >= 5
    assert all(i.public for i in headline)  # the public dashboard shows the same cards
    # an English label wherever there is a Vietnamese one (a yes/no has neither)
    labels = [i for i in catalog.indicators if bool(i.unit_label_en) != bool(i.unit_label_vi)]
    assert [i.code for i in labels] == []
    assert [i.code for i in catalog.indicators if not i.unit_label_vi] == [
        "TDG_NGHI_QUYET_CDS",
        "TDG_SOC_VAN_HANH",
        "TDG_LGSP_VAN_HANH",
        "TDG_DE_AN_DO_THI_TM",
    ]
    assert [i.code for i in catalog.indicators if not i.source_system_en] == []
    # every indicator marked internal says why, in a comment just above its mark
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    marks = [n for n, line in enumerate(lines) if line.strip() == "public: false"]
    assert len(marks) == len(internal)
    for n in marks:
        first = n
        while lines[first - 1].strip().startswith("#"):
            first -= 1
        assert lines[first].strip().startswith("# nội bộ / internal:"), n + 1


LEVELLED = GOOD.replace(
    "    name_en: Dossiers processed\n    pillar: CQS\n",
    "    name_en: Dossiers processed\n    pillar: CQS\n    levels: [province, commune]\n",
    1,
)


def test_levels_are_read_and_written_back_and_none_means_every_level():
    assert LEVELLED != GOOD
    catalog = parse_catalog(LEVELLED)
    processed, on_time = catalog.indicator("CQS_HS_XU_LY"), catalog.indicator("CQS_HS_DUNG_HAN")
    assert [level.value for level in processed.levels] == ["province", "commune"]
    assert processed.reported_at("commune") and not processed.reported_at("district")
    assert on_time.levels == () and on_time.reported_at("district")
    text = dump_catalog(catalog)
    assert parse_catalog(text) == catalog
    assert text.count("levels:") == 1


@pytest.mark.parametrize(
    "raw", ["[province, ward]", "[]", "province", "[province, province]", "[1]", "[{a: b}]"]
)
def test_levels_that_are_not_a_list_of_distinct_known_levels_are_refused_at_their_line(raw):
    text = LEVELLED.replace("    levels: [province, commune]\n", f"    levels: {raw}\n", 1)
    error = _error_for(text)
    line = text.splitlines().index(f"    levels: {raw}") + 1
    [(found, reason)] = error.problems
    assert found == line and "'levels'" in reason


def test_the_shipped_catalogue_keeps_the_provinces_own_indicators_to_the_province():
    catalog = read_catalog(SHIPPED)
    own = {i.code for i in catalog.indicators if [lv.value for lv in i.levels] == ["province"]}
    assert {"NTS_BAO_TIN_BAI", "ATTT_SOC_TAN_CONG", "KTS_DOANH_THU"} <= own
    assert catalog.indicator("CQS_HS_TIEP_NHAN").reported_at("commune")
    for indicator in catalog.indicators:  # a ratio is stated wherever its parts are
        if indicator.value_type is ValueType.RATIO:
            for part in (indicator.numerator, indicator.denominator):
                assert catalog.indicator(part).levels == indicator.levels, indicator.code
