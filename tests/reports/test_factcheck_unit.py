"""The unit a fact-check compares with: inferred from the text when none is given (the
command and the page), said in every output, never one the visitor may not read, and the
unit --import stores drafts for."""

import json

import pytest
from click.testing import CliRunner

from chuyendoiso.cli import main
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.reports.factcheck_selectors import factcheck_source
from tests.access.members import member

pytestmark = pytest.mark.django_db

# 1.830 BTS stations are approved for Thái Nguyên in 2024S1
FIGURE = "Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.\n"
THAI_NGUYEN = "UBND TỈNH THÁI NGUYÊN\nBÁO CÁO\nKết quả chuyển đổi số 6 tháng đầu năm 2024\n"
LANG_SON = "UBND TỈNH LẠNG SƠN\nBÁO CÁO\nKết quả chuyển đổi số 6 tháng đầu năm 2024\n"
# an internal indicator (lỗ hổng) and a public one (truy vấn), both approved for 19
SOC = (
    "Từ ngày 01/01/2024-26/5/2024, Trung tâm giám sát an toàn thông tin của tỉnh (SOC) đã "
    "phát hiện 16.544.000 lượt truy vấn, phát hiện 1.500 lỗ hổng phần mềm.\n"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def report(tmp_path, text: str, name: str = "bao-cao.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored_checks(data: dict) -> list[dict]:
    return [c for c in data["checks"] if c["kind"] == "stored"]


def test_without_org_the_inferred_unit_is_compared_with_and_said(tmp_path):
    result = run("factcheck", str(report(tmp_path, THAI_NGUYEN + FIGURE)), "--format", "json")
    assert result.exit_code == 1, result.output  # 1.930 against the approved 1.830
    data = json.loads(result.stdout)
    unit = data["org_unit"]
    assert (unit["code"], unit["basis"], unit["compared"]) == ("19", "inferred", True)
    assert unit["inferred"]["certainty"] == "sure"
    assert unit["inferred"]["evidence"][0]["text"] == "UBND TỈNH THÁI NGUYÊN"
    assert [c["status"] for c in stored_checks(data)] == ["inconsistent"]
    text = run("factcheck", str(report(tmp_path, THAI_NGUYEN + FIGURE))).stdout
    assert "Đơn vị của văn bản: Tỉnh Thái Nguyên (suy ra từ: «UBND TỈNH THÁI NGUYÊN»" in text


def test_without_org_and_nothing_inferred_nothing_is_compared_with(settings, tmp_path):
    settings.PROVINCE = "19"  # no longer the default unit
    path = report(tmp_path, FIGURE)
    result = run("factcheck", str(path), "--format", "json")
    assert result.exit_code == 0, result.output  # not an error, and no stored data read
    data = json.loads(result.stdout)
    assert data["org_unit"]["basis"] == "none" and not data["org_unit"]["compared"]
    assert data["org_unit"]["inferred"]["certainty"] == "none"
    assert stored_checks(data) == [] and data["figures"]  # the text's own checks still ran
    text = run("factcheck", str(path)).stdout
    assert "không so với số liệu đã lưu, chỉ kiểm tra số liệu trong văn bản" in text
    given = run("factcheck", str(path), "--org", "19", "--format", "json")
    assert given.exit_code == 1  # the same figure, compared with the unit given
    assert json.loads(given.stdout)["org_unit"]["basis"] == "given"


def test_a_text_about_a_province_the_platform_does_not_hold_is_not_compared_with(tmp_path):
    result = run("factcheck", str(report(tmp_path, LANG_SON + FIGURE)), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["org_unit"]["name"] == "Tỉnh Lạng Sơn" and not data["org_unit"]["compared"]
    assert stored_checks(data) == []


def test_an_org_given_that_differs_from_the_text_is_warned_of(tmp_path):
    result = run("factcheck", str(report(tmp_path, LANG_SON + FIGURE)), "--org", "19")
    assert result.exit_code == 1  # compared with 19, as asked
    assert "Cảnh báo" in result.stderr
    assert "Tỉnh Lạng Sơn" in result.stderr and "Tỉnh Thái Nguyên" in result.stderr
    assert "Đơn vị so sánh: Tỉnh Thái Nguyên (mã 19" in result.stdout
    same = run("factcheck", str(report(tmp_path, THAI_NGUYEN + FIGURE)), "--org", "19")
    assert "Cảnh báo" not in same.stderr


def test_import_without_a_unit_names_org_and_writes_nothing(tmp_path):
    path = report(tmp_path, FIGURE, "khong-ro.txt")
    result = run("factcheck", str(path), "--import")
    assert result.exit_code == 2
    assert "--org" in result.stderr and "Traceback" not in result.output
    assert not DataValue.objects.filter(source="document:khong-ro.txt").exists()
    likely = report(tmp_path, "Tỉnh Thái Nguyên: " + FIGURE, "chua-chac.txt")
    assert run("factcheck", str(likely), "--import").exit_code == 2  # likely is not enough
    assert not DataValue.objects.filter(source="document:chua-chac.txt").exists()


def test_import_stores_drafts_for_the_unit_inferred_for_sure(tmp_path):
    path = report(tmp_path, THAI_NGUYEN + FIGURE, "ro.txt")
    result = run("factcheck", str(path), "--import")
    assert "bản nháp chờ duyệt của Tỉnh Thái Nguyên" in result.stderr, result.output
    drafts = DataValue.objects.filter(status="draft", source="document:ro.txt")
    assert list(drafts.values_list("org_unit__code", "indicator__code", "value")) == [
        ("19", "HTS_BTS", 1930)
    ]


def test_the_page_infers_the_unit_when_the_field_is_empty(client):
    page = client.get("/bao-cao/kiem-tra/").content.decode()
    assert 'name="org" value=""' in page  # no unit chosen beforehand
    html = client.post("/bao-cao/kiem-tra/", {"text": THAI_NGUYEN + FIGURE, "org": ""})
    content = html.content.decode()
    assert html.status_code == 200
    assert "Đơn vị của văn bản: Tỉnh Thái Nguyên (suy ra từ:" in content
    assert '<mark class="fc-inconsistent" data-figure' in content
    nothing = client.post("/bao-cao/kiem-tra/", {"text": FIGURE}).content.decode()
    assert "không so với số liệu đã lưu" in nothing
    assert '<mark class="fc-inconsistent" data-figure' not in nothing


def test_the_page_warns_when_the_unit_chosen_is_not_the_texts(client):
    html = client.post("/bao-cao/kiem-tra/", {"text": LANG_SON + FIGURE, "org": "19"})
    content = html.content.decode()
    assert 'class="fc-place fc-differs" role="alert"' in content
    assert "Tỉnh Lạng Sơn" in content


def test_an_inferred_unit_is_read_only_as_the_visitor_may(client):
    """The public sees the public indicators of the inferred unit only; a signed-in user,
    every one."""
    anyone = client.post("/bao-cao/kiem-tra/", {"text": THAI_NGUYEN + SOC}).content.decode()
    assert "Khác số liệu đã lưu của ATTT_SOC_TRUY_VAN" in anyone
    assert "ATTT_SOC_LO_HONG" not in anyone
    client.force_login(member("xem.soc", "viewer", "19"))
    signed_in = client.post("/bao-cao/kiem-tra/", {"text": THAI_NGUYEN + SOC}).content.decode()
    assert "Khác số liệu đã lưu của ATTT_SOC_LO_HONG" in signed_in


def test_a_unit_the_visitor_may_not_read_is_never_compared_with(monkeypatch):
    from chuyendoiso.analytics.audience import PUBLIC
    from chuyendoiso.engine.domain.errors import PermissionDeniedError

    monkeypatch.setattr(
        "chuyendoiso.reports.factcheck_selectors.actor_can", lambda user, action, unit: False
    )
    result = factcheck_source(THAI_NGUYEN + FIGURE, "", audience=PUBLIC)
    assert result.place is not None and result.place.unit is not None
    assert result.place.refused and not result.place.compared
    assert [c for c in result.checks if c.kind.value == "stored"] == []
    with pytest.raises(PermissionDeniedError):
        factcheck_source(THAI_NGUYEN + FIGURE, "", org_code="19", audience=PUBLIC)
    everyone = factcheck_source(THAI_NGUYEN + FIGURE, "")  # the command line's operator
    assert everyone.place is not None and everyone.place.compared
