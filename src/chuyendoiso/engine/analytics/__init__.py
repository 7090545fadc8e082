"""Analytics: figures aggregated over org units and time by each indicator's rules
(``aggregate``), their comparisons with the same period last year and with targets
(``comparisons``), a dashboard card's figures (``progress``), a figure as a rollup keeps it
(``stored``), and DHIS2's analytics
parameters read into a request (``dhis2_request``). Import from this package,
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
from chuyendoiso.engine.analytics.dhis2_request import (
    AnalyticsRequest,
    Dimension,
    UnitSelection,
    UserOrgUnit,
    cells_check,
    one_item_error,
    parse_analytics,
)
from chuyendoiso.engine.analytics.progress import (
    NATIONAL,
    Card,
    TargetProgress,
    card_of,
    status_counts,
    targets_for,
)
from chuyendoiso.engine.analytics.stored import Record, figure_of, figure_record, keepable

__all__ = [
    "NATIONAL",
    "Analytics",
    "AnalyticsRequest",
    "Attainment",
    "Card",
    "Change",
    "Dimension",
    "Facts",
    "Figure",
    "Hierarchy",
    "Observation",
    "OrgNode",
    "Progress",
    "Record",
    "TargetProgress",
    "UnitSelection",
    "UserOrgUnit",
    "attainment",
    "card_of",
    "cells_check",
    "combined_qualifier",
    "compare",
    "figure_of",
    "figure_record",
    "keepable",
    "observation_of",
    "one_item_error",
    "parse_analytics",
    "progress_status",
    "status_counts",
    "targets_for",
]
