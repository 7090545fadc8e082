"""What-if values as a person types them: a figure as the entry form reads it (1.567.705;
89,44), not negative, for a component whose value the index reads."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.vnnumbers import parse_typed_number, round_half_up, typed_text
from chuyendoiso.engine.dti.framework import Framework, RuleKind


def adjustable(framework: Framework) -> tuple[str, ...]:
    """The components a what-if may set: scored by a rule of their own (not a formula, which
    follows the components it reads) in a pillar that carries points."""
    return tuple(
        c.code
        for c in framework.components
        if c.scorable
        and c.rule is not None
        and c.rule.kind is not RuleKind.FORMULA
        and c.max_points != 0
        and framework.pillar(c.pillar).max_points != 0
    )


def what_if_value(text: str, *, field: str) -> Decimal:
    """``text`` read as the entry form reads a figure (1.567.705; 89,44), or a
    ValidationError naming ``field``: not a number, ambiguous, or negative."""
    try:
        value = parse_typed_number(text).value
    except ValidationError as refused:
        raise ValidationError(refused.message, field=field, value=text) from None
    if value < 0:
        raise ValidationError(
            f"Giá trị giả định '{text}' không được âm / '{text}' must not be negative",
            field=field,
            value=text,
        )
    return value


def typed(value: Decimal) -> str:
    """A what-if value written so that ``what_if_value`` reads it back (at most four
    decimals): 13.182.080; 80,2."""
    exponent = round_half_up(value, 4).normalize().as_tuple().exponent
    return typed_text(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def check_what_if(framework: Framework, values: Mapping[str, Decimal], *, field: str) -> None:
    """Refuse a what-if of a component the index does not read from its value."""
    allowed = adjustable(framework)
    refused = sorted(set(values) - set(allowed))
    if refused:
        raise ValidationError(
            f"Không giả định được {', '.join(refused)}: chỉ các chỉ số thành phần được chấm "
            f"theo giá trị của chúng (không phải công thức) / no what-if for "
            f"{', '.join(refused)}: only components scored from their own value",
            field=field,
            value=", ".join(refused),
            expected=", ".join(allowed),
        )
