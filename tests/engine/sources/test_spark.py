"""DuckDB and Spark (local mode) give identical results; the seed's dossier figures on both.

One Spark session serves the whole module; the data are kept small.
"""

import csv
import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from chuyendoiso.engine.demo import generate
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.sources import engine_spark
from chuyendoiso.engine.sources.compute import compute
from chuyendoiso.engine.sources.inputs import SourceInputError
from chuyendoiso.engine.sources.records import SCHEMAS

from .broken import (
    DOSSIER_COLUMNS,
    FORMULA_ID,
    dossier_records,
    write_csv,
    write_jsonl,
    write_malformed_csv,
    write_text_parquet,
    write_typed_payments,
)
from .conftest import shipped

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module", autouse=True)
def spark():
    session = engine_spark.session()
    yield session
    session.stop()


def both(definition, inputs, period, known, tmp_path):
    results = [
        compute(
            definition, inputs, period, known_units=known, engine=engine, workdir=tmp_path / engine
        )
        for engine in ("duckdb", "spark")
    ]
    return results


def quarantine(result):
    """Where and why, for every rejected record (stored values may be written differently:
    DuckDB reads a JSON number as a double, 11000.00 becoming 11000.0)."""
    if result.quarantine_path is None:
        return None
    with result.quarantine_path.open(encoding="utf-8", newline="") as handle:
        return [
            (r["file"], r["row"], r["reason"], r["column"], r["id"]) for r in csv.DictReader(handle)
        ]


def assert_identical(duck, spark):
    assert (duck.engine, spark.engine) == ("duckdb", "spark")
    assert duck.figures == spark.figures
    assert duck.partials == spark.partials
    assert duck.reconciliation == spark.reconciliation
    assert duck.files == spark.files
    assert quarantine(duck) == quarantine(spark)


def seed_dossier_figures(text: str) -> dict[str, Decimal]:
    """The seed's dossier figures, read from its own sentences (Vietnamese notation)."""

    def number(pattern: str) -> Decimal:
        found = re.search(pattern, text)
        assert found, pattern
        return Decimal(found.group(1).replace(".", "").replace(",", "."))

    return {
        "received": number(r"đã tiếp nhận ([\d.]+) hồ sơ"),
        "processed": number(r"đã xử lý ([\d.]+) hồ sơ"),
        "on_time": number(r"giải quyết đúng hạn đạt ([\d,]+)%"),
        "electronic": number(r"cấp kết quả điện tử đạt ([\d,]+)%"),
        "digitised": number(r"kết quả giải quyết TTHC đạt ([\d,]+)%"),
        "reuse": number(r"dữ liệu số hóa đạt ([\d,]+)%"),
    }


def seed_period(text: str):
    found = re.search(
        r"từ ngày (\d\d)/(\d\d)/(\d{4}) đến ngày (\d\d?)/(\d\d?)/(\d{4}), tỷ lệ", text
    )
    assert found
    d1, m1, y1, d2, m2, y2 = (int(g) for g in found.groups())
    return parse_period(f"{date(y1, m1, d1).isoformat()}..{date(y2, m2, d2).isoformat()}")


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_seed_dossier_figures_come_back_on_both_engines(
    tmp_path, seed_report_text, dossiers, thai_nguyen_2024, known_units
):
    seed = seed_dossier_figures(seed_report_text)
    period = seed_period(seed_report_text)
    assert period.id == "2024-01-01..2024-05-27"
    path = generate(
        "dossiers",
        int(seed["received"]),
        2024,
        tmp_path / "dossiers.parquet",
        units=thai_nguyen_2024,
        start=period.start,
        end=period.end,
    )
    duck, spark = both(dossiers, [path], period, known_units, tmp_path)
    assert_identical(duck, spark)
    for result in (duck, spark):
        totals: dict[str, Decimal] = {}
        for figure in result.figures:
            if figure.numerator is None:
                totals[figure.indicator] = totals.get(figure.indicator, Decimal(0)) + figure.value
        assert {f.org_unit for f in result.figures} <= set(thai_nguyen_2024)
        assert totals["CQS_HS_TIEP_NHAN"] == seed["received"]
        assert totals["CQS_HS_DA_XU_LY"] == seed["processed"]
        processed, received = totals["CQS_HS_DA_XU_LY"], totals["CQS_HS_TIEP_NHAN"]
        assert percent(totals["CQS_HS_DUNG_HAN"], processed) == seed["on_time"]
        assert percent(totals["CQS_HS_KQ_DIEN_TU"], processed) == seed["electronic"]
        assert percent(totals["CQS_HS_SO_HOA"], processed) == seed["digitised"]
        assert percent(totals["CQS_HS_TAI_SU_DUNG"], received) == seed["reuse"]
        assert result.reconciliation.read == result.reconciliation.accepted == seed["received"]


