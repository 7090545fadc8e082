"""The catalogue's validation rules over resolved values, with the stored values around them
(chuyendoiso.validation): every write of figures, one or many, is checked by this."""

from __future__ import annotations

from chuyendoiso.datavalues.services.resolve import Resolved
from chuyendoiso.validation.presenters import violation_problem
from chuyendoiso.validation.selectors import Incoming, Violation, rules_check_incoming


def rules_check(rows: list[Resolved]) -> tuple[list[dict[str, object]], list[Violation]]:
    """The problems of the failing rules of severity error (which refuse the write), and the
    failing rules of severity warning (returned to the caller, the write goes on)."""
    incoming = [Incoming(row.org_unit, row.period, row.value, row.row) for row in rows]
    violations = rules_check_incoming(incoming)
    errors = [violation_problem(each) for each in violations if each.is_error]
    return errors, [each for each in violations if not each.is_error]
