"""The provincial Digital Transformation Index (DTI) computed from the province's own
figures: frameworks as data files (``framework_file``), each rule kind (``scoring``), the
index, its pillars and components (``assess``), the points lost and the best changes
(``explain``), published results to compare with (``published``). docs/dti.md.
Import from this package, not from its modules.
"""

from chuyendoiso.engine.dti.assess import (
    STATUS_LABELS,
    Assessment,
    ComponentResult,
    Measured,
    PillarResult,
    Status,
    assess,
    with_value,
)
from chuyendoiso.engine.dti.explain import Change, PillarLoss, best_changes, losses
from chuyendoiso.engine.dti.export import report_dict, report_markdown, report_xlsx
from chuyendoiso.engine.dti.framework import (
    Component,
    Direction,
    Framework,
    FrameworkKind,
    Group,
    Pillar,
    Rule,
    RuleKind,
    Step,
)
from chuyendoiso.engine.dti.framework_file import (
    NOT_FOUND,
    FrameworkFileError,
    parse_framework,
    read_framework,
)
from chuyendoiso.engine.dti.published import HEADER as PUBLISHED_HEADER
from chuyendoiso.engine.dti.published import (
    Placement,
    Published,
    PublishedFileError,
    composed_after_merger,
    place,
    placements_of,
    read_published,
    structure_of_year,
)
from chuyendoiso.engine.dti.report import DtiReport, build_report
from chuyendoiso.engine.dti.scoring import Scored, score, shown
from chuyendoiso.engine.dti.whatif import adjustable, check_what_if, typed, what_if_value

__all__ = [
    "NOT_FOUND",
    "PUBLISHED_HEADER",
    "STATUS_LABELS",
    "Assessment",
    "Change",
    "Component",
    "ComponentResult",
    "Direction",
    "DtiReport",
    "Framework",
    "FrameworkFileError",
    "FrameworkKind",
    "Group",
    "Measured",
    "Pillar",
    "PillarLoss",
    "PillarResult",
    "Placement",
    "Published",
    "PublishedFileError",
    "Rule",
    "RuleKind",
    "Scored",
    "Status",
    "Step",
    "adjustable",
    "assess",
    "best_changes",
    "build_report",
    "check_what_if",
    "composed_after_merger",
    "losses",
    "parse_framework",
    "place",
    "placements_of",
    "read_framework",
    "read_published",
    "report_dict",
    "report_markdown",
    "report_xlsx",
    "score",
    "shown",
    "structure_of_year",
    "typed",
    "what_if_value",
    "with_value",
]
