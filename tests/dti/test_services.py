"""Loading a framework file and importing published results: checked whole, all or nothing,
audited."""

from decimal import Decimal
from pathlib import Path

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.dti.models import FrameworkFile, PublishedResult
from chuyendoiso.dti.selectors import framework_named, published_all
from chuyendoiso.dti.services import dti_framework_load, dti_published_import
from chuyendoiso.engine.dti import PUBLISHED_HEADER as HEADER
from chuyendoiso.engine.dti import FrameworkFileError, PublishedFileError
from tests.engine.dti.fixture import FIXTURE

pytestmark = pytest.mark.django_db
TEXT = FIXTURE.read_text(encoding="utf-8")


def test_a_framework_is_kept_and_audited_once_per_change():
    dti_framework_load(text=TEXT, file_name="a.yaml", acting_user=None)
    dti_framework_load(text=TEXT, file_name="a.yaml", acting_user=None)
    assert FrameworkFile.objects.get(code="DTI_FIXTURE").file_name == "a.yaml"
    assert (
        AuditEntry.objects.filter(action="dti_framework_load", entity_key="DTI_FIXTURE").count()
        == 1
    )
    changed = TEXT.replace("name_en: Test framework (tests only)", "name_en: Test framework")
    dti_framework_load(text=changed, file_name="a.yaml", acting_user=None)
    assert (
        AuditEntry.objects.filter(action="dti_framework_load", entity_key="DTI_FIXTURE").count()
        == 2
    )


def test_a_framework_naming_an_unknown_indicator_is_refused_at_its_line_and_nothing_kept():
    text = TEXT.replace("indicator: XHS_HSSK", "indicator: XHS_KHONG_CO")
    with pytest.raises(FrameworkFileError) as refused:
        dti_framework_load(text=text, file_name="b.yaml", acting_user=None)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "XHS_KHONG_CO" in t)
    assert [p[0] for p in refused.value.problems] == [line]
    assert not FrameworkFile.objects.filter(code="DTI_FIXTURE").exists()


def test_a_loaded_framework_replaces_the_shipped_one_of_its_code():
    """(The demo loaded its own copies of 922 and 405 already: a later file replaces them.)"""
    text = TEXT.replace("code: DTI_FIXTURE", "code: DTI2022").replace(
        'number: "fixture"', 'number: "922"'
    )
    dti_framework_load(text=text, file_name="tinh.yaml", acting_user=None)
    assert framework_named("922").kind.value == "fixture"


ROW = "2022,DTI2022,before_2025,19,Tỉnh Thái Nguyên,DTI,0.6500,8,https://example.org/a"


def csv_text(*rows: str) -> str:
    return ",".join(HEADER) + "\n" + "\n".join(rows) + "\n"


def test_published_results_are_imported_all_or_nothing_with_row_and_column():
    bad = ROW.replace(",19,", ",99,")
    with pytest.raises(PublishedFileError) as refused:
        dti_published_import(
            text=csv_text(ROW, bad, ROW.replace("0.6500", "1.5")),
            file_name="p.csv",
            acting_user=None,
        )
    places = [(p["row"], p["column"]) for p in refused.value.problems]
    assert places == [(3, "province_code"), (4, "value")]
    assert not PublishedResult.objects.exists()


def test_an_imported_row_replaces_the_shipped_one_and_is_audited():
    shipped = {(r.year, r.province_code, r.measure): r for r in published_all()}
    assert shipped[(2022, "19", "DTI")].rank == 8  # data/dti/published.csv
    assert dti_published_import(text=csv_text(ROW), file_name="p.csv", acting_user=None) == 1
    assert dti_published_import(text=csv_text(ROW), file_name="p.csv", acting_user=None) == 0
    now = {(r.year, r.province_code, r.measure): r for r in published_all()}
    assert now[(2022, "19", "DTI")].value == Decimal("0.65")
    assert AuditEntry.objects.filter(action="dti_published_import").count() == 1


def test_the_shipped_files_read_without_error():
    from django.conf import settings

    folder = Path(settings.REFERENCE_DATA_DIR) / "dti"
    assert {p.name for p in folder.glob("dti_*.yaml")} == {"dti_922.yaml", "dti_405.yaml"}
    assert len(published_all()) > 60


def test_the_shipped_file_imports_unchanged():
    """Imported, the shipped results are stored as they read: the same rows, and a second
    import changes nothing."""
    from django.conf import settings

    path = Path(settings.REFERENCE_DATA_DIR) / "dti" / "published.csv"
    text = path.read_text(encoding="utf-8")
    before = published_all()
    assert dti_published_import(text=text, file_name=path.name, acting_user=None) == len(before)
    assert dti_published_import(text=text, file_name=path.name, acting_user=None) == 0
    assert published_all() == before