def test_broken_records_in_every_format_give_the_same_results(tmp_path, dossiers):
    folder = tmp_path / "in"
    folder.mkdir()
    records = dossier_records()
    columns = [*DOSSIER_COLUMNS, "procedure_code"]
    multi_line = [
        {**r, "procedure_code": f'1.{n}\nline two, "quoted"'} for n, r in enumerate(records)
    ]
    write_csv(folder / "a.csv", multi_line, columns)
    write_jsonl(folder / "b.jsonl", records, DOSSIER_COLUMNS)
    write_text_parquet(folder / "c.parquet", records, DOSSIER_COLUMNS)
    excel = folder / "e.csv"  # a header as spreadsheets write it: byte-order mark, capitals
    header, _, body = write_csv(excel, records[:3], DOSSIER_COLUMNS).read_bytes().partition(b"\n")
    excel.write_bytes(b"\xef\xbb\xbf Id ," + header.upper()[3:] + b"\n" + body)
    generate(
        "dossiers",
        3000,
        9,
        folder / "d.parquet",
        units=["19", "164"],
        start=date(2024, 1, 1),
        end=date(2024, 3, 31),
    )
    duck, spark = both(dossiers, [folder], parse_period("2024Q1"), {"19", "164"}, tmp_path)
    assert_identical(duck, spark)
    assert duck.reconciliation.by_reason["duplicate_id"] > 10  # copies across the files
    assert duck.reconciliation.read == 3 * len(records) + 3 + 3000


def test_typed_parquet_gives_the_same_results(tmp_path):
    path, _ = write_typed_payments(tmp_path / "payments.parquet")
    duck, spark = both(shipped("payments"), [path], parse_period("2024Q1"), {"19", "164"}, tmp_path)
    assert_identical(duck, spark)


@pytest.mark.parametrize("source", sorted(set(SCHEMAS) - {"dossiers"}))
def test_every_source_gives_the_same_results(tmp_path, source):
    units = ["19", "164", "05443"]
    paths = [
        generate(
            source,
            1500,
            seed,
            tmp_path / f"{source}-{seed}.{fmt}",
            units=units,
            start=date(2024, 1, 1),
            end=date(2024, 6, 30),
            format=fmt,
        )
        for seed, fmt in ((1, "csv"), (2, "parquet"))
    ]
    duck, spark = both(shipped(source), paths, parse_period("2024Q2"), {"19", "164"}, tmp_path)
    assert_identical(duck, spark)
    assert duck.reconciliation.by_reason["unknown_org_unit"] > 0  # 05443 is not known here
    assert duck.figures


def test_malformed_csv_lines_give_the_same_results_on_both_engines(tmp_path, dossiers):
    path, _, expected = write_malformed_csv(tmp_path)
    duck, spark = both(dossiers, [path], parse_period("2024Q1"), {"19", "164"}, tmp_path)
    assert_identical(duck, spark)
    assert [(int(row), reason) for _, row, reason, _, _ in quarantine(spark)] == expected
    for result in (duck, spark):
        text = result.quarantine_path.read_text(encoding="utf-8")
        assert f"'{FORMULA_ID}" in text and "\n=" not in text and ",=" not in text


def test_an_unreadable_file_is_an_input_error_on_both_engines(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"id,org_unit,registered_at,event_type\nE1,H\xe0 N\xf4i,2024-01-02,birth\n")
    definition = shipped("civil_status_events")
    for engine in ("duckdb", "spark"):
        with pytest.raises(SourceInputError) as caught:
            compute(
                definition,
                [path],
                parse_period("202401"),
                known_units={"19"},
                engine=engine,
                workdir=tmp_path,
            )
        assert caught.value.extra["file"] == str(path.resolve()), engine


def test_an_export_with_its_own_names_gives_the_same_results(tmp_path):
    from .test_columns import EXPORT_COLUMNS, exported, mapped_dossiers

    folder = tmp_path / "in"
    folder.mkdir()
    records = exported(dossier_records())
    write_csv(folder / "a.csv", records, EXPORT_COLUMNS)
    write_jsonl(folder / "b.jsonl", records, EXPORT_COLUMNS)
    write_text_parquet(folder / "c.parquet", records, EXPORT_COLUMNS)
    definition = mapped_dossiers()
    duck, spark = both(definition, [folder], parse_period("2024Q1"), {"19", "164"}, tmp_path)
    assert_identical(duck, spark)
    assert duck.reconciliation.read == 3 * len(records) and duck.figures


def test_columns_that_could_both_be_the_id_are_the_same_error_on_both_engines(tmp_path, dossiers):
    from .test_columns import GOOD, clashing_csv, clashing_parquet

    jsonl = tmp_path / "keys.jsonl"
    jsonl.write_text(json.dumps({**GOOD, "ID": "X1"}) + "\n", encoding="utf-8")
    duck, spark = both(dossiers, [jsonl], parse_period("2024Q1"), {"19"}, tmp_path)
    assert_identical(duck, spark)  # JSON keys are matched as written: "ID" is left out
    assert duck.reconciliation.accepted == 1
    for path in (clashing_csv(tmp_path), clashing_parquet(tmp_path)):
        for engine in ("duckdb", "spark"):
            with pytest.raises(SourceInputError) as caught:
                compute(
                    dossiers,
                    [path],
                    parse_period("2024Q1"),
                    known_units={"19"},
                    engine=engine,
                    workdir=tmp_path / engine,
                )
            assert caught.value.extra == {
                "file": str(path.resolve()),
                "columns": ["'id', 'ID'"],
            }, engine
