"""Service rules beyond the model: checks across fields that SageMaker applies only once a request is sent.

:func:`check` returns every broken rule of a ``CreateHyperParameterTuningJobRequest`` (or of a
shape inside it) as :class:`~sagemaker_tuning.validation.Violation` objects with a ``rule`` id
and a ``severity``: ``"error"`` when the API reference or developer guide says the service
rejects it, ``"warning"`` for documented advice and for rules whose enforcement no source
confirms (their messages say so). :func:`validate` raises on errors and returns the warnings.
The model's own per-field constraints are :func:`sagemaker_tuning.validation.violations`'s
job; these rules assume nothing about them and never raise on malformed values.

Every rule is a small function below, registered with its id, severity and source; the
:data:`RULES` table lists them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs

from sagemaker_tuning.core import shapes as sh
from sagemaker_tuning.core.validation import Severity, ValidationError, Violation
from sagemaker_tuning.redact import credential_kinds, path_key, redact

__all__ = ["RULES", "Rule", "check", "credential_kinds", "parse_bound", "validate"]

_API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/"
_GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"


def _api(shape: str) -> str:
    """The API reference page of a shape or operation."""
    return f"{_API}API_{shape}.html"


def _guide(page: str) -> str:
    """A developer guide page."""
    return f"{_GUIDE}{page}.html"


_UNCONFIRMED = "(not stated in the API reference; the service may reject it)"

# A finding is (path below the checked object, message); the registry adds the rule id,
# severity and the path of the object itself.
Finding = tuple[str, str]
CheckFn = Callable[[Any], Iterable[Finding]]
F = TypeVar("F", bound=Callable[..., Iterable[Finding]])


@attrs.frozen
class Rule:
    """One service rule: its id, the severity of its violations, the pages that document it."""

    id: str
    severity: Severity
    sources: tuple[str, ...]
    summary: str


RULES: dict[str, Rule] = {}
"""Every rule by id."""

_CHECKS: dict[type[Any], list[tuple[str, CheckFn]]] = {}


def _rule(rule_id: str, severity: Severity, target: type[Any], source: str) -> Callable[[F], F]:
    """Register a check of ``target`` objects under ``rule_id`` (one id may check several shapes)."""

    def register(fn: F) -> F:
        rule = RULES.get(rule_id)
        if rule is None:
            doc = (fn.__doc__ or rule_id).strip()
            RULES[rule_id] = Rule(rule_id, severity, (source,), doc.splitlines()[0])
        elif rule.severity != severity:
            raise ValueError(f"rule {rule_id} registered with two severities")
        elif source not in rule.sources:
            RULES[rule_id] = attrs.evolve(rule, sources=(*rule.sources, source))
        _CHECKS.setdefault(target, []).append((rule_id, fn))
        return fn

    return register


def _at(path: str, sub: str) -> str:
    if not sub:
        return path
    if not path:
        return sub
    return path + sub if sub.startswith("[") else f"{path}.{sub}"


def _children(obj: Any) -> Iterator[tuple[str, Any]]:
    """The nested shapes that rules look into, with their paths below ``obj``."""
    if isinstance(obj, sh.CreateHyperParameterTuningJobRequest):
        yield "HyperParameterTuningJobConfig", obj.hyper_parameter_tuning_job_config
        yield "TrainingJobDefinition", obj.training_job_definition
        for i, d in enumerate(_items(obj.training_job_definitions)):
            yield f"TrainingJobDefinitions[{i}]", d
    elif isinstance(obj, sh.HyperParameterTuningJobConfig):
        yield "ParameterRanges", obj.parameter_ranges
        yield "ResourceLimits", obj.resource_limits
        strategy_config = obj.strategy_config
        if isinstance(strategy_config, sh.HyperParameterTuningJobStrategyConfig):
            band = strategy_config.hyperband_strategy_config
            yield "StrategyConfig.HyperbandStrategyConfig", band
    elif isinstance(obj, sh.HyperParameterTrainingJobDefinition):
        yield "HyperParameterRanges", obj.hyper_parameter_ranges
        yield "HyperParameterTuningResourceConfig", obj.hyper_parameter_tuning_resource_config
        yield "StoppingCondition", obj.stopping_condition
    elif isinstance(obj, sh.ParameterRanges):
        for member, items in (
            ("IntegerParameterRanges", obj.integer_parameter_ranges),
            ("ContinuousParameterRanges", obj.continuous_parameter_ranges),
            ("CategoricalParameterRanges", obj.categorical_parameter_ranges),
        ):
            for i, item in enumerate(_items(items)):
                yield f"{member}[{i}]", item


def _walk(obj: Any, path: str, out: list[Violation]) -> None:
    for rule_id, fn in _CHECKS.get(type(obj), ()):
        rule = RULES[rule_id]
        for sub, message in fn(obj):
            # Messages quote names and bounds from the request; none may carry a credential.
            out.append(Violation(redact(_at(path, sub)), redact(message), rule.id, rule.severity))
    for sub, child in _children(obj):
        if child is not None:
            _walk(child, _at(path, sub), out)


def check(obj: Any) -> list[Violation]:
    """Every service-rule violation in ``obj``, errors and warnings, each object before its parts.

    ``obj`` is a ``CreateHyperParameterTuningJobRequest`` or a shape inside it (a
    ``HyperParameterTuningJobConfig``, ``HyperParameterTrainingJobDefinition``,
    ``ParameterRanges``, one range, ...); paths are dotted _API member names from ``obj``.
    Rules that relate several parts of a request (static hyperparameters against the
    tuning job's ranges, the objective against a definition's metrics, ...) run only when
    the request itself is checked.
    """
    if not attrs.has(type(obj)):
        raise TypeError(f"expected a generated shape instance, got {type(obj).__name__}")
    found: list[Violation] = []
    _walk(obj, "", found)
    return found


def validate(obj: Any) -> list[Violation]:
    """Raise :class:`ValidationError` listing the error-severity violations of ``obj``.

    Returns the warnings when there is no error, so that callers can show them.
    """
    found = check(obj)
    errors = [v for v in found if v.severity == "error"]
    if errors:
        raise ValidationError(errors, type(obj).__name__)
    return found


# ---------------------------------------------------------------------------------------------
# Helpers


def _items(value: Any) -> tuple[Any, ...]:
    """A list member as a tuple, empty when missing or malformed (the model reports those)."""
    return tuple(value) if isinstance(value, (tuple, list)) else ()


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


def parse_bound(text: Any, *, integer: bool) -> Decimal | None:
    """The exact value of a range bound as the service reads it, or ``None`` if it is not one.

    Continuous bounds are decimal numbers (``0.3``, ``-2``, ``1e-05``) within the range of a
    double; integer bounds are whole decimal integers (``10``, ``-3``), no fraction or exponent.
    """
    if not isinstance(text, str) or not (_INTEGER if integer else _DECIMAL).fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can represent
        return None
    if not integer and not math.isfinite(float(value)):
        return None
    return value


def _bounds(r: Any) -> tuple[Decimal, Decimal] | None:
    integer = isinstance(r, sh.IntegerParameterRange)
    low = parse_bound(r.min_value, integer=integer)
    high = parse_bound(r.max_value, integer=integer)
    return None if low is None or high is None else (low, high)


def _range_names(ranges: Any) -> list[str]:
    """Names of the integer, continuous and categorical ranges of a ``ParameterRanges``."""
    if not isinstance(ranges, sh.ParameterRanges):
        return []
    return [
        r.name
        for items in (
            ranges.integer_parameter_ranges,
            ranges.continuous_parameter_ranges,
            ranges.categorical_parameter_ranges,
        )
        for r in _items(items)
        if isinstance(getattr(r, "name", None), str)
    ]


def _range_count(ranges: Any) -> int:
    if not isinstance(ranges, sh.ParameterRanges):
        return 0
    return sum(
        len(_items(items))
        for items in (
            ranges.integer_parameter_ranges,
            ranges.continuous_parameter_ranges,
            ranges.categorical_parameter_ranges,
        )
    )


def _definitions(request: sh.CreateHyperParameterTuningJobRequest) -> list[tuple[str, Any]]:
    """(path, definition) of every training job definition of a request."""
    found: list[tuple[str, Any]] = []
    if isinstance(request.training_job_definition, sh.HyperParameterTrainingJobDefinition):
        found.append(("TrainingJobDefinition", request.training_job_definition))
    for i, d in enumerate(_items(request.training_job_definitions)):
        if isinstance(d, sh.HyperParameterTrainingJobDefinition):
            found.append((f"TrainingJobDefinitions[{i}]", d))
    return found


def _quote(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)


# ---------------------------------------------------------------------------------------------
# Ranges


@_rule(
    "range-bounds-number",
    "error",
    sh.ContinuousParameterRange,
    _api("ContinuousParameterRange"),
)
def continuous_bounds_are_numbers(r: sh.ContinuousParameterRange) -> Iterator[Finding]:
    """MinValue and MaxValue of a continuous range are decimal numbers.

    Source: API_ContinuousParameterRange — "The tuning job uses floating-point values
    between ``MinValue`` value and this value for tuning."
    """
    for member, text in (("MinValue", r.min_value), ("MaxValue", r.max_value)):
        if isinstance(text, str) and parse_bound(text, integer=False) is None:
            if _DECIMAL.fullmatch(text):
                yield member, f"expected a number within the range of a double, got {text!r}"
            else:
                yield member, f"expected a decimal number such as '0.01' or '1e-05', got {text!r}"


@_rule("range-bounds-number", "error", sh.IntegerParameterRange, _api("IntegerParameterRange"))
def integer_bounds_are_integers(r: sh.IntegerParameterRange) -> Iterator[Finding]:
    """MinValue and MaxValue of an integer range are whole numbers.

    Source: API_IntegerParameterRange — "For a hyperparameter of the integer type,
    specifies the range that a hyperparameter tuning job searches."
    """
    for member, text in (("MinValue", r.min_value), ("MaxValue", r.max_value)):
        if isinstance(text, str) and parse_bound(text, integer=True) is None:
            yield (
                member,
                f"expected an integer such as '10' (no fraction or exponent), got {text!r}",
            )


def _min_le_max(r: Any) -> Iterator[Finding]:
    bounds = _bounds(r)
    if bounds is not None and bounds[0] > bounds[1]:
        yield "MinValue", f"expected MinValue <= MaxValue, got {r.min_value!r} > {r.max_value!r}"


@_rule("range-min-max", "error", sh.ContinuousParameterRange, _api("ContinuousParameterRange"))
def continuous_min_le_max(r: sh.ContinuousParameterRange) -> Iterator[Finding]:
    """MinValue is not above MaxValue.

    Source: API_ContinuousParameterRange — the tuning job uses values "between this value
    and ``MaxValue``".
    """
    return _min_le_max(r)


@_rule("range-min-max", "error", sh.IntegerParameterRange, _api("IntegerParameterRange"))
def integer_min_le_max(r: sh.IntegerParameterRange) -> Iterator[Finding]:
    """MinValue is not above MaxValue.

    Source: API_IntegerParameterRange — ``MinValue`` is "the minimum value of the
    hyperparameter to search", ``MaxValue`` the maximum.
    """
    return _min_le_max(r)


_SINGLETON_SOURCE = "https://github.com/aws/amazon-sagemaker-feedback/issues/195"


def _singleton(r: Any) -> Iterator[Finding]:
    bounds = _bounds(r)
    if bounds is not None and bounds[0] == bounds[1]:
        yield (
            "MaxValue",
            f"the range holds a single value ({r.min_value!r}); make it a static hyperparameter "
            f"instead — users report the service rejects singleton ranges {_UNCONFIRMED}",
        )


@_rule("range-singleton", "warning", sh.ContinuousParameterRange, _SINGLETON_SOURCE)
def continuous_not_singleton(r: sh.ContinuousParameterRange) -> Iterator[Finding]:
    """A continuous range spans more than one value.

    Source: aws/amazon-sagemaker-feedback#195, a feature request to allow singleton
    intervals such as ``ContinuousParameter(1, 1)``, which the service refuses today. Not
    stated in the API reference, hence a warning.
    """
    return _singleton(r)


@_rule("range-singleton", "warning", sh.IntegerParameterRange, _SINGLETON_SOURCE)
def integer_not_singleton(r: sh.IntegerParameterRange) -> Iterator[Finding]:
    """An integer range spans more than one value.

    Source: aws/amazon-sagemaker-feedback#195 (``IntegerParameter(1, 1)`` is refused). Not
    stated in the API reference, hence a warning.
    """
    return _singleton(r)


def _logarithmic(r: Any) -> Iterator[Finding]:
    bounds = _bounds(r)
    if r.scaling_type == "Logarithmic" and bounds is not None and bounds[0] <= 0:
        yield (
            "ScalingType",
            f"Logarithmic scaling needs a range of values > 0, got MinValue {r.min_value!r}",
        )


@_rule(
    "scaling-logarithmic",
    "error",
    sh.ContinuousParameterRange,
    _api("ContinuousParameterRange"),
)
def continuous_logarithmic_positive(r: sh.ContinuousParameterRange) -> Iterator[Finding]:
    """Logarithmic scaling only for ranges entirely above 0.

    Source: API_ContinuousParameterRange, ScalingType — "Logarithmic scaling works only for
    ranges that have only values greater than 0."
    """
    return _logarithmic(r)


@_rule("scaling-logarithmic", "error", sh.IntegerParameterRange, _api("IntegerParameterRange"))
def integer_logarithmic_positive(r: sh.IntegerParameterRange) -> Iterator[Finding]:
    """Logarithmic scaling only for ranges entirely above 0.

    Source: API_IntegerParameterRange, ScalingType — "Logarithmic scaling works only for
    ranges that have only values greater than 0."
    """
    return _logarithmic(r)


@_rule(
    "scaling-reverse-logarithmic",
    "error",
    sh.ContinuousParameterRange,
    _api("ContinuousParameterRange"),
)
def continuous_reverse_logarithmic_unit(r: sh.ContinuousParameterRange) -> Iterator[Finding]:
    """ReverseLogarithmic scaling only for ranges within 0 <= x < 1.

    Source: API_ContinuousParameterRange, ScalingType — "Reverse logarithmic scaling works
    only for ranges that are entirely within the range 0<=x<1.0."
    """
    bounds = _bounds(r)
    if r.scaling_type == "ReverseLogarithmic" and bounds is not None:
        if bounds[0] < 0 or bounds[1] >= 1:
            yield (
                "ScalingType",
                "ReverseLogarithmic scaling needs a range within 0 <= x < 1, got "
                f"{r.min_value!r} to {r.max_value!r}",
            )


@_rule(
    "scaling-reverse-logarithmic",
    "error",
    sh.IntegerParameterRange,
    _api("IntegerParameterRange"),
)
def integer_no_reverse_logarithmic(r: sh.IntegerParameterRange) -> Iterator[Finding]:
    """ReverseLogarithmic scaling only for continuous ranges.

    Source: API_IntegerParameterRange, ScalingType — lists only Auto, Linear and
    Logarithmic for integer ranges; a range of integers cannot lie within 0 <= x < 1 anyway.
    """
    if r.scaling_type == "ReverseLogarithmic":
        yield (
            "ScalingType",
            "ReverseLogarithmic scaling applies only to continuous ranges; "
            "use Auto, Linear or Logarithmic",
        )


@_rule("categorical-values-unique", "warning", sh.CategoricalParameterRange, _SINGLETON_SOURCE)
def categorical_values_unique(r: sh.CategoricalParameterRange) -> Iterator[Finding]:
    """The values of a categorical range are distinct.

    Source: aws/amazon-sagemaker-feedback#195, a feature request to allow duplicate values
    such as ``CategoricalParameter(["cat1", "cat1"])``, which the service refuses today. Not
    stated in the API reference, hence a warning.
    """
    seen: set[str] = set()
    for i, value in enumerate(_items(r.values)):
        if not isinstance(value, str):
            continue
        if value in seen:
            yield f"Values[{i}]", f"duplicate categorical value {value!r} {_UNCONFIRMED}"
        seen.add(value)


# ---------------------------------------------------------------------------------------------
# ParameterRanges

_MAX_RANGES = 30  # integer, continuous and categorical ranges together


@_rule("range-names-unique", "warning", sh.ParameterRanges, _api("ParameterRanges"))
def range_names_unique(ranges: sh.ParameterRanges) -> Iterator[Finding]:
    """A hyperparameter name appears in one range only.

    Source: API_ParameterRanges lists the ranges without saying; a training job's
    ``HyperParameters`` is a map, so one name can take one value only. No source states the
    service's check, hence a warning.
    """
    seen: set[str] = set()
    for member, items in (
        ("IntegerParameterRanges", ranges.integer_parameter_ranges),
        ("ContinuousParameterRanges", ranges.continuous_parameter_ranges),
        ("CategoricalParameterRanges", ranges.categorical_parameter_ranges),
        ("AutoParameters", ranges.auto_parameters),
    ):
        for i, r in enumerate(_items(items)):
            name = getattr(r, "name", None)
            if not isinstance(name, str):
                continue
            if name in seen:
                yield (
                    f"{member}[{i}].Name",
                    f"hyperparameter {name!r} already has a range; each name may be tuned once "
                    f"{_UNCONFIRMED}",
                )
            seen.add(name)


@_rule("range-count", "error", sh.ParameterRanges, _api("ParameterRanges"))
def range_count(ranges: sh.ParameterRanges) -> Iterator[Finding]:
    """At most 30 integer, continuous and categorical ranges in all.

    Source: API_ParameterRanges — "the sum of the number of hyperparameters for all the
    ranges can't exceed the maximum number specified" (30 items per kind), and the
    developer guide's automatic-model-tuning-limits: 30 hyperparameters can be searched.
    """
    count = _range_count(ranges)
    if count > _MAX_RANGES:
        yield "", f"expected at most {_MAX_RANGES} ranges across the three kinds, got {count}"


# ---------------------------------------------------------------------------------------------
# Tuning job configuration


@_rule(
    "strategy-config-hyperband",
    "warning",
    sh.HyperParameterTuningJobConfig,
    _api("HyperParameterTuningJobConfig"),
)
def strategy_config_only_with_hyperband(
    config: sh.HyperParameterTuningJobConfig,
) -> Iterator[Finding]:
    """StrategyConfig.HyperbandStrategyConfig only with Strategy Hyperband.

    Source: API_HyperParameterTuningJobConfig, StrategyConfig — "This parameter should be
    provided only if ``Hyperband`` is selected as the strategy"; API_HyperParameterTuningJobStrategyConfig
    — "only supported for the ``Hyperband`` selection for ``Strategy``". Advice, not a
    rejection: terraform-provider-aws's acceptance test ``_strategyConfig``
    (``internal/service/sagemaker/hyper_parameter_tuning_job_test.go``) creates a job with
    Strategy ``Bayesian`` and a HyperbandStrategyConfig, and the service accepts it and
    describes it back; hence a warning (the setting has no effect outside Hyperband).
    """
    sc = config.strategy_config
    if (
        isinstance(sc, sh.HyperParameterTuningJobStrategyConfig)
        and sc.hyperband_strategy_config is not None
        and config.strategy != "Hyperband"
    ):
        yield (
            "StrategyConfig.HyperbandStrategyConfig",
            "HyperbandStrategyConfig only applies to Strategy 'Hyperband'; with "
            f"{str(config.strategy)!r} it has no effect (the service accepts it)",
        )


@_rule(
    "hyperband-early-stopping",
    "error",
    sh.HyperParameterTuningJobConfig,
    _api("HyperParameterTuningJobConfig"),
)
def hyperband_without_early_stopping(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """Hyperband requires TrainingJobEarlyStoppingType Off.

    Source: API_HyperParameterTuningJobConfig, TrainingJobEarlyStoppingType — "Because the
    ``Hyperband`` strategy has its own advanced internal early stopping mechanism,
    ``TrainingJobEarlyStoppingType`` must be ``OFF`` to use ``Hyperband``."
    """
    if config.strategy == "Hyperband" and config.training_job_early_stopping_type == "Auto":
        yield (
            "TrainingJobEarlyStoppingType",
            "the Hyperband strategy stops jobs itself; expected 'Off' (or omitted), got 'Auto'",
        )


def _combinations(ranges: Any) -> int | None:
    """How many distinct configurations the ranges allow; ``None`` if any range is continuous."""
    if not isinstance(ranges, sh.ParameterRanges) or _items(ranges.continuous_parameter_ranges):
        return None
    total = 1
    for r in _items(ranges.integer_parameter_ranges):
        bounds = _bounds(r) if isinstance(r, sh.IntegerParameterRange) else None
        if bounds is None or bounds[0] > bounds[1]:
            return None
        total *= int(bounds[1] - bounds[0]) + 1
    for r in _items(ranges.categorical_parameter_ranges):
        if not isinstance(r, sh.CategoricalParameterRange):
            return None
        total *= len({v for v in _items(r.values) if isinstance(v, str)}) or 1
    return total if _range_count(ranges) else None


@_rule(
    "grid-categorical-only",
    "error",
    sh.HyperParameterTuningJobConfig,
    _guide("automatic-model-tuning-how-it-works"),
)
def grid_categorical_only(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """Grid search takes categorical ranges only.

    Source: developer guide, automatic-model-tuning-how-it-works, Grid search — "Only
    categorical parameters are supported when using the grid search strategy."
    """
    ranges = config.parameter_ranges
    if config.strategy != "Grid" or not isinstance(ranges, sh.ParameterRanges):
        return
    for member, items in (
        ("IntegerParameterRanges", ranges.integer_parameter_ranges),
        ("ContinuousParameterRanges", ranges.continuous_parameter_ranges),
    ):
        if _items(items):
            yield (
                f"ParameterRanges.{member}",
                "the Grid strategy supports only CategoricalParameterRanges; "
                "list the values to try as a categorical range",
            )


@_rule(
    "grid-max-jobs",
    "warning",
    sh.HyperParameterTuningJobConfig,
    _guide("automatic-model-tuning-how-it-works"),
)
def grid_max_jobs_matches(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """With Grid search, MaxNumberOfTrainingJobs, if given, equals the number of combinations.

    Source: developer guide, automatic-model-tuning-how-it-works, Grid search — "If
    specified, the value of ``MaxNumberOfTrainingJobs`` should equal the total number of
    distinct categorical combinations possible."
    """
    limits = config.resource_limits
    if config.strategy != "Grid" or not isinstance(limits, sh.ResourceLimits):
        return
    wanted = _int(limits.max_number_of_training_jobs)
    combos = _combinations(config.parameter_ranges)
    if wanted is not None and combos is not None and wanted != combos:
        yield (
            "ResourceLimits.MaxNumberOfTrainingJobs",
            f"the grid has {combos} combinations; the developer guide advises "
            f"MaxNumberOfTrainingJobs equal to that (or omitted), got {wanted}",
        )


@_rule(
    "range-combinations",
    "error",
    sh.HyperParameterTuningJobConfig,
    "https://github.com/aws/amazon-sagemaker-operator-for-k8s/issues/123",
)
def enough_combinations(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """Discrete ranges allow at least MaxNumberOfTrainingJobs combinations.

    Source: the service's ValidationException quoted in
    aws/amazon-sagemaker-operator-for-k8s#123 — "The total number of hyperparameter
    combinations for the provided ranges [3.0] must be equal or greater than the value of
    MaxNumberOfJobs, [10]." Applies when no range is continuous; Grid search is covered by
    ``grid-max-jobs``.
    """
    limits = config.resource_limits
    if config.strategy == "Grid" or not isinstance(limits, sh.ResourceLimits):
        return
    wanted = _int(limits.max_number_of_training_jobs)
    combos = _combinations(config.parameter_ranges)
    if wanted is not None and combos is not None and combos < wanted:
        yield (
            "ResourceLimits.MaxNumberOfTrainingJobs",
            f"the ranges allow only {combos} distinct combinations, fewer than "
            f"MaxNumberOfTrainingJobs {wanted}; widen the ranges or lower the limit",
        )


# Default quotas from the developer guide's automatic-model-tuning-limits table.
_MAX_PARALLEL_TRAINING_JOBS = 100
_MAX_TRAINING_JOBS = {"Random": 10000}
_DEFAULT_MAX_TRAINING_JOBS = 750
_MAX_TUNING_RUNTIME_SECONDS = 30 * 24 * 3600
_LIMITS = _guide("automatic-model-tuning-limits")


@_rule("limit-parallel-training-jobs", "error", sh.ResourceLimits, _LIMITS)
def parallel_jobs_within_quota(limits: sh.ResourceLimits) -> Iterator[Finding]:
    """MaxParallelTrainingJobs at most 100.

    Source: developer guide, automatic-model-tuning-limits — "Number of parallel training
    jobs per hyperparameter tuning job": default 10, can be increased to 100.
    """
    n = _int(limits.max_parallel_training_jobs)
    if n is not None and n > _MAX_PARALLEL_TRAINING_JOBS:
        yield (
            "MaxParallelTrainingJobs",
            f"expected at most {_MAX_PARALLEL_TRAINING_JOBS} parallel training jobs "
            f"(the highest quota available), got {n}",
        )


@_rule("parallel-jobs-max", "warning", sh.ResourceLimits, _api("ResourceLimits"))
def parallel_le_max_jobs(limits: sh.ResourceLimits) -> Iterator[Finding]:
    """MaxParallelTrainingJobs is not above MaxNumberOfTrainingJobs.

    Source: API_ResourceLimits describes them as the maximum concurrent and the maximum
    total number of training jobs; no source says the service rejects more parallel than
    total jobs, hence a warning.
    """
    parallel = _int(limits.max_parallel_training_jobs)
    total = _int(limits.max_number_of_training_jobs)
    if parallel is not None and total is not None and parallel > total:
        yield (
            "MaxParallelTrainingJobs",
            f"{parallel} parallel training jobs exceed MaxNumberOfTrainingJobs {total} "
            f"{_UNCONFIRMED}",
        )


@_rule("limit-training-jobs", "error", sh.HyperParameterTuningJobConfig, _LIMITS)
def training_jobs_within_quota(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """MaxNumberOfTrainingJobs within the strategy's highest quota.

    Source: developer guide, automatic-model-tuning-limits — training jobs per tuning job:
    750 for Bayesian, Hyperband and Grid (cannot be increased), 750 for Random (can be
    increased to 10000).
    """
    limits = config.resource_limits
    if not isinstance(limits, sh.ResourceLimits):
        return
    n = _int(limits.max_number_of_training_jobs)
    ceiling = _MAX_TRAINING_JOBS.get(str(config.strategy), _DEFAULT_MAX_TRAINING_JOBS)
    if n is not None and n > ceiling:
        yield (
            "ResourceLimits.MaxNumberOfTrainingJobs",
            f"expected at most {ceiling} training jobs for the {str(config.strategy)} strategy, "
            f"got {n}",
        )


@_rule("limit-training-jobs-quota", "warning", sh.HyperParameterTuningJobConfig, _LIMITS)
def training_jobs_default_quota(config: sh.HyperParameterTuningJobConfig) -> Iterator[Finding]:
    """Random search above the default quota of 750 training jobs needs a quota increase.

    Source: developer guide, automatic-model-tuning-limits — "[Random search] Number of
    training jobs per hyperparameter tuning job": default 750, can be increased to 10000.
    """
    limits = config.resource_limits
    if config.strategy != "Random" or not isinstance(limits, sh.ResourceLimits):
        return
    n = _int(limits.max_number_of_training_jobs)
    if n is not None and _DEFAULT_MAX_TRAINING_JOBS < n <= _MAX_TRAINING_JOBS["Random"]:
        yield (
            "ResourceLimits.MaxNumberOfTrainingJobs",
            f"{n} training jobs exceed the default quota of {_DEFAULT_MAX_TRAINING_JOBS}; "
            "the request fails unless the account's quota was increased",
        )


@_rule("limit-tuning-runtime", "warning", sh.ResourceLimits, _LIMITS)
def tuning_runtime_within_quota(limits: sh.ResourceLimits) -> Iterator[Finding]:
    """ResourceLimits.MaxRuntimeInSeconds at most 30 days.

    Source: developer guide, automatic-model-tuning-limits — "Maximum run time for a
    hyperparameter tuning job: 30 days". The model allows up to 15768000 s (182.5 days), so
    the two sources disagree: a warning.
    """
    n = _int(limits.max_runtime_in_seconds)
    if n is not None and n > _MAX_TUNING_RUNTIME_SECONDS:
        yield (
            "MaxRuntimeInSeconds",
            f"{n} s exceeds the documented 30-day ({_MAX_TUNING_RUNTIME_SECONDS} s) maximum "
            "run time of a tuning job",
        )


_MAX_HYPERBAND_RESOURCE = 20000


@_rule(
    "hyperband-max-resource",
    "error",
    sh.HyperbandStrategyConfig,
    _api("HyperbandStrategyConfig"),
)
def hyperband_max_resource(band: sh.HyperbandStrategyConfig) -> Iterator[Finding]:
    """MaxResource at most 20000.

    Source: API_HyperbandStrategyConfig, MaxResource — "The maximum value is 20,000 epochs."
    """
    n = _int(band.max_resource)
    if n is not None and n > _MAX_HYPERBAND_RESOURCE:
        yield "MaxResource", f"expected at most {_MAX_HYPERBAND_RESOURCE}, got {n}"


@_rule(
    "hyperband-min-max-resource",
    "warning",
    sh.HyperbandStrategyConfig,
    _api("HyperbandStrategyConfig"),
)
def hyperband_min_le_max(band: sh.HyperbandStrategyConfig) -> Iterator[Finding]:
    """MinResource is not above MaxResource.

    Source: API_HyperbandStrategyConfig defines MinResource and MaxResource as the minimum
    and maximum resources of a training job; their order is not stated, hence a warning.
    """
    low, high = _int(band.min_resource), _int(band.max_resource)
    if low is not None and high is not None and low > high:
        yield "MinResource", f"MinResource {low} exceeds MaxResource {high} {_UNCONFIRMED}"


# ---------------------------------------------------------------------------------------------
# Training job definitions

_MAX_TRAINING_RUNTIME_SECONDS = 28 * 24 * 3600


@_rule("max-runtime-limit", "error", sh.StoppingCondition, _api("StoppingCondition"))
def training_runtime_limit(stop: sh.StoppingCondition) -> Iterator[Finding]:
    """StoppingCondition.MaxRuntimeInSeconds at most 28 days.

    Source: API_StoppingCondition, MaxRuntimeInSeconds — "The default value is 1 day. The
    maximum value is 28 days."
    """
    n = _int(stop.max_runtime_in_seconds)
    if n is not None and n > _MAX_TRAINING_RUNTIME_SECONDS:
        yield (
            "MaxRuntimeInSeconds",
            f"expected at most {_MAX_TRAINING_RUNTIME_SECONDS} s (28 days), got {n}",
        )


@_rule(
    "spot-max-wait-required",
    "error",
    sh.HyperParameterTrainingJobDefinition,
    _guide("model-managed-spot-training"),
)
def spot_needs_max_wait(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """Managed spot training sets StoppingCondition.MaxWaitTimeInSeconds.

    Source: developer guide, model-managed-spot-training — "Set ``EnableManagedSpotTraining``
    to ``True`` and specify the ``MaxWaitTimeInSeconds``."
    """
    stop = d.stopping_condition
    if d.enable_managed_spot_training is True and (
        not isinstance(stop, sh.StoppingCondition) or stop.max_wait_time_in_seconds is None
    ):
        yield (
            "StoppingCondition.MaxWaitTimeInSeconds",
            "managed spot training (EnableManagedSpotTraining true) requires MaxWaitTimeInSeconds",
        )


@_rule("spot-max-wait-runtime", "error", sh.StoppingCondition, _api("StoppingCondition"))
def max_wait_covers_runtime(stop: sh.StoppingCondition) -> Iterator[Finding]:
    """MaxWaitTimeInSeconds is at least MaxRuntimeInSeconds.

    Source: API_StoppingCondition, MaxWaitTimeInSeconds — "It must be equal to or greater
    than ``MaxRuntimeInSeconds``."
    """
    wait, run = _int(stop.max_wait_time_in_seconds), _int(stop.max_runtime_in_seconds)
    if wait is not None and run is not None and wait < run:
        yield (
            "MaxWaitTimeInSeconds",
            f"expected MaxWaitTimeInSeconds >= MaxRuntimeInSeconds ({run}), got {wait}",
        )


@_rule(
    "algorithm-name-or-image",
    "error",
    sh.HyperParameterTrainingJobDefinition,
    _api("HyperParameterAlgorithmSpecification"),
)
def algorithm_name_xor_image(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """AlgorithmName and TrainingImage are not both given.

    Source: API_HyperParameterAlgorithmSpecification, AlgorithmName — "If you specify a
    value for this parameter, do not specify a value for ``TrainingImage``."
    """
    spec = d.algorithm_specification
    if (
        isinstance(spec, sh.HyperParameterAlgorithmSpecification)
        and spec.algorithm_name is not None
        and spec.training_image is not None
    ):
        yield (
            "AlgorithmSpecification.TrainingImage",
            "give either AlgorithmName or TrainingImage, not both",
        )


@_rule(
    "algorithm-missing",
    "warning",
    sh.HyperParameterTrainingJobDefinition,
    _api("HyperParameterAlgorithmSpecification"),
)
def algorithm_given(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """One of AlgorithmName and TrainingImage is given.

    Source: API_HyperParameterAlgorithmSpecification marks both optional; a training job
    needs an algorithm, but no source states the service's check, hence a warning.
    """
    spec = d.algorithm_specification
    if (
        isinstance(spec, sh.HyperParameterAlgorithmSpecification)
        and spec.algorithm_name is None
        and spec.training_image is None
    ):
        yield (
            "AlgorithmSpecification",
            f"neither AlgorithmName nor TrainingImage is given; training jobs need one {_UNCONFIRMED}",
        )


@_rule(
    "instance-configs-exclusive",
    "error",
    sh.HyperParameterTuningResourceConfig,
    _api("HyperParameterTuningResourceConfig"),
)
def instance_configs_exclusive(rc: sh.HyperParameterTuningResourceConfig) -> Iterator[Finding]:
    """InstanceConfigs excludes InstanceType, VolumeSizeInGB and InstanceCount.

    Source: API_HyperParameterTuningResourceConfig, InstanceConfigs — "If you use
    ``InstanceConfigs``, do not provide values for ``InstanceType``, ``VolumeSizeInGB`` or
    ``InstanceCount``."
    """
    if not _items(rc.instance_configs):
        return
    for member, value in (
        ("InstanceType", rc.instance_type),
        ("VolumeSizeInGB", rc.volume_size_in_gb),
        ("InstanceCount", rc.instance_count),
    ):
        if value is not None:
            yield member, f"{member} must be omitted when InstanceConfigs is given"


@_rule(
    "resource-config-choice",
    "warning",
    sh.HyperParameterTrainingJobDefinition,
    _api("HyperParameterTrainingJobDefinition"),
)
def one_resource_config(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """Exactly one of ResourceConfig and HyperParameterTuningResourceConfig.

    Source: API_HyperParameterTrainingJobDefinition, ResourceConfig — "If you want to use
    hyperparameter optimization with instance type flexibility, use
    ``HyperParameterTuningResourceConfig`` instead." Whether the service rejects both or
    neither is not stated, hence a warning.
    """
    given = [d.resource_config is not None, d.hyper_parameter_tuning_resource_config is not None]
    if all(given):
        yield (
            "HyperParameterTuningResourceConfig",
            f"give ResourceConfig or HyperParameterTuningResourceConfig, not both {_UNCONFIRMED}",
        )
    elif not any(given):
        yield (
            "ResourceConfig",
            f"neither ResourceConfig nor HyperParameterTuningResourceConfig is given {_UNCONFIRMED}",
        )


def _objective_findings(objective: Any, d: Any, where: str) -> Iterator[Finding]:
    """The objective metric against a definition's MetricDefinitions (custom images only)."""
    if not isinstance(objective, sh.HyperParameterTuningJobObjective) or not isinstance(
        d, sh.HyperParameterTrainingJobDefinition
    ):
        return
    spec = d.algorithm_specification
    if not isinstance(spec, sh.HyperParameterAlgorithmSpecification) or spec.training_image is None:
        return
    names = [m.name for m in _items(spec.metric_definitions) if isinstance(m, sh.MetricDefinition)]
    if names and objective.metric_name not in names:
        yield (
            where,
            f"objective metric {objective.metric_name!r} is not defined in "
            f"AlgorithmSpecification.MetricDefinitions ({_quote(names)})",
        )


