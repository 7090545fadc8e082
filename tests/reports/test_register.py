"""The register of report numbers: a report issued takes the next number of its issuer's
symbol for the year, from 01 each year, and is dated that day in every format; the next
number is set for numbers issued outside the platform; both audited, by the command line
and the report page, within the user's scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner
from docx import Document

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.reports.models import IssuedReport, RegisterYear
from chuyendoiso.reports.presenters import report_file
from chuyendoiso.reports.selectors import report_document
from chuyendoiso.reports.services import register_set, report_issue
from tests.access.members import member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 4)


def issue(org: str, period: str, today: dt.date = DAY, user=None) -> IssuedReport:
    return report_issue(acting_user=user, org_code=org, period_id=period, today=today)


def test_numbers_run_from_01_for_each_issuer_and_year_and_a_report_keeps_its_own():
    first, second = issue("19", "2024S1"), issue("19", "2025S1")
    assert (first.number, second.number) == (1, 2)
    assert first.symbol == second.symbol == "BC-SKHCN"
    assert issue("19", "2024S1", today=dt.date(2026, 12, 10)) == first  # issued once
    district = issue("164", "2024S1")
    assert (district.issuer, district.number) == ("164", 1)  # its own office's register
    next_year = issue("19", "2026S1", today=dt.date(2027, 1, 5))
    assert (next_year.year, next_year.number) == (2027, 1)
    rows = AuditEntry.objects.filter(action="report_issue").order_by("pk")
    assert [row.entity_key for row in rows] == ["19/2024S1", "19/2025S1", "164/2024S1", "19/2026S1"]
    assert rows[0].after["number"] == "01/BC-SKHCN (2026-12-04)"


def test_the_issued_report_carries_its_number_and_date_in_every_format():
    before = report_document("19", "2024S1", today=dt.date(2026, 12, 20))
    assert before.number.startswith("Số:  ") and "/BC-SKHCN" in before.number
    issue("19", "2024S1")
    after = report_document("19", "2024S1", today=dt.date(2026, 12, 20))
    assert after.number == "Số: 01/BC-SKHCN"
    assert after.place_and_date.endswith("ngày 04 tháng 12 năm 2026")  # the day of issue
    markdown = report_file("19", "2024S1", "md").content.decode()
    assert "Số: 01/BC-SKHCN" in markdown and "ngày 04 tháng 12 năm 2026" in markdown
    docx = Document(io.BytesIO(report_file("19", "2024S1", "docx").content))
    cells = "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert "Số: 01/BC-SKHCN" in cells and "ngày 04 tháng 12 năm 2026" in cells


@pytest.mark.parametrize("period", ["2030S1", "2010S1"])  # not begun; no figure at all
def test_a_report_that_cannot_be_written_takes_no_number(period):
    with pytest.raises(ValidationError):
        issue("19", period)
    assert not IssuedReport.objects.exists() and not RegisterYear.objects.exists()


def test_only_an_approver_of_the_unit_issues_its_report():
    with pytest.raises(PermissionDeniedError):
        issue("19", "2024S1", user=member("rg.bao.cao", "reporter", "19"))
    with pytest.raises(PermissionDeniedError):
        issue(
            "19",
            "2024S1",
            user=member("rg.duyet.huyen", "approver", OrgUnit.objects.get(code="164")),
        )
    assert not IssuedReport.objects.exists()
    assert issue("19", "2024S1", user=member("rg.duyet.tinh", "approver", "19")).number == 1
    coordinator = member("rg.dieuphoi.tinh", "coordinator", "19")
    assert issue("164", "2024S1", user=coordinator).number == 1  # anywhere in the province
    with pytest.raises(PermissionDeniedError):  # a leader signs its own unit's report only
        issue("164", "2025S1", user=member("rg.duyet.tinh2", "approver", "19"))


@pytest.mark.parametrize(
    ("issuer", "symbol", "year", "field"),
    [
        ("99999", "BC-SKHCN", 2026, "org"),
        ("19", "bc skhcn", 2026, "symbol"),
        ("19", "BC-SKHCN", 1900, "year"),
    ],
)
def test_a_register_is_set_for_a_known_unit_symbol_and_year(issuer, symbol, year, field):
    with pytest.raises(ValidationError) as caught:
        register_set(acting_user=None, issuer=issuer, symbol=symbol, year=year, next_number=5)
    assert caught.value.extra["field"] == field
    assert not RegisterYear.objects.exists()


def test_the_next_number_is_set_above_every_number_issued():
    issue("19", "2024S1")
    with pytest.raises(ValidationError) as caught:
        register_set(acting_user=None, issuer="19", symbol="BC-SKHCN", year=2026, next_number=1)
    assert caught.value.extra["field"] == "next"
    register_set(acting_user=None, issuer="19", symbol="BC-SKHCN", year=2026, next_number=57)
    assert issue("19", "2025S1").number == 57
    row = AuditEntry.objects.get(action="register_set")
    assert (row.before, row.after) == ({"next_number": 2}, {"next_number": 57})
    with pytest.raises(PermissionDeniedError):
        register_set(
            acting_user=member("rg.dieu.phoi", "coordinator", "19"),
            issuer="19",
            symbol="BC-SKHCN",
            year=2026,
            next_number=90,
        )


def test_the_command_line_issues_and_sets_the_register():
    runner = CliRunner()
    result = runner.invoke(main, ["issue", "--org", "19", "--period", "2024S1"])
    assert result.exit_code == 0, result.output
    assert "Số: 01/BC-SKHCN" in result.output
    result = runner.invoke(
        main,
        [
            "register",
            "--org",
            "19",
            "--symbol",
            "BC-SKHCN",
            "--year",
            str(dt.date.today().year),
            "--next",
            "1",
        ],
    )
    assert result.exit_code == 2 and "lớn hơn 1" in result.output
    result = runner.invoke(main, ["register", "--org", "19"])
    assert result.exit_code == 0 and "next: 02" in result.output


def test_the_report_page_offers_the_number_to_an_approver_only(client):
    page = "/bao-cao/?org=19&period=2024S1"
    assert "Cấp số và ban hành" not in client.get(page).content.decode()
    client.force_login(member("rg.xem.tinh", "viewer", "19"))
    assert "Cấp số và ban hành" not in client.get(page).content.decode()
    refused = client.post("/bao-cao/cap-so/", {"org": "19", "period": "2024S1"})
    assert refused.status_code == 403 and not IssuedReport.objects.exists()
    client.force_login(member("rg.duyet.tinh2", "approver", "19"))
    assert "Cấp số và ban hành" in client.get(page).content.decode()
    done = client.post("/bao-cao/cap-so/", {"org": "19", "period": "2024S1"})
    assert done.status_code == 302 and done["Location"].endswith(page.split("?")[1])
    shown = client.get(page).content.decode()
    assert "Đã cấp số <strong>01/BC-SKHCN</strong>" in shown and "Cấp số và ban hành" not in shown
    assert "Số: 01/BC-SKHCN" in shown


def test_the_issue_needs_a_signed_in_post(client):
    assert client.get("/bao-cao/cap-so/").status_code in (302, 405)
    anonymous = client.post("/bao-cao/cap-so/", {"org": "19", "period": "2024S1"})
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    assert not IssuedReport.objects.exists()
