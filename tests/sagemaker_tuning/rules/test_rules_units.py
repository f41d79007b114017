"""Each rule on the smallest shape it checks: a passing case at the boundary and a failing one."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagemaker_tuning import rules, serde, shapes
from sagemaker_tuning import shapes as sh


def fired(obj: Any, rule_id: str) -> list[str]:
    """Paths of the violations of ``rule_id`` in ``obj``."""
    return [v.path for v in rules.check(obj) if v.rule == rule_id]


def cont(low: str, high: str, scaling: str | None = None, name: str = "x") -> Any:
    return sh.ContinuousParameterRange(
        name=name, min_value=low, max_value=high, scaling_type=scaling
    )


def integ(low: str, high: str, scaling: str | None = None, name: str = "n") -> Any:
    return sh.IntegerParameterRange(name=name, min_value=low, max_value=high, scaling_type=scaling)


def cat(*values: str, name: str = "c") -> Any:
    return sh.CategoricalParameterRange(name=name, values=values)


def prs(*items: Any, auto: tuple[Any, ...] | None = None) -> Any:
    return sh.ParameterRanges(
        integer_parameter_ranges=tuple(r for r in items if isinstance(r, sh.IntegerParameterRange))
        or None,
        continuous_parameter_ranges=tuple(
            r for r in items if isinstance(r, sh.ContinuousParameterRange)
        )
        or None,
        categorical_parameter_ranges=tuple(
            r for r in items if isinstance(r, sh.CategoricalParameterRange)
        )
        or None,
        auto_parameters=auto,
    )


def limits(total: int | None = 20, parallel: int = 2, runtime: int | None = None) -> Any:
    return sh.ResourceLimits(
        max_number_of_training_jobs=total,
        max_parallel_training_jobs=parallel,
        max_runtime_in_seconds=runtime,
    )


def config(
    strategy: str = "Bayesian",
    ranges: Any = None,
    resource_limits: Any = None,
    band: Any = None,
    early_stopping: str | None = None,
) -> Any:
    return sh.HyperParameterTuningJobConfig(
        strategy=strategy,
        resource_limits=resource_limits or limits(),
        parameter_ranges=ranges if ranges is not None else prs(cont("0", "1")),
        strategy_config=(
            sh.HyperParameterTuningJobStrategyConfig(hyperband_strategy_config=band)
            if band is not None
            else None
        ),
        training_job_early_stopping_type=early_stopping,
    )


DEFINITION: dict[str, Any] = {
    "AlgorithmSpecification": {
        "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1",
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "loss", "Regex": "loss=([0-9.]+)"}],
    },
    "RoleArn": "arn:aws:iam::123456789012:role/Role",
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}


def definition(**members: Any) -> Any:
    """A training job definition; ``None`` values delete members."""
    data = copy.deepcopy(DEFINITION)
    for key, value in members.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return serde.from_api(sh.HyperParameterTrainingJobDefinition, data, strict=True)


def spec(**members: Any) -> dict[str, Any]:
    data = {**copy.deepcopy(DEFINITION["AlgorithmSpecification"]), **members}
    return {k: v for k, v in data.items() if v is not None}


# ---------------------------------------------------------------------------------------------
# Ranges


def test_check_refuses_what_is_not_a_shape() -> None:
    with pytest.raises(TypeError, match="expected a generated shape instance, got dict"):
        rules.check({"Name": "x"})


@pytest.mark.parametrize("text", ["0", "-3", "+2", "0.5", ".5", "5.", "1e-05", "2E+3", "1e-400"])
def test_continuous_bounds_accept_decimal_numbers(text: str) -> None:
    assert fired(cont(text, "1e9"), "range-bounds-number") == []


@pytest.mark.parametrize("text", ["", "abc", "1,5", " 1", "1_000", "0x10", "NaN", "inf", "1e"])
def test_continuous_bounds_refuse_non_numbers(text: str) -> None:
    assert fired(cont(text, "1"), "range-bounds-number") == ["MinValue"]


def test_continuous_bounds_beyond_a_double_say_so() -> None:
    [v] = [v for v in rules.check(cont("0", "1e400")) if v.rule == "range-bounds-number"]
    assert v.path == "MaxValue"
    assert "range of a double" in v.message


@pytest.mark.parametrize("text", ["1.0", "1e1", "1.5", "ten"])
def test_integer_bounds_refuse_fractions_and_exponents(text: str) -> None:
    assert fired(integ("0", text), "range-bounds-number") == ["MaxValue"]
    assert fired(integ("0", "-7" if text == "ten" else "10"), "range-bounds-number") == []


def test_min_above_max_compares_numbers_not_text() -> None:
    assert fired(cont("9", "10"), "range-min-max") == []
    assert fired(cont("1e-5", "0.1"), "range-min-max") == []
    assert fired(cont("0.3", "0.2"), "range-min-max") == ["MinValue"]
    assert fired(integ("-5", "-3"), "range-min-max") == []
    assert fired(integ("-3", "-5"), "range-min-max") == ["MinValue"]


def test_unparsable_bounds_are_left_to_the_number_rule() -> None:
    found = {v.rule for v in rules.check(cont("x", "1", "Logarithmic"))}
    assert found == {"range-bounds-number"}


def test_singleton_range_is_a_warning_by_value() -> None:
    assert fired(cont("1", "1.5"), "range-singleton") == []
    assert fired(cont("1", "1.0"), "range-singleton") == ["MaxValue"]
    assert fired(integ("4", "4"), "range-singleton") == ["MaxValue"]
    assert rules.RULES["range-singleton"].severity == "warning"


def test_logarithmic_needs_values_above_zero() -> None:
    assert fired(cont("1e-9", "1", "Logarithmic"), "scaling-logarithmic") == []
    assert fired(cont("0", "1", "Logarithmic"), "scaling-logarithmic") == ["ScalingType"]
    assert fired(cont("0", "1", "Linear"), "scaling-logarithmic") == []
    assert fired(integ("1", "10", "Logarithmic"), "scaling-logarithmic") == []
    assert fired(integ("-1", "10", "Logarithmic"), "scaling-logarithmic") == ["ScalingType"]


def test_reverse_logarithmic_needs_continuous_values_in_zero_to_one() -> None:
    assert fired(cont("0", "0.999", "ReverseLogarithmic"), "scaling-reverse-logarithmic") == []
    assert fired(cont("0", "1", "ReverseLogarithmic"), "scaling-reverse-logarithmic") == [
        "ScalingType"
    ]
    assert fired(cont("-0.1", "0.5", "ReverseLogarithmic"), "scaling-reverse-logarithmic") == [
        "ScalingType"
    ]
    assert fired(integ("0", "0", "ReverseLogarithmic"), "scaling-reverse-logarithmic") == [
        "ScalingType"
    ]


def test_categorical_values_unique() -> None:
    assert fired(cat("a", "b"), "categorical-values-unique") == []
    assert fired(cat("a", "b", "a"), "categorical-values-unique") == ["Values[2]"]


# ---------------------------------------------------------------------------------------------
# ParameterRanges


def test_range_names_unique_across_kinds_and_autotune() -> None:
    assert (
        fired(prs(integ("1", "2", name="a"), cont("0", "1", name="b")), "range-names-unique") == []
    )
    assert fired(
        prs(integ("1", "2", name="a"), cont("0", "1", name="a")), "range-names-unique"
    ) == ["ContinuousParameterRanges[0].Name"]
    auto = (sh.AutoParameter(name="a", value_hint="3"),)
    assert fired(prs(integ("1", "2", name="a"), auto=auto), "range-names-unique") == [
        "AutoParameters[0].Name"
    ]


def test_range_count_is_at_most_thirty_in_all() -> None:
    thirty = [cont("0", "1", name=f"c{i}") for i in range(28)] + [integ("1", "3"), cat("a", "b")]
    assert fired(prs(*thirty), "range-count") == []
    assert fired(prs(*thirty, integ("1", "3", name="m")), "range-count") == [""]


# ---------------------------------------------------------------------------------------------
# Tuning job configuration


def test_hyperband_config_needs_the_hyperband_strategy() -> None:
    band = sh.HyperbandStrategyConfig(max_resource=10)
    assert fired(config("Hyperband", band=band), "strategy-config-hyperband") == []
    assert fired(config("Random", band=band), "strategy-config-hyperband") == [
        "StrategyConfig.HyperbandStrategyConfig"
    ]


def test_hyperband_needs_early_stopping_off() -> None:
    assert fired(config("Hyperband", early_stopping="Off"), "hyperband-early-stopping") == []
    assert fired(config("Bayesian", early_stopping="Auto"), "hyperband-early-stopping") == []
    assert fired(config("Hyperband", early_stopping="Auto"), "hyperband-early-stopping") == [
        "TrainingJobEarlyStoppingType"
    ]


def test_grid_takes_categorical_ranges_only() -> None:
    grid = prs(cat("a", "b"))
    assert fired(config("Grid", grid, limits(None)), "grid-categorical-only") == []
    mixed = prs(cat("a", "b"), cont("0", "1"))
    assert fired(config("Grid", mixed, limits(None)), "grid-categorical-only") == [
        "ParameterRanges.ContinuousParameterRanges"
    ]


def test_grid_max_jobs_equals_the_combinations() -> None:
    grid = prs(cat("a", "b"), cat("x", "y", "z", name="d"))
    assert fired(config("Grid", grid, limits(6)), "grid-max-jobs") == []
    assert fired(config("Grid", grid, limits(None)), "grid-max-jobs") == []
    assert fired(config("Grid", grid, limits(7)), "grid-max-jobs") == [
        "ResourceLimits.MaxNumberOfTrainingJobs"
    ]


def test_discrete_ranges_allow_enough_combinations() -> None:
    discrete = prs(integ("1", "4"), cat("a", "b"))
    assert fired(config(ranges=discrete, resource_limits=limits(8)), "range-combinations") == []
    assert fired(config(ranges=discrete, resource_limits=limits(9)), "range-combinations") == [
        "ResourceLimits.MaxNumberOfTrainingJobs"
    ]
    with_continuous = prs(integ("1", "4"), cat("a", "b"), cont("0", "1"))
    assert (
        fired(config(ranges=with_continuous, resource_limits=limits(9)), "range-combinations") == []
    )


def test_parallel_training_jobs_quota() -> None:
    assert fired(limits(200, 100), "limit-parallel-training-jobs") == []
    assert fired(limits(200, 101), "limit-parallel-training-jobs") == ["MaxParallelTrainingJobs"]


def test_parallel_not_above_total() -> None:
    assert fired(limits(5, 5), "parallel-jobs-max") == []
    assert fired(limits(None, 6), "parallel-jobs-max") == []
    assert fired(limits(5, 6), "parallel-jobs-max") == ["MaxParallelTrainingJobs"]


@pytest.mark.parametrize(
    ("strategy", "ok", "too_many"),
    [("Bayesian", 750, 751), ("Hyperband", 750, 751), ("Random", 10000, 10001)],
)
def test_training_jobs_within_the_strategy_quota(strategy: str, ok: int, too_many: int) -> None:
    path = ["ResourceLimits.MaxNumberOfTrainingJobs"]
    assert fired(config(strategy, resource_limits=limits(ok)), "limit-training-jobs") == []
    assert fired(config(strategy, resource_limits=limits(too_many)), "limit-training-jobs") == path


def test_random_search_above_the_default_quota_warns() -> None:
    assert fired(config("Random", resource_limits=limits(750)), "limit-training-jobs-quota") == []
    assert fired(config("Bayesian", resource_limits=limits(751)), "limit-training-jobs-quota") == []
    assert fired(config("Random", resource_limits=limits(751)), "limit-training-jobs-quota") == [
        "ResourceLimits.MaxNumberOfTrainingJobs"
    ]


def test_tuning_runtime_quota() -> None:
    assert fired(limits(runtime=30 * 86400), "limit-tuning-runtime") == []
    assert fired(limits(runtime=30 * 86400 + 1), "limit-tuning-runtime") == ["MaxRuntimeInSeconds"]


def test_hyperband_resources() -> None:
    assert fired(sh.HyperbandStrategyConfig(max_resource=20000), "hyperband-max-resource") == []
    assert fired(sh.HyperbandStrategyConfig(max_resource=20001), "hyperband-max-resource") == [
        "MaxResource"
    ]
    same = sh.HyperbandStrategyConfig(min_resource=5, max_resource=5)
    assert fired(same, "hyperband-min-max-resource") == []
    reversed_ = sh.HyperbandStrategyConfig(min_resource=6, max_resource=5)
    assert fired(reversed_, "hyperband-min-max-resource") == ["MinResource"]


def test_config_paths_are_rooted_at_the_config() -> None:
    bad = config(ranges=prs(cont("0", "1", "Logarithmic")))
    assert fired(bad, "scaling-logarithmic") == [
        "ParameterRanges.ContinuousParameterRanges[0].ScalingType"
    ]


# ---------------------------------------------------------------------------------------------
# Training job definitions


def test_training_runtime_at_most_28_days() -> None:
    assert fired(sh.StoppingCondition(max_runtime_in_seconds=28 * 86400), "max-runtime-limit") == []
    assert fired(
        sh.StoppingCondition(max_runtime_in_seconds=28 * 86400 + 1), "max-runtime-limit"
    ) == ["MaxRuntimeInSeconds"]


def test_max_wait_covers_the_runtime() -> None:
    ok = sh.StoppingCondition(max_runtime_in_seconds=3600, max_wait_time_in_seconds=3600)
    short = sh.StoppingCondition(max_runtime_in_seconds=3600, max_wait_time_in_seconds=3599)
    assert fired(ok, "spot-max-wait-runtime") == []
    assert fired(short, "spot-max-wait-runtime") == ["MaxWaitTimeInSeconds"]


def test_spot_training_needs_max_wait() -> None:
    with_wait = {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200}
    assert (
        fired(
            definition(EnableManagedSpotTraining=True, StoppingCondition=with_wait),
            "spot-max-wait-required",
        )
        == []
    )
    assert fired(definition(EnableManagedSpotTraining=False), "spot-max-wait-required") == []
    assert fired(definition(EnableManagedSpotTraining=True), "spot-max-wait-required") == [
        "StoppingCondition.MaxWaitTimeInSeconds"
    ]


def test_algorithm_name_or_image() -> None:
    assert fired(definition(), "algorithm-name-or-image") == []
    both = definition(AlgorithmSpecification=spec(AlgorithmName="my-algo"))
    assert fired(both, "algorithm-name-or-image") == ["AlgorithmSpecification.TrainingImage"]
    by_name = definition(AlgorithmSpecification=spec(AlgorithmName="my-algo", TrainingImage=None))
    assert fired(by_name, "algorithm-missing") == []
    neither = definition(AlgorithmSpecification=spec(TrainingImage=None))
    assert fired(neither, "algorithm-missing") == ["AlgorithmSpecification"]


def test_instance_configs_exclude_single_instance_members() -> None:
    instance = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10}
    flexible = sh.HyperParameterTuningResourceConfig(
        instance_configs=(
            sh.HyperParameterTuningInstanceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
            ),
        ),
        allocation_strategy="Prioritized",
    )
    assert fired(flexible, "instance-configs-exclusive") == []
    single = serde.from_api(sh.HyperParameterTuningResourceConfig, instance, strict=True)
    assert fired(single, "instance-configs-exclusive") == []
    mixed = serde.from_api(
        sh.HyperParameterTuningResourceConfig,
        {"InstanceConfigs": [instance], "VolumeSizeInGB": 10, "InstanceType": "ml.m5.xlarge"},
        strict=True,
    )
    assert fired(mixed, "instance-configs-exclusive") == ["InstanceType", "VolumeSizeInGB"]


def test_one_resource_config() -> None:
    flexible = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10}
    assert fired(definition(), "resource-config-choice") == []
    only_flexible = definition(ResourceConfig=None, HyperParameterTuningResourceConfig=flexible)
    assert fired(only_flexible, "resource-config-choice") == []
    both = definition(HyperParameterTuningResourceConfig=flexible)
    assert fired(both, "resource-config-choice") == ["HyperParameterTuningResourceConfig"]
    assert fired(definition(ResourceConfig=None), "resource-config-choice") == ["ResourceConfig"]


def test_tuning_objective_among_the_metric_definitions() -> None:
    objective = {"Type": "Minimize", "MetricName": "loss"}
    unknown = {"Type": "Minimize", "MetricName": "accuracy"}
    assert fired(definition(TuningObjective=objective), "objective-metric-defined") == []
    assert fired(definition(TuningObjective=unknown), "objective-metric-defined") == [
        "TuningObjective.MetricName"
    ]
    # Built-in algorithms emit their own metrics; an image without definitions is not checked.
    built_in = spec(AlgorithmName="xgboost", TrainingImage=None)
    assert (
        fired(
            definition(TuningObjective=unknown, AlgorithmSpecification=built_in),
            "objective-metric-defined",
        )
        == []
    )
    no_metrics = spec(MetricDefinitions=None)
    assert (
        fired(
            definition(TuningObjective=unknown, AlgorithmSpecification=no_metrics),
            "objective-metric-defined",
        )
        == []
    )


def test_static_and_tuned_hyperparameters_are_disjoint() -> None:
    own = {"ContinuousParameterRanges": [{"Name": "lr", "MinValue": "0.1", "MaxValue": "1"}]}
    disjoint = definition(HyperParameterRanges=own, StaticHyperParameters={"epochs": "3"})
    assert fired(disjoint, "static-range-overlap") == []
    overlap = definition(HyperParameterRanges=own, StaticHyperParameters={"lr": "0.5"})
    assert fired(overlap, "static-range-overlap") == ["StaticHyperParameters[lr]"]


@pytest.mark.parametrize(
    ("statics", "limit", "objective"),
    [(98, [], []), (99, [], ["StaticHyperParameters"]), (100, ["StaticHyperParameters"], [])],
)
def test_hyperparameters_static_plus_tunable_at_most_100(
    statics: int, limit: list[str], objective: list[str]
) -> None:
    own = {"ContinuousParameterRanges": [{"Name": "lr", "MinValue": "0.1", "MaxValue": "1"}]}
    d = definition(
        HyperParameterRanges=own, StaticHyperParameters={f"p{i}": "1" for i in range(statics)}
    )
    assert fired(d, "hyperparameter-limit") == limit
    assert fired(d, "hyperparameter-limit-objective") == objective


# ---------------------------------------------------------------------------------------------
# Credentials

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    ("name", "value", "kinds"),
    [
        ("key", ACCESS_KEY_ID, {"access-key-id"}),
        ("key", "ASIAY34FZKBOKMUTVV7A", {"access-key-id"}),
        ("creds", f"{ACCESS_KEY_ID}:{SECRET_KEY}", {"access-key-id", "secret-key"}),
        ("secret", SECRET_KEY, {"secret-key"}),
        ("AWS_SECRET_ACCESS_KEY", "short", {"secret-key"}),
        ("aws-session-token", "x", {"session-token"}),
        ("AWS_ACCESS_KEY_ID", "whatever", {"access-key-id"}),
        ("t", "FwoGZXIvYXdzEBYaDH" + "q1W2e3R4" * 6, {"session-token"}),
        # Not credentials: empty named values, paths, hashes, ordinary words and numbers.
        ("AWS_SECRET_ACCESS_KEY", "", set()),
        ("path", "models/ResNet50/checkpoints/epochNumber1", set()),
        ("sha", "0123456789abcdef0123456789abcdef01234567", set()),
        ("sha", "0123456789ABCDEF0123456789ABCDEF01234567", set()),
        ("name", "AKIAIOSFODNN7EXAMPLEX", set()),
        ("lr", "0.001", set()),
        ("optimizer", "adam", set()),
    ],
)
def test_credential_kinds(name: str, value: str, kinds: set[str]) -> None:
    assert rules.credential_kinds(name, value) == kinds


def test_credentials_in_a_definition() -> None:
    clean = definition(StaticHyperParameters={"lr": "0.1"}, Environment={"MODE": "fast"})
    assert [v for v in rules.check(clean) if v.rule.startswith("credentials-")] == []
    leaky = definition(
        StaticHyperParameters={"lr": "0.1", "key": ACCESS_KEY_ID},
        Environment={"SECRET": SECRET_KEY},
    )
    found = [(v.rule, v.path) for v in rules.check(leaky) if v.rule.startswith("credentials-")]
    assert found == [
        ("credentials-access-key-id", "StaticHyperParameters[key]"),
        ("credentials-secret-key", "Environment[SECRET]"),
    ]
    assert all(SECRET_KEY not in str(v) and ACCESS_KEY_ID not in str(v) for v in rules.check(leaky))


def test_credentials_in_categorical_values_and_autotune_hints() -> None:
    leaky = prs(cat("a", ACCESS_KEY_ID), auto=(sh.AutoParameter(name="k", value_hint=SECRET_KEY),))
    found = [(v.rule, v.path) for v in rules.check(leaky)]
    assert sorted(found) == [
        ("credentials-access-key-id", "CategoricalParameterRanges[0].Values[1]"),
        ("credentials-secret-key", "AutoParameters[0].ValueHint"),
    ]


# ---------------------------------------------------------------------------------------------
# Malformed input: rules leave it to the model's validation and never raise


def test_rules_tolerate_leniently_parsed_objects() -> None:
    data = {
        "HyperParameterTuningJobConfig": {
            "Strategy": "SomethingNew",
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "n"}],
                "ContinuousParameterRanges": [{"MinValue": "0", "MaxValue": "x"}],
                "CategoricalParameterRanges": [{"Name": "c"}],
            },
        },
        "TrainingJobDefinition": {"StaticHyperParameters": {"a": "1"}},
        "TrainingJobDefinitions": [{"AlgorithmSpecification": {}}],
    }
    request = serde.from_api(shapes.CreateHyperParameterTuningJobRequest, data)
    found = {(v.rule, v.path) for v in rules.check(request)}
    assert (
        "range-bounds-number",
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MaxValue",
    ) in found
    assert ("training-job-definition-choice", "TrainingJobDefinitions") in found


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
# Places where a leniently parsed document may hold anything at all.
PLACES = [
    ("HyperParameterTuningJobConfig",),
    ("HyperParameterTuningJobConfig", "Strategy"),
    ("HyperParameterTuningJobConfig", "StrategyConfig"),
    ("HyperParameterTuningJobConfig", "ResourceLimits"),
    ("HyperParameterTuningJobConfig", "ResourceLimits", "MaxNumberOfTrainingJobs"),
    ("HyperParameterTuningJobConfig", "HyperParameterTuningJobObjective"),
    ("HyperParameterTuningJobConfig", "ParameterRanges"),
    ("HyperParameterTuningJobConfig", "ParameterRanges", "IntegerParameterRanges"),
    ("HyperParameterTuningJobConfig", "ParameterRanges", "CategoricalParameterRanges"),
    ("HyperParameterTuningJobConfig", "TrainingJobEarlyStoppingType"),
    ("TrainingJobDefinition",),
    ("TrainingJobDefinition", "StaticHyperParameters"),
    ("TrainingJobDefinition", "Environment"),
    ("TrainingJobDefinition", "AlgorithmSpecification"),
    ("TrainingJobDefinition", "AlgorithmSpecification", "MetricDefinitions"),
    ("TrainingJobDefinition", "StoppingCondition"),
    ("TrainingJobDefinition", "HyperParameterRanges"),
    ("TrainingJobDefinition", "HyperParameterTuningResourceConfig"),
    ("TrainingJobDefinition", "EnableManagedSpotTraining"),
    ("TrainingJobDefinition", "TuningObjective"),
    ("TrainingJobDefinitions",),
    ("WarmStartConfig",),
    ("Autotune",),
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PLACES), json_values), min_size=1, max_size=4))
def test_rules_never_raise_on_anything_a_lenient_parse_keeps(
    request_data: dict[str, Any], replacements: list[tuple[tuple[str, ...], Any]]
) -> None:
    data = copy.deepcopy(request_data)
    for place, value in replacements:
        target = data
        for key in place[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[place[-1]] = value
    request = serde.from_api(shapes.CreateHyperParameterTuningJobRequest, data)
    found = rules.check(request)
    assert all(v.rule in rules.RULES for v in found)
    # Definitions arrive as lists of anything too.
    data["TrainingJobDefinitions"] = [request_data["TrainingJobDefinition"], *replacements]
    rules.check(serde.from_api(shapes.CreateHyperParameterTuningJobRequest, data))


def test_tag_keys_are_unique() -> None:
    base = sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tags",
        hyper_parameter_tuning_job_config=config("Random"),
        tags=[sh.Tag(key="team", value="a"), sh.Tag(key="Team", value="b")],
    )
    assert fired(base, "tag-keys-unique") == []  # keys are case sensitive
    duplicated = attrs.evolve(base, tags=[*(base.tags or ()), sh.Tag(key="team", value="c")])
    assert fired(duplicated, "tag-keys-unique") == ["Tags[2].Key"]
    assert rules.RULES["tag-keys-unique"].severity == "error"


def test_a_hyperband_config_with_another_strategy_is_only_a_warning() -> None:
    # terraform-provider-aws's acceptance test creates exactly this, and the service accepts it.
    band = sh.HyperbandStrategyConfig(max_resource=9, min_resource=1)
    [found] = [v for v in rules.check(config("Bayesian", band=band)) if v.rule.startswith("strat")]
    assert found.severity == "warning"
    assert "accepts it" in found.message
