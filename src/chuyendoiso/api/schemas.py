"""The shapes the API answers, as its OpenAPI document names them."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class Error(Schema):
    """The one error shape (chuyendoiso.engine.domain.errors.CdsError.as_dict)."""

    message: str
    extra: dict[str, Any]


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class Conflict(Schema):
    object: str
    value: str


class ImportSummary(Schema):
    model_config = ConfigDict(extra="allow")

    responseType: str
    status: str
    dryRun: bool
    importCount: ImportCount
    conflicts: list[Conflict]
    description: str | None = None
    importOptions: dict[str, Any] | None = None
    warnings: list[str] | None = None


class DataValue(Schema):
    model_config = ConfigDict(extra="allow")  # the platform's own fields: numerator, ...

    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str
    value: str
    comment: str


class DataValueSet(Schema):
    dataSet: str
    period: str
    dataValues: list[DataValue]


class DataSetElement(Schema):
    dataElement: str
    categories: list[str]


class DataSetOut(Schema):
    code: str
    name: str
    nameEn: str
    periodType: str
    calendar: str
    levels: list[str]
    dataSetElements: list[DataSetElement]


class DataSets(Schema):
    dataSets: list[DataSetOut]


class OrgUnitOut(Schema):
    code: str
    name: str
    level: str
    structure: str
    parent: str | None


class OrgUnits(Schema):
    orgUnits: list[OrgUnitOut]


class RoleOut(Schema):
    role: str
    roleName: str
    orgUnit: str
    orgUnitName: str


class Me(Schema):
    username: str
    name: str
    unrestricted: bool
    roles: list[RoleOut]


# the body of POST /api/dataValueSets, written out: the endpoint reads the JSON itself (so
# that a figure stays exact and a bad value is a named conflict, not a 422)
DATA_VALUE_SET_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["dataValues"],
                "properties": {
                    "dataSet": {"type": "string", "description": "mã chế độ báo cáo"},
                    "period": {"type": "string", "example": "2024S1"},
                    "orgUnit": {"type": "string", "example": "19"},
                    "dataValues": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["dataElement", "value"],
                            "additionalProperties": True,
                            "properties": {
                                "dataElement": {"type": "string"},
                                "period": {"type": "string"},
                                "orgUnit": {"type": "string"},
                                "categoryOptionCombo": {"type": "string"},
                                "value": {"type": ["string", "number"]},
                                "comment": {"type": "string"},
                            },
                        },
                    },
                },
            }
        }
    },
}
