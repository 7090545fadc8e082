"""The Thái Nguyên structures loaded by the demo: before and after 1 July 2025."""

import datetime as dt

import pytest

from chuyendoiso.engine.domain.errors import NotFoundError
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping
from chuyendoiso.orgunits.selectors import (
    orgunit_resolve,
    orgunit_subtree,
    orgunits_valid_during,
    orgunits_valid_on,
)

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2024, 6, 30)
AFTER = dt.date(2026, 1, 1)


def province() -> OrgUnit:
    return OrgUnit.objects.get(code="19", structure="")


def test_thai_nguyen_is_one_continuing_unit():
    unit = province()
    assert unit.level == OrgUnit.Level.PROVINCE and unit.valid_to is None
    assert orgunit_resolve("19", start=BEFORE, end=BEFORE) == unit
    assert orgunit_resolve("19", start=AFTER, end=AFTER) == unit


def test_before_the_merger_nine_districts_and_172_communes():
    districts = province().children.filter(level="district")
    assert districts.count() == 9
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    communes = OrgUnit.objects.filter(parent__in=districts, level="commune")
    assert communes.count() == 172


def test_after_the_merger_92_communes_and_no_districts():
    communes = province().children.filter(level="commune")
    assert communes.count() == 92
    assert set(communes.values_list("valid_from", flat=True)) == {dt.date(2025, 7, 1)}
    assert not OrgUnit.objects.filter(level="district", valid_to__isnull=True).exists()


def test_bac_kan_ends_with_the_merger_and_maps_into_thai_nguyen():
    bac_kan = OrgUnit.objects.get(code="06")
    assert bac_kan.valid_to == dt.date(2025, 6, 30)
    assert OrgUnitMapping.objects.filter(old=bac_kan, new=province(), is_primary=True).exists()


def test_every_old_commune_has_one_primary_new_commune():
    old = OrgUnit.objects.filter(level="commune", structure="before_2025")
    assert old.count() == 172 + 108
    for unit in old:
        targets = list(unit.mapped_to.select_related("new"))
        assert sum(link.is_primary for link in targets) == 1, unit
        assert all(link.new.structure == "from_2025" for link in targets)


def test_departments_sit_under_the_province():
    departments = OrgUnit.objects.filter(level="department")
    assert departments.count() >= 20
    assert {d.parent_id for d in departments} == {province().pk}
    assert departments.filter(code="19.STTTT").exists()


def test_subtree_follows_the_hierarchy():
    district = OrgUnit.objects.get(code="164", structure="before_2025")
    subtree = orgunit_subtree(district)
    assert subtree.count() == 1 + district.children.count()
    assert orgunit_subtree(province()).count() > 9 + 172 + 92


def test_a_reused_commune_code_resolves_by_period():
    reused = (
        OrgUnit.objects.filter(level="commune", structure="from_2025")
        .filter(code__in=OrgUnit.objects.filter(structure="before_2025").values("code"))
        .first()
    )
    assert reused is not None, "the 2025 list reuses some old commune codes"
    old = OrgUnit.objects.get(code=reused.code, structure="before_2025")
    assert orgunit_resolve(reused.code, start=BEFORE, end=BEFORE) == old
    assert orgunit_resolve(reused.code, start=AFTER, end=AFTER) == reused


@pytest.mark.parametrize("code", ["99", "", "19.NOPE"])
def test_unknown_code_is_a_clear_error(code):
    with pytest.raises(NotFoundError) as caught:
        orgunit_resolve(code, start=BEFORE, end=BEFORE)
    assert caught.value.extra == {"field": "org_unit", "value": code}


def test_a_district_does_not_exist_after_the_merger():
    with pytest.raises(NotFoundError, match="không tồn tại trong kỳ"):
        orgunit_resolve("164", start=AFTER, end=AFTER)


def test_every_unit_knows_its_province():
    assert not OrgUnit.objects.filter(province__isnull=True).exists()
    assert province().province_id == province().pk
    assert OrgUnit.objects.get(code="05431", structure="before_2025").province == province()
    bac_kan = OrgUnit.objects.get(code="06")
    assert OrgUnit.objects.filter(province=bac_kan, level="commune").count() == 108


@pytest.mark.parametrize(
    ("start", "end", "districts", "new_communes"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30), 9, 0),
        (dt.date(2025, 6, 30), dt.date(2025, 6, 30), 9, 0),  # the last day of the districts
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1), 0, 92),  # the first day of the new communes
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), 9, 92),  # a year across the merger
    ],
)
def test_units_valid_during_a_period_include_both_bounds(start, end, districts, new_communes):
    valid = orgunits_valid_during(start, end).filter(path__startswith=province().path)
    assert valid.filter(level="district").count() == districts
    assert valid.filter(level="commune", valid_from__isnull=False).count() == new_communes
    assert province() in valid


def test_units_valid_on_a_day_are_those_valid_during_that_day():
    day = dt.date(2025, 6, 30)
    assert set(orgunits_valid_on(day)) == set(orgunits_valid_during(day, day))
