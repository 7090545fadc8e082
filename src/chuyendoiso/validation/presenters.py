"""Violations of the validation rules as text (one block each) and as JSON."""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from typing import Any

from chuyendoiso.engine import rules
from chuyendoiso.engine.domain.datavalues import plain_decimal
from chuyendoiso.validation.selectors import Validation, Violation

SEVERITY_WORD = {"error": "LỖI / ERROR", "warning": "CẢNH BÁO / WARNING"}
SHOWN_DECIMALS = 6  # a computed side (a quotient of 50 digits) is shown to 6 decimals


def number_text(value: Decimal | None) -> str:
    if value is None:
        return "(thiếu / missing)"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SHOWN_DECIMALS:
        with localcontext(prec=100):
            value = value.quantize(Decimal(1).scaleb(-SHOWN_DECIMALS))
    return plain_decimal(value)


def values_text(result: rules.Result) -> str:
    """The values a rule read: ``CODE = 1``, with the period when it is not the rule's."""
    return "; ".join(
        f"{used.label}{'' if used.period == result.period else f' ({used.period})'}"
        f" = {number_text(used.value)}"
        for used in result.used
    )


def sides_text(result: rules.Result) -> str:
    return "; ".join(f"{side.text} = {number_text(side.value)}" for side in result.sides)


def violation_lines(violation: Violation) -> list[str]:
    result = violation.result
    rule = result.rule
    head = (
        f"{SEVERITY_WORD[rule.severity.value]} {rule.code} [{violation.org_unit} "
        f"{result.period}]: {result.message}"
    )
    lines = [head, f"    quy tắc / rule: {rule.expression}"]
    if result.sides:
        lines.append(f"    tính được / computed: {sides_text(result)}")
    lines.append(f"    số liệu / values: {values_text(result)}")
    if result.reason:
        lines.append(f"    lý do / reason: {result.reason}")
    if result.explained:
        lines.append("    đã giải trình (số liệu có ghi chú) / explained by a comment")
    return lines


def validation_text(validation: Validation) -> str:
    violations = validation.violations
    errors = sum(1 for each in violations if each.is_error)
    lines = [line for each in violations for line in violation_lines(each)]
    lines.append(
        f"Đơn vị {validation.org_unit}, kỳ {validation.period}: {errors} lỗi, "
        f"{len(violations) - errors} cảnh báo; {validation.count(rules.Outcome.HOLDS)} lần đạt, "
        f"{validation.count(rules.Outcome.SKIPPED)} bỏ qua vì thiếu số liệu / "
        f"{errors} error(s), {len(violations) - errors} warning(s); "
        f"{validation.count(rules.Outcome.HOLDS)} held, "
        f"{validation.count(rules.Outcome.SKIPPED)} skipped for missing values"
    )
    return "\n".join(lines) + "\n"


def violation_dict(violation: Violation) -> dict[str, Any]:
    result = violation.result
    return {
        "rule": result.rule.code,
        "severity": result.rule.severity.value,
        "message": result.message,
        "expression": result.rule.expression,
        "org_unit": violation.org_unit,
        "period": result.period,
        "values": [
            {
                "indicator": used.indicator,
                "category_option": used.option,
                "period": used.period,
                "value": None if used.value is None else plain_decimal(used.value),
                "comment": used.comment,
            }
            for used in result.used
        ],
        "sides": [
            {"expression": side.text, "value": number_text(side.value)} for side in result.sides
        ],
        "reason": result.reason,
        "explained": result.explained,
    }


def validation_json(validation: Validation) -> str:
    document = {
        "org_unit": validation.org_unit,
        "period": validation.period,
        "violations": [violation_dict(each) for each in validation.violations],
        "counts": {outcome.value: validation.count(outcome) for outcome in rules.Outcome},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def violation_problem(violation: Violation) -> dict[str, object]:
    """A violation as one problem of a refused import (rows of the values involved first)."""
    result = violation.result
    problem: dict[str, object] = {}
    if violation.rows:
        problem["row"] = ", ".join(str(row) for row in violation.rows)
    problem |= {
        "rule": result.rule.code,
        "org_unit": violation.org_unit,
        "period": result.period,
        "reason": result.message + (f" ({result.reason})" if result.reason else ""),
        "values": values_text(result),
    }
    if result.sides:
        problem["computed"] = sides_text(result)
    return problem
