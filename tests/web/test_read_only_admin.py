"""The catalogue and the org units have one way in each (the catalogue file with
`cds catalog import`, `cds orgunits load`), and so have the DTI's frameworks and published
results (`cds dti-framework load`, `cds dti-published import`) and the evidence of reports
(the report's page, `cds submissions evidence`): the admin only shows them, even to a
superuser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from chuyendoiso.catalog.models import Category, DataSet, Framework, Indicator, Pillar, Target
from chuyendoiso.collection.models import Evidence
from chuyendoiso.dti.models import FrameworkFile, PublishedResult
from chuyendoiso.dti.services import dti_published_import
from chuyendoiso.engine.dti import PUBLISHED_HEADER
from chuyendoiso.orgunits.models import OrgUnit, OrgUnitMapping

pytestmark = pytest.mark.django_db

# (admin URL, a stored row, a field and a new value a change form would post)
PAGES = {
    "indicator": ("catalog/indicator", lambda: Indicator.objects.get(code="HTS_BTS"), "name_vi"),
    "target": ("catalog/target", lambda: Target.objects.order_by("pk").first(), "source"),
    "pillar": ("catalog/pillar", lambda: Pillar.objects.order_by("pk").first(), "name_vi"),
    "framework": ("catalog/framework", lambda: Framework.objects.order_by("pk").first(), "name_vi"),
    "category": ("catalog/category", lambda: Category.objects.order_by("pk").first(), "name_vi"),
    "dataset": ("catalog/dataset", lambda: DataSet.objects.get(code="BC_ATTT_QUY"), "name_vi"),
    "orgunit": (
        "orgunits/orgunit",
        lambda: OrgUnit.objects.get(code="19", structure=""),
        "name",
    ),
    "mapping": (
        "orgunits/orgunitmapping",
        lambda: OrgUnitMapping.objects.order_by("pk").first(),
        "is_primary",
    ),
    # the DTI's files and the evidence of reports (the demo loads one of each)
    "dti framework": (
        "dti/frameworkfile",
        lambda: FrameworkFile.objects.get(code="DTI2022"),
        "name_vi",
    ),
    "published": ("dti/publishedresult", lambda: published_row(), "province_name"),
    "evidence": ("collection/evidence", lambda: Evidence.objects.order_by("pk").first(), "note"),
}
NOTES = {
    "catalog": "cds catalog import",
    "orgunits": "cds orgunits load",
    "dti": "cds dti-framework load",
    "collection": "cds submissions evidence",
}


def published_row() -> PublishedResult:
    header = ",".join(PUBLISHED_HEADER)
    text = f"{header}\n2022,DTI2022,before_2025,19,Tỉnh Thái Nguyên,DTI,,8,https://dti.gov.vn\n"
    dti_published_import(text=text, file_name="p.csv", acting_user=None)
    return PublishedResult.objects.get(year=2022, province_code="19", measure="DTI")


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    return client


@pytest.mark.parametrize("name", PAGES)
def test_a_superuser_can_neither_change_nor_add_nor_delete(superuser_client, name):
    path, stored, field = PAGES[name]
    row = stored()
    before = getattr(row, field)
    change = f"/admin/{path}/{row.pk}/change/"
    posted = superuser_client.post(change, {field: "Đổi trong trang quản trị"})
    assert posted.status_code == 403
    row.refresh_from_db()
    assert getattr(row, field) == before
    assert superuser_client.post(f"/admin/{path}/add/", {field: "x"}).status_code == 403
    delete = superuser_client.post(f"/admin/{path}/{row.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_show_the_data_and_say_how_they_are_changed(superuser_client, name):
    path, stored, _ = PAGES[name]
    row = stored()
    for url in (f"/admin/{path}/", f"/admin/{path}/{row.pk}/change/"):
        page = superuser_client.get(url).content.decode()
        assert "chỉ xem ở đây, không sửa được" in page
        assert NOTES[path.split("/")[0]] in page
        assert 'name="_save"' not in page and 'name="action"' not in page


def test_the_indicator_page_shows_its_placements_and_targets_without_forms(superuser_client):
    indicator = Indicator.objects.get(code="HTS_HGD_CAP_QUANG_TY_LE")
    page = superuser_client.get(f"/admin/catalog/indicator/{indicator.pk}/change/")
    text = page.content.decode()
    assert indicator.name_vi in text and "Quyết định 411/QĐ-TTg" in text
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", text.split('id="content-main"')[1])
    assert [field for field in fields if 'type="hidden"' not in field] == []


def test_a_staff_user_with_the_change_permission_is_refused_too(client):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_indicator"]))
    client.force_login(editor)
    indicator = Indicator.objects.get(code="HTS_BTS")
    url = f"/admin/catalog/indicator/{indicator.pk}/change/"
    assert client.post(url, {"name_vi": "Đổi"}).status_code == 403
    assert Indicator.objects.get(pk=indicator.pk).name_vi == indicator.name_vi
