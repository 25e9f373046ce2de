"""The number parser: what a tired person types, and what it must refuse."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhipu_ipo.errors import InputError
from zhipu_ipo.numbers import (
    NON_TERMINATING,
    ceil_to_lot,
    divide,
    floor_to_lot,
    parse_amount,
    parse_count,
    parse_date,
    parse_multiple,
    parse_percent,
    parse_price,
    parse_shares,
    quotient,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4348145900", Decimal("4348145900")),
        ("4,348,145,900.00", Decimal("4348145900.00")),
        ("4_348_145_900", Decimal("4348145900")),
        ("4.3bn", Decimal("4300000000")),
        ("4.3B", Decimal("4300000000")),
        ("4.3 billion", Decimal("4300000000")),
        ("174.7m", Decimal("174700000")),
        ("174.7MN", Decimal("174700000")),
        ("12k", Decimal("12000")),
        ("43億", Decimal("4300000000")),
        ("43亿", Decimal("4300000000")),
        ("528.28億港元", Decimal("52828000000")),
        ("3741.95萬", Decimal("37419500")),
        ("3741.95万", Decimal("37419500")),
        ("4,348.1百萬", Decimal("4348100000")),
        ("1.2萬億", Decimal("1200000000000")),
        ("HK$4.3bn", Decimal("4300000000")),
        ("US$1,000", Decimal("1000")),
        ("$12.50", Decimal("12.50")),
        ("HKD 116.20", Decimal("116.20")),
        ("116.20 HKD", Decimal("116.20")),
        ("１１６．２０", Decimal("116.20")),
        ("４３億", Decimal("4300000000")),
        ("1e3", Decimal("1000")),
        ("+5", Decimal("5")),
        (" 12 ", Decimal("12")),
        ("0.5", Decimal("0.5")),
        (".5", Decimal("0.5")),
    ],
)
def test_amounts_people_type(text, expected):
    assert parse_amount(text) == expected


def test_the_scale_of_a_price_is_kept_for_display():
    assert str(parse_price("116.20")) == "116.20"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "is not a number"),
        ("nan", "not a finite number"),
        ("NaN", "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("-5", "negative"),
        ("−5", "negative"),
        ("0", "zero"),
        ("", "empty"),
        ("   ", "empty"),
        ("1e999999", "exponent too large"),
        ("1e999999999", "exponent too large"),
        ("1e20", "too large"),
        ("1000000000000000", "too large"),
        ("99999999999999999999999999999", "too large"),
        ("1000萬億", "too large"),
        ("1e-11", "decimal places"),
        ("0.00000000001", "decimal places"),
        ("116,20", "use '.' for decimals"),
        ("1,2345", "use '.' for decimals"),
        ("1,,234", "misplaced separator"),
        (",123", "misplaced separator"),
        ("3兆", "ambiguous"),
        ("1..2", "is not a number"),
        ("1.2.3", "is not a number"),
        ("12\x00", "control"),
        ("\u202e12", "control"),
        ("15%", "is not a number"),
        ("x" * 100, "longer than"),
        ("HK$", "no digits"),
        ("4.3bnbn", "is not a number"),
    ],
)
def test_refusals_name_the_problem(text, message):
    with pytest.raises(InputError, match=message):
        parse_amount(text)


def test_an_error_is_one_line_even_for_hostile_text():
    with pytest.raises(InputError) as caught:
        parse_amount("12\n34")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("37,419,500", 37419500), ("3741.95萬", 37419500), ("5.6129m", 5612900)])
def test_share_counts_are_ints(text, expected):
    shares = parse_shares(text)
    assert shares == expected and isinstance(shares, int)


def test_fractional_shares_are_refused():
    with pytest.raises(InputError, match="whole number of shares"):
        parse_shares("1.5")


def test_zero_is_a_count_but_not_a_share_offer():
    assert parse_count("0") == 0
    with pytest.raises(InputError, match="zero"):
        parse_shares("0")


@pytest.mark.parametrize(("text", "expected"), [("15", Decimal(15)), ("15%", Decimal(15)), ("0.0027%", Decimal("0.0027")), ("１５％", Decimal(15))])
def test_percentages(text, expected):
    assert parse_percent(text) == expected


def test_percent_above_100_is_refused():
    with pytest.raises(InputError, match="more than 100%"):
        parse_percent("150%")


@pytest.mark.parametrize("text", ["1159.46", "1159.46x", "1159.46X", "1,159.46倍", "1159.46 times", "1159.46×"])
def test_multiples(text):
    assert parse_multiple(text) == Decimal("1159.46")


def test_multiple_below_one_and_zero_are_normal():
    assert parse_multiple("0.047x") == Decimal("0.047")
    assert parse_multiple("0") == 0


def test_division_is_exact_or_says_it_rounded():
    assert divide(Decimal(1385800000), Decimal(40000000)) == (Decimal("34.645"), True)
    quotient, exact = divide(Decimal(1), Decimal(3))
    assert not exact and quotient == Decimal("0.333333333333")


def test_a_non_terminating_quotient_is_named_under_rounded():
    rounded: dict[str, str] = {}
    assert quotient(Decimal(1385800000), 40000000, "multiple", rounded) == Decimal("34.645")
    assert rounded == {}
    assert quotient(2, Decimal(3), "share", rounded) == Decimal("0.666666666667")  # half-even, 12 places
    assert rounded == {"share": NON_TERMINATING}
    with pytest.raises(InputError):
        quotient(1, 0, "nothing", rounded)


def test_board_lot_rounding():
    assert ceil_to_lot(Decimal("1870975.00"), 100) == 1871000
    assert ceil_to_lot(2099460, 50) == 2099500
    assert ceil_to_lot(7483900, 100) == 7483900
    assert floor_to_lot(Decimal("5612925.00"), 100) == 5612900
    assert floor_to_lot(Decimal("1574595.00"), 50) == 1574550


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("999999999999999", Decimal("999999999999999")),  # the largest value: below 10^15
        ("999,999,999,999,999.9999999999", Decimal("999999999999999.9999999999")),
        ("0.0000000001", Decimal("1E-10")),  # the smallest step: 10 decimal places
        ("9999999.99999999億", Decimal("999999999999999")),
        ("1e14", Decimal("1E14")),
        ("1e0014", Decimal("1E14")),  # leading zeros of an exponent do not count
        ("1" + " " * 63, Decimal(1)),  # 64 characters
    ],
)
def test_the_edges_of_the_bounds_are_accepted(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1000000000000000", "999999999999999.99999999999", "0.00000000001", "1e15", "1e10000", "1" + " " * 64,
     "10000000億", "1000000bn"],
)
def test_one_step_past_the_bounds_is_refused(text):
    with pytest.raises(InputError):
        parse_amount(text)


# Every unit word, each with the number it stands for written out by hand.
UNIT_WORDS = {
    "k": "1000", "thousand": "1000", "m": "1000000", "mn": "1000000", "mil": "1000000", "million": "1000000",
    "b": "1000000000", "bn": "1000000000", "billion": "1000000000",
    "tn": "1000000000000", "trillion": "1000000000000",
    "千": "1000", "萬": "10000", "万": "10000", "十萬": "100000", "十万": "100000", "百萬": "1000000",
    "百万": "1000000", "千萬": "10000000", "千万": "10000000", "億": "100000000", "亿": "100000000",
    "萬億": "1000000000000", "万亿": "1000000000000",
}


def test_every_unit_word_is_covered_here():
    from zhipu_ipo.numbers import UNIT_SCALES

    assert set(UNIT_WORDS) == set(UNIT_SCALES)


@pytest.mark.parametrize("unit", sorted(UNIT_WORDS))
def test_each_unit_word_scales_exactly(unit):
    assert parse_amount(f"1.5{unit}") == Decimal(UNIT_WORDS[unit]) * Decimal("1.5")
    assert parse_amount(f"2 {unit}") == Decimal(UNIT_WORDS[unit]) * 2


def test_trailing_zeros_past_ten_places_are_not_decimal_places():
    # Eleven places written, ten after dropping the trailing zero: accepted, exactly.
    assert parse_amount("1.00000000010") == Decimal("1.0000000001")
    with pytest.raises(InputError, match="more than 10 decimal places"):
        parse_amount("1.00000000001")


def test_an_exponent_may_have_four_digits_and_not_five():
    with pytest.raises(InputError, match="is too large") as four:
        parse_amount("1e9999")  # four digits: read, then too large a value
    assert "exponent" not in str(four.value)
    with pytest.raises(InputError, match="exponent too large"):
        parse_amount("1e99999")  # five: refused before any arithmetic
    assert parse_amount("1e-0004") == Decimal("0.0001")


@pytest.mark.parametrize("word", ["bn", "億", "m", "萬", "k"])
def test_a_unit_word_alone_is_not_a_number(word):
    # a unit needs digits before it: the word alone is one clear line, never an internal error
    from conftest import invoke

    run = invoke("raise", "--shares", word, "--price", "1")
    assert run.code == 2 and run.stdout == "" and f"'{word}' is not a number" in run.stderr


def test_a_range_of_one_price_is_refused():
    from conftest import invoke

    run = invoke("raise", "--shares", "1,000", "--price", "116.20..116.20")
    assert run.code == 2 and run.stdout == "" and "LOW below HIGH" in run.stderr


@settings(max_examples=800, deadline=None)
@given(st.one_of(st.dates().map(lambda day: day.isoformat()),
                 st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13),
                           st.integers(0, 32)),
                 st.sampled_from(["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2026-1-08",
                                  " 2026-01-08 ", "2026/01/08", "２０２６-01-08"])))
def test_a_date_is_checked_as_datetime_checks_it(text):
    from datetime import date

    try:
        expected = date.fromisoformat(text.strip()).isoformat() if len(text.strip()) == 10 and text.isascii() else None
    except ValueError:
        expected = None
    try:
        found = parse_date(text)
    except InputError:
        found = None
    assert found == expected
