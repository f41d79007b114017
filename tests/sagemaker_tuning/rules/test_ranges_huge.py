"""The range builders fail fast, with a clear ValidationError, on huge and odd numbers.

``ranges.integer("n", 0, Decimal("1e999999"))`` used to spend over a minute building a
million-digit int before failing (issue 14, item 5); ``ranges.integer("n", 0, 10**5000)``
raised a bare ``ValueError`` from ``str()``. Each case runs under a time guard, so a
regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import decimal
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import ranges
from sagemaker_tuning.validation import ValidationError

#: The model's limit on a bound or categorical value (ParameterValue: length 0 to 256).
LIMIT = 256


@contextmanager
def time_guard(seconds: float = 20.0) -> Iterator[None]:
    """Fail the test if the block runs far longer than it should (not a timing assertion)."""

    def expired(signum: int, frame: Any) -> None:
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def raised(build: Callable[[], Any]) -> ValidationError:
    with time_guard(), pytest.raises(ValidationError) as caught:
        build()
    return caught.value


HUGE_INTEGERS = [
    pytest.param(Decimal("1e999999"), id="Decimal 1e999999"),
    pytest.param(Decimal("-1e999999999999999999"), id="Decimal -1e999999999999999999"),
    pytest.param(Decimal("9" * 300), id="Decimal of 300 nines"),
    pytest.param(10**5000, id="int of 5001 digits"),
    pytest.param(10**300, id="int of 301 digits"),
    pytest.param(-(10**255), id="negative int of 256 digits"),
    pytest.param(1e300, id="float 1e300"),
]


@pytest.mark.parametrize("huge", HUGE_INTEGERS)
@pytest.mark.parametrize("member", ["MinValue", "MaxValue"])
def test_integer_refuses_a_bound_too_long_to_write_at_once(huge: Any, member: str) -> None:
    bounds = (huge, 0) if member == "MinValue" else (0, huge)
    error = raised(lambda: ranges.integer("n", *bounds))
    assert error.shape == "IntegerParameterRange"
    [violation] = error.violations
    assert violation.path == member
    assert f"expected a number written in at most {LIMIT} characters" in violation.message
    assert len(str(error)) < 300  # the number is never written out in the message


@pytest.mark.parametrize(
    "huge",
    [
        pytest.param(10**5000, id="int of 5001 digits"),
        pytest.param(10**300, id="int of 301 digits"),
        pytest.param(Decimal("9" * 300), id="Decimal of 300 nines"),
        pytest.param(Decimal("1." + "0" * 1_000_000), id="Decimal of a million digits"),
    ],
)
def test_continuous_and_categorical_refuse_numbers_too_long_to_write(huge: Any) -> None:
    error = raised(lambda: ranges.continuous("x", 0, huge))
    assert [v.path for v in error.violations] == ["MaxValue"]
    assert f"at most {LIMIT} characters" in error.violations[0].message
    error = raised(lambda: ranges.categorical("c", ["a", huge]))
    assert [v.path for v in error.violations] == ["Values[1]"]
    assert f"at most {LIMIT} characters" in error.violations[0].message


@pytest.mark.parametrize(
    "huge", [Decimal("1e999999"), Decimal("-1e999999999999999999"), Decimal("1e309")]
)
def test_continuous_refuses_bounds_beyond_a_double(huge: Decimal) -> None:
    bounds = (-1, huge) if huge > 0 else (huge, 1)
    error = raised(lambda: ranges.continuous("x", *bounds))
    [violation] = error.violations
    assert violation.path == ("MaxValue" if huge > 0 else "MinValue")
    assert "within the range of a double" in violation.message


@pytest.mark.parametrize(
    ("odd", "expected"),
    [
        (Decimal("NaN"), "expected an integer, got NaN"),
        (Decimal("sNaN"), "expected an integer, got sNaN"),
        (Decimal("-Infinity"), "expected an integer, got -Infinity"),
        (float("inf"), "expected an integer, got inf"),
        (Decimal("1e-999999999"), "expected an integer, got 1E-999999999"),
        (Decimal("2.5"), "expected an integer, got 2.5"),
    ],
)
def test_integer_refuses_odd_numbers_with_the_field_and_what_was_expected(
    odd: Any, expected: str
) -> None:
    error = raised(lambda: ranges.integer("n", 0, odd))
    assert [(v.path, v.message) for v in error.violations] == [("MaxValue", expected)]


def test_the_longest_integer_the_api_takes_is_still_accepted() -> None:
    with time_guard():
        r = ranges.integer("n", -(10 ** (LIMIT - 1) - 1), 10**LIMIT - 1)
    assert (len(r.min_value), len(r.max_value)) == (LIMIT, LIMIT)
    with time_guard():
        r = ranges.integer("n", 0, Decimal("1e255"))  # 256 digits, from a Decimal
    assert r.max_value == "1" + "0" * 255


def test_encode_names_the_digit_limit_instead_of_str_s_error() -> None:
    with pytest.raises(ValueError, match=r"expected an integer of at most \d+ digits"):
        ranges.encode(10**5000)


@given(
    # decimal.MAX_EMAX: the largest exponent a Decimal holds (10**18 - 1 on 64-bit builds).
    exponent=st.integers(min_value=LIMIT, max_value=decimal.MAX_EMAX),
    negative=st.booleans(),
)
def test_any_decimal_exponent_past_the_limit_fails_fast_for_integer_ranges(
    exponent: int, negative: bool
) -> None:
    huge = Decimal((int(negative), (1,), exponent))  # built without a context: no Overflow
    error = raised(lambda: ranges.integer("n", huge, huge))
    # the first bad bound stops the build, before the second is looked at
    assert [v.path for v in error.violations] == ["MinValue"]
