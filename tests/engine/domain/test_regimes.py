"""Reporting regimes: periods, staged deadlines, who reports to whom before and after the
reorganisation of 1 July 2025 (expected dates worked out by hand from the NĐ 09 calendar:
month M runs from the 15th of M-1 to the 14th of M)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from chuyendoiso.engine.domain.adminunits import Level, Structure
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.domain.errors import CdsError
from chuyendoiso.engine.domain.periods import Calendar, PeriodType, parse_period
from chuyendoiso.engine.domain.regimes import (
    DataSet,
    DataSetIndicator,
    Deadline,
    ReportingUnit,
    Stage,
    calendar_problem,
    dataset_periods,
    deadline,
    deadline_problems,
    expected_units,
    latest_due_period,
    recent_periods,
    reports_to,
    unit_deadline,
)

ND09 = Calendar.ND09
OLD, NEW = Structure.BEFORE_2025, Structure.FROM_2025
PROVINCE = ReportingUnit("19", "19", "Tỉnh Thái Nguyên", Level.PROVINCE, None)
DISTRICT = ReportingUnit(
    "164@before_2025", "164", "Thành phố Thái Nguyên", Level.DISTRICT, "19",
    valid_to=date(2025, 6, 30),
)  # fmt: skip
OLD_COMMUNE = ReportingUnit(
    "05431@before_2025", "05431", "Phường Quan Triều", Level.COMMUNE, "164@before_2025",
    valid_to=date(2025, 6, 30),
)  # fmt: skip
NEW_COMMUNE = ReportingUnit(
    "05443@from_2025", "05443", "Phường Phan Đình Phùng", Level.COMMUNE, "19",
    valid_from=date(2025, 7, 1),
)  # fmt: skip
STTTT = ReportingUnit(
    "19.STTTT", "19.STTTT", "Sở TT&TT", Level.DEPARTMENT, "19", valid_to=date(2025, 2, 28)
)
SKHCN = ReportingUnit("19.SKHCN", "19.SKHCN", "Sở KH&CN", Level.DEPARTMENT, "19")
SYT = ReportingUnit("19.SYT", "19.SYT", "Sở Y tế", Level.DEPARTMENT, "19")
UNITS = [PROVINCE, DISTRICT, OLD_COMMUNE, NEW_COMMUNE, STTTT, SKHCN, SYT]

ONE_STOP = DataSet(
    code="BC_MOT_CUA_THANG",
    name_vi="Báo cáo hồ sơ TTHC hằng tháng",
    name_en="Monthly dossiers report",
    legal_basis="theo Nghị định 09/2019/NĐ-CP",
    period_type=PeriodType.MONTH,
    calendar=ND09,
    indicators=(DataSetIndicator("CQS_HS_TIEP_NHAN", ("CHANNEL",)),),
    levels=(Level.COMMUNE,),
    deadlines=(
        Deadline(Stage.COMMUNE, 2),
        Deadline(Stage.DISTRICT, 5),
        Deadline(Stage.PROVINCE, 9),
    ),
)
HALF_YEAR = replace(
    ONE_STOP,
    code="BC_CDS_6THANG",
    period_type=PeriodType.HALF,
    levels=(Level.COMMUNE, Level.DISTRICT, Level.DEPARTMENT),
    departments=("19.SYT",),
    compilers=("19.STTTT", "19.SKHCN"),
    deadlines=(
        Deadline(Stage.COMMUNE, 3),
        Deadline(Stage.DISTRICT, 6),
        Deadline(Stage.DEPARTMENT, 6),
        Deadline(Stage.COMPILER, 10),
        Deadline(Stage.PROVINCE, 15),
    ),
)


def schedule(dataset: DataSet, period_id: str) -> dict[str, tuple[str, str | None, date]]:
    """unit key -> (stage, key of the unit it reports to, deadline)."""
    period = parse_period(period_id, dataset.calendar)
    return {
        e.unit.key: (e.stage.value, e.reports_to.key if e.reports_to else None, e.deadline)
        for e in expected_units(dataset, period, UNITS)
    }


def test_nd09_months_run_from_the_15th_to_the_14th():
    periods = dataset_periods(ONE_STOP, date(2024, 1, 1), date(2024, 3, 31))
    assert [(p.id, p.start, p.end) for p in periods] == [
        ("202401", date(2023, 12, 15), date(2024, 1, 14)),
        ("202402", date(2024, 1, 15), date(2024, 2, 14)),
        ("202403", date(2024, 2, 15), date(2024, 3, 14)),
        # 202404 ends on 14 April, after the range
    ]


def test_calendar_months_and_the_period_that_ends_on_the_first_day():
    monthly = replace(ONE_STOP, calendar=Calendar.CALENDAR)
    periods = dataset_periods(monthly, date(2024, 1, 31), date(2024, 3, 30))
    assert [p.id for p in periods] == ["202401", "202402"]
    assert periods[1].end == date(2024, 2, 29)


def test_half_years_on_the_nd09_calendar():
    periods = dataset_periods(HALF_YEAR, date(2024, 1, 1), date(2024, 12, 31))
    assert [(p.id, p.start, p.end) for p in periods] == [
        ("2024S1", date(2023, 12, 15), date(2024, 6, 14)),
        ("2024S2", date(2024, 6, 15), date(2024, 12, 14)),
    ]


def test_a_commune_of_2024_reports_to_its_district_which_reports_to_the_province():
    assert schedule(ONE_STOP, "202403") == {
        "05431@before_2025": ("commune", "164@before_2025", date(2024, 3, 16)),
        "164@before_2025": ("district", "19", date(2024, 3, 19)),
        "19": ("province", None, date(2024, 3, 23)),
    }


def test_a_commune_of_2026_reports_to_the_province_directly():
    assert schedule(ONE_STOP, "202601") == {
        "05443@from_2025": ("commune", "19", date(2026, 1, 16)),
        "19": ("province", None, date(2026, 1, 23)),
    }


def test_the_structure_is_read_on_the_period_end_date():
    # ND09 July 2025 runs from 15 June to 14 July: the new communes report it
    assert "05443@from_2025" in schedule(ONE_STOP, "202507")
    assert "05431@before_2025" in schedule(ONE_STOP, "202506")
    assert reports_to(ONE_STOP, OLD_COMMUNE, date(2025, 6, 30), UNITS) == DISTRICT
    assert reports_to(ONE_STOP, NEW_COMMUNE, date(2025, 7, 1), UNITS) == PROVINCE


def test_staged_deadlines_with_the_compiling_department_of_the_day():
    # 2024S1 (ND09) ends on 14 June 2024: Sở TT&TT compiles
    assert schedule(HALF_YEAR, "2024S1") == {
        "05431@before_2025": ("commune", "164@before_2025", date(2024, 6, 17)),
        "164@before_2025": ("district", "19.STTTT", date(2024, 6, 20)),
        "19.SYT": ("department", "19.STTTT", date(2024, 6, 20)),
        "19.STTTT": ("compiler", "19", date(2024, 6, 24)),
        "19": ("province", None, date(2024, 6, 29)),
    }
    # 2026S1 ends on 14 June 2026: Sở KH&CN compiles, the commune reports to it directly
    assert schedule(HALF_YEAR, "2026S1") == {
        "05443@from_2025": ("commune", "19.SKHCN", date(2026, 6, 17)),
        "19.SYT": ("department", "19.SKHCN", date(2026, 6, 20)),
        "19.SKHCN": ("compiler", "19", date(2026, 6, 24)),
        "19": ("province", None, date(2026, 6, 29)),
    }


def test_a_unit_that_does_not_exist_on_the_day_is_refused():
    with pytest.raises(CdsError, match="05431"):
        reports_to(ONE_STOP, OLD_COMMUNE, date(2025, 7, 1), UNITS)
    with pytest.raises(CdsError, match="STTTT"):
        unit_deadline(HALF_YEAR, parse_period("2025S2", ND09), STTTT, UNITS)


def test_a_unit_deadline_is_that_of_its_stage():
    period = parse_period("2026S1", ND09)
    assert unit_deadline(HALF_YEAR, period, SKHCN, UNITS) == date(2026, 6, 24)
    assert unit_deadline(HALF_YEAR, period, SYT, UNITS) == date(2026, 6, 20)
    assert deadline(HALF_YEAR, period, Stage.PROVINCE) == date(2026, 6, 29)


def test_who_reports_and_who_only_compiles():
    found = {
        e.unit.code: (e.reports_own, e.compiles)
        for e in expected_units(HALF_YEAR, parse_period("2024S1", ND09), UNITS)
    }
    assert found == {
        "05431": (True, False),
        "164": (True, True),
        "19.SYT": (True, False),
        "19.STTTT": (False, True),
        "19": (False, True),
    }


def test_the_first_compiler_valid_on_the_day_compiles():
    # Sở KH&CN exists in 2024 too; Sở TT&TT, listed first, compiles until it merges into it
    reversed_order = replace(HALF_YEAR, compilers=("19.SKHCN", "19.STTTT"))
    period = parse_period("2024S1", ND09)
    assert schedule(reversed_order, "2024S1")["19.SKHCN"][0] == "compiler"
    assert unit_deadline(HALF_YEAR, period, STTTT, UNITS) == date(2024, 6, 24)
    assert unit_deadline(HALF_YEAR, period, SKHCN, UNITS) == date(2024, 6, 20)


def test_deadlines_must_increase_up_the_chain():
    assert deadline_problems(HALF_YEAR) == []
    late_district = replace(
        ONE_STOP,
        deadlines=(
            Deadline(Stage.COMMUNE, 5),
            Deadline(Stage.DISTRICT, 5),
            Deadline(Stage.PROVINCE, 4),
        ),
    )
    problems = deadline_problems(late_district)
    assert len(problems) == 3  # commune -> district, commune -> province, district -> province
    assert all("must increase" in p for p in problems)


def test_every_stage_of_the_chain_needs_a_deadline():
    problems = deadline_problems(replace(HALF_YEAR, deadlines=(Deadline(Stage.COMMUNE, 1),)))
    assert [p.split("'")[1] for p in problems] == ["district", "department", "compiler", "province"]


def test_calendars_allowed_for_each_period_type():
    assert calendar_problem(PeriodType.MONTH, ND09) == ""
    assert "not allowed" in calendar_problem(PeriodType.DAY, ND09)
    assert "must be one of" in calendar_problem(PeriodType.RANGE, Calendar.CALENDAR)


def test_a_period_of_another_type_or_calendar_is_refused():
    with pytest.raises(CdsError, match="BC_MOT_CUA_THANG"):
        expected_units(ONE_STOP, parse_period("2024S1", ND09), UNITS)
    with pytest.raises(CdsError, match="BC_MOT_CUA_THANG"):
        expected_units(ONE_STOP, parse_period("202401"), UNITS)


def thai_nguyen_units() -> list[ReportingUnit]:
    """Thái Nguyên (19) as the database keeps it: one continuing province, its old districts
    and communes until 30 June 2025 and its new communes from 1 July 2025."""
    structures = load_structures(["19"])
    units = [PROVINCE]
    for structure, listed in ((OLD, structures.before), (NEW, structures.after)):
        under = set(structures.codes_under("19", structure))
        units += [
            ReportingUnit(
                key=f"{u.code}@{structure}",
                code=u.code,
                name=u.name,
                level=u.level,
                parent="19" if u.parent_code == "19" else f"{u.parent_code}@{structure}",
                valid_from=u.valid_from,
                valid_to=u.valid_to,
            )
            for u in listed
            if u.code in under and u.level is not Level.PROVINCE
        ]
    return units


def test_the_thai_nguyen_structures_of_2024_and_2026():
    units = thai_nguyen_units()

    def count(period_id: str) -> Counter[tuple[str, str | None]]:
        return Counter(
            (e.stage.value, e.reports_to.code if e.reports_to else None)
            for e in expected_units(ONE_STOP, parse_period(period_id, ND09), units)
        )

    old, new = count("202406"), count("202601")
    # NQ 1240/NQ-UBTVQH15: 172 communes in 9 districts; NQ 1683/NQ-UBTVQH15: 92 from 2025
    assert sum(n for (stage, _), n in old.items() if stage == "commune") == 172
    assert old[("district", "19")] == 9
    assert new == {("commune", "19"): 92, ("province", None): 1}


def test_the_latest_due_period_is_the_last_whose_first_deadline_has_passed():
    # 202504 (NĐ 09: 15/03-14/04/2025): the communes' deadline is 16/04, two days after
    assert latest_due_period(ONE_STOP, date(2025, 4, 16)).id == "202503"  # the last day: not yet
    assert latest_due_period(ONE_STOP, date(2025, 4, 17)).id == "202504"
    assert latest_due_period(ONE_STOP, date(2025, 5, 16)).id == "202504"
    assert latest_due_period(HALF_YEAR, date(2024, 12, 17)).id == "2024S1"  # 2024S2: 14/12 + 3
    assert latest_due_period(HALF_YEAR, date(2024, 12, 18)).id == "2024S2"


def test_recent_periods_start_with_the_one_under_way():
    periods = [period.id for period in recent_periods(ONE_STOP, date(2025, 4, 16), years=1)]
    assert periods[:3] == ["202505", "202504", "202503"]  # 202505: 15/04-14/05, under way
    assert len(periods) == len(set(periods)) == 13


def test_every_stage_has_a_vietnamese_label():
    assert Stage.COMMUNE.label_vi == "cấp xã"
    assert all(stage.label_vi and stage.label_vi != stage.value for stage in Stage)
