"""The unit a text is about: inferred from the names it holds, with the evidence and how sure
the reader is (engine/reader/place.py), and the unit a fact-check compares with
(engine/reader/placement.py)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from chuyendoiso.engine.domain.adminunits import Level, Structure
from chuyendoiso.engine.domain.errors import in_language
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.engine.domain.provinces import country_provinces
from chuyendoiso.engine.reader import (
    Basis,
    Certainty,
    KnownUnit,
    NameIndex,
    Role,
    factcheck,
    infer_place,
    placement_of,
)
from chuyendoiso.engine.report import render

from .support import catalog, platform_report

BEFORE = {"valid_to": dt.date(2025, 6, 30)}
AFTER = {"valid_from": dt.date(2025, 7, 1)}
UNITS = [
    KnownUnit("19", "19", "Tỉnh Thái Nguyên", Level.PROVINCE, "Tỉnh"),
    KnownUnit("06@b", "06", "Tỉnh Bắc Kạn", Level.PROVINCE, "Tỉnh", successor="19", **BEFORE),
    KnownUnit(
        "24@b",
        "24",
        "Tỉnh Bắc Giang",
        Level.PROVINCE,
        "Tỉnh",
        successor="24@a",
        reporting=False,
        **BEFORE,
    ),
    KnownUnit(
        "27@b",
        "27",
        "Tỉnh Bắc Ninh",
        Level.PROVINCE,
        "Tỉnh",
        successor="24@a",
        reporting=False,
        **BEFORE,
    ),
    KnownUnit("24@a", "24", "Tỉnh Bắc Ninh", Level.PROVINCE, "Tỉnh", reporting=False, **AFTER),
    KnownUnit("20", "20", "Tỉnh Lạng Sơn", Level.PROVINCE, "Tỉnh", reporting=False),
    KnownUnit("01", "01", "Thành phố Hà Nội", Level.PROVINCE, "Thành phố", reporting=False),
    KnownUnit("79", "79", "Thành phố Hồ Chí Minh", Level.PROVINCE, "Thành phố", reporting=False),
    KnownUnit("164@b", "164", "Thành phố Thái Nguyên", Level.DISTRICT, "Thành phố", "19", **BEFORE),
    KnownUnit("170@b", "170", "Huyện Võ Nhai", Level.DISTRICT, "Huyện", "19", **BEFORE),
    KnownUnit("099@b", "099", "Xã Hội", Level.COMMUNE, "Xã", "170@b", **BEFORE),
    KnownUnit("05443@a", "05443", "Phường Phan Đình Phùng", Level.COMMUNE, "Phường", "19", **AFTER),
    KnownUnit(
        "19.SKHCN",
        "19.SKHCN",
        "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        Level.DEPARTMENT,
        "so",
        "19",
    ),
    KnownUnit(
        "19.STTTT",
        "19.STTTT",
        "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
        Level.DEPARTMENT,
        "so",
        "19",
        valid_to=dt.date(2025, 2, 28),
    ),
    KnownUnit("19.SYT", "19.SYT", "Sở Y tế tỉnh Thái Nguyên", Level.DEPARTMENT, "so", "19"),
    KnownUnit("19.BAOTN", "19.BAOTN", "Báo Thái Nguyên", Level.DEPARTMENT, "bao_chi", "19"),
]
INDEX = NameIndex(UNITS)
BODY = (
    "Trong 6 tháng đầu năm 2024, công tác chuyển đổi số tiếp tục được đẩy mạnh, các cơ quan "
    "đã triển khai đồng bộ các nền tảng số dùng chung, có 1.830 trạm BTS.\n"
)


def infer(text: str, period: str | None = None):
    return infer_place(text, INDEX, period=parse_period(period) if period else None)


def letterhead(*lines: str) -> str:
    return "\n".join(lines) + "\n" + BODY


def test_the_letterhead_names_the_province():
    text = letterhead(
        "UBND TỈNH BẮC GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Bắc Giang, ngày 15 tháng 6 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện chuyển đổi số 6 tháng đầu năm 2024",
    )
    found = infer(text, "2024S1")
    assert found.unit is not None and found.unit.key == "24@b"
    assert found.certainty is Certainty.SURE
    words = [(e.text, e.role) for e in found.evidence]
    assert ("UBND TỈNH BẮC GIANG", Role.LETTERHEAD) in words
    assert ("Bắc Giang, ngày 15 tháng 6 năm 2024", Role.LETTERHEAD) in words
    assert "«UBND TỈNH BẮC GIANG» ở đầu văn bản" in found.describe("vi")
    assert "(inferred from: «UBND TỈNH BẮC GIANG» in the letterhead" in found.describe("en")


def test_the_title_names_the_province():
    text = letterhead("BÁO CÁO", "Kết quả chuyển đổi số tỉnh Lạng Sơn năm 2024")
    found = infer(text)
    assert found.unit is not None and found.unit.key == "20"
    assert found.certainty is Certainty.SURE
    assert [e.role for e in found.evidence] == [Role.TITLE]


def test_the_province_of_the_figures_is_named_in_the_text():
    text = "Năm 2024, trên địa bàn tỉnh Lạng Sơn có 1.830 trạm BTS, tăng 5% so với năm 2023."
    found = infer(text)
    assert found.unit is not None and found.unit.key == "20"
    assert found.certainty is Certainty.SURE
    assert found.evidence[0].text == "trên địa bàn tỉnh Lạng Sơn"
    assert found.evidence[0].role is Role.SCOPE


def test_a_province_named_in_passing_weighs_little():
    text = letterhead("UBND TỈNH LẠNG SƠN", "BÁO CÁO") + (
        "Số trạm BTS nhiều hơn so với tỉnh Thái Nguyên; cùng với Bắc Giang, Thái Nguyên, "
        "Hà Nội, tỉnh đã ký kết hợp tác. Học tập tỉnh Thái Nguyên, tỉnh Thái Nguyên và Hà Nội.\n"
    )
    found = infer(text, "2024")
    assert found.unit is not None and found.unit.key == "20"
    assert found.certainty is Certainty.SURE
    passing = infer(
        "Số trạm BTS của tỉnh nhiều hơn so với tỉnh Thái Nguyên, cùng với Bắc Giang, Hà Nội."
    )
    assert passing.certainty is Certainty.NONE and passing.unit is None


def test_two_provinces_named_alike_cannot_be_told_apart():
    text = (
        "Năm 2024, tỉnh Lạng Sơn có 1.200 trạm BTS. Cũng trong năm, tỉnh Thái Nguyên có "
        "1.830 trạm BTS."
    )
    found = infer(text)
    assert found.certainty is Certainty.AMBIGUOUS and found.unit is None
    assert {unit.key for unit in found.rivals} == {"19", "20"}
    assert "không xác định được" in found.describe("vi")
    assert found.describe("en").startswith("cannot tell: ")
    one_more = infer(text + " Tỉnh Lạng Sơn báo cáo thêm 20 trạm.")
    assert one_more.unit is not None and one_more.unit.key == "20"
    five_to_four = " ".join(["Tỉnh Lạng Sơn có trạm BTS."] * 5 + ["Tỉnh Thái Nguyên có."] * 4)
    assert infer(five_to_four).certainty is Certainty.AMBIGUOUS  # about as often
    five_to_two = " ".join(["Tỉnh Lạng Sơn có trạm BTS."] * 5 + ["Tỉnh Thái Nguyên có."] * 2)
    assert infer(five_to_two).unit.key == "20"  # type: ignore[union-attr]


def test_names_are_found_without_diacritics():
    text = "UBND TINH LANG SON\nBAO CAO\nKet qua chuyen doi so nam 2024\n" + (
        "Nam 2024, tren dia ban tinh Lang Son co 1.830 tram BTS.\n"
    )
    found = infer(text)
    assert found.unit is not None and found.unit.key == "20"
    assert found.certainty is Certainty.SURE
    assert "«UBND TINH LANG SON»" in found.describe("vi")


def test_an_old_name_is_the_old_province_in_2024_and_its_successor_in_2026():
    text = letterhead("UBND TỈNH BẮC KẠN", "BÁO CÁO") + (
        "Trên địa bàn tỉnh Bắc Kạn có 900 trạm BTS.\n"
    )
    in_2024 = infer(text, "2024")
    assert in_2024.unit is not None and in_2024.unit.key == "06@b"
    assert in_2024.certainty is Certainty.SURE
    in_2026 = infer(text, "2026S1")
    assert in_2026.unit is not None and in_2026.unit.key == "19"
    assert in_2026.certainty is Certainty.LIKELY  # a part of it named by its old name
    assert "nay thuộc Tỉnh Thái Nguyên" in in_2026.describe("vi")
    assert "a name before 1/7/2025, now Tỉnh Thái Nguyên" in in_2026.describe("en")
    assert all(e.note for e in in_2026.evidence)


def test_a_name_two_units_had_is_the_one_of_the_period():
    text = letterhead("UBND TỈNH BẮC NINH", "BÁO CÁO")
    assert infer(text, "2024").unit.key == "27@b"  # type: ignore[union-attr]
    assert infer(text, "2026").unit.key == "24@a"  # type: ignore[union-attr]
    assert infer(text).unit.key == "24@a"  # type: ignore[union-attr]  # no period: today's


def test_a_departments_own_report_is_the_departments():
    text = letterhead(
        "UBND TỈNH THÁI NGUYÊN",
        "SỞ Y TẾ",
        "BÁO CÁO",
        "Kết quả chuyển đổi số của Sở Y tế 6 tháng đầu năm 2024",
    )
    found = infer(text, "2024S1")
    assert found.unit is not None and found.unit.key == "19.SYT"
    assert found.certainty is Certainty.SURE
    spoken = infer("Sở KH&CN báo cáo kết quả năm 2024 trên địa bàn tỉnh Thái Nguyên như sau.")
    assert spoken.unit is not None and spoken.unit.key == "19.SKHCN"


def test_a_department_heading_a_province_report_only_drafted_it():
    """The platform's own report: UBND TỈNH THÁI NGUYÊN over the department that writes it;
    "Tỉnh Thái Nguyên báo cáo ..." is the province's report."""
    text = render(platform_report(), "md").decode("utf-8")
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    found = infer(text, "2024S1")
    assert found.unit is not None and found.unit.key == "19"
    assert found.certainty is Certainty.SURE
    one_line = letterhead(
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH THÁI NGUYÊN",
        "BÁO CÁO",
        "Kết quả chuyển đổi số của tỉnh năm 2024",
    )
    found = infer(one_line, "2024")
    assert found.unit is not None and found.unit.key == "19"
    assert [(e.key, e.role) for e in found.evidence] == [("19.SKHCN", Role.ISSUER)]


