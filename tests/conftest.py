"""Shared fixtures. The Thái Nguyên demo is loaded once per test session into the test
database (the canonical fixture dataset); each test runs in a transaction rolled back after it.
"""

from pathlib import Path

import pytest

SEED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_b363853b7bd0856b.txt"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from chuyendoiso.demo import demo_load

    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture
def seed_report_text() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")
