"""Excel entry templates: `cds template` writes one, a person fills it in (numbers typed as
numbers or as Vietnamese text), `cds import` reads it back through the same checks as every
import; re-importing changes nothing, every bad cell is listed with its place, a template of
another period is refused, a formula-like text never runs, LibreOffice opens it."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.values_xlsx import HEADERS, LETTER, read_template

pytestmark = pytest.mark.django_db

DATASET, PERIOD, COMMUNE = "BC_CDS_6THANG", "2024S1", "05440"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "mau.xlsx"
    result = run(
        "template", "--dataset", DATASET, "--period", PERIOD, "--org", COMMUNE, "-o", str(path)
    )
    assert result.exit_code == 0, result.output
    return path


def fill(path: Path, typed: dict[tuple[str, str], object], out: Path | None = None) -> Path:
    """Type into the template as a person would: ``typed`` maps (indicator, header) to what
    goes in the cell (a number, or text as typed)."""
    book = load_workbook(path)
    sheet = book["Số liệu"]
    for row in sheet.iter_rows(min_row=2):
        indicator = row[HEADERS.index("Mã chỉ tiêu")].value
        for (code, header), cell_value in typed.items():
            if code == indicator and not row[HEADERS.index("Mã phân tổ")].value:
                cell = row[HEADERS.index(header)]
                cell.value = cell_value
                if isinstance(cell_value, str) and cell_value.startswith("="):
                    cell.data_type = "s"  # typed as text ('=...), as Excel keeps it
    target = out or path
    book.save(target)
    return target


def drafts() -> dict[str, DataValue]:
    rows = DataValue.objects.filter(
        org_unit__code=COMMUNE, period=PERIOD, status="draft"
    ).select_related("indicator")
    return {row.indicator.code: row for row in rows}


FILLED = {
    ("HTS_TB_DI_DONG", "Giá trị"): "1.567.705",  # Vietnamese text
    ("HTS_TB_3G4G", "Giá trị"): 1400000,  # a number
    ("HTS_TB_3G4G_TY_LE", "Tử số"): 1400000,
    ("HTS_TB_3G4G_TY_LE", "Mẫu số"): "1.567.705",
    ("HTS_TB_3G4G_TY_LE", "Giá trị"): "89,30",
    ("HTS_HGD_DTTM_TY_LE", "Giá trị"): 71.5,
    ("HTS_HGD_DTTM_TY_LE", "Cách nêu"): "khoảng",
    ("HTS_BTS", "Giá trị"): 12,
    ("HTS_BTS", "Ghi chú"): '=HYPERLINK("http://x")',  # text, not a formula
}


def test_the_template_has_one_row_per_indicator_with_codes_locked_and_values_open(template):
    book = load_workbook(template)
    sheet = book["Số liệu"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    totals = [row for row in rows if not row[HEADERS.index("Mã phân tổ")]]
    assert len(totals) == len({row[2] for row in rows}) == 64  # the regime's indicators
    options = {row[HEADERS.index("Mã phân tổ")] for row in rows} - {None}
    assert {"CHANNEL:ONLINE", "CHANNEL:DIRECT"} <= options, options
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {COMMUNE}
    assert sheet.protection.sheet
    second = {header: sheet[f"{LETTER[header]}2"] for header in HEADERS}
    assert second["Mã chỉ tiêu"].protection.locked and second["Mã đơn vị"].number_format == "@"
    assert not second["Giá trị"].protection.locked and not second["Ghi chú"].protection.locked
    [listed] = sheet.data_validations.dataValidation
    assert listed.formula1 == '"gần,hơn,trên,khoảng"'
    assert str(listed.sqref) == f"J2:J{sheet.max_row}"
    assert book["_cds"].sheet_state == "hidden"
    assert sheet.freeze_panes == "A2"


def test_a_filled_template_imports_as_drafts_and_again_changes_nothing(template):
    fill(template, FILLED)
    dry = run("import", str(template), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "mới / new 5" in dry.output and not drafts()
    done = run("import", str(template), "--actor", "t")
    assert done.exit_code == 0, done.output
    stored = drafts()
    assert stored["HTS_TB_DI_DONG"].value == Decimal("1567705")
    ratio = stored["HTS_TB_3G4G_TY_LE"]
    assert (ratio.value, ratio.decimals, ratio.denominator) == (
        Decimal("89.30"),
        2,
        Decimal("1567705"),
    )
    assert stored["HTS_HGD_DTTM_TY_LE"].qualifier == "khoang"
    assert stored["HTS_BTS"].comment == '=HYPERLINK("http://x")'
    assert stored["HTS_BTS"].calendar == "nd09"
    again = run("import", str(template))
    assert "mới / new 0, đổi / updated 0, như cũ / unchanged 5" in again.output, again.output


def test_a_new_template_holds_the_drafts_and_imports_back_unchanged(template, tmp_path):
    fill(template, FILLED)
    assert run("import", str(template)).exit_code == 0
    second = tmp_path / "lan-hai.xlsx"
    made = run(
        "template", "--dataset", DATASET, "--period", PERIOD, "--org", COMMUNE, "-o", str(second)
    )
    assert made.exit_code == 0, made.output
    sheet = load_workbook(second)["Số liệu"]
    comments = {row[2].value: row[HEADERS.index("Ghi chú")] for row in sheet.iter_rows(min_row=2)}
    # stored as text with the escape a spreadsheet shows as text, never as a formula
    assert comments["HTS_BTS"].value == '\'=HYPERLINK("http://x")'
    assert comments["HTS_BTS"].data_type == "s"
    again = run("import", str(second))
    assert "mới / new 0, đổi / updated 0, như cũ / unchanged 5" in again.output, again.output


def test_every_bad_cell_is_listed_with_sheet_row_and_column_and_nothing_is_written(template):
    fill(
        template,
        FILLED
        | {
            ("HTS_TB_DI_DONG", "Giá trị"): "1,234",  # ambiguous
            ("HTS_BTS", "Giá trị"): "mười hai",
            ("HTS_BTS", "Cách nêu"): "chừng",
            ("HTS_DN_VIEN_THONG", "Giá trị"): 2.5,  # a count with a fraction: the import's check
        },
    )
    result = run("import", str(template))
    assert result.exit_code == 2
    places = {
        line.split("column=")[1].split(",")[0]
        for line in result.output.splitlines()
        if "sheet=Số liệu" in line
    }
    assert places == {"G", "J"}, result.output
    assert result.output.count("sheet=Số liệu") == 4, result.output
    assert "hãy viết 1.234" in result.output and "(1,2340)" in result.output
    assert "mười hai" in result.output
    assert not drafts()


def test_a_template_of_another_period_is_refused_by_name(template):
    with pytest.raises(ValidationError, match="kỳ 2024S1 thay vì 2024S2"):
        read_template(template, dataset=DATASET, period="2024S2")
    assert read_template(template, dataset=DATASET, period=PERIOD).period == PERIOD


def test_a_workbook_that_is_not_a_template_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "khac.xlsx"
    Workbook().save(path)
    result = run("import", str(path))
    assert result.exit_code == 2 and "không phải mẫu nhập liệu" in result.output


def test_a_template_whose_sheet_is_cut_short_is_refused_naming_the_file(template, tmp_path):
    """A file broken in transit (the sheet's XML ends in the middle): a clear error naming
    the file, and nothing written."""
    import zipfile

    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    before = DataValue.objects.count()
    result = run("import", str(broken))
    assert result.exit_code == 2, result.output
    assert "Không đọc được tệp Excel" in result.output and "hong.xlsx" in result.output
    assert DataValue.objects.count() == before


def test_libreoffice_opens_the_template(template, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is required (Debian: apt-get install libreoffice-calc-nogui)")
    fill(template, FILLED)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(template),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "mau.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("Mã đơn vị,Tên đơn vị,Mã chỉ tiêu")
    assert "05440" in text and "1.567.705" in text
