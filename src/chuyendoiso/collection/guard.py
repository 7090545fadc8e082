"""The check every value service makes before it writes (datavalues/services/rights.py): the values
of a submission that is submitted, approved or locked are read-only to everyone, the command
line's operator included. To change them the approver returns the submission, or reopens it
with a reason (docs/decisions/0018-workflow.md)."""

from __future__ import annotations

from collections.abc import Sequence

from chuyendoiso.catalog.models import DataSetIndicator
from chuyendoiso.collection.models import Submission
from chuyendoiso.engine.domain.errors import PermissionDeniedError
from chuyendoiso.engine.domain.periods import Calendar, Period, parse_period
from chuyendoiso.engine.domain.workflow import EDITABLE, State, covers
from chuyendoiso.orgunits.models import OrgUnit

# a value about to be written or deleted: its unit, indicator code and period
Target = tuple[OrgUnit, str, Period]


def require_editable(values: Sequence[Target]) -> None:
    """Raise ``PermissionDeniedError`` when one of ``values`` belongs to a submission that is
    not editable; the error names the first such submission and the values refused."""
    units = {unit.pk for unit, _, _ in values}
    closed = list(
        Submission.objects.filter(org_unit_id__in=units)
        .exclude(state__in=[state.value for state in EDITABLE])
        .select_related("dataset", "org_unit")
    )
    if not closed:  # one query: the usual case
        return
    indicators: dict[int, set[str]] = {}
    for dataset_id, code in DataSetIndicator.objects.filter(
        dataset_id__in={each.dataset_id for each in closed}
    ).values_list("dataset_id", "indicator__code"):
        indicators.setdefault(dataset_id, set()).add(code)
    for submission in closed:
        period = parse_period(submission.period, Calendar(submission.dataset.calendar))
        codes = indicators.get(submission.dataset_id, set())
        refused = sorted(
            {
                indicator
                for unit, indicator, value_period in values
                if unit.pk == submission.org_unit_id
                and indicator in codes
                and covers(period, value_period)
            }
        )
        if refused:
            raise _read_only(submission, refused)


def _read_only(submission: Submission, indicators: list[str]) -> PermissionDeniedError:
    state = State(submission.state)
    unit = submission.org_unit
    named = ", ".join(indicators[:5]) + (
        f" (+{len(indicators) - 5})" if len(indicators) > 5 else ""
    )
    return PermissionDeniedError(
        f"Báo cáo {submission.dataset.code} của {unit.code} {unit.name} kỳ {submission.period} "
        f"đang ở trạng thái '{state.label_vi}': số liệu chỉ được xem, không được sửa ({named}); "
        "cần trả lại hoặc mở lại báo cáo trước / the submission is "
        f"'{state.value}': its values are read-only; return or reopen it first",
        field="state",
        value=state.value,
        dataset=submission.dataset.code,
        org_unit=unit.code,
        period=submission.period,
        indicators=indicators,
    )
