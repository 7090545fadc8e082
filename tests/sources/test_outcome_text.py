"""What `cds sources compute` prints: units named, figures grouped by indicator, the
province's total of each (ratios from the summed parts, none for a distinct count); an
input with no readable file is an error, not the stored figures again."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.engine.sources import SourceInputError
from chuyendoiso.orgunits.selectors import orgunit_names
from chuyendoiso.sources.models import SourceRun
from chuyendoiso.sources.services import source_compute

pytestmark = pytest.mark.django_db

HEALTH = "id,org_unit,created_at,facility_id,connected\n"
DOSSIER = "id,org_unit,received_at,status,channel,due_at,processed_at\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def as_json(output: str) -> dict:
    return json.loads(output[output.index("{") :])


def names(*codes: str) -> dict[str, str]:
    return orgunit_names(codes, start=date(2024, 1, 1), end=date(2024, 12, 31))


def test_units_are_named_and_each_indicator_has_the_province_total(tmp_path):
    path = tmp_path / "health.csv"
    # the same facility in two units: 3 records, but 2 facilities in the province, not 3
    path.write_text(
        HEALTH + "H1,05431,2024-01-02,F1,true\nH2,19,2024-01-02,F1,true\n"
        "H3,164,2024-01-03,F2,true\n",
        encoding="utf-8",
    )
    args = ["sources", "compute", "health_records", "--input", str(path), "--period", "2024"]
    text = run(*args, "--dry-run").output
    named = names("05431", "19", "164")
    assert len(named) == 3
    for code, name in named.items():
        assert any(line.split()[:1] == [code] and name[:40] in line for line in text.splitlines())
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("XHS_HSSK — ")))
    assert [line.split()[0] for line in lines[start + 1 : start + 4]] == ["05431", "164", "19"]
    assert lines[start + 4].startswith("  Tổng toàn tỉnh / province total")
    assert lines[start + 4].split()[-1] == "3"
    distinct = lines.index(next(line for line in lines if line.startswith("XHS_CSKCB_KET_NOI")))
    assert lines[distinct + 4].endswith("không cộng được / does not add up")
    output = as_json(run(*args, "--format", "json").output)
    assert {f["org_unit"]: f["unit_name"] for f in output["figures"]} == named
    totals = {t["indicator"]: t for t in output["totals"]}
    assert totals["XHS_HSSK"]["value"] == "3" and totals["XHS_HSSK"]["adds_up"]
    assert totals["XHS_CSKCB_KET_NOI"] == {
        "indicator": "XHS_CSKCB_KET_NOI",
        "indicator_name": totals["XHS_CSKCB_KET_NOI"]["indicator_name"],
        "adds_up": False,
        "value": None,
        "numerator": None,
        "denominator": None,
    }
    assert totals["XHS_HSSK"]["indicator_name"]


def test_a_ratio_total_comes_from_the_summed_parts_not_an_average(tmp_path):
    path = tmp_path / "dossiers.csv"
    on_time = "returned,online,2024-01-10,2024-01-05"
    late = "returned,online,2024-01-03,2024-01-05"
    path.write_text(
        DOSSIER
        + f"A1,05431,2024-01-02,{on_time}\n"  # 05431: 1 of 1 on time (100%)
        + "".join(f"B{n},164,2024-01-02,{on_time if n == 1 else late}\n" for n in range(1, 4)),
        encoding="utf-8",  # 164: 1 of 3 (33.33%); the province: 2 of 4, 50%, not 66.67%
    )
    args = ["sources", "compute", "dossiers", "--input", str(path), "--period", "2024"]
    output = as_json(run(*args, "--dry-run", "--format", "json").output)
    totals = {t["indicator"]: t for t in output["totals"]}
    assert totals["CQS_HS_DUNG_HAN_TY_LE"]["value"] == "50"
    assert (
        totals["CQS_HS_DUNG_HAN_TY_LE"]["numerator"],
        totals["CQS_HS_DUNG_HAN_TY_LE"]["denominator"],
    ) == ("2", "4")
    text = run("sources", "compute", "dossiers", "--input", str(path), "--period", "2024")
    assert "  Tổng toàn tỉnh / province total" in text.output
    assert "50,00% (2/4)" in text.output


def test_a_folder_without_a_readable_file_is_an_error_naming_it(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "dossiers.xlsx").write_bytes(b"PK")
    with pytest.raises(SourceInputError) as caught:
        source_compute(acting_user=None, source="dossiers", inputs=[folder], period_id="2024")
    assert caught.value.extra == {
        "inputs": [str(folder)],
        "skipped": [str(folder / "dossiers.xlsx")],
    }
    result = run("sources", "compute", "dossiers", "--input", str(folder), "--period", "2024")
    assert result.exit_code == 2 and "no readable file" in result.output
    assert str(folder / "dossiers.xlsx") in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    good = tmp_path / "d.csv"
    good.write_text(DOSSIER + "A1,05431,2024-01-02,received,online,2024-01-10,\n")
    with pytest.raises(SourceInputError) as caught:  # one empty folder among the inputs
        source_compute(acting_user=None, source="dossiers", inputs=[good, empty], period_id="2024")
    assert caught.value.extra == {"inputs": [str(empty)], "skipped": []}
    assert not SourceRun.objects.exists()
