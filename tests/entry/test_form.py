"""The web entry form /thu-thap/nhap/: what it shows, what it saves (drafts, through the value
services: scope, checks, rules, audit), and what it refuses, keeping the text typed."""

import re
from decimal import Decimal

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db

DATASET = "BC_MOT_CUA_THANG"
PERIOD = "202405"  # NĐ 09 month: 15/04/2024-14/05/2024; previous 202404, last year 202305
URL = f"/thu-thap/nhap/?dataset={DATASET}&org=05440&period={PERIOD}"


def commune(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code, structure=OrgUnit.Structure.BEFORE_2025)


@pytest.fixture
def reporter(client):
    user = member("baocao.form", "reporter", commune("05440"))
    client.force_login(user)
    return user


def approved(indicator, period, value, **fields):
    return engine.DataValue(
        indicator=indicator, org_unit="05440", period=period, calendar="nd09", value=value, **fields
    )


def stored(status="draft"):
    rows = DataValue.objects.filter(
        org_unit=commune("05440"), period=PERIOD, calendar="nd09", status=status
    )
    return {row.indicator.code: row for row in rows.select_related("indicator")}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_form_shows_each_field_with_the_previous_and_last_year_values(client, reporter):
    datavalues_import(
        acting_user=None,
        values=[
            approved("CQS_HS_TIEP_NHAN", "202404", Decimal(1567705)),
            approved("CQS_HS_TIEP_NHAN", "202305", Decimal(1234), qualifier=engine.Qualifier.GAN),
            approved(
                "CQS_HS_DUNG_HAN_TY_LE",
                "202404",
                Decimal("95.44"),
                numerator=Decimal(262969),
                denominator=Decimal(275540),
                decimals=2,
                origin=engine.Origin.SYNTHETIC,
            ),
        ],
        source_name="test",
    )
    response = client.get(URL)
    assert response.status_code == 200
    html = text_of(response)
    assert "Số hồ sơ thủ tục hành chính tiếp nhận" in html
    assert "Kênh tiếp nhận: Trực tuyến" in html  # an option of its disaggregation
    assert 'name="CQS_HS_TIEP_NHAN-value"' in html
    assert 'name="CQS_HS_DUNG_HAN_TY_LE-num"' in html and 'name="CQS_HS_DUNG_HAN_TY_LE-den"' in html
    assert 'name="CQS_HS_DUNG_HAN_TY_LE-value"' not in html  # a ratio is computed from its parts
    assert 'Kỳ trước: <span class="figure">1.567.705</span>' in html
    assert 'Cùng kỳ năm trước: <span class="figure">gần 1.234</span>' in html
    assert '262.969/275.540 (đạt 95,44%)</span> <span class="synthetic"' in html
    assert (
        'href="/thu-thap/BC_MOT_CUA_THANG/05440@before_2025/202405/"' in html
        and "Về hồ sơ báo cáo" in html
    )
    assert "<script" in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # CSP: no inline
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_saving_writes_drafts_as_the_user_with_an_audit_row(client, reporter):
    response = client.post(
        URL,
        {
            "CQS_HS_TIEP_NHAN-value": "1.567.705",
            "CQS_HS_TIEP_NHAN-qualifier": "gan",
            "CQS_HS_TIEP_NHAN-comment": "theo hệ thống một cửa",
            "CQS_HS_TIEP_NHAN__CHANNEL__ONLINE-value": "1.000.000",
            "CQS_HS_DA_XU_LY-value": "1.500.000",
            "CQS_HS_DUNG_HAN_TY_LE-num": "262.969",
            "CQS_HS_DUNG_HAN_TY_LE-den": "275.540",
        },
    )
    assert response.status_code == 200, text_of(response)
    assert "Đã lưu 4 số liệu dạng bản nháp" in text_of(response)
    drafts = stored()
    assert set(drafts) == {"CQS_HS_TIEP_NHAN", "CQS_HS_DA_XU_LY", "CQS_HS_DUNG_HAN_TY_LE"}
    received = DataValue.objects.get(
        indicator__code="CQS_HS_TIEP_NHAN", period=PERIOD, status="draft", category_option=None
    )
    assert received.value == 1567705 and received.qualifier == "gan"
    assert received.comment == "theo hệ thống một cửa" and received.created_by == reporter
    ratio = drafts["CQS_HS_DUNG_HAN_TY_LE"]
    assert (ratio.value, ratio.numerator, ratio.denominator, ratio.decimals) == (
        Decimal("95.44"),
        262969,
        275540,
        2,
    )
    assert not stored("approved")
    audit = AuditEntry.objects.filter(action="datavalue_import", actor=reporter)
    assert audit.count() == 4
    assert audit.filter(entity_key=f"CQS_HS_TIEP_NHAN/05440/{PERIOD}/calendar=nd09/status=draft")
    # the page shows what was saved, in the notation it was typed in
    assert 'value="1.567.705"' in text_of(response)


