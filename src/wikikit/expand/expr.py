"""The ``{{#expr:}}`` and ``{{#ifexpr:}}`` evaluator of MediaWiki's ParserFunctions extension.

The evaluator follows ``ExprParser::doExpression``: a shunting-yard pass over the expression
with the extension's precedence table, PHP's int/float arithmetic (64-bit integers that turn
into floats on overflow, ``(int)`` casts that wrap modulo 2**64), PHP's ``round()`` and PHP's
float-to-string conversion at ``precision=14``.

Precedence, from binding tightest to loosest (all binary operators are left-associative)::

    10  unary + -, binary e (x e y = x * 10^y)
     9  not, sin cos tan asin acos atan exp ln abs floor trunc ceil sqrt
     8  ^
     7  * / div mod fmod
     6  + -
     5  round
     4  = <> != < > <= >=
     3  and
     2  or

Unary operators are pushed without reducing anything, so ``-2^2`` is ``(-2)^2 = 4`` and
``not 0 + 1`` is ``(not 0) + 1 = 2``, as in MediaWiki.

The stack depth is bounded (MediaWiki's limit of 100 operands or operators), and the loop
is iterative, so hostile input cannot hang or exhaust the Python stack.
"""

from __future__ import annotations

import math
import re
from typing import Final

# A PHP number: int stands for a 64-bit PHP integer, float for a PHP float.
Number = int | float

INT_MIN: Final = -(2**63)
INT_MAX: Final = 2**63 - 1

MAX_STACK_SIZE: Final = 100

# English texts of the extension's messages (i18n/en.json), keyed without the prefix.
MESSAGES: Final[dict[str, str]] = {
    "stack_exhausted": "Expression error: Stack exhausted.",
    "unexpected_number": "Expression error: Unexpected number.",
    "preg_match_failure": "Expression error: Unexpected preg_match failure.",
    "unrecognised_word": 'Expression error: Unrecognized word "$1".',
    "unexpected_operator": "Expression error: Unexpected $1 operator.",
    "missing_operand": "Expression error: Missing operand for $1.",
    "unexpected_closing_bracket": "Expression error: Unexpected closing bracket.",
    "unrecognised_punctuation": 'Expression error: Unrecognized punctuation character "$1".',
    "unclosed_bracket": "Expression error: Unclosed bracket.",
    "division_by_zero": "Division by zero.",
    "invalid_argument": "Invalid argument for $1: less than -1 or greater than 1.",
    "invalid_argument_ln": "Invalid argument for ln: less than or equal to 0.",
    "unknown_error": "Expression error: Unknown error ($1).",
    "not_a_number": "In $1: Result is not a number.",
}


class ExprError(Exception):
    """An expression error, as ``ExprError`` in the extension.

    ``reason`` is the short id (``"division_by_zero"``), ``key`` the message key
    (``"pfunc_expr_division_by_zero"``), ``param`` the message parameter and ``message`` the
    English text with the parameter filled in.
    """

    def __init__(self, reason: str, param: str = "") -> None:
        self.reason = reason
        self.key = "pfunc_expr_" + reason
        self.param = param
        self.message = MESSAGES[reason].replace("$1", param)
        super().__init__(self.message)


