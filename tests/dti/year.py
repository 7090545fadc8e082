"""The fixture framework (tests/fixtures/dti/every_rule.yaml) loaded, and the values of its
indicators written for province 19 in 2019, a year the demo leaves empty: the same figures
as the engine's hand-worked case (tests/engine/dti/fixture.py), some reached through the
indicators' own aggregation rules. Index by hand: 0.775; with the draft: 0.70."""

from __future__ import annotations

from decimal import Decimal

from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.dti.services import dti_framework_load
from chuyendoiso.engine.domain.datavalues import DataValue, Status
from chuyendoiso.engine.dti import Framework
from tests.engine.dti.fixture import FIXTURE

YEAR = 2019
INDEX = Decimal("0.775")
# with the draft, 50 facilities connected: XHS_01 2.5 points, XHS_03 (2.5 + 7.5) / 2 + 10 = 15
INDEX_WITH_DRAFT = Decimal("0.70")


def value(indicator: str, period: str, figure: str, **fields: object) -> DataValue:
    return DataValue(
        indicator=indicator, org_unit="19", period=period, value=Decimal(figure), **fields
    )


VALUES = [
    value(
        "CQS_HS_TOAN_TRINH_TY_LE", "2019", "60", numerator=Decimal(600), denominator=Decimal(1000)
    ),
    value("CQS_HS_DUNG_HAN_TY_LE", "2019", "96", numerator=Decimal(960), denominator=Decimal(1000)),
    value("TDG_LGSP_VAN_HANH", "2019", "1"),
    # a flow: the twelve months add up to 50
    *(value("ATTT_SOC_MAY_GO_MA_DOC", f"2019{month:02}", "4") for month in range(1, 12)),
    value("ATTT_SOC_MAY_GO_MA_DOC", "201912", "6"),
    # a stock: the latest month counts
    value("XHS_CSKCB_KET_NOI", "201906", "140"),
    value("XHS_CSKCB_KET_NOI", "201912", "150"),
    value("XHS_HSSK", "2019", "600000"),
    value("XHS_DAN_SO", "2019", "1000000"),
]
DRAFT = value("XHS_CSKCB_KET_NOI", "2019", "50", status=Status.DRAFT)


def load_year() -> Framework:
    text = FIXTURE.read_text(encoding="utf-8")
    framework = dti_framework_load(text=text, file_name="every_rule.yaml", acting_user=None)
    datavalues_import(acting_user=None, values=[*VALUES, DRAFT], source_name="test")
    return framework
