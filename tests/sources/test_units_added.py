"""Records quarantined as unknown_org_unit count once their unit is added to the registry:
the stored file that had them is read again, with no new file, and its parts replaced."""

from decimal import Decimal

import pytest

from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.orgunits.services import orgunits_load_provinces
from chuyendoiso.sources.models import SourceFile, SourcePartial, SourceRun
from chuyendoiso.sources.services import source_compute

pytestmark = pytest.mark.django_db

HEADER = "id,org_unit,created_at,facility_id,connected\n"
LAI_CHAU = "12"  # a province the demo does not hold


def compute(*inputs):
    return source_compute(
        acting_user=None, source="health_records", inputs=list(inputs), period_id="2024"
    )


def stored(indicator="XHS_HSSK") -> dict[str, Decimal]:
    rows = DataValue.objects.filter(
        indicator__code=indicator, period="2024", source="connector:health_records"
    )
    return {row.org_unit.code: row.value for row in rows.select_related("org_unit")}


def test_records_of_a_unit_added_since_are_counted_without_a_new_file(tmp_path):
    path = tmp_path / "health.csv"
    path.write_text(
        HEADER + "H1,05431,2024-01-02,F1,true\nH2,12,2024-01-02,F2,true\n"
        "H3,12,2024-02-02,F3,false\n",
        encoding="utf-8",
    )
    first = compute(path)
    assert first.result.reconciliation.by_reason == {"unknown_org_unit": 2}
    assert SourceFile.objects.get().unknown_units == 2
    assert stored() == {"05431": 1}
    again = compute(path)  # the units have not changed: nothing is read
    assert again.result is None and again.run is None

    orgunits_load_provinces(acting_user=None, province_codes=[LAI_CHAU])
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "more.csv").write_text(HEADER + "H4,05431,2024-03-02,F1,true\n", encoding="utf-8")
    outcome = compute(other)  # the stored file is read again from where it was loaded
    assert sorted(f.path.name for f in outcome.new_files) == ["health.csv", "more.csv"]
    reconciliation = outcome.result.reconciliation
    assert (reconciliation.read, reconciliation.accepted, reconciliation.quarantined) == (4, 4, 0)
    assert stored() == {"05431": 2, LAI_CHAU: 2}
    assert stored("XHS_CSKCB_KET_NOI") == {"05431": 1, LAI_CHAU: 1}
    files = {f.path.rsplit("/", 1)[1]: f for f in SourceFile.objects.all()}
    assert sorted(files) == ["health.csv", "more.csv"]  # replaced, not added twice
    assert files["health.csv"].unknown_units == 0
    parts = SourcePartial.objects.filter(indicator="XHS_HSSK", additive=True)
    assert sum(p.value for p in parts) == 4 == sum(stored().values())
    assert SourceRun.objects.count() == 2
    assert compute(other).result is None  # read with these units already: nothing again
