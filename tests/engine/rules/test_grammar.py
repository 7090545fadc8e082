"""The rule language's parser: what it reads, and where it says a text is wrong."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuyendoiso.engine.domain.catalog import ValidationRule
from chuyendoiso.engine.rules import (
    MAX_DEPTH,
    MAX_LENGTH,
    Names,
    RuleError,
    check_expression,
    compile_rule,
    parse,
)

NAMES = Names(
    indicators={"A": ("SEX",), "B": (), "C": ("CHANNEL",)},
    categories={"SEX": ("MALE", "FEMALE"), "CHANNEL": ("ONLINE", "DIRECT")},
)


@pytest.mark.parametrize(
    "text",
    [
        "A <= B",
        "0 <= A <= 100",
        "A in 0..100",
        "A[SEX:MALE] + A[SEX:FEMALE] == A",
        "sum(A[SEX:*]) == A",
        "not outlier(B, 3) and B <= last_year(B) * 1.5",
        "previous(B) != B or abs(B - 2.75) > (1 - -1) / 4",
        "not (A > B)",
    ],
)
def test_every_form_of_the_language_is_read_and_checked(text):
    assert check_expression(text, NAMES) == []


def test_a_chained_comparison_keeps_every_operand_and_operator():
    tree = parse("0 <= A < 100")
    assert [type(operand).__name__ for operand in tree.operands] == ["Number", "Ref", "Number"]
    assert tree.operators == ("<=", "<")


def test_multiplication_binds_tighter_than_addition_and_parentheses_win():
    assert parse("1 + 2 * 3 == 7").operands[0].operator == "+"
    assert parse("(1 + 2) * 3 == 9").operands[0].operator == "*"


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("A <= ", 5, "unexpected the end"),
        ("A = B", 3, "unexpected '='"),
        ("1.567.705 > B", 6, "numbers are plain"),
        ("A B", 3, "unexpected 'B'"),
        ("B <= 89,44", 8, "unexpected ','"),
    ],
)
def test_a_syntax_error_names_its_column_and_what_was_found(text, column, words):
    with pytest.raises(RuleError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (1, column)
    assert words in caught.value.message
    assert caught.value.message.startswith("sai cú pháp")  # Vietnamese first


def test_an_error_on_a_later_line_names_that_line():
    with pytest.raises(RuleError) as caught:
        parse("A <=\n  B C")
    assert (caught.value.line, caught.value.column) == (2, 5)


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("Z <= B", 1, "unknown indicator"),
        ("A[SEX:OTHER] <= B", 1, "unknown option"),
        ("B[SEX:MALE] <= A", 1, "not disaggregated by 'SEX'"),
        ("A <= B + foo(B)", 10, "unknown function"),
        ("A[SEX:*] <= B", 1, "must be a number, not the parts"),
        ("sum(B) <= A", 5, "must be the parts of a disaggregation"),
        ("A + B", 1, "the rule must be a condition"),
        ("not A", 5, "must be a condition, not a number"),
        ("outlier(B, A)", 12, "positive number"),
        ("outlier(B, 3, 100)", 15, "from 3 to 60"),
        ("last_year(B, B) > 1", 1, "takes 1 arguments"),
    ],
)
def test_a_name_or_call_that_is_wrong_is_found_where_it_stands(text, column, words):
    problems = check_expression(text, NAMES)
    assert problems, text
    assert (problems[0].line, problems[0].column) == (1, column)
    assert words in problems[0].message


def test_every_wrong_name_is_listed_not_only_the_first():
    problems = check_expression("Y <= B and A[SEX:X] > 0 and Z > 1", NAMES)
    assert [problem.column for problem in problems] == [1, 12, 29]


def test_compiling_raises_the_first_problem():
    with pytest.raises(RuleError, match="unknown indicator"):
        compile_rule(ValidationRule("R", "r", "B <= Q"), NAMES)


def test_a_too_long_or_too_deep_expression_is_refused_with_its_own_error():
    with pytest.raises(RuleError, match="longer than"):
        parse("B" + " + B" * MAX_LENGTH)
    with pytest.raises(RuleError, match="nested deeper"):
        parse("not " * (MAX_DEPTH + 1) + "B > 1")
    with pytest.raises(RuleError, match="nested deeper"):
        parse("-" * (MAX_DEPTH + 1) + "B > 1")
    assert check_expression("(" * 200 + "B" + ")" * 200 + " > 1", NAMES) == []


def test_the_text_is_never_run_as_python():
    for text in ("__import__('os').system('true')", "B.__class__ > 1", "lambda: 1"):
        with pytest.raises(RuleError):
            parse(text)


# letters of the language and some that are not, so that near-misses are generated often
_ALPHABET = string.ascii_letters + string.digits + " _()[]:*.,+-/<>=!\n\t\"'#đ"
_TOKENS = st.sampled_from(
    ["A", "B", "[SEX:MALE]", "[SEX:*]", "sum(", "outlier(", "last_year(", ")", "(", " and ",
     " or ", "not ", " in ", "..", "<=", "==", "<", "+", "-", "*", "/", "1", "2.5", ",", " "]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=60), st.lists(_TOKENS, max_size=25).map("".join)))
def test_the_parser_never_fails_with_anything_but_its_own_error(text):
    try:
        problems = check_expression(text, NAMES)
    except RuleError:  # pragma: no cover - check_expression returns its errors
        raise AssertionError("check_expression raised instead of returning") from None
    for problem in problems:
        assert isinstance(problem, RuleError)
        assert 1 <= problem.line <= text.count("\n") + 1
        assert 1 <= problem.column <= len(text) + 1