def php_htmlspecialchars(text: str) -> str:
    """PHP's ``htmlspecialchars()`` with its default flags (ENT_QUOTES, HTML 4.01)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


def error_html(err: ExprError) -> str:
    """The error as ``{{#expr:}}`` prints it: ``<strong class="error">…</strong>``."""
    return '<strong class="error">' + php_htmlspecialchars(err.message) + "</strong>"


# --- PHP number semantics -------------------------------------------------------------------


def php_float_to_string(value: float, precision: int = 14) -> str:
    """PHP's string conversion of a float (``precision`` significant digits, %G style).

    Exponential form is used when the decimal exponent is below -4 or at least
    ``precision``; a one-digit mantissa gets ``.0`` (``1.0E+20``), as PHP's ``zend_gcvt``.
    """
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0.0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    mantissa, exp_text = f"{value:.{precision - 1}e}".split("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    # The decimal point sits after `decpt` digits (dtoa's convention).
    decpt = int(exp_text) + 1
    if (decpt < -3) if decpt < 0 else (decpt > precision):
        exponent = decpt - 1
        frac = digits[1:] or "0"
        exp_sign = "-" if exponent < 0 else "+"
        return f"{sign}{digits[0]}.{frac}E{exp_sign}{abs(exponent)}"
    if decpt <= 0:
        return f"{sign}0.{'0' * -decpt}{digits}"
    whole = digits[:decpt].ljust(decpt, "0")
    frac = digits[decpt:]
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def php_to_string(value: Number) -> str:
    """PHP's string conversion of an int or float."""
    if isinstance(value, int):
        return str(value)
    return php_float_to_string(value)


def php_int(value: Number) -> int:
    """PHP's ``(int)`` cast on 64-bit platforms: truncation, wrapping modulo 2**64 when out of
    range, and 0 for infinities and NaN."""
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        return 0
    if -(2.0**63) <= value < 2.0**63:
        return int(value)
    wrapped = int(value) % 2**64
    return wrapped - 2**64 if wrapped > INT_MAX else wrapped


def _fits(n: int) -> bool:
    return INT_MIN <= n <= INT_MAX


def _truthy(value: Number) -> bool:
    # PHP: 0, 0.0 and -0.0 are false; NaN is true.
    return value != 0


def _add(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        n = a + b
        return n if _fits(n) else float(a) + float(b)
    return float(a) + float(b)


def _sub(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        n = a - b
        return n if _fits(n) else float(a) - float(b)
    return float(a) - float(b)


def _mul(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        n = a * b
        return n if _fits(n) else float(a) * float(b)
    return float(a) * float(b)


def _div(a: Number, b: Number) -> Number:
    # The caller has rejected a zero divisor.
    if isinstance(a, int) and isinstance(b, int):
        if b == -1 and a == INT_MIN:
            return float(INT_MIN) / -1.0
        if a % b == 0:
            quotient = abs(a) // abs(b)
            return quotient if (a < 0) == (b < 0) else -quotient
        return float(a) / float(b)
    return float(a) / float(b)


def _mod(a: int, b: int) -> int:
    # C remainder: the sign follows the dividend. PHP special-cases -1.
    if b == -1:
        return 0
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def _neg(a: Number) -> Number:
    if isinstance(a, int):
        return -a if a != INT_MIN else -float(a)
    return -a


def _c_pow(x: float, y: float) -> float:
    """C's ``pow()``: infinities and NaN instead of Python's exceptions."""
    try:
        return math.pow(x, y)
    except OverflowError:
        odd = math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:
        if x == 0.0:
            odd = math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0
            negative_zero = math.copysign(1.0, x) < 0
            return -math.inf if negative_zero and odd else math.inf
        return math.nan


def php_pow(a: Number, b: Number) -> Number:
    """PHP's ``pow()``: an int for int operands with a non-negative exponent that fits."""
    if isinstance(a, int) and isinstance(b, int):
        if b < 0:
            return _c_pow(float(a), float(b))
        if b == 0:
            return 1
        if a in (0, 1):
            return a
        if a == -1:
            return -1 if b % 2 else 1
        # Square-and-multiply as PHP does it; on overflow PHP finishes in floating point
        # from the partial product, which the result's last bits depend on.
        acc, base, exp = 1, a, b
        while exp >= 1:
            if exp % 2:
                exp -= 1
                product = acc * base
                if not _fits(product):
                    return float(acc) * float(base) * _c_pow(float(base), float(exp))
                acc = product
            else:
                exp //= 2
                square = base * base
                if not _fits(square):
                    return float(acc) * _c_pow(float(base) * float(base), float(exp))
                base = square
        return acc
    return _c_pow(float(a), float(b))


def _c_fmod(x: float, y: float) -> float:
    try:
        return math.fmod(x, y)
    except ValueError:
        return math.nan


def _c_unary(fn: str, x: float) -> float:
    try:
        if fn == "sin":
            return math.sin(x)
        if fn == "cos":
            return math.cos(x)
        if fn == "tan":
            return math.tan(x)
        if fn == "asin":
            return math.asin(x)
        if fn == "acos":
            return math.acos(x)
        if fn == "atan":
            return math.atan(x)
        if fn == "exp":
            return math.exp(x)
        if fn == "ln":
            return math.log(x)
        if fn == "sqrt":
            return math.sqrt(x)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan
    raise AssertionError(fn)


def _c_floor(x: float) -> float:
    if not math.isfinite(x):
        return x
    r = float(math.floor(x))
    return math.copysign(0.0, x) if r == 0.0 else r


def _c_ceil(x: float) -> float:
    if not math.isfinite(x):
        return x
    r = float(math.ceil(x))
    return math.copysign(0.0, x) if r == 0.0 else r


def _pow10(power: int) -> float:
    # PHP uses an exact table for 10^0..10^22 and pow() elsewhere; both agree with C pow().
    return _c_pow(10.0, float(power))


def _round_helper(value: float) -> float:
    # PHP_ROUND_HALF_UP: half away from zero.
    if value >= 0.0:
        return _c_floor(value + 0.5)
    return _c_ceil(value - 0.5)


def php_round(value: Number, places: int = 0) -> float:
    """PHP's ``round()`` (PHP 5.3 to 8.3 algorithm, half away from zero, with pre-rounding
    to 15 significant digits so that ``round(1.955, 2)`` is 1.96)."""
    places = max(min(places, 2**31 - 1), -(2**31))
    if isinstance(value, int):
        if places >= 0:
            return float(value)
        value = float(value)
    if not math.isfinite(value) or value == 0.0:
        return value
    places = max(places, -(2**31) + 1)
    precision_places = 14 - math.floor(math.log10(abs(value)))
    f1 = _pow10(abs(places))
    if precision_places > places and precision_places - 15 < places:
        use_precision = max(precision_places, -4 * 15)
        if use_precision >= 0:
            basic = value * _pow10(use_precision)
        else:
            basic = value / _pow10(-use_precision)
        tmp = _round_helper(basic)
        shift = max(places - use_precision, -4 * 15)
        tmp = tmp / _pow10(abs(shift))
    else:
        tmp = value * f1 if places >= 0 else value / f1
        if abs(tmp) >= 1e15:
            return value
    tmp = _round_helper(tmp)
    if abs(places) < 23:
        tmp = tmp / f1 if places > 0 else tmp * f1
    else:
        # PHP goes through a string here: snprintf("%15fe%d") and strtod. Its snprintf
        # writes no sign for -0.0.
        if tmp == 0.0:
            tmp = 0.0
        try:
            tmp = float(f"{tmp:15f}e{-places}")
        except (ValueError, OverflowError):
            return value
        if not math.isfinite(tmp):
            return value
    return tmp


def _to_float(value: Number) -> float:
    return float(value)


def _compare(op: str, a: Number, b: Number) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        x: Number = a
        y: Number = b
    else:
        x, y = float(a), float(b)
    if op == "=":
        return x == y
    if op == "<>":
        return x != y
    if op == "<":
        return x < y
    if op == ">":
        return x > y
    if op == "<=":
        return x <= y
    return x >= y


# --- the evaluator --------------------------------------------------------------------------

# Operator ids; OPEN is the parenthesis marker on the operator stack.
NEGATIVE, POSITIVE, PLUS, MINUS, TIMES, DIVIDE, MOD, FMOD, POW, EXPONENT = range(1, 11)
AND, OR, NOT, EQUALITY, LESS, GREATER, LESSEQ, GREATEREQ, NOTEQ, ROUND = range(11, 21)
SINE, COSINE, TANGENS, ARCSINE, ARCCOS, ARCTAN, EXP, LN, ABS, FLOOR = range(21, 31)
TRUNC, CEIL, SQRT, PI, OPEN = range(31, 36)

PRECEDENCE: Final[dict[int, int]] = {
    NEGATIVE: 10,
    POSITIVE: 10,
    EXPONENT: 10,
    SINE: 9,
    COSINE: 9,
    TANGENS: 9,
    ARCSINE: 9,
    ARCCOS: 9,
    ARCTAN: 9,
    EXP: 9,
    LN: 9,
    ABS: 9,
    FLOOR: 9,
    TRUNC: 9,
    CEIL: 9,
    NOT: 9,
    SQRT: 9,
    POW: 8,
    TIMES: 7,
    DIVIDE: 7,
    MOD: 7,
    FMOD: 7,
    PLUS: 6,
    MINUS: 6,
    ROUND: 5,
    EQUALITY: 4,
    LESS: 4,
    GREATER: 4,
    LESSEQ: 4,
    GREATEREQ: 4,
    NOTEQ: 4,
    AND: 3,
    OR: 2,
    PI: 0,
    OPEN: -1,
}

# The operator names that error messages quote.
NAMES: Final[dict[int, str]] = {
    NEGATIVE: "-",
    POSITIVE: "+",
    NOT: "not",
    TIMES: "*",
    DIVIDE: "/",
    MOD: "mod",
    FMOD: "fmod",
    PLUS: "+",
    MINUS: "-",
    ROUND: "round",
    EQUALITY: "=",
    LESS: "<",
    GREATER: ">",
    LESSEQ: "<=",
    GREATEREQ: ">=",
    NOTEQ: "<>",
    AND: "and",
    OR: "or",
    EXPONENT: "e",
    SINE: "sin",
    COSINE: "cos",
    TANGENS: "tan",
    ARCSINE: "asin",
    ARCCOS: "acos",
    ARCTAN: "atan",
    LN: "ln",
    EXP: "exp",
    ABS: "abs",
    FLOOR: "floor",
    TRUNC: "trunc",
    CEIL: "ceil",
    POW: "^",
    PI: "pi",
    SQRT: "sqrt",
}

WORDS: Final[dict[str, int]] = {
    "mod": MOD,
    "fmod": FMOD,
    "and": AND,
    "or": OR,
    "not": NOT,
    "round": ROUND,
    "div": DIVIDE,
    "e": EXPONENT,
    "sin": SINE,
    "cos": COSINE,
    "tan": TANGENS,
    "asin": ARCSINE,
    "acos": ARCCOS,
    "atan": ARCTAN,
    "exp": EXP,
    "ln": LN,
    "abs": ABS,
    "trunc": TRUNC,
    "floor": FLOOR,
    "ceil": CEIL,
    "pi": PI,
    "sqrt": SQRT,
}

_UNARY_WORDS: Final = frozenset(
    {NOT, SINE, COSINE, TANGENS, ARCSINE, ARCCOS, ARCTAN, EXP, LN, ABS, FLOOR, TRUNC, CEIL, SQRT}
)

_BINARY_CHARS: Final[dict[str, int]] = {
    "*": TIMES,
    "/": DIVIDE,
    "^": POW,
    "=": EQUALITY,
    "<": LESS,
    ">": GREATER,
}
_TWO_CHAR_OPS: Final[dict[str, int]] = {"<=": LESSEQ, ">=": GREATEREQ, "<>": NOTEQ, "!=": NOTEQ}

_UNESCAPE_RE: Final = re.compile("&lt;|&gt;|&minus;|\u2212")
_UNESCAPE: Final[dict[str, str]] = {"&lt;": "<", "&gt;": ">", "&minus;": "-", "\u2212": "-"}
_WHITE: Final = " \t\r\n"
_NUMBER_CHARS: Final = "0123456789."
_NUMBER_RE: Final = re.compile(r"[0-9.]+")
_NUMERIC_PREFIX_RE: Final = re.compile(r"[0-9]*(?:\.[0-9]*)?")
_WORD_RE: Final = re.compile(r"[A-Za-z]*")
_WHITE_RE: Final = re.compile(r"[ \t\r\n]+")


def _php_float_of_digits(text: str) -> float:
    # PHP's (float) cast of a run of digits and dots: its leading numeric part, else 0.
    prefix = _NUMERIC_PREFIX_RE.match(text)
    head = prefix.group(0) if prefix else ""
    try:
        return float(head)
    except ValueError:
        return 0.0


def _is_ascii_alpha(char: str) -> bool:
    return ("a" <= char <= "z") or ("A" <= char <= "Z")


def _apply(op: int, stack: list[Number]) -> None:
    """Pop the operands of ``op`` from ``stack`` and push its result."""
    name = NAMES.get(op, "")
    if op in (NEGATIVE, POSITIVE) or op in _UNARY_WORDS:
        if not stack:
            raise ExprError("missing_operand", name)
        if op == POSITIVE:
            return
        arg = stack.pop()
        stack.append(_unary(op, arg))
        return
    if len(stack) < 2:
        raise ExprError("missing_operand", name)
    right = stack.pop()
    left = stack.pop()
    stack.append(_binary(op, left, right))


def _unary(op: int, arg: Number) -> Number:
    if op == NEGATIVE:
        return _neg(arg)
    if op == NOT:
        return 0 if _truthy(arg) else 1
    if op == ABS:
        if isinstance(arg, int):
            return abs(arg) if arg != INT_MIN else -float(arg)
        return math.fabs(arg)
    if op == TRUNC:
        return php_int(arg)
    x = _to_float(arg)
    if op == FLOOR:
        return _c_floor(x)
    if op == CEIL:
        return _c_ceil(x)
    if op in (ARCSINE, ARCCOS) and (x < -1 or x > 1):
        raise ExprError("invalid_argument", NAMES[op])
    if op == LN and x <= 0:
        raise ExprError("invalid_argument_ln", NAMES[op])
    result = _c_unary(NAMES[op], x)
    if op == SQRT and math.isnan(result):
        raise ExprError("not_a_number", NAMES[op])
    return result


def _binary(op: int, left: Number, right: Number) -> Number:
    if op == PLUS:
        return _add(left, right)
    if op == MINUS:
        return _sub(left, right)
    if op == TIMES:
        return _mul(left, right)
    if op == DIVIDE:
        if not _truthy(right):
            raise ExprError("division_by_zero", NAMES[op])
        return _div(left, right)
    if op == MOD:
        divisor = php_int(right)
        dividend = php_int(left)
        if divisor == 0:
            raise ExprError("division_by_zero", NAMES[op])
        return _mod(dividend, divisor)
    if op == FMOD:
        fr = _to_float(right)
        fl = _to_float(left)
        if fr == 0.0:
            raise ExprError("division_by_zero", NAMES[op])
        return _c_fmod(fl, fr)
    if op == POW:
        return php_pow(left, right)
    if op == EXPONENT:
        return _mul(left, php_pow(10, right))
    if op == ROUND:
        return php_round(left, php_int(right))
    if op == AND:
        return 1 if _truthy(left) and _truthy(right) else 0
    if op == OR:
        return 1 if _truthy(left) or _truthy(right) else 0
    symbol = {EQUALITY: "=", NOTEQ: "<>", LESS: "<", GREATER: ">", LESSEQ: "<=", GREATEREQ: ">="}
    if op in symbol:
        return 1 if _compare(symbol[op], left, right) else 0
    raise ExprError("unknown_error", str(op))


def evaluate_values(expression: str) -> list[Number]:
    """Evaluate ``expression`` and return the operand stack left at the end (PHP numbers).

    An empty expression, or one that leaves nothing (``()``), gives an empty list.
    Raises :class:`ExprError` as MediaWiki does.
    """
    expr = _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], expression)
    operands: list[Number] = []
    operators: list[int] = []
    p = 0
    end = len(expr)
    expecting_expression = True

    while p < end:
        if len(operands) > MAX_STACK_SIZE or len(operators) > MAX_STACK_SIZE:
            raise ExprError("stack_exhausted")
        char = expr[p]
        char2 = expr[p : p + 2]
        name = ""

        if char in _WHITE:
            white = _WHITE_RE.match(expr, p)
            p = white.end() if white else p + 1
            continue
        if char in _NUMBER_CHARS:
            if not expecting_expression:
                raise ExprError("unexpected_number")
            number = _NUMBER_RE.match(expr, p)
            run = number.group(0) if number else char
            operands.append(_php_float_of_digits(run))
            p += len(run)
            expecting_expression = False
            continue
        if _is_ascii_alpha(char):
            found = _WORD_RE.match(expr, p)
            word = (found.group(0) if found else char).lower()
            p += len(word)
            op = WORDS.get(word)
            if op is None:
                raise ExprError("unrecognised_word", word)
            if op == EXPONENT and expecting_expression:
                operands.append(math.e)
                expecting_expression = False
                continue
            if op == PI:
                if not expecting_expression:
                    raise ExprError("unexpected_number")
                operands.append(math.pi)
                expecting_expression = False
                continue
            if op in _UNARY_WORDS:
                if not expecting_expression:
                    raise ExprError("unexpected_operator", word)
                operators.append(op)
                continue
            name = word
        elif char2 in _TWO_CHAR_OPS:
            name = char2
            op = _TWO_CHAR_OPS[char2]
            p += 2
        elif char in "+-":
            p += 1
            if expecting_expression:
                operators.append(POSITIVE if char == "+" else NEGATIVE)
                continue
            op = PLUS if char == "+" else MINUS
        elif char == "(":
            if not expecting_expression:
                raise ExprError("unexpected_operator", "(")
            operators.append(OPEN)
            p += 1
            continue
        elif char == ")":
            while operators and operators[-1] != OPEN:
                _apply(operators[-1], operands)
                operators.pop()
            if not operators:
                raise ExprError("unexpected_closing_bracket")
            operators.pop()
            expecting_expression = False
            p += 1
            continue
        elif char in _BINARY_CHARS:
            name = char
            op = _BINARY_CHARS[char]
            p += 1
        else:
            raise ExprError("unrecognised_punctuation", char)

        # A binary operator.
        if expecting_expression:
            raise ExprError("unexpected_operator", name)
        while operators and PRECEDENCE[op] <= PRECEDENCE[operators[-1]]:
            _apply(operators[-1], operands)
            operators.pop()
        operators.append(op)
        expecting_expression = True

    while operators:
        op = operators.pop()
        if op == OPEN:
            raise ExprError("unclosed_bracket")
        _apply(op, operands)
    return operands


def evaluate(expression: str) -> str:
    """The text ``{{#expr:expression}}`` prints; raises :class:`ExprError` on errors.

    An empty or blank expression gives ``""``.
    """
    return "<br />\n".join(php_to_string(v) for v in evaluate_values(expression))


def expr_function(expression: str) -> str:
    """``{{#expr:}}`` as a whole: the result, or the error rendered as HTML."""
    try:
        return evaluate(expression)
    except ExprError as err:
        return error_html(err)


def truth(expression: str) -> bool:
    """Whether ``{{#ifexpr:expression|…}}`` takes its "then" branch.

    The result is true when it is a nonzero number; ``NAN``, ``INF`` and ``-INF`` are not
    numeric strings to PHP and so count as true; an empty result is false.
    Raises :class:`ExprError` (which ``#ifexpr`` prints as :func:`error_html`).
    """
    result = evaluate(expression.strip())
    if result == "":
        return False
    try:
        return float(result) != 0.0 or result in ("INF", "-INF", "NAN")
    except ValueError:
        return True
