"""`cds submissions`: the workflow on the command line, as its operator, audited under --actor."""

import pytest
from click.testing import CliRunner

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from tests.collection.workflow_data import MONTH, REGIME, enter, unit

pytestmark = pytest.mark.django_db

WHERE = ["--dataset", REGIME, "--org", "05440@before_2025", "--period", MONTH]


def run(*args):
    return CliRunner().invoke(main, ["submissions", *args])


def test_submit_approve_list_and_status():
    enter(unit("05440"))
    assert run("submit", *WHERE, "--actor", "chuyen.vien").output.endswith(": submitted\n")
    listed = run("list", "--dataset", REGIME).output
    assert f"{REGIME}\t05440@before_2025\t{MONTH}\tsubmitted" in listed
    assert run("approve", *WHERE).exit_code == 0
    status = run("status", *WHERE).output
    assert status.splitlines()[0] == f"{REGIME}/05440@before_2025/{MONTH}: approved (đã duyệt)"
    assert "chuyen.vien\tdraft -> submitted" in status and "submitted -> approved" in status
    entry = AuditEntry.objects.get(action="submission_submit")
    assert entry.actor_name == "chuyen.vien"


def test_return_without_a_reason_is_refused():
    enter(unit("05440"))
    run("submit", *WHERE)
    refused = run("return", *WHERE)
    assert refused.exit_code != 0 and "Cần ghi lý do" in refused.output
    assert run("return", *WHERE, "--reason", "sửa lại").output.endswith(": returned\n")
    assert run("reopen", *WHERE, "--reason", "x").exit_code != 0  # returned: nothing to reopen
