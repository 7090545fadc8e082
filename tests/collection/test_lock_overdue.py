"""Locking approved reports after their unit's deadline plus the grace days, with a fixed
"today": the service and `cds submissions lock-overdue`. Reports not approved stay as they
are (never sent ones are shown late, not locked)."""

import datetime as dt

import pytest
from click.testing import CliRunner

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.collection.models import Submission
from chuyendoiso.collection.services import submissions_lock_overdue
from chuyendoiso.orgunits.models import OrgUnit
from tests.collection.workflow_data import MONTH, REGIME, approved, enter, submitted, unit

pytestmark = pytest.mark.django_db

KEY = f"{REGIME}/05440@before_2025/{MONTH}"  # its commune deadline: 15/05/2024


def states():
    return {
        row.org_unit.code: row.state
        for row in Submission.objects.filter(period=MONTH).select_related("org_unit")
    }


@pytest.fixture
def reports():
    approved(unit("05440"))
    submitted(unit("05443"))
    enter(unit("05446"))  # a draft, never sent


def lock(today, dry_run=False, grace_days=10):
    found = submissions_lock_overdue(
        acting_user=None, today=today, grace_days=grace_days, dry_run=dry_run
    )
    return [(each.key, each.deadline, each.locked_after) for each in found]


def test_an_approved_report_is_locked_the_day_after_its_grace(reports):
    assert lock(dt.date(2024, 5, 25)) == []  # 15/05 + 10 days: the last day of grace
    assert lock(dt.date(2024, 5, 26), dry_run=True) == [
        (KEY, dt.date(2024, 5, 15), dt.date(2024, 5, 25))
    ]
    assert states() == {"05440": "approved", "05443": "submitted"}  # a dry run changes nothing
    assert lock(dt.date(2024, 5, 26)) == [(KEY, dt.date(2024, 5, 15), dt.date(2024, 5, 25))]
    assert states() == {"05440": "locked", "05443": "submitted"}  # awaiting approval: left
    entry = AuditEntry.objects.get(action="submission_lock")
    assert entry.entity_key == KEY and entry.reason == "quá hạn + 10 ngày"
    assert (entry.before, entry.after) == ({"state": "approved"}, {"state": "locked"})
    assert lock(dt.date(2024, 6, 30)) == []  # locked once


def test_the_grace_days_count(reports):
    assert lock(dt.date(2024, 5, 16), grace_days=1) == []
    assert [key for key, *_ in lock(dt.date(2024, 5, 17), grace_days=1)] == [KEY]


def test_the_command_uses_cds_grace_days_and_a_given_day(reports, settings):
    settings.GRACE_DAYS = 3
    run = CliRunner().invoke
    dry = run(main, ["submissions", "lock-overdue", "--dry-run", "--today", "2024-05-19"])
    assert dry.exit_code == 0, dry.output
    assert f"{KEY}\thạn 15/05/2024\tquá hạn + 3 ngày" in dry.output
    assert "1 báo cáo sẽ khóa" in dry.output and states()["05440"] == "approved"
    early = run(main, ["submissions", "lock-overdue", "--today", "2024-05-18"])
    assert "0 báo cáo đã khóa" in early.output and states()["05440"] == "approved"
    done = run(main, ["submissions", "lock-overdue", "--today", "2024-05-19", "--actor", "systemd"])
    assert "1 báo cáo đã khóa" in done.output and states()["05440"] == "locked"
    entry = AuditEntry.objects.get(action="submission_lock")
    assert (entry.actor_name, entry.reason) == ("systemd", "quá hạn + 3 ngày")


def test_a_report_of_the_former_province_06_is_locked_by_its_own_schedule():
    """Before 1 July 2025 a commune of Bắc Kạn (06) reports to its district in province 06;
    its report is locked after that province's commune deadline, as one of Thái Nguyên's."""
    commune = OrgUnit.objects.filter(
        structure="before_2025", level=OrgUnit.Level.COMMUNE, path__startswith="/06/"
    ).order_by("code")[0]
    approved(commune)
    assert lock(dt.date(2024, 5, 25)) == []
    expected = f"{REGIME}/{commune.code}@before_2025/{MONTH}"
    assert lock(dt.date(2024, 5, 26)) == [(expected, dt.date(2024, 5, 15), dt.date(2024, 5, 25))]
    locked = Submission.objects.get(org_unit=commune, period=MONTH)
    assert locked.state == "locked"
