"""Shared fixtures. The Thái Nguyên demo is loaded once per test session into the test
database (the canonical fixture dataset); each test runs in a transaction rolled back after it.

The seed report is read from one place, the setting ``SEED_REPORT`` (``CDS_SEED_DIR``); the
session stops at once when it is not there.
"""

from pathlib import Path

import pytest
from django.conf import settings


def pytest_sessionstart(session: pytest.Session) -> None:
    path = Path(settings.SEED_REPORT)
    if not path.is_file():
        pytest.exit(
            f"The seed report is missing: {path}\n"
            f"Put {path.name} in that folder, or set CDS_SEED_DIR to the folder that holds "
            "it (see the README).",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from chuyendoiso.demo import demo_load

    with django_db_blocker.unblock():
        # without the demo's reports: a sent report makes its values read-only, and tests
        # of other parts write the seed's figures (tests/collection/test_demo_reports.py)
        demo_load(submissions=False)


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    return Path(settings.SEED_REPORT)


@pytest.fixture(scope="session")
def seed_report_text(seed_report_path: Path) -> str:
    return seed_report_path.read_text(encoding="utf-8")
