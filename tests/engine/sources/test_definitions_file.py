"""Metric definition files: the shipped ones agree with the catalogue; errors name file and line."""

import pytest

from chuyendoiso.engine.sources.definitions import Measure, Window
from chuyendoiso.engine.sources.definitions_file import (
    SourceFileError,
    parse_source,
    read_source,
)

from .conftest import SOURCES_DIR

SHIPPED = sorted(SOURCES_DIR.glob("*.yaml"))

GOOD = """\
version: 1
source: payments
name_vi: Giao dịch
name_en: Payments
schema: payments
metrics:
  - indicator: KTS_TTKDTM_GIAO_DICH
    measure: count
    date: paid_at
    filter: channel IN ('internet', 'atm', 'pos')
  - indicator: KTS_TTKDTM_GIA_TRI
    measure: sum
    column: amount
    date: paid_at
"""


def problems(text: str, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(SourceFileError) as caught:
        parse_source(text, source="defs.yaml", **kwargs)
    return caught.value.problems


def test_every_shipped_definition_reads_and_matches_the_catalogue(catalog):
    assert {p.stem for p in SHIPPED} == {
        "dossiers",
        "soc_events",
        "payments",
        "health_records",
        "civil_status_events",
    }
    for path in SHIPPED:
        definition = read_source(path, catalog=catalog)
        assert definition.code == path.stem
        assert definition.metrics


def test_dossier_definitions_follow_the_catalogue_denominators(dossiers, catalog):
    by_code = {i.code: i for i in catalog.indicators}
    for ratio in dossiers.ratios:
        indicator = by_code[ratio.indicator]
        assert (ratio.numerator, ratio.denominator) == (indicator.numerator, indicator.denominator)
    reuse = next(r for r in dossiers.ratios if r.indicator == "CQS_HS_TAI_SU_DUNG_TY_LE")
    assert reuse.denominator == "CQS_HS_TIEP_NHAN"
    assert dossiers.metric("CQS_HS_TIEP_NHAN").date_column == "received_at"
    assert dossiers.metric("CQS_HS_DA_XU_LY").date_column == "processed_at"


def test_a_good_file_gives_dataclasses():
    definition = parse_source(GOOD, source="defs.yaml")
    count, total = definition.metrics
    assert count.measure is Measure.COUNT and count.window is Window.PERIOD
    assert count.filter == "channel IN ('internet', 'atm', 'pos')"
    assert total.measure is Measure.SUM and total.column == "amount"
    assert total.org_unit_column == "org_unit"
    assert (count.line, total.line) == (7, 11)


def test_a_filter_naming_an_unknown_column_is_reported_at_its_metric():
    text = GOOD.replace("channel IN", "chanel IN")
    [(line, reason)] = problems(text)
    assert line == 7
    assert "'filter'" in reason and "chanel" in reason


def test_a_filter_with_bad_sql_or_an_aggregate_is_refused():
    assert "invalid SQL" in problems(GOOD.replace("'pos')", "'pos'"))[0][1]
    assert (
        "may not aggregate"
        in problems(GOOD.replace("channel IN", "count(*) > 1 OR channel IN"))[0][1]
    )
    assert (
        "may not aggregate"
        in problems(GOOD.replace("channel IN", "amount > (SELECT 1) OR channel IN"))[0][1]
    )


def test_field_errors_name_their_line():
    text = GOOD.replace("measure: sum", "measure: average").replace(
        "date: paid_at", "date: channel", 1
    )
    found = problems(text)
    assert (7, "'date' = 'channel' phải là cột ngày / not a date (paid_at)") in found
    assert any(line == 11 and "'measure' = 'average'" in reason for line, reason in found)
    assert len(found) == 2


def test_sum_needs_a_number_and_count_takes_no_column():
    found = problems(
        GOOD.replace("column: amount", "column: channel").replace(
            "measure: count\n", "measure: count\n    column: amount\n"
        )
    )
    reasons = " | ".join(reason for _, reason in found)
    assert "sum needs a number" in reasons and "not for count" in reasons


def test_unknown_fields_and_schema_are_reported():
    found = problems(
        GOOD.replace("schema: payments", "schema: bills").replace(
            "    measure: count\n", "    mesure: count\n"
        )
    )
    reasons = [reason for _, reason in found]
    assert any("'schema' = 'bills'" in r for r in reasons)
    assert any("unknown field 'mesure'" in r for r in reasons)


def test_ratio_parts_must_be_metrics_of_the_source():
    text = (
        GOOD
        + "ratios:\n  - {indicator: KTS_X_TY_LE, numerator: KTS_TTKDTM_GIAO_DICH,"
        + " denominator: KTS_Y}\n"
    )
    [(line, reason)] = problems(text)
    assert line == 16 and "'denominator' = 'KTS_Y'" in reason


def test_duplicate_indicators_are_reported():
    text = GOOD.replace("KTS_TTKDTM_GIA_TRI", "KTS_TTKDTM_GIAO_DICH")
    assert any("duplicate code" in reason for _, reason in problems(text))


def test_catalogue_checks_codes_windows_and_ratio_parts(catalog):
    text = GOOD.replace("KTS_TTKDTM_GIA_TRI", "KTS_NOT_THERE")
    assert (11, "chỉ tiêu 'KTS_NOT_THERE' không có trong danh mục") in problems(
        text, catalog=catalog
    )
    stock = GOOD.replace("    filter:", "    window: to_date\n    filter:")
    [(line, reason)] = problems(stock, catalog=catalog)
    assert line == 7 and "'window'" in reason and "period" in reason


def test_yaml_syntax_errors_give_the_line_and_the_file_in_the_message():
    with pytest.raises(SourceFileError) as caught:
        parse_source(
            GOOD.replace("  - indicator: KTS_TTKDTM_GIA_TRI", "  - indicator: [oops"),
            source="x/defs.yaml",
        )
    assert caught.value.problems[0][0] >= 11
    assert "x/defs.yaml:" in str(caught.value)
    assert caught.value.as_dict()["extra"]["file"] == "x/defs.yaml"


def test_wrong_version_and_no_metrics():
    found = problems("version: 2\nsource: x\nname_vi: a\nname_en: b\nschema: payments\n")
    reasons = [reason for _, reason in found]
    assert any("'version'" in r for r in reasons) and any("'metrics'" in r for r in reasons)


def test_an_unreadable_file_is_reported(tmp_path):
    with pytest.raises(SourceFileError) as caught:
        read_source(tmp_path / "missing.yaml")
    assert caught.value.problems[0][0] == 0


@pytest.mark.parametrize("column", ["merchant_id", "id", "nowhere"])
def test_the_org_unit_column_must_be_the_one_checked_against_known_units(column):
    # a figure is stored per org unit: a merchant code, or an empty one, is no org unit
    text = GOOD.replace("schema: payments\n", f"schema: payments\norg_unit: {column}\n")
    found = problems(text)
    assert len(found) == 1 and "'org_unit'" in found[0][1] and "(org_unit)" in found[0][1]


def test_an_empty_metric_list_is_refused():
    found = problems(GOOD.split("metrics:")[0] + "metrics: []\n")
    assert [reason for _, reason in found] == [
        "'metrics' không được rỗng / 'metrics' must not be empty"
    ]


def test_the_digest_follows_what_is_computed_not_where_it_was_read():
    digest = parse_source(GOOD, source="defs.yaml").sha256
    moved = "# a comment moves every line\n\n" + GOOD
    assert parse_source(moved, source="elsewhere/defs.yaml").sha256 == digest
    for changed in (
        GOOD.replace("'pos')", "'pos', 'mobile')"),
        GOOD.replace("measure: sum", "measure: count_distinct"),
        GOOD.replace("date: paid_at\n    filter", "date: paid_at\n    window: to_date\n    filter"),
    ):
        assert changed != GOOD and parse_source(changed, source="defs.yaml").sha256 != digest


@pytest.mark.parametrize(
    ("call", "named"),
    [
        ("read_csv('/etc/passwd') IS NULL", "read_csv"),
        ("read_text('/etc/passwd') = 'x'", "read_text"),
        ("read_parquet('x.parquet') IS NULL", "read_parquet"),
        ("getenv('HOME') = 'x'", "getenv"),
        ("current_setting('memory_limit') = 'x'", "current_setting"),
        ("query('SELECT 1') IS NULL", "query"),
        ("glob('/*') IS NULL", "glob"),
        ("load_extension('x') IS NULL", "load_extension"),
        ("now() > paid_at", "now"),
        ("lower(getenv('X')) = 'x'", "getenv"),
    ],
)
def test_a_filter_may_call_only_allowed_functions(call, named):
    [(line, reason)] = problems(GOOD.replace("channel IN", f"{call} OR channel IN"))
    assert line == 7
    assert "'filter'" in reason and "not allowed" in reason and reason.endswith(named)


@pytest.mark.parametrize("statement", ["attach('x.db')", "install httpfs", "set x = 1"])
def test_a_filter_may_not_be_a_statement(statement):
    found = problems(GOOD.replace("channel IN ('internet', 'atm', 'pos')", statement))
    assert found and all(line == 7 and "'filter'" in reason for line, reason in found)


def test_a_filter_may_use_text_date_and_arithmetic_functions():
    calls = (
        "lower(trim(channel)) LIKE 'int%' AND coalesce(merchant_id, '') <> 'x' "
        "AND CAST(amount AS BIGINT) % 2 = 0 AND year(paid_at) = 2024 "
        "AND date_trunc('month', paid_at) >= DATE '2024-01-01' "
        "AND regexp_matches(channel, '^[a-z]+$') AND abs(round(amount, 0)) >= 0 "
        "AND CASE WHEN length(channel) > 2 THEN TRUE ELSE FALSE END "
        "AND date_part('year', paid_at) = 2024 AND strftime(paid_at, '%Y') = '2024'"
    )
    definition = parse_source(GOOD.replace("channel IN", f"{calls} AND channel IN"))
    assert definition.metrics[0].filter.startswith("lower(trim(channel))")


def test_a_key_policy_is_read_with_its_version_column():
    text = GOOD.replace(
        "schema: payments\n", "schema: payments\nkey_policy: latest\nlatest_by: paid_at\n"
    )
    definition = parse_source(text)
    assert (definition.key_policy.value, definition.latest_by) == ("latest", "paid_at")
    assert parse_source(GOOD).key_policy.value == "unique"
    trusted = parse_source(
        GOOD.replace("schema: payments\n", "schema: payments\nkey_policy: trusted\n")
    )
    assert trusted.key_policy.value == "trusted" and trusted.sha256 != parse_source(GOOD).sha256


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("key_policy: newest\n", "key_policy"),
        ("key_policy: latest\n", "'latest' needs 'latest_by'"),
        ("key_policy: latest\nlatest_by: channel\n", "'latest_by' = 'channel'"),
        ("key_policy: latest\nlatest_by: nowhere\n", "'latest_by' = 'nowhere'"),
        ("latest_by: paid_at\n", "only for 'latest'"),
    ],
)
def test_a_wrong_key_policy_is_named_with_its_line(lines, message):
    found = problems(GOOD.replace("schema: payments\n", "schema: payments\n" + lines))
    assert any(message in text and line == 1 for line, text in found), found
