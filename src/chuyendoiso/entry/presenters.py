"""The entry form as the template shows it: each field's inputs with the text to show in
them, its history in Vietnamese notation, its problems and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.catalog import MeasureUnit
from chuyendoiso.engine.domain.periods import label_vi
from chuyendoiso.engine.domain.vnnumbers import format_ratio, typed_text
from chuyendoiso.entry.forms import INPUTS
from chuyendoiso.entry.selectors import EntryField, EntryForm
from chuyendoiso.entry.services import RuleWarning

QUALIFIERS = [(q.value, q.word_vi or "chính xác") for q in engine.Qualifier]


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
    """A stored value as the site writes it: gần 1.234; 88.020/98.408 (đạt 89,44%); 99,7%."""
    word = value.qualifier.word_vi
    if value.numerator is not None and value.denominator is not None and value.denominator > 0:
        text = format_ratio(
            value.numerator, value.denominator, percent=value.value, decimals=value.decimals
        )
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
                    form.names.get(each.indicator.numerator, "Tử số"),
                    form.names.get(each.indicator.denominator, "Mẫu số"),
                )
            )
        groups.append(GroupView(group.pillar.name_vi, list(by_indicator.values())))
    return groups


def period_labels(form: EntryForm) -> dict[str, str]:
    return {
        "period": label_vi(form.period),
        "previous": label_vi(form.previous),
        "last_year": label_vi(form.last_year),
    }
