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
from chuyendoiso.engine.dti.scoring import Scored, score

__all__ = [
    "NOT_FOUND",
    "STATUS_LABELS",
    "Assessment",
    "Change",
    "Component",
    "ComponentResult",
    "Direction",
    "Framework",
    "FrameworkFileError",
    "FrameworkKind",
    "Group",
    "Measured",
    "Pillar",
    "PillarLoss",
    "PillarResult",
    "Rule",
    "RuleKind",
    "Scored",
    "Status",
    "Step",
    "assess",
    "best_changes",
    "losses",
    "parse_framework",
    "read_framework",
    "score",
    "with_value",
]