def test_a_districts_letterhead_makes_it_the_districts_report():
    text = letterhead(
        "UBND THÀNH PHỐ THÁI NGUYÊN",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Thái Nguyên, ngày 05 tháng 4 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện chuyển đổi số quý I năm 2024",
        "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.",
    )
    found = infer(text, "2024Q1")
    assert found.unit is not None and found.unit.key == "164@b"  # the city, not the province
    assert found.certainty is Certainty.SURE
    roles = {e.text: e.role for e in found.evidence}
    assert roles["UBND THÀNH PHỐ THÁI NGUYÊN"] is Role.LETTERHEAD
    assert roles["Ủy ban nhân dân tỉnh Thái Nguyên"] is Role.ADDRESSEE
    # a district that no longer exists is no subject: its province is
    assert infer(text, "2026S1").unit.key == "19"  # type: ignore[union-attr]


def test_a_district_named_in_the_text_counts_for_its_province():
    text = "Năm 2024, huyện Võ Nhai và thành phố Thái Nguyên đã phủ sóng 4G toàn bộ thôn, bản."
    found = infer(text, "2024")
    assert found.unit is not None and found.unit.key == "19"
    assert {e.key for e in found.evidence} == {"170@b", "164@b"}


def test_nothing_to_infer():
    found = infer("Trong 6 tháng đầu năm 2024, trên địa bàn tỉnh có 1.930 trạm BTS.")
    assert found.certainty is Certainty.NONE and found.unit is None and found.evidence == ()
    assert found.describe("vi") == "không nhận ra tên đơn vị nào trong văn bản"
    assert found.describe("en") == "no unit's name recognised in the text"
    assert infer("").certainty is Certainty.NONE


