"""Saving the entry form: its values written as drafts through ``datavalues_import`` (scope,
the values' checks, the validation rules and the audit apply as on every path), all or none;
the problems and warnings mapped back to the fields they belong to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext

from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.errors import CdsError, PermissionDeniedError, ValidationError
from chuyendoiso.entry.forms import Posted
from chuyendoiso.entry.selectors import EntryForm
from chuyendoiso.validation.presenters import values_text
from chuyendoiso.validation.selectors import Violation
from chuyendoiso.web.language import in_language

REASON = "nhập trên biểu mẫu web / entered in the web form"


@dataclass(frozen=True)
class RuleWarning:
    message: str
    explained: bool  # a value involved carries a comment


@dataclass
class Saved:
    """What a save did: ``written`` values, else the problems by field key (``""`` for
    those of no one field) or a ``refused`` message for the whole form."""

    written: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[RuleWarning]] = field(default_factory=dict)
    refused: str = ""
    forbidden: bool = False  # refused because the user may not write these figures

    @property
    def ok(self) -> bool:
        return not self.problems and not self.refused

    @property
    def unexplained(self) -> int:
        """The warnings no comment explains yet."""
        return sum(not w.explained for found in self.warnings.values() for w in found)


def entry_save(*, acting_user: AbstractBaseUser, form: EntryForm, posted: Posted) -> Saved:
    """Write the posted values as drafts of the unit, or nothing when any is wrong. When
    some text could not be read, the other values are still checked (a dry run), so that
    every problem of the form is shown at once."""
    saved = Saved(problems={key: list(found) for key, found in posted.problems.items()})
    if not posted.values:
        if not saved.problems:
            saved.refused = gettext("Chưa nhập số liệu nào")
        return saved
    try:
        summary = datavalues_import(
            acting_user=acting_user,
            values=posted.values,
            source_name=f"form:{form.dataset.code}/{form.org_unit.code}/{form.period.id}",
            reason=REASON,
            dry_run=bool(saved.problems),
        )
    except ValidationError as error:
        errors = error.extra.get("errors")
        if not errors:
            saved.refused = in_language(error.message)
        for problem in errors or []:
            for key in _keys_of(problem, posted):
                saved.problems.setdefault(key, []).append(_problem_text(problem))
        return saved
    except CdsError as error:  # not allowed, or the submission is no longer editable
        saved.refused = in_language(error.message)
        saved.forbidden = isinstance(error, PermissionDeniedError)
        return saved
    for violation in summary.warnings:
        for key in _violation_keys(violation, form, posted):
            warning = RuleWarning(_violation_text(violation), violation.result.explained)
            saved.warnings.setdefault(key, []).append(warning)
    saved.written = summary.written
    return saved


def _keys_of(problem: dict[str, Any], posted: Posted) -> list[str]:
    """The fields of the values a problem names by their 1-based position ("" if none)."""
    rows = [int(row) for row in str(problem.get("row", "")).split(",") if row.strip().isdigit()]
    keys = [posted.keys[row - 1] for row in rows if 0 < row <= len(posted.keys)]
    return keys or [""]


def _problem_text(problem: dict[str, Any]) -> str:
    """A problem in the page's language (a rule's message, written by the catalogue's
    authors, whole), with the values it read."""
    reason, values = str(problem["reason"]), problem.get("values")
    return (reason if "rule" in problem else in_language(reason)) + (
        f" ({values})" if values else ""
    )


def _violation_keys(violation: Violation, form: EntryForm, posted: Posted) -> list[str]:
    """The fields of the form's period holding a value the rule read (those typed in,
    then the other fields of the form)."""
    places = {(each.indicator.code, each.option): each.key for each in form.fields}
    keys = [
        places[(used.indicator, used.option)]
        for used in violation.result.used
        if used.period == form.period.id and (used.indicator, used.option) in places
    ]
    typed = [key for key in keys if key in posted.keys]
    return typed or keys or [""]


def _violation_text(violation: Violation) -> str:
    return f"{violation.result.message} ({values_text(violation.result)})"
