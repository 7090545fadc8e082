"""Writes of data values: the one path every figure takes into the database.

Entry forms, file imports, the demo loader and source connectors all call
``datavalues_import``: it checks every value first and writes all or nothing. Callers import
from this package; its modules, by concern:

- ``check``: the catalogue's validation rules over the values written
- ``resolve``: each value's indicator, unit, period and option found, its own problems listed
- ``store``: writing resolved values (bulk insert, update in place) and reading them back
- ``snapshot``: what the audit keeps of a value (its key as text, its fields before/after)
- ``rights``: the access check and the workflow's read-only guard
- ``importing``, ``single``, ``deletion``, ``approval``: the services
"""

from chuyendoiso.datavalues.services.approval import (
    datavalue_approve,
    datavalue_reject,
    datavalues_approve,
    datavalues_approve_drafts,
    datavalues_reject,
)
from chuyendoiso.datavalues.services.deletion import datavalue_delete, datavalues_delete
from chuyendoiso.datavalues.services.importing import ImportSummary, Strategy, datavalues_import
from chuyendoiso.datavalues.services.rights import require_write
from chuyendoiso.datavalues.services.single import Saved, datavalue_check, datavalue_save
from chuyendoiso.datavalues.services.snapshot import value_key_text
from chuyendoiso.datavalues.services.store import INSERT_COLUMNS, KEY_COLUMNS, UPDATE_FIELDS

__all__ = [
    "INSERT_COLUMNS",
    "KEY_COLUMNS",
    "UPDATE_FIELDS",
    "ImportSummary",
    "Saved",
    "Strategy",
    "datavalue_approve",
    "datavalue_check",
    "datavalue_delete",
    "datavalue_reject",
    "datavalue_save",
    "datavalues_approve",
    "datavalues_approve_drafts",
    "datavalues_delete",
    "datavalues_import",
    "datavalues_reject",
    "require_write",
    "value_key_text",
]
