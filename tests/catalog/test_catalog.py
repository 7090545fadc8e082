from pathlib import Path

import pytest
from click.testing import CliRunner

from chuyendoiso.catalog.models import Indicator, Target
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.cli import main
from chuyendoiso.engine.files.catalog_file import read_catalog

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "catalog" / "catalog.yaml"


def test_database_holds_the_shipped_catalogue():
    assert catalog_get() == read_catalog(SHIPPED)


def test_export_and_import_through_the_cli(tmp_path):
    out = tmp_path / "catalog.yaml"
    result = CliRunner().invoke(main, ["catalog", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert read_catalog(out) == read_catalog(SHIPPED)
    edited = out.read_text(encoding="utf-8").replace(
        "name_vi: Số trạm thu phát sóng di động (BTS)", "name_vi: Số trạm BTS trên địa bàn"
    )
    assert edited != out.read_text(encoding="utf-8")
    out.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, ["catalog", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert Indicator.objects.get(code="HTS_BTS").name_vi == "Số trạm BTS trên địa bàn"


def test_a_malformed_file_changes_nothing(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    broken = text.replace("name_vi: Số trạm thu phát sóng di động (BTS)", "name_vi: Đổi tên", 1)
    broken = broken.replace("aggregation_org: ratio", "aggregation_org: average", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    before = (Indicator.objects.count(), Target.objects.count())
    result = CliRunner().invoke(main, ["catalog", "import", str(path)])
    assert result.exit_code == 2
    assert "broken.yaml:" in result.output and "'aggregation_org' = 'average'" in result.output
    assert not Indicator.objects.filter(name_vi="Đổi tên").exists()
    assert (Indicator.objects.count(), Target.objects.count()) == before


def test_import_again_keeps_the_options_that_values_use():
    from decimal import Decimal

    from chuyendoiso.datavalues.models import DataValue
    from chuyendoiso.datavalues.services import datavalues_import
    from chuyendoiso.engine.domain.datavalues import DataValue as Value

    part = Value(
        indicator="CQS_HS_TIEP_NHAN",
        org_unit="19",
        period="2024Q4",
        value=Decimal(600),
        category_option="CHANNEL:ONLINE",
    )
    datavalues_import(acting_user=None, values=[part], source_name="part")
    option = DataValue.objects.get(period="2024Q4", category_option__isnull=False).category_option
    result = CliRunner().invoke(main, ["catalog", "import", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    stored = DataValue.objects.get(period="2024Q4", category_option__isnull=False)
    assert stored.category_option_id == option.pk
    assert str(stored.category_option) == "CHANNEL:ONLINE"


def test_publishing_marks_go_through_the_file_and_are_audited(tmp_path):
    from chuyendoiso.audit.models import AuditEntry

    stored = Indicator.objects.get(code="HTS_BTS")
    assert (stored.public, stored.headline, stored.unit_label_en) == (True, True, "stations")
    assert not Indicator.objects.get(code="ATTT_SOC_LO_HONG").public
    out = tmp_path / "catalog.yaml"
    assert CliRunner().invoke(main, ["catalog", "export", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    block = text.index("code: HTS_BTS")
    marks = "public: true\n  headline: true\n"
    assert text.index(marks, block) < text.index("- code:", block)  # the export says both
    edited = text[:block] + text[block:].replace(marks, "public: false\n", 1)
    edited = edited.replace("unit_label_en: stations", "unit_label_en: base stations", 1)
    out.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, ["catalog", "import", str(out), "--actor", "Sở KH&CN"])
    assert result.exit_code == 0, result.output
    stored.refresh_from_db()
    assert (stored.public, stored.headline, stored.unit_label_en) == (False, False, "base stations")
    row = AuditEntry.objects.filter(entity="indicator", entity_key="HTS_BTS").latest("pk")
    assert row.before == {"public": True, "headline": True, "unit_label_en": "stations"}
    assert row.after == {"public": False, "headline": False, "unit_label_en": "base stations"}
    assert row.actor_name == "Sở KH&CN"


def test_levels_go_through_the_file_and_are_audited(tmp_path):
    from chuyendoiso.audit.models import AuditEntry

    stored = Indicator.objects.get(code="NTS_BAO_TIN_BAI")
    assert stored.levels == ["province"]
    out = tmp_path / "catalog.yaml"
    assert CliRunner().invoke(main, ["catalog", "export", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    block = text.index("code: NTS_BAO_TIN_BAI")
    edited = text[:block] + text[block:].replace(
        "levels:\n  - province\n", "levels:\n  - province\n  - district\n", 1
    )
    assert edited != text
    out.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, ["catalog", "import", str(out)])
    assert result.exit_code == 0, result.output
    stored.refresh_from_db()
    assert stored.levels == ["province", "district"]
    row = AuditEntry.objects.filter(entity="indicator", entity_key="NTS_BAO_TIN_BAI").latest("pk")
    assert row.before == {"levels": ["province"]}
    assert row.after == {"levels": ["province", "district"]}