def test_a_unit_outside_the_users_scope_is_refused(client):
    other = member("baocao.khac", "reporter", commune("05443"))
    client.force_login(other)
    response = client.get(URL)
    assert response.status_code == 403
    assert "không có quyền nhập hay xem số liệu chưa duyệt" in text_of(response)
    posted = client.post(URL, {"CQS_HS_TIEP_NHAN-value": "5"})
    assert posted.status_code == 403
    assert not stored()


def test_an_approver_reads_the_form_but_cannot_save(client):
    approver = member(
        "duyet.form", "approver", OrgUnit.objects.get(code="164", structure="before_2025")
    )
    client.force_login(approver)
    response = client.get(URL)
    assert response.status_code == 200
    html = text_of(response)
    assert (
        "Bạn chỉ được xem biểu mẫu này" in html and '<fieldset class="indicator" disabled>' in html
    )
    assert ">Lưu</button>" not in html
    assert client.post(URL, {"CQS_HS_TIEP_NHAN-value": "5"}).status_code == 403
    assert not stored()


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_rule_warning_is_shown_at_its_fields_and_a_comment_explains_it(client, reporter):
    # more dossiers processed than received: HS_XU_LY_KHONG_VUOT_TIEP_NHAN, a warning
    form = {"CQS_HS_TIEP_NHAN-value": "100", "CQS_HS_DA_XU_LY-value": "120"}
    response = client.post(URL, form)
    assert response.status_code == 200
    html = text_of(response)
    assert "Đã lưu 2 số liệu dạng bản nháp" in html
    warning = re.search(r'<div class="messages" id="m-CQS_HS_DA_XU_LY">(.*?)</div>', html)
    assert warning and "Cảnh báo:" in warning[1] and "ghi chú giải trình" in warning[1]
    assert "Có cảnh báo ở một số ô" in html
    assert 'id="m-CQS_HS_TIEP_NHAN"' in html  # both values the rule read
    assert set(stored()) == {"CQS_HS_TIEP_NHAN", "CQS_HS_DA_XU_LY"}
    explained = text_of(client.post(URL, form | {"CQS_HS_DA_XU_LY-comment": "gồm hồ sơ kỳ trước"}))
    assert "Đã có ghi chú giải trình" in explained
    assert "Có cảnh báo ở một số ô" not in explained  # the banner no longer asks for one
    assert "Các cảnh báo đều đã có ghi chú giải trình" in explained


def test_an_error_writes_nothing_and_keeps_the_text_typed(client, reporter):
    response = client.post(
        URL,
        {
            "CQS_HS_TIEP_NHAN-value": "1,234",  # ambiguous
            "CQS_HS_TIEP_NHAN-comment": "ghi chú giữ lại",
            "CQS_HS_DA_XU_LY-value": "1.5",  # a dot is no decimal point
            "CQS_HS_DUNG_HAN-value": "12,5",  # a count is whole: the value's own check
            "CQS_HS_TOAN_TRINH_TY_LE-num": "10",  # a ratio needs both parts
        },
    )
    assert response.status_code == 400
    html = text_of(response)
    assert 'role="alert"' in html and "không số liệu nào được ghi" in html
    assert 'value="1,234"' in html and 'value="1.5"' in html and 'value="12,5"' in html
    assert 'value="ghi chú giữ lại"' in html and 'value="10"' in html
    assert "nếu là số nguyên hãy viết 1.234" in html
    assert "nếu là số thập phân hãy viết 1,5" in html
    assert "số lượng phải là số nguyên" in html  # checked by the services in a dry run
    assert "Cần nhập cả tử số và mẫu số" in html
    assert 'href="#f-CQS_HS_TIEP_NHAN-value"' in html  # the summary links to the field
    assert 'aria-invalid="true"' in html
    assert not stored()
    assert not AuditEntry.objects.filter(actor__username="baocao.form").exists()


def test_a_rule_error_writes_nothing(client, reporter):
    # more dossiers on time than processed: an error of the catalogue's rules
    response = client.post(URL, {"CQS_HS_DA_XU_LY-value": "10", "CQS_HS_DUNG_HAN-value": "11"})
    assert response.status_code == 400
    html = text_of(response)
    assert 'value="11"' in html and "CQS_HS_DUNG_HAN = 11" in html
    assert not stored()


def test_an_unknown_regime_or_period_is_named(client, reporter):
    unknown = client.get("/thu-thap/nhap/?dataset=KHONG_CO&org=05440&period=202405")
    assert unknown.status_code == 404 and "KHONG_CO" in text_of(unknown)
    wrong_type = client.get(f"/thu-thap/nhap/?dataset={DATASET}&org=05440&period=2024Q2")
    assert wrong_type.status_code == 400 and "theo kỳ" in text_of(wrong_type)


def test_the_unit_may_be_named_with_its_structure_as_the_submission_page_links_it(client, reporter):
    named = client.get(URL.replace("org=05440", "org=05440%40before_2025"))
    assert named.status_code == 200 and "Phường Hoàng Văn Thụ" in text_of(named)
    unknown = client.get(URL.replace("org=05440", "org=05440%40from_2099"))
    assert unknown.status_code == 404 and "05440@from_2099" in text_of(unknown)
