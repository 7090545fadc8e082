"""One self-assessment as the page, the command line and the files show it: the index of a
unit and year under a framework, what it lost, the best changes, and where it would stand
among the published results (docs/dti.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from chuyendoiso.engine.dti.assess import Assessment, Measured, assess
from chuyendoiso.engine.dti.explain import Change, PillarLoss, best_changes, losses
from chuyendoiso.engine.dti.framework import Framework
from chuyendoiso.engine.dti.published import Placement


@dataclass(frozen=True)
class DtiReport:
    assessment: Assessment
    unit_code: str
    unit_name: str
    year: int
    drafts_included: bool
    losses: tuple[PillarLoss, ...]
    changes: tuple[Change, ...]
    placements: tuple[Placement, ...] = ()
    bases: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def framework(self) -> Framework:
        return self.assessment.framework

    @property
    def official_year(self) -> bool:
        """The ministry assessed this year with this framework."""
        return self.year in self.framework.years


def build_report(
    framework: Framework,
    measured: Mapping[str, Measured],
    *,
    unit_code: str,
    unit_name: str,
    year: int,
    bases: Mapping[str, Decimal] | None = None,
    overrides: Mapping[str, Decimal] | None = None,
    drafts_included: bool = False,
    placements: tuple[Placement, ...] = (),
) -> DtiReport:
    bases = dict(bases or {})
    assessment = assess(framework, measured, bases=bases, overrides=overrides)
    return DtiReport(
        assessment,
        unit_code,
        unit_name,
        year,
        drafts_included,
        tuple(losses(assessment)),
        tuple(best_changes(assessment, dict(measured), bases=bases)),
        placements,
        bases,
    )
