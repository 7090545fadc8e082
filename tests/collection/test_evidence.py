"""Evidence of a report's figures: a file or a link per indicator, added and removed while
the report is open by those who may write its figures, read by those who may read its
drafts, audited; on the report's page, on the command line and on the DTI page."""

import hashlib

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.collection.evidence_services import evidence_add, evidence_remove
from chuyendoiso.collection.models import Evidence
from chuyendoiso.collection.services import submission_submit
from chuyendoiso.engine.domain.errors import PermissionDeniedError, ValidationError
from tests.access.members import member
from tests.collection.workflow_data import MONTH, REGIME, enter, key, unit

pytestmark = pytest.mark.django_db
COMMUNE = "05440@before_2025"
PAGE = f"/thu-thap/{REGIME}/{COMMUNE}/{MONTH}/"
PDF = b"%PDF-1.4 bien ban\n"


def commune_evidence():
    """(The demo has evidence of its own, on the province's DTI report.)"""
    return Evidence.objects.filter(org_unit=unit("05440"))


def add(user=None, **fields):
    values = {"indicator": "CQS_HS_TIEP_NHAN", "file_name": "bien-ban.pdf", "content": PDF}
    return evidence_add(acting_user=user, **key(unit("05440")), **(values | fields))


def test_a_file_is_kept_with_its_digest_and_audited():
    found = add()
    assert bytes(found.content) == PDF and found.sha256 == hashlib.sha256(PDF).hexdigest()
    entry = AuditEntry.objects.get(action="evidence_add", entity_key__contains="05440")
    assert entry.entity_key.endswith("/CQS_HS_TIEP_NHAN") and entry.after["file"] == "bien-ban.pdf"
    evidence_remove(acting_user=None, evidence_id=found.pk, reason="nhầm tệp")
    assert not commune_evidence().exists()
    assert AuditEntry.objects.get(action="evidence_remove").reason == "nhầm tệp"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"indicator": "HTS_BTS"}, "indicator"),  # not an indicator of the regime
        ({"file_name": "script.exe"}, "file"),
        ({"content": b""}, "file"),
        ({"link": "https://example.org/a"}, "file"),  # a file and a link at once
        ({"file_name": "", "content": b"", "link": "javascript:alert(1)"}, "link"),
        ({"file_name": "", "content": b""}, "file"),  # neither
    ],
)
def test_bad_evidence_is_refused_by_field_and_nothing_kept(fields, field):
    with pytest.raises(ValidationError) as refused:
        add(**fields)
    assert refused.value.extra["field"] == field
    assert not commune_evidence().exists()


def test_only_while_the_report_is_open_and_only_by_who_may_write():
    with pytest.raises(PermissionDeniedError):
        add(member("xem.19", "viewer", "19"))
    enter(unit("05440"))
    submission_submit(acting_user=None, **key(unit("05440")))
    with pytest.raises(PermissionDeniedError) as closed:
        add()
    assert closed.value.extra["field"] == "state"


def test_the_report_page_adds_lists_serves_and_removes_it(client):
    reporter = member("baocao.05440", "reporter", unit("05440"))
    client.force_login(reporter)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    posted = client.post(
        PAGE + "minh-chung/", {"indicator": "CQS_HS_TIEP_NHAN", "file": upload, "note": "họp"}
    )
    assert posted.status_code == 302 and posted["Location"].endswith("#minh-chung")
    found = commune_evidence().get()
    page = client.get(PAGE).content.decode()
    assert "bien-ban.pdf" in page and f"/thu-thap/minh-chung/{found.pk}/" in page
    served = client.get(f"/thu-thap/minh-chung/{found.pk}/")
    assert served.content == PDF and "bien-ban.pdf" in served["Content-Disposition"]
    bad = client.post(PAGE + "minh-chung/", {"indicator": "CQS_HS_TIEP_NHAN", "link": "ftp://x"})
    assert bad.status_code == 400 and "http" in bad.content.decode()
    # someone of another commune may neither read it nor remove it
    client.force_login(member("baocao.05443", "reporter", unit("05443")))
    assert client.get(f"/thu-thap/minh-chung/{found.pk}/").status_code == 404
    assert client.post(f"/thu-thap/minh-chung/{found.pk}/bo/").status_code == 403
    client.force_login(reporter)
    assert client.post(f"/thu-thap/minh-chung/{found.pk}/bo/").status_code == 302
    assert not commune_evidence().exists()


def test_the_command_line_adds_a_link_and_lists(tmp_path):
    args = ["submissions", "evidence", "--dataset", REGIME, "--org", COMMUNE, "--period", MONTH]
    done = CliRunner().invoke(
        main, [*args, "--indicator", "CQS_HS_DA_XU_LY", "--link", "https://example.org/bb"]
    )
    assert done.exit_code == 0, done.output
    assert "CQS_HS_DA_XU_LY\thttps://example.org/bb" in done.output
    refused = CliRunner().invoke(main, [*args, "--indicator", "CQS_HS_DA_XU_LY"])
    assert refused.exit_code == 2 and "tệp hoặc một đường dẫn" in refused.output


def test_the_dti_page_shows_the_evidence_of_a_self_assessed_value(client):
    province = unit("19", "")
    evidence_add(
        acting_user=None,
        dataset_code="BC_DTI_TU_DANH_GIA",
        org_unit=province,
        period_id="2024",
        indicator="TDG_LGSP_VAN_HANH",
        link="https://example.org/lgsp",
    )
    page = "/chi-so-dti/?ou=19&year=2024&fw=922"
    client.force_login(member("dieuphoi.19", "coordinator", "19"))
    assert "https://example.org/lgsp" in client.get(page).content.decode()
    client.force_login(member("xem.19", "viewer", "19"))  # reads approved figures only
    assert "https://example.org/lgsp" not in client.get(page).content.decode()