def test_words_that_look_like_names_are_not_names():
    text = (
        "Phát triển kinh tế - xã hội, học tập và làm theo tư tưởng Hồ Chí Minh; "
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM."
    )
    assert INDEX.mentions(text) == []
    one_mention = infer("Năm 2024, Thái Nguyên có 1.830 trạm BTS.")  # a name alone, once
    assert one_mention.certainty is Certainty.NONE


def test_every_province_of_the_country_is_found_by_its_letterhead():
    country = country_provinces()
    units = [
        KnownUnit(
            f"{p.code}@{p.structure}",
            p.code,
            p.name,
            p.level,
            p.kind_vi,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
        )
        for p in [*country.before, *country.after]
    ]
    index = NameIndex(units)
    for structure, period in ((Structure.BEFORE_2025, "2024"), (Structure.FROM_2025, "2026")):
        for unit in (u for u in units if u.key.endswith(structure)):
            text = f"UBND {unit.name.upper()}\nBÁO CÁO\n{BODY}"
            found = infer_place(text, index, period=parse_period(period))
            assert found.unit == unit, (unit.name, found.describe("vi"))


# --- the unit compared with ------------------------------------------------------------


def test_without_a_unit_given_the_inferred_one_is_compared_with():
    inference = infer(letterhead("UBND TỈNH THÁI NGUYÊN", "BÁO CÁO"), "2024")
    place = placement_of(inference)
    assert place.basis is Basis.INFERRED and place.unit == inference.unit
    assert place.compared and place.importable == place.unit and not place.differs
    vi, en = place.lines()[0].split(" / ")  # in both languages, the separator once
    assert vi.startswith("Đơn vị của văn bản: Tỉnh Thái Nguyên (suy ra từ: ")
    assert en.startswith("Unit of the text: Tỉnh Thái Nguyên (inferred from: ")


