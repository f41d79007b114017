"""Hyperparameter ranges from Python numbers, and tuned values back to Python numbers.

The API writes range bounds and tuned values as strings (``"MinValue": "0.01"``). The builders
here take ``int``, ``float`` or ``Decimal``, write each exactly and readably (``0.3`` → ``"0.3"``,
``1e-5`` → ``"1e-05"``, ``Decimal("0.30")`` → ``"0.30"``) and refuse any range that a rule of
:mod:`sagemaker_tuning.rules` flags, so a typo fails where it is made:

>>> from sagemaker_tuning import ranges
>>> lr = ranges.continuous("learning_rate", 1e-5, 0.1, scaling="Logarithmic")
>>> lr.min_value, lr.max_value
('1e-05', '0.1')
>>> pr = ranges.parameter_ranges(
...     lr, ranges.integer("batch_size", 16, 256), ranges.categorical("act", ["relu", "tanh"])
... )
>>> ranges.decode({"learning_rate": "0.003", "batch_size": "64", "act": "relu"}, pr)
{'learning_rate': 0.003, 'batch_size': 64, 'act': 'relu'}
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Literal, TypeAlias, overload

from sagemaker_tuning import _spec as s
from sagemaker_tuning import rules
from sagemaker_tuning.core import shapes as sh
from sagemaker_tuning.core.validation import ValidationError, Violation, field_specs, show
from sagemaker_tuning.enums import HyperParameterScalingType

__all__ = [
    "Number",
    "Range",
    "categorical",
    "continuous",
    "decode",
    "encode",
    "integer",
    "parameter_ranges",
    "tuned_values",
    "value",
]

Number: TypeAlias = int | float | Decimal
"""A number the builders accept (``bool`` is refused: it is an ``int`` only by accident)."""

Range: TypeAlias = (
    sh.IntegerParameterRange | sh.ContinuousParameterRange | sh.CategoricalParameterRange
)
"""One hyperparameter range of any kind."""

Scaling: TypeAlias = HyperParameterScalingType | str | None
"""A scaling type, as the enum or its string; ``None`` leaves ``ScalingType`` out."""


def _require_number(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{what}: expected an int, float or Decimal, got {show(value)}")


def encode(value: Number) -> str:
    """The exact, shortest readable text of a finite number, as the API expects it.

    ``int`` as digits, ``float`` by its shortest round-trip ``repr`` (``0.3`` → ``"0.3"``,
    ``1e-5`` → ``"1e-05"``), ``Decimal`` as written (``Decimal("0.30")`` → ``"0.30"``).
    ``float(encode(x)) == x`` for floats and ``Decimal(encode(d)) == d`` for Decimals.
    """
    _require_number(value, "value")
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # longer than sys.get_int_max_str_digits() allows
            raise ValueError(
                f"expected an integer of at most {sys.get_int_max_str_digits()} digits, "
                "got a longer one"
            ) from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return repr(value)
    if not value.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return str(value)


@functools.cache
def _max_length() -> int:
    """The longest text the API takes for a bound or a categorical value (the model's 256)."""
    for _, wire, spec, _ in field_specs(sh.IntegerParameterRange):
        if wire == "MaxValue" and isinstance(spec, s.String) and spec.max is not None:
            return spec.max
    raise AssertionError("the model gives IntegerParameterRange.MaxValue no maximum length")


def _too_long(member: str, shape: str, got: str) -> ValidationError:
    limit = _max_length()
    return ValidationError(
        [
            Violation(
                member,
                f"expected a number written in at most {limit} characters, got {got}",
                "length",
            )
        ],
        shape,
    )


def _int_text(value: int, member: str, shape: str) -> str:
    """The digits of ``value``, refusing before writing them if they cannot fit the API.

    ``str()`` of an int is quadratic in its length (and refused past 4 300 digits), so the
    size is checked by comparison first: a huge number fails at once, not after minutes.
    """
    limit = _max_length()
    if abs(value) >= 10 ** (limit - (value < 0)):
        raise _too_long(member, shape, f"an integer of more than {limit - (value < 0)} digits")
    return str(value)


def _fitting(text: str, member: str, shape: str) -> str:
    if len(text) > _max_length():
        raise _too_long(member, shape, f"{len(text)} characters: {show(text)}")
    return text


def _encoded(value: Number, member: str, shape: str) -> str:
    _require_number(value, member)
    if isinstance(value, int):
        return _int_text(value, member, shape)
    try:
        text = encode(value)
    except ValueError as exc:
        raise ValidationError([Violation(member, str(exc), "range-bounds-number")], shape) from None
    return _fitting(text, member, shape)


def _integral(value: Number, member: str) -> str:
    """The digits of an integer-valued number (``3``, ``3.0``, ``Decimal("3")``)."""
    shape = "IntegerParameterRange"
    _require_number(value, member)
    if isinstance(value, int):
        return _int_text(value, member, shape)
    finite = math.isfinite(value) if isinstance(value, float) else value.is_finite()
    shown = show(str(value)).strip("'")  # str(): Decimal("2.5") shows as 2.5
    if finite and isinstance(value, Decimal) and value.adjusted() >= _max_length():
        # int() of Decimal("1e999999") builds a million digits: a minute of CPU, then a
        # string no request can hold. adjusted() is the exponent of the leading digit.
        raise _too_long(member, shape, f"{shown}, an integer of more than {_max_length()} digits")
    if not finite or value != int(value):
        raise ValidationError(
            [Violation(member, f"expected an integer, got {shown}", "range-bounds-number")],
            shape,
        )
    return _fitting(str(int(value)), member, shape)


def _checked(shape: Range | sh.ParameterRanges) -> None:
    """Raise if any service rule, warnings included, flags the freshly built shape."""
    found = rules.check(shape)
    if found:
        raise ValidationError(found, type(shape).__name__)


def continuous(
    name: str, low: Number, high: Number, *, scaling: Scaling = None
) -> sh.ContinuousParameterRange:
    """A continuous range from ``low`` to ``high`` (both included).

    ``scaling`` is a :class:`~sagemaker_tuning.enums.HyperParameterScalingType` or its
    string; ``None`` leaves it out, which the service treats as ``Auto``. Raises
    :class:`~sagemaker_tuning.validation.ValidationError` if ``low > high``, the range is a
    single value, or the scaling does not fit it (``Logarithmic`` needs ``low > 0``,
    ``ReverseLogarithmic`` needs ``0 <= low`` and ``high < 1``).
    """
    r = sh.ContinuousParameterRange(
        name=name,
        min_value=_encoded(low, "MinValue", "ContinuousParameterRange"),
        max_value=_encoded(high, "MaxValue", "ContinuousParameterRange"),
        scaling_type=scaling,
    )
    _checked(r)
    return r


def integer(
    name: str, low: Number, high: Number, *, scaling: Scaling = None
) -> sh.IntegerParameterRange:
    """An integer range from ``low`` to ``high`` (both included).

    ``low`` and ``high`` are integers or integer-valued floats and Decimals. Raises
    :class:`~sagemaker_tuning.validation.ValidationError` as :func:`continuous` does; integer
    ranges take no ``ReverseLogarithmic`` scaling.
    """
    r = sh.IntegerParameterRange(
        name=name,
        min_value=_integral(low, "MinValue"),
        max_value=_integral(high, "MaxValue"),
        scaling_type=scaling,
    )
    _checked(r)
    return r


def categorical(name: str, values: Iterable[str | Number]) -> sh.CategoricalParameterRange:
    """A categorical range over ``values``; numbers are encoded as :func:`encode` does.

    Raises :class:`~sagemaker_tuning.validation.ValidationError` on duplicate values and
    ``TypeError`` on booleans (write ``"true"``/``"false"`` as the algorithm expects them).
    """
    texts: list[str] = []
    for i, v in enumerate(values):
        texts.append(
            v if isinstance(v, str) else _encoded(v, f"Values[{i}]", "CategoricalParameterRange")
        )
    r = sh.CategoricalParameterRange(name=name, values=tuple(texts))
    _checked(r)
    return r


def parameter_ranges(*items: Range | sh.AutoParameter) -> sh.ParameterRanges:
    """A ``ParameterRanges`` holding ``items`` in order, grouped by kind.

    Raises :class:`~sagemaker_tuning.validation.ValidationError` when a name repeats or there
    are more than 30 ranges, and ``TypeError`` for anything that is not a range.
    """
    ints: list[sh.IntegerParameterRange] = []
    conts: list[sh.ContinuousParameterRange] = []
    cats: list[sh.CategoricalParameterRange] = []
    autos: list[sh.AutoParameter] = []
    for item in items:
        if isinstance(item, sh.IntegerParameterRange):
            ints.append(item)
        elif isinstance(item, sh.ContinuousParameterRange):
            conts.append(item)
        elif isinstance(item, sh.CategoricalParameterRange):
            cats.append(item)
        elif isinstance(item, sh.AutoParameter):
            autos.append(item)
        else:
            raise TypeError(f"expected a parameter range, got {show(item)}")
    pr = sh.ParameterRanges(
        integer_parameter_ranges=tuple(ints) or None,
        continuous_parameter_ranges=tuple(conts) or None,
        categorical_parameter_ranges=tuple(cats) or None,
        auto_parameters=tuple(autos) or None,
    )
    _checked(pr)
    return pr


@overload
def value(r: Range, text: str, *, exact: Literal[False] = ...) -> int | float | str: ...
@overload
def value(r: Range, text: str, *, exact: Literal[True]) -> int | Decimal | str: ...
@overload
def value(r: Range, text: str, *, exact: bool) -> int | float | Decimal | str: ...
def value(r: Range, text: str, *, exact: bool = False) -> int | float | Decimal | str:
    """``text`` (a bound or a tuned value) typed by the kind of ``r``.

    ``int`` for integer ranges, ``float`` for continuous ones (``Decimal`` with
    ``exact=True``: the text's exact value), the text itself for categorical ones. Raises
    ``ValueError`` naming the hyperparameter if the text is not a number of that kind.
    """
    if isinstance(r, sh.CategoricalParameterRange):
        return text
    integer_range = isinstance(r, sh.IntegerParameterRange)
    number = rules.parse_bound(text, integer=False)
    if number is None or (integer_range and number != number.to_integral_value()):
        kind = "an integer" if integer_range else "a number"
        raise ValueError(f"hyperparameter {r.name!r}: expected {kind}, got {text!r}")
    if integer_range:
        return int(number)
    return number if exact else float(text)


def _by_name(ranges: sh.ParameterRanges | Iterable[Range]) -> dict[str, Range]:
    if isinstance(ranges, sh.ParameterRanges):
        items: list[Range] = [
            *(ranges.integer_parameter_ranges or ()),
            *(ranges.continuous_parameter_ranges or ()),
            *(ranges.categorical_parameter_ranges or ()),
        ]
    else:
        items = list(ranges)
    return {r.name: r for r in items}


def decode(
    tuned: Mapping[str, str], ranges: sh.ParameterRanges | Iterable[Range]
) -> dict[str, int | float | str]:
    """A training job's ``TunedHyperParameters`` typed by the tuning job's ranges.

    Values of integer ranges become ``int``, of continuous ranges ``float``, of categorical
    ranges and of names without a range ``str``; :func:`value` with ``exact=True`` gives a
    continuous value's exact ``Decimal``.
    """
    by_name = _by_name(ranges)
    out: dict[str, int | float | str] = {}
    for name, text in tuned.items():
        r = by_name.get(name)
        out[name] = text if r is None else value(r, text)
    return out


def _ranges_of(
    summary: sh.HyperParameterTrainingJobSummary, job: sh.DescribeHyperParameterTuningJobResponse
) -> sh.ParameterRanges | None:
    """The ranges that produced ``summary``: its definition's own, else the tuning job's."""
    wanted = summary.training_job_definition_name
    definitions = [job.training_job_definition, *(job.training_job_definitions or ())]
    for d in definitions:
        # Responses are parsed leniently, so anything may stand where a shape should.
        if not isinstance(d, sh.HyperParameterTrainingJobDefinition):
            continue
        own = d.hyper_parameter_ranges
        if isinstance(own, sh.ParameterRanges) and wanted in (None, d.definition_name):
            return own
    config = job.hyper_parameter_tuning_job_config
    if isinstance(config, sh.HyperParameterTuningJobConfig):
        if isinstance(config.parameter_ranges, sh.ParameterRanges):
            return config.parameter_ranges
    return None


def tuned_values(
    summary: sh.HyperParameterTrainingJobSummary, job: sh.DescribeHyperParameterTuningJobResponse
) -> dict[str, int | float | str]:
    """The tuned hyperparameters of one training job of ``job``, typed by its ranges.

    Picks the ranges of the training job definition the summary names
    (``TrainingJobDefinitionName``), else the tuning job's ``ParameterRanges``.
    """
    ranges = _ranges_of(summary, job)
    raw = summary.tuned_hyper_parameters
    tuned: Mapping[str, str] = raw if isinstance(raw, Mapping) else {}
    if ranges is None:
        return dict(tuned)
    return decode(tuned, ranges)
