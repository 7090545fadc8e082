"""The entry form as the template shows it: each field's inputs with the text to show in
them, its history in the notation typed in it, its problems and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from chuyendoiso.datavalues.labels import QUALIFIER_LABELS
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.catalog import MeasureUnit
from chuyendoiso.engine.domain.vnnumbers import format_number, format_percent, typed_text
from chuyendoiso.entry.forms import INPUTS
from chuyendoiso.entry.selectors import EntryField, EntryForm
from chuyendoiso.entry.services import RuleWarning
from chuyendoiso.web.language import localized
from chuyendoiso.web.templatetags.vn import ky

QUALIFIERS = [(q.value, QUALIFIER_LABELS[q]) for q in engine.Qualifier]


@dataclass(frozen=True)
class Figure:
    text: str
    synthetic: bool


@dataclass(frozen=True)
class FieldView:
    field: EntryField
    text: dict[str, str]  # input -> the text shown in it
    previous: Figure | None
    last_year: Figure | None
    draft: Figure | None
    problems: list[str]
    warnings: list[RuleWarning]
    numerator_name: str
    denominator_name: str

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def first_input(self) -> str:
        return f"f-{self.key}-{'num' if self.field.is_ratio else 'value'}"


@dataclass(frozen=True)
class GroupView:
    name: str
    indicators: list[list[FieldView]]  # the fields of each indicator: its total, then options


def figure_text(value: engine.DataValue, indicator_unit: MeasureUnit) -> str:
    """A stored value as it is typed in the form (Vietnamese notation), its qualifier in the
    page's language: gần 1.234; 88.020/98.408 (đạt 89,44%); 99,7%."""
    qualifier = value.qualifier
    word = "" if qualifier is engine.Qualifier.EXACT else str(QUALIFIER_LABELS[qualifier])
    if value.numerator is not None and value.denominator is not None and value.denominator > 0:
        parts = f"{format_number(value.numerator)}/{format_number(value.denominator)}"
        percent = format_percent(value.value, value.decimals)
        text = gettext("%(parts)s (đạt %(percent)s)") % {"parts": parts, "percent": percent}
    else:
        text = typed_text(value.value, value.decimals)
        text += "%" if indicator_unit is MeasureUnit.PERCENT else ""
    return f"{word} {text}" if word else text


def _figure(value: engine.DataValue | None, unit: MeasureUnit) -> Figure | None:
    if value is None:
        return None
    return Figure(figure_text(value, unit), value.origin is engine.Origin.SYNTHETIC)


def _draft_text(value: engine.DataValue | None) -> dict[str, str]:
    """The inputs filled with a stored draft."""
    if value is None:
        return {}
    parts = {
        "num": "" if value.numerator is None else typed_text(value.numerator, 0),
        "den": "" if value.denominator is None else typed_text(value.denominator, 0),
    }
    return parts | {
        "value": typed_text(value.value, value.decimals),
        "qualifier": value.qualifier.value,
        "comment": value.comment,
    }


def form_view(
    form: EntryForm,
    *,
    typed: dict[str, str] | None = None,
    problems: dict[str, list[str]] | None = None,
    warnings: dict[str, list[RuleWarning]] | None = None,
) -> list[GroupView]:
    """The groups of the form, each field showing what was ``typed`` (after a refused save)
    or else its stored draft."""
    groups = []
    for group in form.groups:
        by_indicator: dict[str, list[FieldView]] = {}
        for each in group.fields:
            unit = each.indicator.unit
            if typed is not None:
                text = {name: typed.get(f"{each.key}-{name}", "") for name in INPUTS}
            else:
                text = {name: "" for name in INPUTS} | _draft_text(each.draft)
            by_indicator.setdefault(each.indicator.code, []).append(
                FieldView(
                    each,
                    text,
                    _figure(each.previous, unit),
                    _figure(each.last_year, unit),
                    _figure(each.draft, unit),
                    (problems or {}).get(each.key, []),
                    (warnings or {}).get(each.key, []),
                    form.names.get(each.indicator.numerator, gettext("Tử số")),
                    form.names.get(each.indicator.denominator, gettext("Mẫu số")),
                )
            )
        groups.append(GroupView(localized(group.pillar, "name"), list(by_indicator.values())))
    return groups


def period_labels(form: EntryForm) -> dict[str, str]:
    return {
        "period": ky(form.period),
        "previous": ky(form.previous),
        "last_year": ky(form.last_year),
    }
