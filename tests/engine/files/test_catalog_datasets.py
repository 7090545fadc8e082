"""The ``datasets:`` section of the catalogue file: read, written back unchanged, and every
problem named at its line."""

from pathlib import Path

import pytest

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.periods import Calendar, PeriodType
from chuyendoiso.engine.domain.regimes import DataSetIndicator, Deadline, Stage
from chuyendoiso.engine.files.catalog_file import (
    CatalogFileError,
    dump_catalog,
    parse_catalog,
    read_catalog,
)

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "catalog" / "catalog.yaml"

HEAD = """\
version: 1
pillars:
  - {code: CQS, name_vi: Chính quyền số, name_en: Digital government, order: 6}
categories:
  - code: CHANNEL
    name_vi: Kênh
    name_en: Channel
    options:
      - {code: ONLINE, name_vi: Trực tuyến, name_en: Online}
indicators:
  - code: CQS_HS_TIEP_NHAN
    name_vi: Hồ sơ tiếp nhận
    name_en: Dossiers received
    pillar: CQS
    unit: count
    value_type: count
    aggregation_org: sum
    aggregation_time: flow
    categories: [CHANNEL]
  - code: CQS_HS_DUNG_HAN
    name_vi: Hồ sơ đúng hạn
    name_en: Dossiers on time
    pillar: CQS
    unit: count
    value_type: count
    aggregation_org: sum
    aggregation_time: flow
"""
# line 28 onwards
DATASETS = """\
datasets:
  - code: BC_MOT_CUA_THANG
    name_vi: Báo cáo hồ sơ thủ tục hành chính hằng tháng
    name_en: Monthly dossiers report
    legal_basis: theo Nghị định 09/2019/NĐ-CP
    period_type: month
    calendar: nd09
    levels: [commune, department]
    departments: [19.VPUBND, 19.STP]
    compilers: [19.VPUBND]
    deadlines: {commune: 1, district: 3, department: 3, compiler: 5, province: 7}
    indicators:
      - {indicator: CQS_HS_TIEP_NHAN}
      - {indicator: CQS_HS_DUNG_HAN}
      - {indicator: CQS_HS_TIEP_NHAN, categories: []}
"""


def parse(datasets: str) -> object:
    return parse_catalog(HEAD + datasets, source="c.yaml")


def problems(datasets: str) -> list[tuple[int, str]]:
    with pytest.raises(CatalogFileError) as caught:
        parse(datasets)
    return caught.value.problems


def test_a_regime_is_read_with_its_stages_in_order():
    good = DATASETS.replace("      - {indicator: CQS_HS_TIEP_NHAN, categories: []}\n", "")
    (regime,) = parse_catalog(HEAD + good).datasets
    assert regime.period_type is PeriodType.MONTH and regime.calendar is Calendar.ND09
    assert regime.levels == (Level.COMMUNE, Level.DEPARTMENT)
    assert regime.departments == ("19.VPUBND", "19.STP")
    assert regime.compilers == ("19.VPUBND",)
    assert regime.deadlines[0] == Deadline(Stage.COMMUNE, 1)
    assert regime.days(Stage.COMPILER) == 5
    # without `categories` an entry takes the indicator's disaggregations
    assert regime.indicators == (
        DataSetIndicator("CQS_HS_TIEP_NHAN", ("CHANNEL",)),
        DataSetIndicator("CQS_HS_DUNG_HAN", ()),
    )


def test_totals_only_survive_a_round_trip():
    totals = DATASETS.replace(
        "      - {indicator: CQS_HS_TIEP_NHAN}\n      - {indicator: CQS_HS_DUNG_HAN}\n", ""
    )
    catalog = parse_catalog(HEAD + totals)
    assert catalog.datasets[0].indicators == (DataSetIndicator("CQS_HS_TIEP_NHAN", ()),)
    assert parse_catalog(dump_catalog(catalog)) == catalog


def test_the_shipped_regimes_round_trip():
    catalog = read_catalog(SHIPPED)
    assert {d.code for d in catalog.datasets} == {
        "BC_MOT_CUA_THANG",
        "BC_CDS_6THANG",
        "BC_ATTT_QUY",
        "BC_DTI_TU_DANH_GIA",
    }
    assert "datasets:" in dump_catalog(catalog)
    assert parse_catalog(dump_catalog(catalog)) == catalog


def test_the_duplicate_indicator_is_named_at_its_line():
    assert problems(DATASETS) == [(42, "chỉ tiêu 'CQS_HS_TIEP_NHAN' lặp lại / duplicate indicator")]


def test_each_bad_field_is_named_at_its_line():
    bad = (
        DATASETS.replace("{indicator: CQS_HS_DUNG_HAN}", "{indicator: CQS_KHONG_CO}")
        .replace("categories: []", "categories: [SEX]")
        .replace("levels: [commune, department]", "levels: [commune, thon]")
        .replace("period_type: month", "period_type: week")
        .replace("district: 3, department: 3", "district: 3, ward: 3")
    )
    found = problems(bad)
    assert [line for line, _ in found] == [33, 35, 36, 38, 41, 42, 42]
    reasons = {line: " | ".join(r for n, r in found if n == line) for line, _ in found}
    assert "'period_type' = 'week'" in reasons[33]
    assert "'levels' = 'thon'" in reasons[35]
    assert "needs level 'department'" in reasons[36]
    assert "'deadlines' = 'ward'" in reasons[38]
    assert "'CQS_KHONG_CO' không có trong danh mục" in reasons[41]
    assert "không có phân tổ 'SEX'" in reasons[42] and "duplicate indicator" in reasons[42]


def test_deadlines_that_do_not_increase_up_the_levels():
    bad = DATASETS.replace("compiler: 5, province: 7", "compiler: 3, province: 2").replace(
        "      - {indicator: CQS_HS_TIEP_NHAN, categories: []}\n", ""
    )
    found = problems(bad)
    assert {line for line, _ in found} == {38}
    assert len(found) == 3  # commune and department -> compiler, compiler -> province
    assert all("deadlines must increase" in reason for _, reason in found)


def test_a_calendar_not_allowed_for_the_period_type():
    bad = DATASETS.replace("period_type: month", "period_type: day").replace(
        "      - {indicator: CQS_HS_TIEP_NHAN, categories: []}\n", ""
    )
    assert problems(bad) == [
        (34, "lịch 'nd09' không dùng cho kỳ 'day' / calendar 'nd09' is not allowed for "
         "period type 'day'")
    ]  # fmt: skip


def test_missing_deadlines_and_an_empty_regime():
    bad = (
        "datasets:\n  - code: BC_TRONG\n    name_vi: Trống\n    name_en: Empty\n"
        "    legal_basis: x\n    period_type: quarter\n    calendar: calendar\n"
        "    levels: [district]\n    deadlines: {district: 5}\n    indicators: []\n"
    )
    assert problems(bad) == [
        (36, "thiếu hạn cho bước 'province' / missing deadline for stage 'province'"),
        (37, "chế độ phải có chỉ tiêu / no indicators"),
    ]
