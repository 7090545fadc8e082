"""Analytics: figures aggregated over org units and time by each indicator's rules
(``aggregate``), their comparisons with the same period last year and with targets
(``comparisons``), and a dashboard card's figures (``progress``). Import from this package,
not from its modules.
"""

from chuyendoiso.engine.analytics.aggregate import (
    Analytics,
    Facts,
    Figure,
    Hierarchy,
    Observation,
    OrgNode,
    combined_qualifier,
    observation_of,
)
from chuyendoiso.engine.analytics.comparisons import (
    Attainment,
    Change,
    Progress,
    attainment,
    compare,
    progress_status,
)
from chuyendoiso.engine.analytics.progress import (
    Card,
    TargetProgress,
    card_of,
    status_counts,
    targets_for,
)

__all__ = [
    "Analytics",
    "Attainment",
    "Card",
    "Change",
    "Facts",
    "Figure",
    "Hierarchy",
    "Observation",
    "OrgNode",
    "Progress",
    "TargetProgress",
    "attainment",
    "card_of",
    "combined_qualifier",
    "compare",
    "observation_of",
    "progress_status",
    "status_counts",
    "targets_for",
]