def test_a_province_the_platform_does_not_hold_is_named_but_not_compared_with():
    place = placement_of(infer(letterhead("UBND TỈNH LẠNG SƠN", "BÁO CÁO")))
    assert place.basis is Basis.INFERRED and not place.compared and place.importable is None
    lines = place.lines()
    assert "không có trong danh mục" in " ".join(in_language(line, "vi") for line in lines)
    assert "not in the system's list" in " ".join(in_language(line, "en") for line in lines)


def test_a_likely_unit_is_compared_with_but_not_imported_into():
    text = "Năm 2024, tỉnh Thái Nguyên có 1.830 trạm BTS; tỉnh có 20 doanh nghiệp số."
    place = placement_of(infer(text))
    assert place.inference is not None and place.inference.certainty is Certainty.LIKELY
    assert place.compared and place.importable is None
    assert "chưa chắc chắn" in in_language(place.lines()[0], "vi")
    assert "(not certain; inferred from: " in in_language(place.lines()[0], "en")


def test_when_nothing_is_inferred_nothing_is_compared_with():
    place = placement_of(infer(BODY))
    assert place.basis is Basis.NONE and place.unit is None and not place.compared
    assert place.lines() == [
        "Đơn vị của văn bản: không nhận ra tên đơn vị nào trong văn bản: không so với số liệu "
        "đã lưu, chỉ kiểm tra số liệu trong văn bản. / Unit of the text: no unit's name "
        "recognised in the text: not compared with stored data, only the text's own figures "
        "are checked."
    ]


def test_a_given_unit_is_used_and_a_different_text_is_warned_of():
    given = next(unit for unit in UNITS if unit.key == "19")
    place = placement_of(infer(letterhead("UBND TỈNH LẠNG SƠN", "BÁO CÁO")), given)
    assert place.basis is Basis.GIVEN and place.unit == given and place.compared
    assert place.differs and place.importable == given
    vi, en = (in_language(place.warning(), language) for language in ("vi", "en"))
    assert "Tỉnh Lạng Sơn" in vi and "Tỉnh Thái Nguyên" in vi and "có vẻ nói về" in vi
    assert en.startswith("compared with Tỉnh Thái Nguyên (code 19) but the text seems to be ")
    assert "Tỉnh Lạng Sơn" in en
    same = placement_of(infer(letterhead("UBND TỈNH THÁI NGUYÊN", "BÁO CÁO")), given)
    assert not same.differs and same.warning() == ""


def test_the_result_says_which_unit_and_why():
    inference = infer(letterhead("UBND TỈNH THÁI NGUYÊN", "BÁO CÁO"), "2024S1")
    result = replace(factcheck(BODY, catalog()), place=placement_of(inference))
    data = result.to_dict()["org_unit"]
    assert (data["code"], data["basis"], data["compared"]) == ("19", "inferred", True)
    assert data["inferred"]["certainty"] == "sure"
    assert data["inferred"]["evidence"][0]["text"] == "UBND TỈNH THÁI NGUYÊN"
    assert data["message"].startswith("Đơn vị của văn bản: Tỉnh Thái Nguyên")
    assert "Đơn vị của văn bản: Tỉnh Thái Nguyên (suy ra từ: " in result.render_text()
    assert factcheck(BODY, catalog()).to_dict()["org_unit"] is None


@pytest.mark.parametrize("period", [None, "2024S1"])
def test_the_seed_is_about_thai_nguyen(period):
    from .support import PROJECT

    folder = os.environ.get("CDS_SEED_DIR") or PROJECT.parent / "shared" / "seed"
    seed = Path(folder) / "000_b363853b7bd0856b.txt"  # as the settings find it
    if not seed.is_file():
        pytest.skip("the seed report is not here")
    found = infer(seed.read_text(encoding="utf-8"), period)
    assert found.unit is not None and found.unit.key == "19"
    assert found.certainty is Certainty.SURE
