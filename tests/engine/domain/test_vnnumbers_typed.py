"""Figures typed into the entry form in Vietnamese notation, and the ambiguous ones refused."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.domain.vnnumbers import (
    format_number,
    parse_typed_number,
    round_half_up,
    typed_text,
)


@pytest.mark.parametrize(
    ("typed", "value", "decimals"),
    [
        ("1.567.705", "1567705", 0),
        ("89,44", "89.44", 2),
        ("89,40", "89.40", 2),  # the decimals written are kept
        ("1.234,5", "1234.5", 1),
        ("1.234", "1234", 0),  # one dot and three digits: thousands, as Vietnamese write it
        ("1234", "1234", 0),
        ("07", "7", 0),
        ("0,125", "0.125", 3),  # English thousands never start with 0: a decimal
        ("1,2340", "1.2340", 4),  # the way to write 1,234 as a decimal
        (" 1 567 705 ", "1567705", 0),  # spaces between groups
        ("1\u00a0567\u00a0705", "1567705", 0),
        ("-5", "-5", 0),  # kept, for the value's checks to refuse
        ("0", "0", 0),
        ("99,7%", "99.7", 1),  # a percentage as a spreadsheet shows it
    ],
)
def test_vietnamese_notation_is_read(typed, value, decimals):
    number = parse_typed_number(typed)
    assert number.value == Decimal(value)
    assert number.decimals == decimals


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1.5", "nếu là số thập phân hãy viết 1,5"),
        ("12.34", "nếu là số thập phân hãy viết 12,34"),
        ("1.2345", "dấu chấm chỉ dùng để ngăn cách hàng nghìn"),
        ("1.23.456", "dấu chấm chỉ dùng để ngăn cách hàng nghìn"),
        ("1,234", "có thể là 1.234 hoặc số thập phân 1,234"),
        ("12,345", "nếu là số nguyên hãy viết 12.345"),
        ("1,234", "thêm chữ số 0 ở cuối (1,2340)"),
        ("1,234,567", "kiểu tiếng Anh; hãy viết 1.234.567"),
        ("1,234.5", "kiểu tiếng Anh; hãy viết 1.234,5"),
        ("-1,234,567", "hãy viết -1.234.567"),
        ("abc", "không phải một số"),
        ("1,5,6", "không phải một số"),
        ("1.234,5.6", "không phải một số"),
        ("5,", "không phải một số"),
        (",5", "không phải một số"),
        ("", "chưa nhập số"),
        ("  ", "chưa nhập số"),
    ],
)
def test_ambiguous_or_bad_input_is_refused_saying_how_to_write_it(typed, says):
    with pytest.raises(ValidationError) as refused:
        parse_typed_number(typed)
    assert says in refused.value.message
    assert "/" in refused.value.message  # with the English gloss
    assert refused.value.extra == {"field": "value", "value": typed.strip()}


def test_a_dot_suggestion_is_not_made_when_a_comma_follows():
    with pytest.raises(ValidationError) as refused:
        parse_typed_number("1.5,5")
    assert "hãy viết 1,5" not in refused.value.message


@given(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
    st.sampled_from([0, 1, 2]),
)
def test_what_the_platform_writes_it_reads_back(value, decimals):
    written = format_number(value, decimals)
    assert parse_typed_number(written).value == round_half_up(value, decimals)


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1567705, 0, "1.567.705"),
        (Decimal("89.44"), 2, "89,44"),
        (Decimal("1.234"), 3, "1,2340"),  # never the ambiguous 1,234
        (Decimal("0.125"), 3, "0,125"),
    ],
)
def test_the_form_shows_a_stored_figure_so_that_it_reads_back(value, decimals, shown):
    assert typed_text(value, decimals) == shown
    assert parse_typed_number(shown).value == value
