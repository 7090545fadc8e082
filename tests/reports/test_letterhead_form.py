"""The letterhead set on the report's page: the report follows it in every format; a field
left as letterhead.yaml says stays the file's; bad input is refused naming the field;
only system administrators and coordinators set it, and every change is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from chuyendoiso.reports.models import LetterheadLevel
from chuyendoiso.reports.presenters import report_file
from chuyendoiso.reports.selectors import letterhead_level, report_document, report_templates
from chuyendoiso.reports.services import LetterheadForm, letterhead_save
from tests.access.members import member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
PAGE = "/bao-cao/mau-van-ban/"


def as_in_file(level: str) -> LetterheadForm:
    found = report_templates().level(level)
    return LetterheadForm(
        body=found.body,
        number_suffix=found.number_suffix,
        signer=found.signer,
        signer_name=found.signer_name,
        addressees=found.addressees,
    )


def changed(level: str, **fields: object) -> LetterheadForm:
    return LetterheadForm(**{**as_in_file(level).__dict__, **fields})


def test_the_report_follows_the_letterhead_set_for_its_level():
    form = changed(
        "province",
        body="SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH",
        number_suffix="KHCN",
        signer="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn A",
        addressees=("Ủy ban nhân dân {{ org_name }}", "Bộ Khoa học và Công nghệ"),
    )
    letterhead_save(acting_user=None, level="province", form=form)
    doc = report_document("19", "2024S1", today=TODAY)
    assert doc.issuing_body == "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH"  # not the department found
    assert doc.number.endswith("/BC-KHCN")
    assert (doc.signer_role, doc.signer_name) == ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Nguyễn Văn A")
    assert doc.addressees == (
        "Kính gửi:",
        "- Ủy ban nhân dân tỉnh Thái Nguyên;",
        "- Bộ Khoa học và Công nghệ.",
    )
    text = report_file("19", "2024S1", "md").content.decode()
    assert "Nguyễn Văn A" in text and "PHÓ GIÁM ĐỐC" in text
    district = report_document("164", "2024S1", today=TODAY)
    assert district.signer_name == ""  # another level keeps its own


def test_a_field_left_as_the_file_says_stays_the_files():
    letterhead_save(
        acting_user=None, level="district", form=changed("district", signer_name="Trần Thị B")
    )
    assert LetterheadLevel.objects.get(level="district").values == {"signer_name": "Trần Thị B"}
    assert letterhead_level(report_templates(), "district").signer == as_in_file("district").signer
    letterhead_save(acting_user=None, level="district", form=as_in_file("district"))
    assert LetterheadLevel.objects.get(level="district").values == {}
    rows = AuditEntry.objects.filter(action="letterhead_save", entity_key="district")
    assert [(r.before, r.after) for r in rows.order_by("pk")] == [
        ({}, {"signer_name": "Trần Thị B"}),
        ({"signer_name": "Trần Thị B"}, {}),
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": " "}, "body"),
        ({"signer": "A\nB\nC\nD"}, "signer"),
        ({"number_suffix": "bc vhtt"}, "number_suffix"),
        ({"addressees": ("Ủy ban nhân dân {{ org_name ",)}, "addressees"),
        ({"addressees": ("Ủy ban nhân dân {{ ten_don_vi }}",)}, "addressees"),
        ({"addressees": ("{{ cycler.__init__.__globals__.os.name }}",)}, "addressees"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(fields, field):
    with pytest.raises(ValidationError) as caught:
        letterhead_save(acting_user=None, level="commune", form=changed("commune", **fields))
    assert caught.value.extra["field"] == field
    assert not LetterheadLevel.objects.exists()


def test_only_administrators_and_coordinators_set_it():
    with pytest.raises(PermissionDeniedError):
        letterhead_save(
            acting_user=member("lh.duyet", "approver", "19"),
            level="province",
            form=changed("province", signer_name="X"),
        )
    letterhead_save(
        acting_user=member("lh.dieuphoi", "coordinator", "19"),
        level="province",
        form=changed("province", signer_name="Y"),
    )
    assert LetterheadLevel.objects.get(level="province").values == {"signer_name": "Y"}


def test_the_page_shows_sets_and_refuses(client):
    assert client.get(PAGE).status_code == 302  # signed in only
    client.force_login(member("lh.xem", "viewer", "19"))
    page = client.get(PAGE).content.decode()
    assert "disabled" in page and "Lưu mẫu" not in page
    refused = client.post(PAGE, {"level": "province", "body": "X", "signer": "Y"})
    assert refused.status_code == 403 and not LetterheadLevel.objects.exists()
    client.force_login(member("lh.dieuphoi2", "coordinator", "19"))
    assert "Sửa mẫu đầu văn bản" in client.get("/bao-cao/?org=19&period=2024S1").content.decode()
    form = as_in_file("commune")
    posted = {
        "level": "commune",
        "body": form.body,
        "number_suffix": form.number_suffix,
        "signer": form.signer,
        "signer_name": "Lê Văn C",
        "addressees": "\n".join(form.addressees),
    }
    done = client.post(PAGE, posted)
    assert done.status_code == 302 and "saved=1" in done["Location"]
    assert LetterheadLevel.objects.get(level="commune").values == {"signer_name": "Lê Văn C"}
    shown = client.get(done["Location"]).content.decode()
    assert "Lê Văn C" in shown
    assert f">{form.addressees[0]}</textarea>" in shown  # the addressees, a line each
    bad = client.post(PAGE, {**posted, "number_suffix": "sai ký hiệu"})
    assert bad.status_code == 400 and "number_suffix" in bad.content.decode()
    assert "sai ký hiệu" in bad.content.decode()  # what was typed is kept


def test_an_unknown_level_posted_is_refused_naming_it(client):
    client.force_login(member("lh.dieuphoi3", "coordinator", "19"))
    posted = {"level": "ward", "body": "X", "signer": "Y"}
    refused = client.post(PAGE, posted)
    assert refused.status_code == 400 and "ward" in refused.content.decode()
    assert not LetterheadLevel.objects.exists()


def test_an_issued_report_keeps_the_symbol_it_was_numbered_under():
    from chuyendoiso.reports.services import report_issue

    report_issue(acting_user=None, org_code="19", period_id="2024S1", today=TODAY)
    letterhead_save(
        acting_user=None, level="province", form=changed("province", number_suffix="KHAC")
    )
    assert report_document("19", "2024S1", today=TODAY).number == "Số: 01/BC-SKHCN"
    assert report_document("19", "2025S1", today=TODAY).number.endswith("/BC-KHAC")
