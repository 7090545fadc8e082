"""The Thái Nguyên demo: org units, the catalogue, the seed report's figures and synthetic history.

The same dataset serves the demo, development, the docs and the tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.demo import generate_demo_values
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.files.values_file import read_values_csv
from chuyendoiso.orgunits.services import orgunits_load_provinces

DEMO_PROVINCE = "19"
DEMO_USER = "admin"


def catalog_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "catalog" / "catalog.yaml"


def seed_values_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "demo" / "seed_values.csv"


@dataclass(frozen=True)
class DemoResult:
    org_units: int
    indicators: int
    reported_values: int
    synthetic_values: int
    username: str
    password: str

    def describe(self) -> str:
        return (
            f"Dữ liệu minh họa đã nạp / demo loaded: {self.org_units} đơn vị, "
            f"{self.indicators} chỉ tiêu, {self.reported_values} số liệu từ báo cáo, "
            f"{self.synthetic_values} số liệu giả lập.\n"
            f"Đăng nhập quản trị / admin login: {self.username} / {self.password}"
        )


def demo_load(
    *, progress: Callable[[str], None] = lambda _: None, synthetic: bool = True
) -> DemoResult:
    progress("1/4 Đơn vị hành chính / org units…")
    units = orgunits_load_provinces(acting_user=None, province_codes=[DEMO_PROVINCE])
    progress("2/4 Danh mục chỉ tiêu / catalogue…")
    catalog = read_catalog(catalog_path())
    catalog_import(acting_user=None, catalog=catalog)
    progress("3/4 Số liệu báo cáo / reported figures…")
    reported = read_values_csv(seed_values_path(), source="seed")
    datavalues_import(acting_user=None, values=reported, source_name="seed_values.csv")
    generated = []
    if synthetic:
        progress("4/4 Số liệu giả lập / synthetic history…")
        generated = generate_demo_values(catalog, reported, load_structures([DEMO_PROVINCE]))
        datavalues_import(acting_user=None, values=generated, source_name="synthetic")
    password = _ensure_demo_user()
    return DemoResult(
        org_units=units["units"] + units["departments"],
        indicators=len(catalog.indicators),
        reported_values=len(reported),
        synthetic_values=len(generated),
        username=DEMO_USER,
        password=password,
    )


def _ensure_demo_user() -> str:
    password = os.environ.get("CDS_DEMO_PASSWORD", "chuyendoiso")
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.save()
    return password
