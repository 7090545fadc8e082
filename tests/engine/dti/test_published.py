"""Published results: the file read with its row and column errors, the 34 provinces' means
composed from the 63, and where a value would stand, all on rows made up here."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from chuyendoiso.engine.domain.adminunits import Structure
from chuyendoiso.engine.dti import (
    PUBLISHED_HEADER,
    Published,
    PublishedFileError,
    composed_after_merger,
    place,
    placements_of,
    read_published,
)

BEFORE, AFTER = Structure.BEFORE_2025, Structure.FROM_2025
PROVINCES = {BEFORE: {"01", "06", "19", "20"}, AFTER: {"01", "19", "20"}}
MERGED = {"01": "01", "06": "19", "19": "19", "20": "20"}


def row(code: str, value: str, structure: Structure = BEFORE, framework: str = "DTI2022"):
    return Published(2023, framework, structure, code, code, "DTI", D(value), None, "s")


ROWS = [row("01", "0.80"), row("06", "0.40"), row("19", "0.60"), row("20", "0.50")]


def test_the_file_is_read_whole_with_rows_and_columns():
    header = ",".join(PUBLISHED_HEADER)
    good = "2023,DTI2022,before_2025,19,Thái Nguyên,DTI,0.6,8,https://x"
    assert read_published(f"{header}\n{good}\n", source="p", provinces=PROVINCES)[0].rank == 8
    bad = [
        "2023,DTI2022,after,19,x,DTI,0.6,8,s",  # structure
        "2023,DTI2022,before_2025,19,x,ABC,0.6,8,s",  # measure
        "2023,DTI2022,before_2025,19,x,DTI,,,s",  # neither value nor rank
        "2023,DTI2022,before_2025,19,x,DTI,0.6,0,",  # rank and source
    ]
    with pytest.raises(PublishedFileError) as refused:
        read_published(header + "\n" + "\n".join(bad) + "\n", source="p", provinces=PROVINCES)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [
        (2, "structure"),
        (3, "measure"),
        (4, "value"),
        (5, "rank"),
        (5, "source"),
    ]


def test_the_34_take_the_mean_of_their_former_provinces_ranked():
    composed = {r.province_code: r for r in composed_after_merger(ROWS, MERGED, {})}
    assert composed["19"].value == D("0.50")  # (0.40 + 0.60) / 2
    assert composed["19"].composed_of == ("06", "19")
    assert [composed[c].rank for c in ("01", "20", "19")] == [1, 2, 2]  # a tie at 0.50


def test_where_a_value_stands_the_province_itself_apart():
    placed = place(D("0.55"), ROWS, year=2023, framework="DTI2022", structure=BEFORE, own="19")
    assert placed is not None
    assert (placed.rank, placed.of) == (2, 4)  # below 01 only, among 01, 06, 20 and itself
    assert placed.above.province_code == "01" and placed.below.province_code == "20"
    assert placed.own.value == D("0.60")


def test_the_same_territory_is_left_out_and_other_frameworks_are_not_compared():
    among = place(
        D("0.55"),
        ROWS,
        year=2023,
        framework="DTI2022",
        structure=BEFORE,
        own=None,
        exclude={"06", "19"},
    )
    assert (among.rank, among.of, among.own) == (2, 3, None)
    assert (
        place(D("0.55"), ROWS, year=2023, framework="DTI2024", structure=BEFORE, own="19") is None
    )
    assert (
        place(D("0.55"), ROWS, year=2022, framework="DTI2022", structure=BEFORE, own="19") is None
    )


def test_a_former_province_is_not_ranked_against_the_new_one_that_contains_it():
    pool = ROWS + composed_after_merger(ROWS, MERGED, {})
    found = placements_of(
        D("0.45"), pool, province="06", year=2024, framework="DTI2022", merged_into=MERGED
    )
    # no 2024 published: 2023 only, among the 63 (itself apart) and the 34 (its new one out)
    among_63, among_34 = found
    assert (among_63.structure, among_63.rank, among_63.of) == (BEFORE, 4, 4)  # below 01, 19, 20
    assert among_63.own.province_code == "06"
    assert (among_34.structure, among_34.rank, among_34.of, among_34.own) == (AFTER, 3, 3, None)
    assert among_34.composed
    assert {among_34.above.province_code, among_34.above.value} == {"20", D("0.50")}
