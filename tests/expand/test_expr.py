"""#expr / #ifexpr: expected values follow ExprParser.php and PHP's documented arithmetic."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikikit.expand.expr import (
    ExprError,
    error_html,
    evaluate,
    expr_function,
    php_float_to_string,
    php_int,
    php_round,
    truth,
)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ("()", ""),
        ("1+2*3", "7"),
        ("(1+2)*3", "9"),
        ("1 - 1 - 1", "-1"),
        # All binary operators are left-associative, ^ included.
        ("2^3^2", "64"),
        # Unary minus outranks ^ (precedence 10 against 8).
        ("-2^2", "4"),
        ("2*-3", "-6"),
        ("not 0 + 1", "2"),
        ("7/2", "3.5"),
        ("7 div 2", "3.5"),
        ("6/3", "2"),
        ("7 mod 3", "1"),
        ("-7 mod 3", "-1"),
        ("7 mod -3", "1"),
        # mod casts both sides to int first.
        ("7.9 mod 3.9", "1"),
        ("5.5 fmod 2", "1.5"),
        ("-5.5 fmod 2", "-1.5"),
        ("2 + 3 round 0", "5"),
        ("1 = 1", "1"),
        ("1 = 2", "0"),
        ("1 <> 2", "1"),
        ("1 != 1", "0"),
        ("1 < 2", "1"),
        ("2 <= 1", "0"),
        ("2 >= 2", "1"),
        ("3 > 2", "1"),
        ("1 &lt; 2", "1"),
        ("2 &gt; 1", "1"),
        ("3 &minus; 1", "2"),
        ("3 \u2212 1", "2"),
        ("1 and 0", "0"),
        ("0 or 2", "1"),
        ("not 5", "0"),
        ("1 < 2 and 2 < 3", "1"),
        ("sin 0", "0"),
        ("cos 0", "1"),
        ("tan 0", "0"),
        ("atan 0", "0"),
        ("ln e", "1"),
        ("exp 0", "1"),
        ("abs -5", "5"),
        ("floor -1.5", "-2"),
        ("ceil 1.2", "2"),
        ("trunc -1.7", "-1"),
        ("sqrt 16", "4"),
        ("pi", "3.1415926535898"),
        ("e", "2.718281828459"),
        ("2e3", "2000"),
        ("1e-3", "0.001"),
        ("2 E 3", "2000"),
        ("PI", "3.1415926535898"),
        ("7 MOD 3", "1"),
        (".5", "0.5"),
        ("1.2.3", "1.2"),
        (".", "0"),
        ("1/3", "0.33333333333333"),
        ("2/3", "0.66666666666667"),
        ("0.1 + 0.2", "0.3"),
        ("10^13", "10000000000000"),
        ("10^14", "1.0E+14"),
        ("1e20", "1.0E+20"),
        ("0.0001", "0.0001"),
        ("0.00001", "1.0E-5"),
        ("-0", "-0"),
        ("0 * -1", "-0"),
        ("1e400", "INF"),
        ("-1e400", "-INF"),
        ("1e400 - 1e400", "NAN"),
        # trunc yields PHP integers, printed in full.
        ("trunc 1e18", "1000000000000000000"),
        ("trunc(2^62) + trunc(2^62)", "9.2233720368548E+18"),
        ("trunc 6 / trunc 3", "2"),
        ("trunc 5 / trunc 2", "2.5"),
        # (int) of an out-of-range float wraps modulo 2^64 on 64-bit PHP.
        ("trunc 1e19", "-8446744073709551616"),
        ("-trunc 0", "0"),
        # PHP round(): half away from zero, pre-rounded to 15 significant digits.
        ("1.955 round 2", "1.96"),
        ("5.055 round 2", "5.06"),
        ("1.45 round 1", "1.5"),
        ("2.5 round 0", "3"),
        ("-2.5 round 0", "-3"),
        ("-0.4 round 0", "-0"),
        ("1234.5678 round -2", "1200"),
        ("1234.5678 round 2.9", "1234.57"),
    ],
)
def test_values(expression: str, expected: str) -> None:
    assert evaluate(expression) == expected


PUNCTUATION = "Expression error: Unrecognized punctuation character "
OUT_OF_RANGE = "less than -1 or greater than 1."


@pytest.mark.parametrize(
    ("expression", "reason", "message"),
    [
        ("foo", "unrecognised_word", 'Expression error: Unrecognized word "foo".'),
        ("FOO", "unrecognised_word", 'Expression error: Unrecognized word "foo".'),
        ("1 +", "missing_operand", "Expression error: Missing operand for +."),
        ("-", "missing_operand", "Expression error: Missing operand for -."),
        ("(1+)", "missing_operand", "Expression error: Missing operand for +."),
        ("sin", "missing_operand", "Expression error: Missing operand for sin."),
        ("(1", "unclosed_bracket", "Expression error: Unclosed bracket."),
        ("1)", "unexpected_closing_bracket", "Expression error: Unexpected closing bracket."),
        ("1 2", "unexpected_number", "Expression error: Unexpected number."),
        ("1 pi", "unexpected_number", "Expression error: Unexpected number."),
        ("* 2", "unexpected_operator", "Expression error: Unexpected * operator."),
        ("1 (2)", "unexpected_operator", "Expression error: Unexpected ( operator."),
        ("1 not 2", "unexpected_operator", "Expression error: Unexpected not operator."),
        ("<= 1", "unexpected_operator", "Expression error: Unexpected <= operator."),
        ("!= 1", "unexpected_operator", "Expression error: Unexpected != operator."),
        ("mod 2", "unexpected_operator", "Expression error: Unexpected mod operator."),
        (
            "1 # 2",
            "unrecognised_punctuation",
            PUNCTUATION + '"#".',
        ),
        (
            "1 \u20ac 2",
            "unrecognised_punctuation",
            PUNCTUATION + '"\u20ac".',
        ),
        ("1 ! 2", "unrecognised_punctuation", PUNCTUATION + '"!".'),
        ("1/0", "division_by_zero", "Division by zero."),
        ("1 div -0", "division_by_zero", "Division by zero."),
        ("1 mod 0", "division_by_zero", "Division by zero."),
        ("5 mod 0.5", "division_by_zero", "Division by zero."),
        ("1 fmod 0", "division_by_zero", "Division by zero."),
        ("asin 2", "invalid_argument", "Invalid argument for asin: " + OUT_OF_RANGE),
        ("acos -2", "invalid_argument", "Invalid argument for acos: " + OUT_OF_RANGE),
        ("ln 0", "invalid_argument_ln", "Invalid argument for ln: less than or equal to 0."),
        ("sqrt -1", "not_a_number", "In sqrt: Result is not a number."),
        ("(" * 200 + "1" + ")" * 200, "stack_exhausted", "Expression error: Stack exhausted."),
    ],
)
def test_errors(expression: str, reason: str, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        evaluate(expression)
    assert caught.value.reason == reason
    assert caught.value.key == "pfunc_expr_" + reason
    assert caught.value.message == message


def test_stack_limit_is_checked_before_each_token() -> None:
    # 101 open brackets fill the stack past its limit of 100, but the check runs only
    # when another token follows.
    with pytest.raises(ExprError) as unclosed:
        evaluate("(" * 101)
    assert unclosed.value.reason == "unclosed_bracket"
    with pytest.raises(ExprError) as exhausted:
        evaluate("(" * 101 + " ")
    assert exhausted.value.reason == "stack_exhausted"
    assert evaluate("(" * 100 + "1" + ")" * 100) == "1"


def test_error_html_escapes_like_htmlspecialchars() -> None:
    with pytest.raises(ExprError) as caught:
        evaluate("foo")
    assert error_html(caught.value) == (
        '<strong class="error">Expression error: Unrecognized word &quot;foo&quot;.</strong>'
    )
    assert expr_function("1 < ") == (
        '<strong class="error">Expression error: Missing operand for &lt;.</strong>'
    )
    assert expr_function("1+1") == "2"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("", False),
        ("  ", False),
        ("0", False),
        ("-0", False),
        ("1", True),
        ("0.5", True),
        ("1 = 2", False),
        ("1 < 2", True),
        # INF and NAN are not numeric strings to PHP, so they are truthy.
        ("1e400", True),
        ("1e400 - 1e400", True),
    ],
)
def test_truth(expression: str, expected: bool) -> None:
    assert truth(expression) is expected


def test_truth_raises_on_errors() -> None:
    with pytest.raises(ExprError):
        truth("1 +")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (0.1, "0.1"),
        (1.5, "1.5"),
        (100.0, "100"),
        (1e14, "1.0E+14"),
        (1e13, "10000000000000"),
        (123456789012345.0, "1.2345678901234E+14"),
        (1e15, "1.0E+15"),
        (1e100, "1.0E+100"),
        (-1.5e-7, "-1.5E-7"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (math.inf, "INF"),
        (-math.inf, "-INF"),
        (math.nan, "NAN"),
    ],
)
def test_php_float_to_string(value: float, text: str) -> None:
    assert php_float_to_string(value) == text


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (1.955, 2, 1.96),
        (5.045, 2, 5.05),
        (0.285, 2, 0.29),
        (-2.5, 0, -3.0),
        (1234.5678, -2, 1200.0),
        (5, 2, 5.0),
        (-5.0, -1000, 0.0),
        (1e300, 2, 1e300),
    ],
)
def test_php_round(value: float, places: int, expected: float) -> None:
    assert php_round(value, places) == expected


def test_php_int_cast() -> None:
    assert php_int(2.9) == 2
    assert php_int(-2.9) == -2
    assert php_int(math.inf) == 0
    assert php_int(math.nan) == 0
    assert php_int(1e19) == 10**19 - 2**64
    assert php_int(2.0**63) == -(2**63)


small = st.integers(min_value=-1000, max_value=1000)


@given(small, small)
def test_small_integer_arithmetic_matches_python(a: int, b: int) -> None:
    assert evaluate(f"{a} + {b}") == str(a + b)
    assert evaluate(f"{a} - ({b})") == str(a - b)
    # Operands are floats: a zero product with one negative factor is -0.
    negative_zero = a * b == 0 and (a < 0) != (b < 0)
    assert evaluate(f"{a} * {b}") == ("-0" if negative_zero else str(a * b))
    assert evaluate(f"{a} < {b}") == str(int(a < b))
    assert evaluate(f"{a} = {b}") == str(int(a == b))
    if b != 0:
        remainder = int(math.fmod(a, b))
        assert evaluate(f"{a} mod {b}") == str(remainder)


@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_expr_error(text: str) -> None:
    try:
        result = evaluate(text)
    except ExprError:
        return
    assert isinstance(result, str)


TOKENS = [
    "1", "0", "2.5", ".", "-", "+", "*", "/", "^", "(", ")", "mod", "fmod", "round", "e",
    "pi", "not", "and", "or", "=", "<>", "<=", ">=", "<", ">", "sin", "ln", "sqrt", "trunc",
    "abs", "floor", "ceil", "exp", "acos", "1e308", "9223372036854775807", " ",
]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_raises_only_expr_error(tokens: list[str]) -> None:
    try:
        result = evaluate(" ".join(tokens))
    except ExprError as err:
        assert err.message
    else:
        assert isinstance(result, str)


def test_hostile_input_is_fast() -> None:
    started = time.perf_counter()
    assert evaluate("1+" * 100_000 + "1") == "100001"
    with pytest.raises(ExprError):
        evaluate("(" * 100_000)
    with pytest.raises(ExprError):
        evaluate("-" * 100_000 + "1")
    assert evaluate("9" * 100_000) == "INF"
    assert evaluate("2 ^ trunc 1e18") == "INF"
    assert time.perf_counter() - started < 5
