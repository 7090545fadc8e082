"""What the DTI page is asked for (unit, year, framework, drafts, what-if values) read from
its address, with the defaults a Department expects, and the other frameworks computed for
the same unit and year to be shown side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from chuyendoiso.dti.selectors import (
    dti_report,
    framework_named,
    frameworks_all,
    province_of_year,
)
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.dti import DtiReport, Framework, check_what_if, typed, what_if_value
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.reports.selectors import report_default

WHAT_IF = "wi-"  # the address's prefix of a what-if value: wi-CQS_01=80


@dataclass(frozen=True)
class Choice:
    unit: OrgUnit
    year: int
    framework: Framework
    drafts: bool = False
    what_if: dict[str, Decimal] = field(default_factory=dict)

    def query(self, *, what_if: bool = True) -> str:
        """The address's query of this choice, its what-if values too unless told not."""
        params: dict[str, object] = {
            "ou": self.unit.code,
            "year": self.year,
            "fw": self.framework.number or self.framework.code,
        }
        if self.drafts:
            params["drafts"] = "1"
        if what_if:
            params |= {f"{WHAT_IF}{code}": typed(value) for code, value in self.what_if.items()}
        return urlencode(params)

    @property
    def without_what_if(self) -> str:
        return self.query(what_if=False)


def default_framework() -> Framework:
    """The framework of the latest year the ministry assessed (ties: the later code)."""
    scored = [f for f in frameworks_all() if f.components] or frameworks_all()
    return max(scored, key=lambda f: (max(f.years, default=0), f.code))


def page_choice(get: Mapping[str, str]) -> Choice:
    framework = framework_named(get["fw"]) if get.get("fw") else default_framework()
    year = _year(get.get("year"), framework)
    unit = province_of_year((get.get("ou") or report_default().org or "").strip(), year)
    what_if = {
        key.removeprefix(WHAT_IF): what_if_value(text, field=key)
        for key, text in get.items()
        if key.startswith(WHAT_IF) and text.strip()
    }
    check_what_if(framework, what_if, field="wi")
    return Choice(unit, year, framework, get.get("drafts") == "1", what_if)


def _year(text: str | None, framework: Framework) -> int:
    if not text:
        return max(framework.years, default=dt.date.today().year - 1)
    if not text.strip().isdigit() or not 2015 <= int(text) <= 2100:
        raise ValidationError(
            f"Năm '{text}' không hợp lệ / not a year", field="year", value=text, expected="2024"
        )
    return int(text)


@dataclass(frozen=True)
class Side:
    framework: Framework
    report: DtiReport


def side_by_side(choice: Choice, report: DtiReport) -> list[Side]:
    """The page's framework and every other one with components, for the same unit and year
    (without the what-if, which names the page's framework's components)."""
    sides = [Side(choice.framework, report)]
    for other in frameworks_all():
        if other.code != choice.framework.code and other.components:
            computed = dti_report(other, choice.unit, choice.year, drafts=choice.drafts)
            sides.append(Side(other, computed))
    return sides
