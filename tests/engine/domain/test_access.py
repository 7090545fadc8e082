"""The access policy: the whole role x action x relation matrix, written out by hand here
(a change of the policy must change this page too), and where a unit stands relative to
another."""

import pytest

from chuyendoiso.engine.domain.access import (
    Action,
    Place,
    Relation,
    Role,
    allowed,
    matrix_text,
    placed_path,
    relation,
)

RELATIONS = [
    Relation.OWN,
    Relation.OWN_DEPARTMENT,
    Relation.DESCENDANT,
    Relation.SIBLING,
    Relation.ANCESTOR,
    Relation.OTHER_PROVINCE,
]
# columns: own, own department, descendant, sibling, ancestor, other province
EXPECTED = {
    Role.ADMIN: """
        read_approved  x x x x x x
        read_draft     x x x x x x
        write          x x x x x x
        submit         x x x x x x
        approve        x x x x x x
        return         x x x x x x
        reopen         x x x x x x
        import         x x x x x x
        export         x x x x x x
        call_api       x x x x x x
        issue          x x x x x x
    """,
    Role.COORDINATOR: """
        read_approved  x x x x x x
        read_draft     x x x x x .
        write          x x x x x .
        submit         x x x x x .
        approve        x x x x x .
        return         x x x x x .
        reopen         x x x x x .
        import         x x x x x .
        export         x x x x x .
        call_api       x x x x x .
        issue          x x x x x .
    """,
    Role.REPORTER: """
        read_approved  x x x x x x
        read_draft     x x . . . .
        write          x x . . . .
        submit         x x . . . .
        approve        . . . . . .
        return         . . . . . .
        reopen         . . . . . .
        import         x x . . . .
        export         x x . . . .
        call_api       x x . . . .
        issue          . . . . . .
    """,
    Role.APPROVER: """
        read_approved  x x x x x x
        read_draft     x x x . . .
        write          . . . . . .
        submit         . . . . . .
        approve        . x x . . .
        return         . x x . . .
        reopen         . x x . . .
        import         . . . . . .
        export         x x x . . .
        call_api       x x x . . .
        issue          x x . . . .
    """,
    Role.VIEWER: """
        read_approved  x x x x x x
        read_draft     . . . . . .
        write          . . . . . .
        submit         . . . . . .
        approve        . . . . . .
        return         . . . . . .
        reopen         . . . . . .
        import         . . . . . .
        export         . . . . . .
        call_api       x x x . . .
        issue          . . . . . .
    """,
}


def cells():
    for role, grid in EXPECTED.items():
        for line in grid.strip().splitlines():
            action, *marks = line.split()
            for rel, mark in zip(RELATIONS, marks, strict=True):
                yield role, Action(action), rel, mark == "x"


def test_the_expected_matrix_covers_every_role_action_and_relation():
    covered = {(role, action, rel) for role, action, rel, _ in cells()}
    assert len(covered) == len(Role) * len(Action) * len(Relation) == 330


@pytest.mark.parametrize(("role", "action", "rel", "expected"), list(cells()))
def test_allowed_follows_the_matrix(role, action, rel, expected):
    assert allowed(role, action, rel) is expected


def test_the_printed_matrix_shows_every_role_and_action():
    text = matrix_text()
    print(text)
    assert text.count(":\n") == len(Role)
    reporter = text.split("reporter:\n")[1].split("approver:")[0].splitlines()
    write = next(line for line in reporter if line.split()[0] == "write")
    assert write.split()[1:] == ["x", "x", ".", ".", ".", "."]


def test_every_role_and_action_has_a_vietnamese_label():
    assert Role.APPROVER.label_vi == "Người phê duyệt"
    assert all(action.label_vi for action in Action)
    assert Relation.SIBLING.label_vi == "đơn vị khác cùng tỉnh"


COMMUNE = Place("/19/164/05998/")
DISTRICT = Place("/19/164/")
DEPARTMENT = Place("/19/19.STTTT/", is_department=True)
PROVINCE = Place("/19/")


@pytest.mark.parametrize(
    ("member", "target", "expected"),
    [
        (COMMUNE, COMMUNE, Relation.OWN),
        (DEPARTMENT, DEPARTMENT, Relation.OWN_DEPARTMENT),
        (DISTRICT, COMMUNE, Relation.DESCENDANT),
        (PROVINCE, COMMUNE, Relation.DESCENDANT),
        (COMMUNE, DISTRICT, Relation.ANCESTOR),
        (COMMUNE, PROVINCE, Relation.ANCESTOR),
        (COMMUNE, Place("/19/164/05999/"), Relation.SIBLING),
        (COMMUNE, Place("/19/165/06001/"), Relation.SIBLING),  # a commune of another district
        (COMMUNE, DEPARTMENT, Relation.SIBLING),
        (DISTRICT, Place("/19/1640/"), Relation.SIBLING),  # a path prefix is not a parent
        (COMMUNE, Place("/20/"), Relation.OTHER_PROVINCE),
        (PROVINCE, Place("/20/201/"), Relation.OTHER_PROVINCE),
    ],
)
def test_relation(member, target, expected):
    assert relation(member, target) is expected


def test_an_old_province_is_placed_under_its_successor():
    successors = {"/06/": "/19/"}
    assert placed_path("/06/058/01834/", successors) == "/19/06/058/01834/"
    assert placed_path("/19/164/", successors) == "/19/164/"
    old_commune = Place(placed_path("/06/058/01834/", successors))
    assert relation(PROVINCE, old_commune) is Relation.DESCENDANT
    assert relation(COMMUNE, old_commune) is Relation.SIBLING