_OBJECTIVE_SOURCE = _api("MetricDefinition")


@_rule(
    "objective-metric-defined", "error", sh.HyperParameterTrainingJobDefinition, _OBJECTIVE_SOURCE
)
def tuning_objective_defined(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """A custom image's objective metric is one of its MetricDefinitions.

    Source: API_MetricDefinition — "Specify one of the defined metrics to use as an
    objective metric using the TuningObjective parameter"; the service answers
    "A metric is required for this hyperparameter tuning job objective. Provide a metric in
    the metric definitions." (aws/amazon-sagemaker-examples#1207). Checked when the
    definition uses a TrainingImage and lists MetricDefinitions.
    """
    return _objective_findings(d.tuning_objective, d, "TuningObjective.MetricName")


# The service's words for a custom image whose objective has nothing to read it from.
_METRIC_REQUIRED = (
    "A metric is required for this hyperparameter tuning job objective. Provide a metric in "
    "the metric definitions."
)
_METRIC_REQUIRED_SOURCE = "https://github.com/aws/sagemaker-python-sdk/issues/3932"
_BUILTIN_OVERRIDE_SOURCE = "https://github.com/awslabs/mlspace/pull/68"
_DEFINE_METRICS = _guide("automatic-model-tuning-define-metrics-variables")


def _image_kind(d: Any) -> str | None:
    """``"custom"`` or ``"built-in"`` for a definition's TrainingImage; ``None`` without one.

    An ``AlgorithmName`` (an algorithm resource) brings its own metric definitions and is
    neither. Built-in images are recognised by their ECR repository, as
    :func:`sagemaker_tuning.requests.is_built_in_image` does.
    """
    spec = getattr(d, "algorithm_specification", None)
    if not isinstance(spec, sh.HyperParameterAlgorithmSpecification):
        return None
    image = spec.training_image
    if not isinstance(image, str) or not image or spec.algorithm_name is not None:
        return None
    # Imported here: requests imports this module.
    from sagemaker_tuning.workflows.requests import is_built_in_image

    return "built-in" if is_built_in_image(image) else "custom"


def _metric_definitions(d: Any) -> tuple[sh.MetricDefinition, ...]:
    spec = d.algorithm_specification
    return tuple(m for m in _items(spec.metric_definitions) if isinstance(m, sh.MetricDefinition))


def _needs_metrics(d: Any, objective: Any, where: str) -> Iterator[Finding]:
    if (
        isinstance(objective, sh.HyperParameterTuningJobObjective)
        and _image_kind(d) == "custom"
        and not _metric_definitions(d)
    ):
        yield (
            where,
            f"{_METRIC_REQUIRED} A custom TrainingImage must define the objective metric "
            f"{objective.metric_name!r} with a Name and a Regex that finds its value in the "
            "training log; only SageMaker's built-in algorithms supply their own",
        )


@_rule(
    "metric-definitions-required",
    "error",
    sh.HyperParameterTrainingJobDefinition,
    _METRIC_REQUIRED_SOURCE,
)
def tuning_objective_has_metrics(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """A custom image with an objective lists MetricDefinitions.

    Source: the service's ValidationException quoted in aws/sagemaker-python-sdk#3932 and
    aws/amazon-sagemaker-examples#1207 — "A metric is required for this hyperparameter
    tuning job objective. Provide a metric in the metric definitions."; the developer guide
    (automatic-model-tuning-define-metrics-variables): built-in algorithms' "metrics are
    already defined for you", a custom algorithm defines its own. Not for built-in images
    or an AlgorithmName. Here: the definition's own TuningObjective; the request-level
    check covers the tuning job's objective.
    """
    return _needs_metrics(d, d.tuning_objective, "AlgorithmSpecification.MetricDefinitions")


@_rule(
    "builtin-metric-definitions",
    "warning",
    sh.HyperParameterTrainingJobDefinition,
    _BUILTIN_OVERRIDE_SOURCE,
)
def builtin_without_metrics(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """A built-in algorithm's image lists no MetricDefinitions of its own.

    Source: awslabs/mlspace#68 and its code, which retry a request the service refused with
    "You can't override the metric definitions for Amazon SageMaker algorithms. Please retry
    the request without specifying metric definitions."; the developer guide
    (automatic-model-tuning-define-metrics-variables): built-in algorithms' metrics "are
    already defined for you". The image is recognised by its repository name only, and a
    private repository may carry the same name, hence a warning.
    """
    if _image_kind(d) == "built-in" and _metric_definitions(d):
        yield (
            "AlgorithmSpecification.MetricDefinitions",
            "built-in algorithms supply their own metric definitions and the service refuses "
            "others (\"You can't override the metric definitions for Amazon SageMaker "
            'algorithms"); remove MetricDefinitions unless this image is your own',
        )


@_rule("metric-regex", "warning", sh.HyperParameterTrainingJobDefinition, _DEFINE_METRICS)
def metric_regexes_usable(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """Every MetricDefinitions regex compiles and has a capturing group for the value.

    Source: developer guide, automatic-model-tuning-define-metrics-variables — "Design the
    regular expressions to capture the values of metrics that your algorithm emits"; the
    value is the regex's first group. The service's regex dialect is not documented (Java
    is likely), so a regex Python's ``re`` cannot compile may still work there, and no
    source states that the service refuses either case, hence a warning. The local engine
    (``sagemaker_tuning.local``) cannot extract such a metric.
    """
    if not isinstance(d.algorithm_specification, sh.HyperParameterAlgorithmSpecification):
        return
    from sagemaker_tuning.local._metrics import compile_metric_regex

    for i, m in enumerate(_items(d.algorithm_specification.metric_definitions)):
        if not isinstance(m, sh.MetricDefinition) or not isinstance(m.regex, str):
            continue
        try:
            compile_metric_regex(m.regex)
        except ValueError as error:
            yield (
                f"AlgorithmSpecification.MetricDefinitions[{i}].Regex",
                f"{error} (Python's re; the service's dialect is not documented)",
            )


def _static_overlap(statics: Mapping[str, Any], ranges: Any, where: str) -> Iterator[Finding]:
    for name in _range_names(ranges):
        if name in statics:
            yield (
                f"{where}[{name}]",
                f"hyperparameter {name!r} is both static and tuned; remove it from "
                f"StaticHyperParameters {_UNCONFIRMED}",
            )


_DEFINE_RANGES = _guide("automatic-model-tuning-define-ranges")


@_rule("static-range-overlap", "warning", sh.HyperParameterTrainingJobDefinition, _DEFINE_RANGES)
def statics_not_tuned(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """A hyperparameter is either static or tuned, not both.

    Source: developer guide, automatic-model-tuning-define-ranges, which separates static
    hyperparameters ("do not change over the course of the tuning job") from tunable ones;
    no source states the service's check, hence a warning. Here: the definition's own
    HyperParameterRanges; the request-level check covers the tuning job's ParameterRanges.
    """
    return _static_overlap(
        _map(d.static_hyper_parameters), d.hyper_parameter_ranges, "StaticHyperParameters"
    )


_MAX_HYPERPARAMETERS = 100


def _hyperparameter_total(statics: Mapping[str, Any], ranges: Any) -> int:
    return len(statics) + _range_count(ranges)


def _too_many(statics: Mapping[str, Any], ranges: Any, where: str) -> Iterator[Finding]:
    total = _hyperparameter_total(statics, ranges)
    if total > _MAX_HYPERPARAMETERS:
        yield (
            where,
            f"expected at most {_MAX_HYPERPARAMETERS} hyperparameters, static plus tunable, "
            f"got {len(statics)} static + {total - len(statics)} tunable",
        )


def _at_limit(statics: Mapping[str, Any], ranges: Any, where: str) -> Iterator[Finding]:
    if _hyperparameter_total(statics, ranges) == _MAX_HYPERPARAMETERS:
        yield (
            where,
            f"{_MAX_HYPERPARAMETERS} hyperparameters leave no room for _tuning_objective_metric, "
            "which SageMaker adds and counts against the same limit",
        )


@_rule("hyperparameter-limit", "error", sh.HyperParameterTrainingJobDefinition, _DEFINE_RANGES)
def hyperparameter_limit(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
    """At most 100 hyperparameters, static plus tunable.

    Source: developer guide, automatic-model-tuning-define-ranges — "You can use up to 100
    hyperparameters in total (static + tunable)." Here with the definition's own
    HyperParameterRanges; the request-level check uses the tuning job's ParameterRanges.
    """
    if d.hyper_parameter_ranges is None:
        return iter(())
    statics = _map(d.static_hyper_parameters)
    return _too_many(statics, d.hyper_parameter_ranges, "StaticHyperParameters")


@_rule(
    "hyperparameter-limit-objective",
    "warning",
    sh.HyperParameterTrainingJobDefinition,
    _DEFINE_RANGES,
)
def hyperparameter_room_for_objective(
    d: sh.HyperParameterTrainingJobDefinition,
) -> Iterator[Finding]:
    """Exactly 100 hyperparameters leave no room for the one SageMaker adds.

    Source: developer guide, automatic-model-tuning-define-ranges — "SageMaker Automatic
    Model Tuning (AMT) may add additional hyperparameters(s) that contribute to the limit of
    100 total hyperparameters. Currently, ... SageMaker adds ``_tuning_objective_metric``
    automatically." "May" makes it a warning.
    """
    if d.hyper_parameter_ranges is None:
        return iter(())
    statics = _map(d.static_hyper_parameters)
    return _at_limit(statics, d.hyper_parameter_ranges, "StaticHyperParameters")


# ---------------------------------------------------------------------------------------------
# Credentials in hyperparameters and environment variables

_CREDENTIALS_SOURCE = _api("CreateHyperParameterTuningJob")
_KIND_TEXT = {
    "access-key-id": "an AWS access key ID",
    "secret-key": "an AWS secret access key",
    "session-token": "an AWS session token",
}


def _credential_findings(entries: Iterable[tuple[str, str, str]], kind: str) -> Iterator[Finding]:
    """Findings of one credential kind over (path, name, value) entries; never echoes a value."""
    reported: set[str] = set()
    for where, name, value in entries:
        if where not in reported and kind in credential_kinds(name, value):
            reported.add(where)
            yield (
                where,
                f"value looks like {_KIND_TEXT[kind]}; SageMaker rejects credentials in "
                "hyperparameters, and anyone who can describe the job would see them — "
                "use the training job's IAM role instead (value not shown)",
            )


def _entry_path(member: str, key: Any) -> str:
    # A key that itself looks like a credential must not appear in the path either.
    return f"{member}[{path_key(key)}]"


def _definition_entries(d: sh.HyperParameterTrainingJobDefinition) -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for member, mapping in (
        ("StaticHyperParameters", d.static_hyper_parameters),
        ("Environment", d.environment),
    ):
        for key, value in _map(mapping).items():
            if isinstance(key, str) and isinstance(value, str):
                entries.append((_entry_path(member, key), key, value))
                entries.append((_entry_path(member, key), "", key))
    return entries


def _categorical_entries(r: sh.CategoricalParameterRange) -> list[tuple[str, str, str]]:
    name = r.name if isinstance(r.name, str) else ""
    return [
        (f"Values[{j}]", name, value)
        for j, value in enumerate(_items(r.values))
        if isinstance(value, str)
    ]


def _autotune_entries(ranges: sh.ParameterRanges) -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for i, a in enumerate(_items(ranges.auto_parameters)):
        if isinstance(a, sh.AutoParameter) and isinstance(a.value_hint, str):
            name = a.name if isinstance(a.name, str) else ""
            entries.append((f"AutoParameters[{i}].ValueHint", name, a.value_hint))
    return entries


def _register_credential_rule(kind: str) -> None:
    rule_id = f"credentials-{kind}"
    what = _KIND_TEXT[kind]

    def in_definition(d: sh.HyperParameterTrainingJobDefinition) -> Iterator[Finding]:
        return _credential_findings(_definition_entries(d), kind)

    def in_categorical(r: sh.CategoricalParameterRange) -> Iterator[Finding]:
        return _credential_findings(_categorical_entries(r), kind)

    def in_autotune(ranges: sh.ParameterRanges) -> Iterator[Finding]:
        return _credential_findings(_autotune_entries(ranges), kind)

    doc = f"""No {what} in static hyperparameters, environment variables or range values.

    Source: API_CreateHyperParameterTuningJob — "Do not include any security-sensitive
    information including account access IDs, secrets, or tokens in any hyperparameter
    fields." Earlier editions: "If the use of security-sensitive credentials are detected,
    SageMaker will reject your training job request and return an exception error."
    Messages never include the value.
    """
    checks: tuple[tuple[CheckFn, type[Any]], ...] = (
        (in_definition, sh.HyperParameterTrainingJobDefinition),
        (in_categorical, sh.CategoricalParameterRange),
        (in_autotune, sh.ParameterRanges),
    )
    for fn, target in checks:
        fn.__name__ = fn.__qualname__ = f"no_{kind.replace('-', '_')}_in_{fn.__name__[3:]}"
        fn.__doc__ = doc
        _rule(rule_id, "error", target, _CREDENTIALS_SOURCE)(fn)


for _kind in ("access-key-id", "secret-key", "session-token"):
    _register_credential_rule(_kind)


# ---------------------------------------------------------------------------------------------
# The request as a whole

Request = sh.CreateHyperParameterTuningJobRequest
_CREATE = _api("CreateHyperParameterTuningJob")
_MULTI = _guide("multiple-algorithm-hpo-create-tuning-jobs")


def _config(request: Request) -> sh.HyperParameterTuningJobConfig | None:
    config = request.hyper_parameter_tuning_job_config
    return config if isinstance(config, sh.HyperParameterTuningJobConfig) else None


@_rule("training-job-definition-required", "error", Request, _MULTI)
def some_definition(request: Request) -> Iterator[Finding]:
    """A tuning job has TrainingJobDefinition or TrainingJobDefinitions.

    Source: developer guide, multiple-algorithm-hpo-create-tuning-jobs — "You must provide
    at least one TrainingJobDefinition for each HPO tuning job"; without one there is no
    training job to run. The SageMaker Python SDK v2 (``session.create_tuning_job``)
    refuses such a request too.
    """
    if request.training_job_definition is None and request.training_job_definitions is None:
        yield (
            "TrainingJobDefinition",
            "a tuning job needs TrainingJobDefinition or TrainingJobDefinitions; neither is given",
        )


@_rule("training-job-definition-choice", "warning", Request, _CREATE)
def one_kind_of_definition(request: Request) -> Iterator[Finding]:
    """Not both TrainingJobDefinition and TrainingJobDefinitions.

    Source: API_CreateHyperParameterTuningJob marks both optional and describes them as
    alternatives; the SageMaker Python SDK v2 (``session.create_tuning_job``) refuses both
    before sending, but no source states the service's own check, hence a warning.
    """
    if request.training_job_definition is not None and request.training_job_definitions is not None:
        yield (
            "TrainingJobDefinitions",
            f"give TrainingJobDefinition or TrainingJobDefinitions, not both {_UNCONFIRMED}",
        )


_TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"


@_rule("tag-keys-unique", "error", Request, _TAGGING)
def tag_keys_unique(request: Request) -> Iterator[Finding]:
    """Each tag key appears once.

    Source: Tagging AWS resources (tag-editor user guide, tagging), tag naming limits and
    requirements — "For each resource, each tag key must be unique, and each tag key can
    have only one value"; the same words in the Tag pages of other services' API references.
    """
    seen: dict[str, int] = {}
    for i, tag in enumerate(_items(request.tags)):
        key = getattr(tag, "key", None)
        if not isinstance(key, str):
            continue  # the model reports a missing or malformed key
        if key in seen:
            yield f"Tags[{i}].Key", f"tag key {key!r} is already given by Tags[{seen[key]}]"
        else:
            seen[key] = i


@_rule("objective-metric-defined", "error", Request, _OBJECTIVE_SOURCE)
def job_objective_defined(request: Request) -> Iterator[Finding]:
    """The tuning job's objective metric is one of the definition's MetricDefinitions.

    Source: as for the definition's TuningObjective — API_MetricDefinition and the service's
    "A metric is required for this hyperparameter tuning job objective" answer. Applies to
    HyperParameterTuningJobConfig.HyperParameterTuningJobObjective for definitions that
    carry no TuningObjective of their own.
    """
    config = _config(request)
    if config is None:
        return
    for _path, d in _definitions(request):
        if d.tuning_objective is None:
            yield from _objective_findings(
                config.hyper_parameter_tuning_job_objective,
                d,
                "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName",
            )


@_rule("metric-definitions-required", "error", Request, _METRIC_REQUIRED_SOURCE)
def job_objective_has_metrics(request: Request) -> Iterator[Finding]:
    """A custom image tuned for the job's objective lists MetricDefinitions.

    Source: as for the definition's TuningObjective — the service's answer quoted in
    aws/sagemaker-python-sdk#3932. Applies to
    HyperParameterTuningJobConfig.HyperParameterTuningJobObjective for every definition
    (TrainingJobDefinition and each TrainingJobDefinitions entry) that carries no
    TuningObjective of its own.
    """
    config = _config(request)
    if config is None:
        return
    for path, d in _definitions(request):
        if d.tuning_objective is None:
            yield from _needs_metrics(
                d,
                config.hyper_parameter_tuning_job_objective,
                f"{path}.AlgorithmSpecification.MetricDefinitions",
            )


@_rule("objective-required", "warning", Request, _api("HyperParameterTuningJobObjective"))
def objective_given(request: Request) -> Iterator[Finding]:
    """Every training job definition has an objective.

    Source: API_HyperParameterTuningJobObjective — tuning "returns the training job that
    results in either the highest or lowest value for this metric"; the member is optional
    in the model and no source states the service's check, hence a warning.
    """
    config = _config(request)
    if config is None or config.hyper_parameter_tuning_job_objective is not None:
        return
    for path, d in _definitions(request):
        if d.tuning_objective is None:
            yield (
                f"{path}.TuningObjective",
                "no objective: set HyperParameterTuningJobConfig.HyperParameterTuningJobObjective "
                f"or the definition's TuningObjective {_UNCONFIRMED}",
            )


@_rule("ranges-required", "warning", Request, _api("HyperParameterTuningJobConfig"))
def ranges_given(request: Request) -> Iterator[Finding]:
    """Every training job definition has ranges to search, unless Autotune chooses them.

    Source: API_HyperParameterTuningJobConfig, ParameterRanges — the ranges "that this
    tuning job searches over"; optional in the model since Autotune, and no source states
    the service's check, hence a warning.
    """
    config = _config(request)
    autotune = request.autotune
    if config is None or config.parameter_ranges is not None:
        return
    if isinstance(autotune, sh.Autotune) and autotune.mode == "Enabled":
        return
    for path, d in _definitions(request):
        if d.hyper_parameter_ranges is None:
            yield (
                f"{path}.HyperParameterRanges",
                "no ranges to search: set HyperParameterTuningJobConfig.ParameterRanges, the "
                f"definition's HyperParameterRanges or Autotune {_UNCONFIRMED}",
            )


def _inherited(
    request: Request,
) -> Iterator[tuple[str, sh.HyperParameterTrainingJobDefinition, Any]]:
    """(path, definition, the job's ParameterRanges) of definitions without ranges of their own."""
    config = _config(request)
    if config is None or config.parameter_ranges is None:
        return
    for path, d in _definitions(request):
        if d.hyper_parameter_ranges is None:
            yield path, d, config.parameter_ranges


@_rule("static-range-overlap", "warning", Request, _DEFINE_RANGES)
def job_statics_not_tuned(request: Request) -> Iterator[Finding]:
    """A hyperparameter is either static or tuned by the tuning job's ParameterRanges.

    Source: developer guide, automatic-model-tuning-define-ranges (see the definition-level
    rule); no source states the service's check, hence a warning.
    """
    for path, d, ranges in _inherited(request):
        statics = _map(d.static_hyper_parameters)
        yield from _static_overlap(statics, ranges, f"{path}.StaticHyperParameters")


@_rule("hyperparameter-limit", "error", Request, _DEFINE_RANGES)
def job_hyperparameter_limit(request: Request) -> Iterator[Finding]:
    """At most 100 hyperparameters, static plus the tuning job's ranges.

    Source: developer guide, automatic-model-tuning-define-ranges — "You can use up to 100
    hyperparameters in total (static + tunable)."
    """
    for path, d, ranges in _inherited(request):
        statics = _map(d.static_hyper_parameters)
        yield from _too_many(statics, ranges, f"{path}.StaticHyperParameters")


@_rule("hyperparameter-limit-objective", "warning", Request, _DEFINE_RANGES)
def job_room_for_objective(request: Request) -> Iterator[Finding]:
    """Exactly 100 hyperparameters leave no room for the one SageMaker adds.

    Source: developer guide, automatic-model-tuning-define-ranges — AMT "may add additional
    hyperparameters(s) that contribute to the limit of 100" (``_tuning_objective_metric``).
    """
    for path, d, ranges in _inherited(request):
        statics = _map(d.static_hyper_parameters)
        yield from _at_limit(statics, ranges, f"{path}.StaticHyperParameters")


_MAX_ENVIRONMENT = 48


@_rule("environment-limit", "error", Request, _api("HyperParameterTrainingJobDefinition"))
def environment_limit(request: Request) -> Iterator[Finding]:
    """At most 48 environment variables across all training job definitions.

    Source: API_HyperParameterTrainingJobDefinition, Environment — "the sum of the number of
    environment variables for all the training job definitions can't exceed the maximum
    number specified" (48 map entries).
    """
    definitions = _definitions(request)
    total = sum(len(_map(d.environment)) for _p, d in definitions)
    if total > _MAX_ENVIRONMENT and len(definitions) > 1:
        yield (
            "TrainingJobDefinitions",
            f"expected at most {_MAX_ENVIRONMENT} environment variables across all definitions, "
            f"got {total}",
        )


_EPOCH_KEYS = ("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs")


@_rule("hyperband-max-resource-inferable", "error", Request, _api("HyperbandStrategyConfig"))
def hyperband_max_resource_known(request: Request) -> Iterator[Finding]:
    """Hyperband without MaxResource needs an epochs-like static hyperparameter.

    Source: API_HyperbandStrategyConfig, MaxResource — without it, Hyperband "attempts to
    infer ``MaxResource`` from the following keys (if present) in StaticsHyperParameters:
    epochs, numepochs, n-epochs, n_epochs, num_epochs. If ``HyperbandStrategyConfig`` is
    unable to infer a value for ``MaxResource``, it generates a validation error."
    """
    config = _config(request)
    if config is None or config.strategy != "Hyperband":
        return
    sc = config.strategy_config
    band = (
        sc.hyperband_strategy_config
        if isinstance(sc, sh.HyperParameterTuningJobStrategyConfig)
        else None
    )
    if isinstance(band, sh.HyperbandStrategyConfig) and band.max_resource is not None:
        return
    for path, d in _definitions(request):
        if not any(k in _map(d.static_hyper_parameters) for k in _EPOCH_KEYS):
            yield (
                "HyperParameterTuningJobConfig.StrategyConfig",
                f"Hyperband cannot infer MaxResource: set HyperbandStrategyConfig.MaxResource or "
                f"one of the static hyperparameters {', '.join(_EPOCH_KEYS)} in {path}",
            )


@_rule("multi-algorithm-single-only", "error", Request, _MULTI)
def single_algorithm_features(request: Request) -> Iterator[Finding]:
    """Warm start and early stopping only when tuning a single algorithm.

    Source: developer guide, multiple-algorithm-hpo-create-tuning-jobs — "Warm start and
    early stopping are available only when you're tuning a single algorithm."
    """
    if len(_items(request.training_job_definitions)) < 2:
        return
    if request.warm_start_config is not None:
        yield (
            "WarmStartConfig",
            "warm start is available only with a single training job definition",
        )
    config = _config(request)
    if config is not None and config.training_job_early_stopping_type == "Auto":
        yield (
            "HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType",
            "early stopping is available only with a single training job definition",
        )


@_rule("definition-names-unique", "warning", Request, _MULTI)
def definition_names(request: Request) -> Iterator[Finding]:
    """Several training job definitions each have a distinct DefinitionName.

    Source: developer guide, multiple-algorithm-hpo-create-tuning-jobs, which creates one
    named definition per algorithm; training job summaries name their definition
    (TrainingJobDefinitionName). No source states the service's check, hence a warning.
    """
    definitions = _items(request.training_job_definitions)
    if len(definitions) < 2:
        return
    seen: set[str] = set()
    for i, d in enumerate(definitions):
        name = getattr(d, "definition_name", None)
        if name is not None and not isinstance(name, str):
            continue  # malformed; the model's validation reports it
        if name is None:
            yield (
                f"TrainingJobDefinitions[{i}].DefinitionName",
                f"each of several definitions needs a DefinitionName {_UNCONFIRMED}",
            )
        elif name in seen:
            yield (
                f"TrainingJobDefinitions[{i}].DefinitionName",
                f"duplicate DefinitionName {name!r} {_UNCONFIRMED}",
            )
        else:
            seen.add(name)
