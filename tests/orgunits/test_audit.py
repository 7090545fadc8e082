"""Loading the org units leaves an audit row for each unit or mapping it adds or changes,
with who acted and the changed fields before and after; loading again records none."""

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping
from tests.test_cli import run

pytestmark = pytest.mark.django_db


def unit_rows() -> list[AuditEntry]:
    """The rows of changed units and mappings of loads (not the load's own row)."""
    return list(AuditEntry.objects.filter(action="orgunits_load").exclude(entity="orgunits"))


def load(*options: str) -> str:
    result = run("orgunits", "load", "--province", "19", *options)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_load_restores_and_records_what_differs_from_the_official_list():
    commune = OrgUnit.objects.filter(structure="from_2025", level="commune").order_by("pk")[0]
    link = OrgUnitMapping.objects.filter(is_primary=True, new__structure="from_2025").order_by(
        "pk"
    )[0]
    OrgUnit.objects.filter(pk=commune.pk).update(name="Tên gõ nhầm")
    OrgUnitMapping.objects.filter(pk=link.pk).update(is_primary=False)
    already = {entry.pk for entry in unit_rows()}
    assert "changed 2" in load("--actor", "Sở Nội vụ", "--reason", "đối chiếu GSO")
    rows = {(e.entity, e.entity_key): e for e in unit_rows() if e.pk not in already}
    mapping_key = f"{link.old.code}@before_2025 → {link.new.code}@from_2025"
    assert set(rows) == {
        ("orgunit", f"{commune.code}@from_2025"),
        ("orgunit_mapping", mapping_key),
    }
    renamed = rows[("orgunit", f"{commune.code}@from_2025")]
    assert (renamed.before, renamed.after) == ({"name": "Tên gõ nhầm"}, {"name": commune.name})
    assert (renamed.actor_name, renamed.reason) == ("Sở Nội vụ", "đối chiếu GSO")
    primary = rows[("orgunit_mapping", mapping_key)]
    assert (primary.before, primary.after) == ({"is_primary": False}, {"is_primary": True})
    assert OrgUnit.objects.get(pk=commune.pk).name == commune.name


def test_loading_the_same_units_again_records_no_change():
    before = len(unit_rows())
    assert "changed 0" in load()
    assert len(unit_rows()) == before
    summary = AuditEntry.objects.filter(action="orgunits_load", entity="orgunits").first()
    assert summary.entity_key == "19" and summary.after["changed"] == 0


def test_the_first_load_recorded_each_unit_once():
    province = AuditEntry.objects.get(action="orgunits_load", entity="orgunit", entity_key="19")
    assert (
        province.before is None
        and province.after["name"] == OrgUnit.objects.get(code="19", structure="").name
    )
    units = AuditEntry.objects.filter(action="orgunits_load", entity="orgunit")
    assert units.count() == OrgUnit.objects.count()
