"""Each rule on a valid request with exactly one thing broken: the rule id, severity and path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from sagemaker_tuning import rules, serde, shapes
from sagemaker_tuning.validation import ValidationError, violations

Mutation = Callable[[dict[str, Any]], object]

CONFIG = "HyperParameterTuningJobConfig"
RANGES = f"{CONFIG}.ParameterRanges"
LIMITS = f"{CONFIG}.ResourceLimits"
DEF = "TrainingJobDefinition"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6" + "a1B2c3D4" * 8


def cfg(d: dict[str, Any]) -> Any:
    return d[CONFIG]


def ranges(d: dict[str, Any]) -> Any:
    return cfg(d)["ParameterRanges"]


def definition(d: dict[str, Any]) -> Any:
    return d[DEF]


def two_definitions(d: dict[str, Any], *names: str) -> None:
    """Replace the single definition with named copies in TrainingJobDefinitions."""
    base = d.pop(DEF)
    d["TrainingJobDefinitions"] = [{**copy.deepcopy(base), "DefinitionName": n} for n in names]


def strategy(name: str, **extra: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        cfg(d)["Strategy"] = name
        cfg(d).update(extra)

    return mutate


def grid_categorical_only(d: dict[str, Any]) -> None:
    strategy("Grid")(d)
    del ranges(d)["ContinuousParameterRanges"]
    del cfg(d)["ResourceLimits"]["MaxNumberOfTrainingJobs"]


def grid_max_jobs(d: dict[str, Any]) -> None:
    strategy("Grid")(d)
    del ranges(d)["ContinuousParameterRanges"]
    del ranges(d)["IntegerParameterRanges"]


def few_combinations(d: dict[str, Any]) -> None:
    del ranges(d)["ContinuousParameterRanges"]
    ranges(d)["IntegerParameterRanges"][0].update(MinValue="16", MaxValue="18")


def statics(count: int) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        extra = {f"p{i}": "1" for i in range(count - 2)}
        definition(d)["StaticHyperParameters"].update(extra)

    return mutate


def many_continuous(d: dict[str, Any]) -> None:
    ranges(d)["ContinuousParameterRanges"] = [
        {"Name": f"c{i}", "MinValue": "0", "MaxValue": "1"} for i in range(29)
    ]


def environment_over(d: dict[str, Any]) -> None:
    two_definitions(d, "a", "b")
    for i, dd in enumerate(d["TrainingJobDefinitions"]):
        dd["Environment"] = {f"V{i}_{j}": "x" for j in range(25)}


def warm_start_multi(d: dict[str, Any]) -> None:
    two_definitions(d, "a", "b")
    d["WarmStartConfig"] = {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "parent"}],
        "WarmStartType": "TransferLearning",
    }


def set_in(getter: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        getter(d).update(values)

    return mutate


def delete(getter: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        del getter(d)[key]

    return mutate


def both_definitions(d: dict[str, Any]) -> None:
    d["TrainingJobDefinitions"] = [copy.deepcopy(d[DEF])]


def hyperband_config(**band: Any) -> Mutation:
    return strategy("Hyperband", StrategyConfig={"HyperbandStrategyConfig": band})


def static(key: str, value: str) -> Mutation:
    return lambda d: definition(d)["StaticHyperParameters"].__setitem__(key, value)


def env(key: str, value: str) -> Mutation:
    return lambda d: definition(d)["Environment"].__setitem__(key, value)


def spot(**stop: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        definition(d)["EnableManagedSpotTraining"] = True
        definition(d)["StoppingCondition"].update(stop)

    return mutate


def flexible_instances(d: dict[str, Any]) -> None:
    del definition(d)["ResourceConfig"]
    definition(d)["HyperParameterTuningResourceConfig"] = {
        "InstanceConfigs": [
            {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}
        ],
        "InstanceCount": 1,
    }


def cont(i: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: ranges(d)["ContinuousParameterRanges"][i]


def integer0(d: dict[str, Any]) -> Any:
    return ranges(d)["IntegerParameterRanges"][0]


def cat0(d: dict[str, Any]) -> Any:
    return ranges(d)["CategoricalParameterRanges"][0]


def algo_spec(d: dict[str, Any]) -> Any:
    return definition(d)["AlgorithmSpecification"]


def stop_condition(d: dict[str, Any]) -> Any:
    return definition(d)["StoppingCondition"]


BUILT_IN_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
METRICS = f"{DEF}.AlgorithmSpecification.MetricDefinitions"


def no_metrics(d: dict[str, Any]) -> None:
    del algo_spec(d)["MetricDefinitions"]


def own_objective_no_metrics(d: dict[str, Any]) -> None:
    no_metrics(d)
    definition(d)["TuningObjective"] = {"Type": "Minimize", "MetricName": "validation:loss"}


def second_definition_no_metrics(d: dict[str, Any]) -> None:
    two_definitions(d, "a", "b")
    del d["TrainingJobDefinitions"][1]["AlgorithmSpecification"]["MetricDefinitions"]


def regex(value: str) -> Mutation:
    return lambda d: algo_spec(d)["MetricDefinitions"][0].__setitem__("Regex", value)


# (rule id, mutation, path of the one expected violation)
EXAMPLES: list[tuple[str, Mutation, str]] = [
    ("algorithm-missing", delete(algo_spec, "TrainingImage"), f"{DEF}.AlgorithmSpecification"),
    (
        "algorithm-name-or-image",
        set_in(algo_spec, AlgorithmName="my-algorithm"),
        f"{DEF}.AlgorithmSpecification.TrainingImage",
    ),
    (
        "categorical-values-unique",
        set_in(cat0, Values=["relu", "tanh", "relu"]),
        f"{RANGES}.CategoricalParameterRanges[0].Values[2]",
    ),
    (
        "credentials-access-key-id",
        static("api_key", ACCESS_KEY_ID),
        f"{DEF}.StaticHyperParameters[api_key]",
    ),
    (
        "credentials-access-key-id",
        set_in(cat0, Values=["relu", f"https://{ACCESS_KEY_ID}@example.com"]),
        f"{RANGES}.CategoricalParameterRanges[0].Values[1]",
    ),
    ("credentials-secret-key", env("MY_SECRET", SECRET_KEY), f"{DEF}.Environment[MY_SECRET]"),
    (
        "credentials-secret-key",
        static("aws_secret_access_key", "not-random-at-all"),
        f"{DEF}.StaticHyperParameters[aws_secret_access_key]",
    ),
    (
        "credentials-session-token",
        static("token", SESSION_TOKEN),
        f"{DEF}.StaticHyperParameters[token]",
    ),
    (
        "credentials-session-token",
        env("AWS_SESSION_TOKEN", "opaque"),
        f"{DEF}.Environment[AWS_SESSION_TOKEN]",
    ),
    (
        "definition-names-unique",
        lambda d: two_definitions(d, "a", "a"),
        "TrainingJobDefinitions[1].DefinitionName",
    ),
    ("environment-limit", environment_over, "TrainingJobDefinitions"),
    ("grid-categorical-only", grid_categorical_only, f"{RANGES}.IntegerParameterRanges"),
    ("grid-max-jobs", grid_max_jobs, f"{LIMITS}.MaxNumberOfTrainingJobs"),
    (
        "hyperband-early-stopping",
        strategy("Hyperband", TrainingJobEarlyStoppingType="Auto"),
        f"{CONFIG}.TrainingJobEarlyStoppingType",
    ),
    (
        "hyperband-max-resource",
        hyperband_config(MaxResource=20001),
        f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MaxResource",
    ),
    (
        "hyperband-max-resource-inferable",
        lambda d: (strategy("Hyperband")(d), definition(d)["StaticHyperParameters"].pop("epochs")),
        f"{CONFIG}.StrategyConfig",
    ),
    (
        "hyperband-min-max-resource",
        hyperband_config(MinResource=10, MaxResource=5),
        f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource",
    ),
    ("hyperparameter-limit", statics(97), f"{DEF}.StaticHyperParameters"),
    ("hyperparameter-limit-objective", statics(96), f"{DEF}.StaticHyperParameters"),
    (
        "instance-configs-exclusive",
        flexible_instances,
        f"{DEF}.HyperParameterTuningResourceConfig.InstanceCount",
    ),
    (
        "limit-parallel-training-jobs",
        set_in(
            lambda d: cfg(d)["ResourceLimits"],
            MaxParallelTrainingJobs=101,
            MaxNumberOfTrainingJobs=200,
        ),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "limit-training-jobs",
        set_in(lambda d: cfg(d)["ResourceLimits"], MaxNumberOfTrainingJobs=751),
        f"{LIMITS}.MaxNumberOfTrainingJobs",
    ),
    (
        "limit-training-jobs",
        lambda d: (
            strategy("Random")(d),
            cfg(d)["ResourceLimits"].update(MaxNumberOfTrainingJobs=10001),
        ),
        f"{LIMITS}.MaxNumberOfTrainingJobs",
    ),
    (
        "limit-training-jobs-quota",
        lambda d: (
            strategy("Random")(d),
            cfg(d)["ResourceLimits"].update(MaxNumberOfTrainingJobs=1000),
        ),
        f"{LIMITS}.MaxNumberOfTrainingJobs",
    ),
    (
        "limit-tuning-runtime",
        set_in(lambda d: cfg(d)["ResourceLimits"], MaxRuntimeInSeconds=30 * 86400 + 1),
        f"{LIMITS}.MaxRuntimeInSeconds",
    ),
    (
        "max-runtime-limit",
        set_in(stop_condition, MaxRuntimeInSeconds=28 * 86400 + 1),
        f"{DEF}.StoppingCondition.MaxRuntimeInSeconds",
    ),
    ("multi-algorithm-single-only", warm_start_multi, "WarmStartConfig"),
    ("metric-definitions-required", no_metrics, METRICS),
    ("metric-definitions-required", own_objective_no_metrics, METRICS),
    (
        "metric-definitions-required",
        second_definition_no_metrics,
        "TrainingJobDefinitions[1].AlgorithmSpecification.MetricDefinitions",
    ),
    ("builtin-metric-definitions", set_in(algo_spec, TrainingImage=BUILT_IN_IMAGE), METRICS),
    ("metric-regex", regex("val_loss=[0-9.]+"), f"{METRICS}[0].Regex"),
    ("metric-regex", regex("val_loss=([0-9.]+"), f"{METRICS}[0].Regex"),
    ("metric-regex", regex(r"val_loss=(\p{N}+)"), f"{METRICS}[0].Regex"),
    (
        "multi-algorithm-single-only",
        lambda d: (
            two_definitions(d, "a", "b"),
            cfg(d).update(TrainingJobEarlyStoppingType="Auto"),
        ),
        f"{CONFIG}.TrainingJobEarlyStoppingType",
    ),
    (
        "objective-metric-defined",
        set_in(lambda d: cfg(d)["HyperParameterTuningJobObjective"], MetricName="validation:acc"),
        f"{CONFIG}.HyperParameterTuningJobObjective.MetricName",
    ),
    (
        "objective-metric-defined",
        lambda d: definition(d).update(
            TuningObjective={"Type": "Maximize", "MetricName": "validation:acc"}
        ),
        f"{DEF}.TuningObjective.MetricName",
    ),
    (
        "objective-required",
        delete(cfg, "HyperParameterTuningJobObjective"),
        f"{DEF}.TuningObjective",
    ),
    (
        "parallel-jobs-max",
        set_in(lambda d: cfg(d)["ResourceLimits"], MaxParallelTrainingJobs=30),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "range-bounds-number",
        set_in(integer0, MinValue="16.0"),
        f"{RANGES}.IntegerParameterRanges[0].MinValue",
    ),
    (
        "range-bounds-number",
        set_in(cont(1), MaxValue="0,9"),
        f"{RANGES}.ContinuousParameterRanges[1].MaxValue",
    ),
    ("range-combinations", few_combinations, f"{LIMITS}.MaxNumberOfTrainingJobs"),
    ("range-count", many_continuous, RANGES),
    (
        "range-min-max",
        set_in(cont(1), MinValue="0.99", MaxValue="0.5"),
        f"{RANGES}.ContinuousParameterRanges[1].MinValue",
    ),
    (
        "range-names-unique",
        set_in(cat0, Name="batch_size"),
        f"{RANGES}.CategoricalParameterRanges[0].Name",
    ),
    (
        "range-singleton",
        set_in(integer0, MinValue="16", MaxValue="16"),
        f"{RANGES}.IntegerParameterRanges[0].MaxValue",
    ),
    ("ranges-required", delete(cfg, "ParameterRanges"), f"{DEF}.HyperParameterRanges"),
    ("resource-config-choice", delete(definition, "ResourceConfig"), f"{DEF}.ResourceConfig"),
    (
        "scaling-logarithmic",
        set_in(cont(0), MinValue="0"),
        f"{RANGES}.ContinuousParameterRanges[0].ScalingType",
    ),
    (
        "scaling-reverse-logarithmic",
        set_in(cont(1), MaxValue="1"),
        f"{RANGES}.ContinuousParameterRanges[1].ScalingType",
    ),
    (
        "scaling-reverse-logarithmic",
        set_in(integer0, ScalingType="ReverseLogarithmic"),
        f"{RANGES}.IntegerParameterRanges[0].ScalingType",
    ),
    ("spot-max-wait-required", spot(), f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds"),
    (
        "spot-max-wait-runtime",
        spot(MaxWaitTimeInSeconds=1800),
        f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds",
    ),
    (
        "static-range-overlap",
        static("batch_size", "32"),
        f"{DEF}.StaticHyperParameters[batch_size]",
    ),
    (
        "strategy-config-hyperband",
        set_in(cfg, StrategyConfig={"HyperbandStrategyConfig": {"MaxResource": 10}}),
        f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig",
    ),
    (
        "tag-keys-unique",
        lambda d: d.__setitem__(
            "Tags", [{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}]
        ),
        "Tags[1].Key",
    ),
    ("training-job-definition-choice", both_definitions, "TrainingJobDefinitions"),
    ("training-job-definition-required", delete(lambda d: d, DEF), DEF),
]


def build(data: dict[str, Any]) -> shapes.CreateHyperParameterTuningJobRequest:
    return serde.from_api(shapes.CreateHyperParameterTuningJobRequest, data, strict=True)


def broken(data: dict[str, Any], mutate: Mutation) -> shapes.CreateHyperParameterTuningJobRequest:
    mutate(data)
    request = build(data)
    assert violations(request) == []  # the model itself is satisfied: only the rule breaks
    return request


def test_the_base_request_breaks_no_rule(request_data: dict[str, Any]) -> None:
    request = build(request_data)
    assert rules.check(request) == []
    assert rules.validate(request) == []


@pytest.mark.parametrize(
    ("rule_id", "mutate", "path"),
    EXAMPLES,
    ids=[f"{rule_id}:{path}" for rule_id, _m, path in EXAMPLES],
)
def test_one_broken_thing_gives_one_violation(
    rule_id: str, mutate: Mutation, path: str, request_data: dict[str, Any]
) -> None:
    found = rules.check(broken(request_data, mutate))
    assert [(v.rule, v.path) for v in found] == [(rule_id, path)]
    [v] = found
    assert v.severity == rules.RULES[rule_id].severity
    assert v.message


def test_every_rule_has_a_violations_example() -> None:
    assert {rule_id for rule_id, _m, _p in EXAMPLES} == set(rules.RULES)


ERRORS = [e for e in EXAMPLES if rules.RULES[e[0]].severity == "error"]


@pytest.mark.parametrize(
    ("rule_id", "mutate", "path"), ERRORS, ids=[f"{r}:{p}" for r, _m, p in ERRORS]
)
def test_validate_raises_on_errors(
    rule_id: str, mutate: Mutation, path: str, request_data: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as info:
        rules.validate(broken(request_data, mutate))
    assert [(v.rule, v.path) for v in info.value.violations] == [(rule_id, path)]
    assert info.value.shape == "CreateHyperParameterTuningJobRequest"


def test_validate_returns_warnings_without_raising(request_data: dict[str, Any]) -> None:
    request = broken(
        request_data, set_in(lambda d: cfg(d)["ResourceLimits"], MaxParallelTrainingJobs=30)
    )
    [warning] = rules.validate(request)
    assert (warning.rule, warning.severity) == ("parallel-jobs-max", "warning")


@pytest.mark.parametrize("secret", [ACCESS_KEY_ID, SECRET_KEY, SESSION_TOKEN])
def test_credential_messages_never_echo_the_secret(
    secret: str, request_data: dict[str, Any]
) -> None:
    request = broken(request_data, static("k", secret))
    found = rules.check(request)
    assert found
    for v in found:
        assert secret not in str(v)
        assert secret[:12] not in v.message


def test_a_credential_as_a_key_is_redacted_from_the_path(request_data: dict[str, Any]) -> None:
    request = broken(request_data, static(ACCESS_KEY_ID, "1"))
    [v] = rules.check(request)
    assert v.rule == "credentials-access-key-id"
    assert v.path == f"{DEF}.StaticHyperParameters[<redacted>]"
    assert ACCESS_KEY_ID not in str(v)


def _local_answer(request: shapes.CreateHyperParameterTuningJobRequest) -> str | None:
    """The error code LocalSageMaker answers a Create with (``None``: it accepted it)."""
    from botocore.exceptions import ClientError

    from sagemaker_tuning.testing import LocalSageMaker

    boto = LocalSageMaker().botocore_client()
    try:
        boto.create_hyper_parameter_tuning_job(**serde.to_api(request))
    except ClientError as error:
        code: str = error.response["Error"]["Code"]
        return code
    return None


@pytest.mark.parametrize(
    ("rule_id", "mutate", "path"),
    [("none", lambda d: None, ""), *EXAMPLES],
    ids=["base-request", *(f"{rule_id}:{path}" for rule_id, _m, path in EXAMPLES)],
)
def test_local_service_refuses_exactly_what_the_rules_refuse(
    rule_id: str, mutate: Mutation, path: str, request_data: dict[str, Any]
) -> None:
    # The differential of the one-source-of-rules promise: the emulation holds no rule of
    # its own, so over every rule example it refuses a request exactly when rules.check
    # reports an error, with the service's code for it; warnings are run.
    request = broken(request_data, mutate)
    errors = [v for v in rules.check(request) if v.severity == "error"]
    answer = _local_answer(request)
    if not errors:
        assert answer is None
    elif all(v.rule.startswith("limit-") for v in errors):
        assert answer == "ResourceLimitExceeded"
    else:
        assert answer == "ValidationException"
