"""Analytics: figures aggregated over org units and time by each indicator's rules
(``aggregate``), and their comparisons with the same period last year and with targets
(``comparisons``). Import from this package, not from its modules.
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

__all__ = [
    "Analytics",
    "Attainment",
    "Change",
    "Facts",
    "Figure",
    "Hierarchy",
    "Observation",
    "OrgNode",
    "Progress",
    "attainment",
    "combined_qualifier",
    "compare",
    "observation_of",
    "progress_status",
]
