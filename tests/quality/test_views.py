"""The data-quality page: for the people who may read drafts, over their scope only."""

import pytest

from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.quality import selectors
from tests.access.members import member

pytestmark = pytest.mark.django_db


def test_the_page_needs_a_login(client):
    response = client.get("/chat-luong-so-lieu/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_viewer_may_not_see_it(client):
    client.force_login(member("xem.19", "viewer", "19"))
    assert client.get("/chat-luong-so-lieu/").status_code == 403


def test_the_coordinator_sees_the_province(client):
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    page = client.get("/chat-luong-so-lieu/?pe=2024S1").content.decode()
    assert "Tỉnh Thái Nguyên · 6 tháng đầu năm 2024" in page
    for heading in (
        "Quy tắc kiểm tra không đạt",
        "Báo cáo trễ hạn và chưa nhập",
        "Số liệu giả lập",
        "Thay đổi gần đây",
    ):
        assert heading in page
    province = OrgUnit.objects.get(code="19", structure="")
    for code, count in selectors.synthetic_counts(province, parse_period("2024S1")):
        assert f'>{code}</a></th><td class="number">{count}</td>' in page


def test_an_approver_sees_his_subtree_and_nothing_above(client):
    district = OrgUnit.objects.get(code="164", structure="before_2025")
    client.force_login(member("duyet.164", "approver", district))
    page = client.get("/chat-luong-so-lieu/?pe=2024S1").content.decode()
    assert "Thành phố Thái Nguyên · 6 tháng đầu năm 2024" in page
    assert client.get("/chat-luong-so-lieu/?ou=19&pe=2024S1").status_code == 403
    other = OrgUnit.objects.filter(level="district").exclude(pk=district.pk).first()
    assert (
        client.get(f"/chat-luong-so-lieu/?ou={other.code}@{other.structure}&pe=2024S1").status_code
        == 403
    )


def test_the_english_page(client):
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    client.cookies["django_language"] = "en"
    page = client.get("/chat-luong-so-lieu/?pe=2024S1").content.decode()
    assert "Data quality" in page and "Synthetic values" in page
    assert client.get("/chat-luong-so-lieu/?pe=2025S3").status_code == 400


def test_recent_changes_name_the_action_in_the_page_language(client):
    """An import of the demo is in the audit: "nhập tệp" on the Vietnamese page, "file
    import" on the English one, never the stored name."""
    from decimal import Decimal

    from chuyendoiso.audit.presenters import ACTION_LABELS
    from chuyendoiso.datavalues.services import datavalue_save
    from chuyendoiso.engine.domain.datavalues import DataValue

    coordinator = member("dieuphoi.19", "coordinator", "19")
    datavalue_save(
        acting_user=coordinator,
        value=DataValue(
            indicator="CQS_HS_TIEP_NHAN", org_unit="19", period="202412", value=Decimal(5)
        ),
    )
    client.force_login(coordinator)
    vietnamese = client.get("/chat-luong-so-lieu/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/chat-luong-so-lieu/").content.decode()
    assert f"<td>{ACTION_LABELS['datavalue_save']}</td>" in vietnamese
    assert "<td>save</td>" in english
    assert "datavalue_save" not in vietnamese + english
