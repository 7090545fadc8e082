"""A catalogue import leaves an audit row for each entry it adds or changes, with who acted
and the changed fields before and after; the report page follows it at once."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.audit.services import changes_between
from chuyendoiso.catalog.models import Indicator, Target
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.engine.files.catalog_file import read_catalog
from tests.test_cli import run

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "catalog" / "catalog.yaml"
OLD_NAME = "Số trạm thu phát sóng di động (BTS)"
NEW_NAME = "Số trạm BTS trên địa bàn"
TARGET = "HTS_HGD_CAP_QUANG_TY_LE/VN/2025"
FIBRE_TARGET = (
    'value: "80"\n    source: Quyết định 411/QĐ-TTg ngày 31/3/2022\n    note: "Đến 2025, 80% hộ'
)


def edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def entry_rows() -> list[AuditEntry]:
    """The rows of changed entries of catalogue imports (not the import's own row)."""
    return list(AuditEntry.objects.filter(action="catalog_import").exclude(entity="catalog"))


def import_row() -> AuditEntry:
    return AuditEntry.objects.filter(action="catalog_import", entity="catalog").first()


def test_an_import_keeps_who_changed_what_before_and_after(tmp_path):
    target = Target.objects.get(indicator__code="HTS_HGD_CAP_QUANG_TY_LE", year=2025)
    assert target.value == 80
    path = edited(
        tmp_path,
        (f'name_vi: "{OLD_NAME}"', f'name_vi: "{NEW_NAME}"'),
        (FIBRE_TARGET, FIBRE_TARGET.replace('"80"', '"85"')),
    )
    already = {entry.pk for entry in entry_rows()}
    result = run("catalog", "import", str(path), "--actor", "Sở TTTT", "--reason", "QĐ mới")
    assert result.exit_code == 0, result.output
    assert "changed 2" in result.output
    rows = {(e.entity, e.entity_key): e for e in entry_rows() if e.pk not in already}
    assert set(rows) == {("indicator", "HTS_BTS"), ("target", TARGET)}
    name = rows[("indicator", "HTS_BTS")]
    assert (name.before, name.after) == ({"name_vi": OLD_NAME}, {"name_vi": NEW_NAME})
    assert (name.actor, name.actor_name, name.reason) == (None, "Sở TTTT", "QĐ mới")
    value = rows[("target", TARGET)]
    assert (value.before, value.after) == ({"value": "80"}, {"value": "85"})
    summary = import_row()
    assert summary.after["changed"] == 2 and summary.actor_name == "Sở TTTT"


def test_an_import_by_a_user_names_the_user_and_records_a_new_indicator(tmp_path):
    catalog = read_catalog(
        edited(
            tmp_path,
            (
                "\ntargets:\n",
                "\n  - code: HTS_MOI\n    name_vi: Chỉ tiêu mới\n    name_en: New\n"
                "    pillar: HTS\n    unit: count\n    value_type: count\n"
                "    aggregation_org: sum\n    aggregation_time: stock\n"
                "targets:\n",
            ),
        )
    )
    user = get_user_model().objects.create_user("catalogue-keeper")
    catalog_import(acting_user=user, catalog=catalog)
    [added] = [e for e in entry_rows() if e.entity_key == "HTS_MOI"]
    assert added.actor == user and added.actor_name == "catalogue-keeper"
    assert added.before is None
    assert added.after["name_vi"] == "Chỉ tiêu mới" and added.after["pillar"] == "HTS"


def test_importing_the_same_file_again_records_no_changed_entry():
    before = len(entry_rows())
    result = run("catalog", "import", str(SHIPPED))
    assert result.exit_code == 0, result.output
    assert len(entry_rows()) == before
    assert import_row().after["changed"] == 0


def test_a_removed_record_keeps_its_fields_before():
    assert changes_between({"A": {"x": 1}, "B": {"x": 2}}, {"B": {"x": 2}}) == [
        ("A", {"x": 1}, None)
    ]


def test_the_report_page_shows_a_renamed_indicator_right_after_the_import(
    client, settings, tmp_path
):
    settings.CDS_REPORT_CACHE_SECONDS = 600
    cache.clear()
    page = {"org": "19", "period": "2024S1"}
    assert OLD_NAME in client.get("/bao-cao/", page).content.decode()
    assert OLD_NAME in client.get("/bao-cao/", page).content.decode()  # now from the cache
    path = edited(tmp_path, (f'name_vi: "{OLD_NAME}"', f'name_vi: "{NEW_NAME}"'))
    assert run("catalog", "import", str(path)).exit_code == 0
    assert Indicator.objects.get(code="HTS_BTS").name_vi == NEW_NAME
    text = client.get("/bao-cao/", page).content.decode()
    cache.clear()
    assert NEW_NAME in text and OLD_NAME not in text
