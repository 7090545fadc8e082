"""The shapes of the open-data API, for its OpenAPI document and the checks of its answers."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

DIMENSION_HELP = (
    "Một chiều của các dòng, lặp lại được / a dimension of the rows, repeated: "
    "dx:HTS_BTS;HTS_TB_DI_DONG, pe:2024;2024S1;LAST_4_QUARTERS, ou:19;LEVEL-district"
)


class AnalyticsQuery(Schema):
    """DHIS2's analytics parameters (a subset, docs/open-data.md)."""

    dimension: list[str] = Field(default_factory=list, description=DIMENSION_HELP)
    filter: list[str] = Field(
        default_factory=list,
        description="Một chiều cố định một mục / a dimension fixed to one item: pe:2024S1",
    )
    dx: str | None = Field(None, description="= dimension=dx:...; mã chỉ tiêu / indicator codes")
    pe: str | None = Field(None, description="= dimension=pe:...; 2024, 2024S1, 2024Q1, 202401")
    ou: str | None = Field(
        None,
        description="= dimension=ou:...; 19, 164@before_2025, USER_ORGUNIT_CHILDREN, "
        "19;LEVEL-commune",
    )
    calendar: str | None = Field(None, description="calendar (mặc định / default) | nd09")
    territory: Literal["reported", "current"] = Field(
        "reported",
        description="reported: mỗi kỳ theo địa giới khi báo cáo / each period for the unit as "
        "it was reported (default); current: các kỳ trước 01/7/2025 theo địa giới của kỳ "
        "cuối / earlier periods for the territory of the latest one, as a history chart",
    )
    status: str | None = Field(
        None, description="approved: chỉ số liệu đã duyệt / only approved figures are public"
    )


class Header(Schema):
    name: str
    column: str
    valueType: str
    type: str
    hidden: bool
    meta: bool


class AnalyticsOut(Schema):
    headers: list[Header]
    metaData: dict[str, Any]
    rows: list[list[str]]
    height: int
    width: int
    headerWidth: int


class IndicatorOut(Schema):
    code: str
    name: str
    nameEn: str
    pillar: str
    pillarName: str
    pillarNameEn: str
    definition: str
    definitionEn: str
    unit: str
    unitLabel: str
    unitLabelEn: str
    valueType: str
    aggregationOrg: str
    aggregationTime: str
    direction: str
    numerator: str | None
    denominator: str | None
    sourceSystem: str
    sourceSystemEn: str
    headline: bool


class IndicatorsOut(Schema):
    indicators: list[IndicatorOut]


class OrgUnitOut(Schema):
    code: str
    key: str
    name: str
    nameEn: str
    level: str
    structure: str
    parent: str | None
    validFrom: str | None
    validTo: str | None


class OrgUnitsOut(Schema):
    orgUnits: list[OrgUnitOut]
