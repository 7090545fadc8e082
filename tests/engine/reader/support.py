"""Shared by the reader's tests: the catalogue, the report texts, the platform's own report.

The platform's report is composed here from the demo values of the seed
(data/demo/seed_values.csv) with the engine alone (no database): the same composer and
templates as `cds report`, on a one-unit org tree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from chuyendoiso.engine.analytics import Analytics, Facts, Hierarchy, OrgNode, observation_of
from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.datavalues import DataValue
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.files.values_file import read_values_csv
from chuyendoiso.engine.report import ReportDocument, ReportRequest, Templates, compose_report

PROJECT = Path(__file__).resolve().parents[3]
DATA = PROJECT / "data"
FIXTURES = PROJECT / "tests" / "fixtures" / "reports"


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    return read_catalog(DATA / "catalog" / "catalog.yaml")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed_values() -> list[DataValue]:
    return read_values_csv(DATA / "demo" / "seed_values.csv")


def platform_report(today: dt.date = dt.date(2024, 6, 30)) -> ReportDocument:
    """The platform's narrative report of Thái Nguyên for 2024S1, from the demo values."""
    values = seed_values()
    facts = Facts(
        (
            v.indicator,
            observation_of(v, "19"),
        )
        for v in values
    )
    hierarchy = Hierarchy({"19": OrgNode("19", "19", "Tỉnh Thái Nguyên", "province")})
    cat = catalog()
    request = ReportRequest(
        unit="19",
        org_name="tỉnh Thái Nguyên",
        period=parse_period("2024S1"),
        issuing_parent="UBND TỈNH THÁI NGUYÊN",
        issuing_body="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        place="Thái Nguyên",
        today=today,
        targets=cat.targets,
    )
    analytics = Analytics(cat, hierarchy, facts)
    return compose_report(analytics, request, Templates(DATA / "report" / "vi"))
