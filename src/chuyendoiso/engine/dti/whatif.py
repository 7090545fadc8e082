"""What-if values as a person types them: a number (a decimal comma or point, spaces between
thousands), not negative, for a component whose value the index reads."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from chuyendoiso.engine.domain.errors import ValidationError
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
    """``text`` read as a what-if value, or a ValidationError naming ``field``."""
    try:
        value = Decimal(text.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise ValidationError(
            f"Giá trị giả định '{text}' không phải là số không âm / '{text}' is not a number >= 0",
            field=field,
            value=text,
            expected="80 hoặc 80,5",
        )
    return value


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
