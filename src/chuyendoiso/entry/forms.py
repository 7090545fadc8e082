"""The entry form's posted text read into draft values, field by field.

Every input is named after its field's key (``entry.selectors.EntryField.key``):
``KEY-value``, ``KEY-num`` and ``KEY-den`` (a ratio's parts), ``KEY-qualifier``,
``KEY-comment``. An empty field is left out (a stored draft stays as it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.vnnumbers import TypedNumber, parse_typed_number
from chuyendoiso.entry.selectors import EntryField, EntryForm
from chuyendoiso.web.language import in_language

# a ratio is kept to two decimals, as the reports state it (89,44%) and as the page shows it
RATIO_DECIMALS = 2
SOURCE = "biểu mẫu nhập liệu trên web"
COMMENT_MAX = 2000
INPUTS = ("value", "num", "den", "qualifier", "comment")


@dataclass
class Posted:
    """What was typed (to show again), the values read from it and the problems of each
    field, by key."""

    text: dict[str, str] = field(default_factory=dict)
    values: list[engine.DataValue] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # the field of each value
    problems: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, key: str, message: str) -> None:
        self.problems.setdefault(key, []).append(message)


def read_posted(form: EntryForm, data: Mapping[str, str]) -> Posted:
    posted = Posted()
    for each in form.fields:
        for name in INPUTS:
            posted.text[f"{each.key}-{name}"] = str(data.get(f"{each.key}-{name}", ""))
        value = _read_field(form, each, posted)
        if value is not None:
            posted.values.append(value)
            posted.keys.append(each.key)
    return posted


def _read_field(form: EntryForm, each: EntryField, posted: Posted) -> engine.DataValue | None:
    def typed(name: str, label: str) -> TypedNumber | None:
        text = posted.text[f"{each.key}-{name}"]
        if not text.strip():
            return None
        try:
            return parse_typed_number(text)
        except ValidationError as error:
            posted.problem(each.key, f"{label}: {in_language(error.message)}")
            return None

    comment = posted.text[f"{each.key}-comment"].strip()
    if len(comment) > COMMENT_MAX:
        posted.problem(each.key, gettext("Ghi chú dài quá %(max)s ký tự") % {"max": COMMENT_MAX})
    qualifier = _qualifier(posted.text[f"{each.key}-qualifier"])
    if qualifier is None:
        posted.problem(each.key, gettext("Mức độ chính xác không hợp lệ"))
    numerator = denominator = None
    if each.is_ratio:
        texts = [posted.text[f"{each.key}-{name}"].strip() for name in ("num", "den")]
        if not any(texts):
            return None
        if not all(texts):
            posted.problem(each.key, gettext("Cần nhập cả tử số và mẫu số"))
            return None
        numerator, denominator = typed("num", gettext("Tử số")), typed("den", gettext("Mẫu số"))
        if numerator is None or denominator is None:
            return None
        number = TypedNumber(_ratio(numerator.value, denominator.value), RATIO_DECIMALS)
    else:
        if not posted.text[f"{each.key}-value"].strip():
            return None
        found = typed("value", gettext("Giá trị"))
        if found is None:
            return None
        number = found
    if qualifier is None or len(comment) > COMMENT_MAX:
        return None
    return engine.DataValue(
        indicator=each.indicator.code,
        org_unit=form.org_unit.code,
        period=form.period.id,
        calendar=form.period.calendar.value,
        category_option=each.option,
        value=number.value,
        status=engine.Status.DRAFT,
        numerator=None if numerator is None else numerator.value,
        denominator=None if denominator is None else denominator.value,
        qualifier=qualifier,
        decimals=number.decimals,
        source=SOURCE,
        comment=comment,
    )


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The percentage the page shows live; a denominator of 0 or less is left to the value's
    checks to refuse (with their message), so 0 stands in for it."""
    if denominator <= 0:
        return Decimal(0)
    return engine.ratio_percent(numerator, denominator, RATIO_DECIMALS)


def _qualifier(text: str) -> engine.Qualifier | None:
    try:
        return engine.Qualifier(text or engine.Qualifier.EXACT.value)
    except ValueError:
        return None
