"""Built analytics kept in the process until the next write."""

import datetime as dt
import time
from decimal import Decimal

import pytest

from chuyendoiso.analytics.selectors import analytics_latest
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db

HALF = parse_period("2024S1")
WINDOW = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 6, 30)}


def _subscribers(unit: OrgUnit) -> Decimal | None:
    figure = analytics_latest(unit, **WINDOW).figure("HTS_TB_DI_DONG", str(unit.pk), HALF)
    return None if figure is None else figure.value


def test_kept_until_a_write_then_built_again_with_it(settings):
    settings.CDS_REPORT_CACHE_SECONDS = 600
    province = OrgUnit.objects.get(code="19")
    first = analytics_latest(province, **WINDOW)
    assert analytics_latest(province, **WINDOW) is first
    old = _subscribers(province)
    assert old is not None
    datavalues_import(
        acting_user=member("reporter", "coordinator"),
        values=[Value(indicator="HTS_TB_DI_DONG", org_unit="19", period="2024S1", value=old + 1)],
        source_name="upload.csv",
    )
    assert analytics_latest(province, **WINDOW) is not first
    assert _subscribers(province) == old + 1


def test_built_every_time_when_the_cache_time_is_zero(settings):
    settings.CDS_REPORT_CACHE_SECONDS = 0
    province = OrgUnit.objects.get(code="19")
    assert analytics_latest(province, **WINDOW) is not analytics_latest(province, **WINDOW)


def test_built_again_once_the_cache_time_has_passed(settings, monkeypatch):
    settings.CDS_REPORT_CACHE_SECONDS = 60
    province = OrgUnit.objects.get(code="19")
    first = analytics_latest(province, **WINDOW)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 61)
    assert analytics_latest(province, **WINDOW) is not first
