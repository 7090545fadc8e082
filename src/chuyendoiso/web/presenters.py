"""The home page's figures as a chart, in the page's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuyendoiso.web.charts import Chart, Series
from chuyendoiso.web.language import localized
from chuyendoiso.web.selectors import HomeSummary


def pillar_values_chart(summary: HomeSummary) -> Chart:
    """Approved values per pillar, a bar each (pillar names are long: horizontal bars)."""
    return Chart(
        id="pillar-values",
        title=_("Số liệu đã duyệt theo trụ cột"),
        description=_("Biểu đồ thanh: số liệu đã duyệt của mỗi trụ cột; bảng số liệu ở dưới."),
        kind="hbar",
        category_label=_("Trụ cột"),
        categories=tuple(localized(p, "name") for p in summary.pillars),
        series=(Series(_("Số liệu đã duyệt"), tuple(p.values for p in summary.pillars)),),
    )
