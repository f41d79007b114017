"""sagemaker_tuning.requests: a description back to a request, warm start and its restrictions."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest

from sagemaker_tuning import ValidationError, requests, rules, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.testing import LocalSageMaker

XGBOOST = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3"
CUSTOM = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
ROLE = "arn:aws:iam::171758673694:role/service-role/AmazonSageMaker-ExecutionRole-20200315T122350"
BUCKET = "s3://sagemaker-us-west-2-171758673694/xgboost-hyperparameter-tuning-low-level"


def _channel(name: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": f"{BUCKET}/{name}.csv",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "csv",
        "CompressionType": "None",
    }


def recorded_request() -> dict[str, Any]:
    """The request of a tuning job that ran on SageMaker (calvinfeng/MLE, boston housing, 2020)."""
    return {
        "HyperParameterTuningJobName": "tuning-job-2020-03-26-04-54-36",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:rmse",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
            "ParameterRanges": {
                "CategoricalParameterRanges": [],
                "ContinuousParameterRanges": [
                    {"MaxValue": "0.5", "MinValue": "0.05", "Name": "eta"}
                ],
                "IntegerParameterRanges": [
                    {"MaxValue": "12", "MinValue": "3", "Name": "max_depth"},
                    {"MaxValue": "8", "MinValue": "2", "Name": "min_child_weight"},
                ],
            },
        },
        "TrainingJobDefinition": {
            "RoleArn": ROLE,
            "AlgorithmSpecification": {"TrainingImage": XGBOOST, "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": BUCKET},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m4.xlarge",
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
            "StaticHyperParameters": {
                "gamma": "4",
                "subsample": "0.8",
                "objective": "reg:linear",
                "early_stopping_rounds": "10",
                "num_round": "200",
            },
            "InputDataConfig": [_channel("train"), _channel("validation")],
        },
    }


def _metric(name: str) -> dict[str, str]:
    key = name.replace(":", "-")
    return {
        "Name": name,
        "Regex": f".*\\[[0-9]+\\].*#011{key}:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
    }


def recorded_description() -> dict[str, Any]:
    """The same job's DescribeHyperParameterTuningJob answer: the 8 additions of the service.

    Abbreviated: 6 of its 35 metric definitions; every addition is there.
    """
    wire = copy.deepcopy(recorded_request())
    config, definition = wire["HyperParameterTuningJobConfig"], wire["TrainingJobDefinition"]
    for member in ("ContinuousParameterRanges", "IntegerParameterRanges"):
        for r in config["ParameterRanges"][member]:
            r["ScalingType"] = "Auto"
    definition["StaticHyperParameters"]["_tuning_objective_metric"] = "validation:rmse"
    names = ["train:mae", "validation:aucpr", "validation:rmse", "train:rmse", "validation:auc"]
    definition["AlgorithmSpecification"]["MetricDefinitions"] = [
        *(_metric(n) for n in names),
        {"Name": "ObjectiveMetric", "Regex": _metric("validation:rmse")["Regex"]},
    ]
    definition.update(
        EnableNetworkIsolation=False,
        EnableInterContainerTrafficEncryption=False,
        EnableManagedSpotTraining=False,
    )
    wire.update(
        HyperParameterTuningJobArn=(
            "arn:aws:sagemaker:us-west-2:171758673694:hyper-parameter-tuning-job/"
            "tuning-job-2020-03-26-04-54-36"
        ),
        HyperParameterTuningJobStatus="Completed",
        CreationTime=1585198477.022,
        TrainingJobStatusCounters={
            "Completed": 20,
            "InProgress": 0,
            "RetryableError": 0,
            "NonRetryableError": 0,
            "Stopped": 0,
        },
        ObjectiveStatusCounters={"Succeeded": 20, "Pending": 0, "Failed": 0},
    )
    return wire


def describe(wire: dict[str, Any]) -> sh.DescribeHyperParameterTuningJobResponse:
    return serde.from_api(sh.DescribeHyperParameterTuningJobResponse, wire)


def request(wire: dict[str, Any]) -> sh.CreateHyperParameterTuningJobRequest:
    return serde.from_api(sh.CreateHyperParameterTuningJobRequest, wire, strict=True)


def renamed(wire: dict[str, Any], name: str) -> sh.CreateHyperParameterTuningJobRequest:
    return request({**wire, "HyperParameterTuningJobName": name})


# -- from_description: what the service added ------------------------------------------------


def test_a_recorded_description_gives_back_the_recorded_request() -> None:
    got = requests.from_description(describe(recorded_description()), name="again")
    assert got == renamed(recorded_request(), "again")
    assert rules.check(got) == []


def test_keep_defaults_keeps_auto_scaling_and_false_flags_only() -> None:
    got = requests.from_description(
        describe(recorded_description()), name="again", keep_defaults=True
    )
    wire = serde.to_api(got)
    ranges = wire["HyperParameterTuningJobConfig"]["ParameterRanges"]
    assert {r["ScalingType"] for r in ranges["IntegerParameterRanges"]} == {"Auto"}
    assert ranges["ContinuousParameterRanges"][0]["ScalingType"] == "Auto"
    definition = wire["TrainingJobDefinition"]
    assert definition["EnableNetworkIsolation"] is False
    assert definition["EnableManagedSpotTraining"] is False
    # What is not lossless to keep goes either way.
    assert "_tuning_objective_metric" not in definition["StaticHyperParameters"]
    assert "MetricDefinitions" not in definition["AlgorithmSpecification"]


def test_true_flags_and_other_scalings_are_kept() -> None:
    wire = recorded_description()
    wire["TrainingJobDefinition"]["EnableNetworkIsolation"] = True
    ranges = wire["HyperParameterTuningJobConfig"]["ParameterRanges"]
    ranges["ContinuousParameterRanges"][0]["ScalingType"] = "Logarithmic"
    got = requests.from_description(describe(wire), name="again")
    assert got.training_job_definition is not None
    assert got.training_job_definition.enable_network_isolation is True
    assert got.training_job_definition.enable_managed_spot_training is None
    continuous = got.hyper_parameter_tuning_job_config.parameter_ranges
    assert continuous is not None and continuous.continuous_parameter_ranges is not None
    assert continuous.continuous_parameter_ranges[0].scaling_type == "Logarithmic"


def test_a_custom_images_metric_definitions_are_kept() -> None:
    wire = recorded_description()
    wire["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] = CUSTOM
    got = requests.from_description(describe(wire), name="again")
    assert got.training_job_definition is not None
    spec = got.training_job_definition.algorithm_specification
    assert spec.metric_definitions is not None and len(spec.metric_definitions) == 6


def test_keep_metric_definitions_overrides_the_built_in_test() -> None:
    kept = requests.from_description(
        describe(recorded_description()), name="again", keep_metric_definitions=True
    )
    assert kept.training_job_definition is not None
    assert kept.training_job_definition.algorithm_specification.metric_definitions is not None
    wire = recorded_description()
    wire["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] = CUSTOM
    dropped = requests.from_description(describe(wire), name="x", keep_metric_definitions=False)
    assert dropped.training_job_definition is not None
    assert dropped.training_job_definition.algorithm_specification.metric_definitions is None


def test_an_algorithm_resource_loses_the_image_and_metrics_the_service_reports() -> None:
    wire = recorded_description()
    spec = wire["TrainingJobDefinition"]["AlgorithmSpecification"]
    spec["TrainingImage"] = CUSTOM  # the service reports the algorithm's image too
    spec["AlgorithmName"] = "arn:aws:sagemaker:us-west-2:171758673694:algorithm/my-algo"
    got = requests.from_description(describe(wire), name="again")
    assert got.training_job_definition is not None
    algorithm = got.training_job_definition.algorithm_specification
    assert (algorithm.training_image, algorithm.metric_definitions) == (None, None)
    assert algorithm.algorithm_name == spec["AlgorithmName"]  # an ARN is a valid AlgorithmName
    assert [v for v in rules.check(got) if v.severity == "error"] == []


def test_several_definitions_are_cleaned_each() -> None:
    wire = recorded_description()
    definition = wire.pop("TrainingJobDefinition")
    wire["TrainingJobDefinitions"] = [
        {**copy.deepcopy(definition), "DefinitionName": "a"},
        {**copy.deepcopy(definition), "DefinitionName": "b"},
    ]
    got = requests.from_description(describe(wire), name="again")
    assert got.training_job_definitions is not None
    for d in got.training_job_definitions:
        assert "_tuning_objective_metric" not in (d.static_hyper_parameters or {})
        assert d.enable_network_isolation is None


def test_only_static_hyperparameter_being_the_objective_leaves_none() -> None:
    wire = recorded_description()
    wire["TrainingJobDefinition"]["StaticHyperParameters"] = {
        "_tuning_objective_metric": "validation:rmse"
    }
    got = requests.from_description(describe(wire), name="again")
    assert got.training_job_definition is not None
    assert got.training_job_definition.static_hyper_parameters is None


# -- from_description: overrides --------------------------------------------------------------


def test_overrides_change_limits_ranges_strategy_tags_and_warm_start() -> None:
    new_ranges = sh.ParameterRanges(
        integer_parameter_ranges=(
            sh.IntegerParameterRange(name="max_depth", min_value="4", max_value="9"),
        )
    )
    got = requests.from_description(
        describe(recorded_description()),
        name="next",
        max_jobs=40,
        max_parallel=5,
        ranges=new_ranges,
        strategy="Random",
        tags=[sh.Tag(key="team", value="ml")],
        warm_start=requests.warm_start("tuning-job-2020-03-26-04-54-36", "TransferLearning"),
    )
    config = got.hyper_parameter_tuning_job_config
    assert config.resource_limits == sh.ResourceLimits(
        max_number_of_training_jobs=40, max_parallel_training_jobs=5
    )
    assert config.parameter_ranges == new_ranges
    assert config.strategy == "Random"
    assert got.tags == (sh.Tag(key="team", value="ml"),)
    assert got.warm_start_config is not None
    assert got.warm_start_config.warm_start_type == "TransferLearning"


def test_a_described_warm_start_is_kept_unless_replaced() -> None:
    wire = recorded_description()
    wire["WarmStartConfig"] = {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "older"}],
        "WarmStartType": "IdenticalDataAndAlgorithm",
    }
    kept = requests.from_description(describe(wire), name="again")
    assert kept.warm_start_config == requests.warm_start("older", "IdenticalDataAndAlgorithm")
    replaced = requests.from_description(
        describe(wire), name="again", warm_start=requests.warm_start(["a", "b"])
    )
    assert replaced.warm_start_config == requests.warm_start(["a", "b"], "TransferLearning")


def test_leaving_hyperband_drops_its_configuration() -> None:
    wire = recorded_description()
    config = wire["HyperParameterTuningJobConfig"]
    config["Strategy"] = "Hyperband"
    config["StrategyConfig"] = {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 10}}
    same = requests.from_description(describe(wire), name="again")
    assert same.hyper_parameter_tuning_job_config.strategy_config is not None
    moved = requests.from_description(describe(wire), name="again", strategy="Bayesian")
    assert moved.hyper_parameter_tuning_job_config.strategy_config is None
    assert [v.rule for v in rules.check(moved) if v.severity == "error"] == []


def test_a_description_without_a_config_raises_a_validation_error_with_paths() -> None:
    wire = recorded_description()
    del wire["HyperParameterTuningJobConfig"]
    wire["TrainingJobDefinition"]["StoppingCondition"]["MaxRuntimeInSeconds"] = 0
    with pytest.raises(ValidationError) as caught:
        requests.from_description(describe(wire), name="again")
    paths = {v.path for v in caught.value.violations}
    assert paths == {
        "HyperParameterTuningJobConfig",
        "TrainingJobDefinition.StoppingCondition.MaxRuntimeInSeconds",
    }


def test_an_invalid_new_name_is_reported_at_its_path() -> None:
    with pytest.raises(ValidationError) as caught:
        requests.from_description(describe(recorded_description()), name="no_underscores")
    assert [v.path for v in caught.value.violations] == ["HyperParameterTuningJobName"]


# -- warm_start and built-in images -------------------------------------------------------------


def test_warm_start_takes_one_name_or_several() -> None:
    one = requests.warm_start("a")
    assert one.warm_start_type == "TransferLearning"
    assert [p.hyper_parameter_tuning_job_name for p in one.parent_hyper_parameter_tuning_jobs] == [
        "a"
    ]
    several = requests.warm_start(("a", "b"), "IdenticalDataAndAlgorithm")
    assert len(several.parent_hyper_parameter_tuning_jobs) == 2


@pytest.mark.parametrize(
    ("parents", "kind", "path"),
    [
        ([f"p{i}" for i in range(6)], "TransferLearning", "ParentHyperParameterTuningJobs"),
        (["p"], "Sideways", "WarmStartType"),
        (["not_a_name"], "TransferLearning", "HyperParameterTuningJobName"),
    ],
)
def test_warm_start_refuses_what_the_model_refuses(
    parents: list[str], kind: str, path: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        requests.warm_start(parents, kind)
    assert [v.path for v in caught.value.violations] == [path]


@pytest.mark.parametrize(
    ("image", "built_in"),
    [
        (XGBOOST, True),
        ("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", True),
        ("404615174143.dkr.ecr.us-east-2.amazonaws.com/linear-learner@sha256:0abc", True),
        ("390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/kmeans:1", True),
        (CUSTOM, False),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/xgboost:1", False),
        ("docker.io/library/xgboost:1", False),
    ],
)
def test_built_in_images_are_told_by_their_repository(image: str, built_in: bool) -> None:
    assert requests.is_built_in_image(image) is built_in


# -- warm-start restrictions ----------------------------------------------------------------------


def parent_description(**changes: Any) -> sh.DescribeHyperParameterTuningJobResponse:
    """The recorded job as a parent, as the service describes it (its additions included)."""
    wire = recorded_description()
    wire["HyperParameterTuningJobName"] = "parent"
    wire.update(changes)
    return describe(wire)


def child(kind: str = "TransferLearning", **edit: Any) -> sh.CreateHyperParameterTuningJobRequest:
    """A warm-started clone of :func:`parent_description`, changed by ``edit`` (wire paths)."""
    wire = serde.to_api(
        requests.from_description(
            parent_description(), name="child", warm_start=requests.warm_start("parent", kind)
        )
    )
    for path, value in edit.items():
        holder: Any = wire
        *parts, last = path.split("__")
        for part in parts:
            holder = holder[int(part)] if isinstance(holder, list) else holder[part]
        if value is None:
            del holder[last]
        else:
            holder[last] = value
    return request(wire)


def found(
    req: sh.CreateHyperParameterTuningJobRequest,
    parents: dict[str, sh.DescribeHyperParameterTuningJobResponse | None] | None = None,
) -> list[tuple[str, str, str]]:
    got = requests.warm_start_violations(
        req, parents if parents is not None else {"parent": parent_description()}
    )
    return [(v.rule, v.severity, v.path) for v in got]


def test_every_warm_start_rule_is_documented_with_a_source() -> None:
    for rule in requests.WARM_START_RULES.values():
        assert rule.id.startswith("warm-start-")
        assert rule.severity in ("error", "warning")
        assert rule.sources and all(s.startswith("https://") for s in rule.sources)
        assert rule.summary


def test_a_plain_clone_breaks_no_restriction() -> None:
    assert found(child()) == []
    assert found(child("IdenticalDataAndAlgorithm")) == []
    no_warm_start = attrs.evolve(child(), warm_start_config=None)
    assert requests.warm_start_violations(no_warm_start, {}) == []


def test_an_unknown_parent_is_reported() -> None:
    assert found(child(), {"parent": None}) == [
        ("warm-start-parent-exists", "error", "WarmStartConfig.ParentHyperParameterTuningJobs[0]")
    ]
    assert found(child(), {}) == found(child(), {"parent": None})


def test_parent_names_match_ignoring_case() -> None:
    assert found(child(), {"PARENT": parent_description()}) == []


@pytest.mark.parametrize("status", ["InProgress", "Stopping", "Deleting", "SomethingNew"])
def test_a_parent_still_running_is_reported(status: str) -> None:
    parents = {"parent": parent_description(HyperParameterTuningJobStatus=status)}
    assert found(child(), parents) == [
        ("warm-start-parent-terminal", "error", "WarmStartConfig.ParentHyperParameterTuningJobs[0]")
    ]


@pytest.mark.parametrize("status", ["Completed", "Stopped", "Failed"])
def test_a_finished_parent_is_fine(status: str) -> None:
    assert (
        found(child(), {"parent": parent_description(HyperParameterTuningJobStatus=status)}) == []
    )


def test_more_than_five_parents_and_repeated_parents() -> None:
    # The model refuses six parents at construction; a leniently read request can hold them.
    wire = serde.to_api(child())
    wire["WarmStartConfig"]["ParentHyperParameterTuningJobs"] = [
        {"HyperParameterTuningJobName": n} for n in ["parent", "Parent", "a", "b", "c", "d"]
    ]
    lenient = serde.from_api(sh.CreateHyperParameterTuningJobRequest, wire)
    parents = {n: parent_description() for n in "abcd"} | {"parent": parent_description()}
    rules_found = [(r, p) for r, _s, p in found(lenient, parents)]
    assert (
        "warm-start-parent-count",
        "WarmStartConfig.ParentHyperParameterTuningJobs",
    ) in rules_found
    assert ("warm-start-parent-duplicate", "WarmStartConfig.ParentHyperParameterTuningJobs[1]") in (
        rules_found
    )


def test_another_objective_metric_is_reported() -> None:
    path = "HyperParameterTuningJobConfig__HyperParameterTuningJobObjective__MetricName"
    assert found(child(**{path: "validation:mae"})) == [
        (
            "warm-start-objective",
            "error",
            "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName",
        )
    ]
    kind = "HyperParameterTuningJobConfig__HyperParameterTuningJobObjective__Type"
    assert found(child(**{kind: "Maximize"})) == [
        (
            "warm-start-objective-type",
            "warning",
            "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type",
        )
    ]


def test_adding_a_hyperparameter_changes_the_count() -> None:
    statics = {**recorded_request()["TrainingJobDefinition"]["StaticHyperParameters"], "seed": "1"}
    assert found(child(TrainingJobDefinition__StaticHyperParameters=statics)) == [
        ("warm-start-hyperparameter-count", "error", "TrainingJobDefinition.StaticHyperParameters")
    ]


def test_moving_a_hyperparameter_from_tunable_to_static_keeps_the_count() -> None:
    statics = {**recorded_request()["TrainingJobDefinition"]["StaticHyperParameters"], "eta": "0.1"}
    req = child(
        TrainingJobDefinition__StaticHyperParameters=statics,
        HyperParameterTuningJobConfig__ParameterRanges__ContinuousParameterRanges=[],
    )
    assert found(req) == []


def test_changing_a_hyperparameters_kind_is_reported() -> None:
    ranges = "HyperParameterTuningJobConfig__ParameterRanges__"
    req = child(
        **{
            f"{ranges}ContinuousParameterRanges": [],
            f"{ranges}CategoricalParameterRanges": [{"Name": "eta", "Values": ["0.1", "0.2"]}],
        }
    )
    assert found(req) == [
        ("warm-start-hyperparameter-type", "error", "HyperParameterTuningJobConfig.ParameterRanges")
    ]


def test_more_than_ten_changes_are_reported() -> None:
    # 5 changed static values count 2 each: 10 is allowed, 12 is not.
    statics = recorded_request()["TrainingJobDefinition"]["StaticHyperParameters"]
    changed = {k: v + "1" for k, v in statics.items()}
    assert found(child(TrainingJobDefinition__StaticHyperParameters=changed)) == []
    # Plus one integer range made static: 11.
    mine = {**changed, "min_child_weight": "3"}
    req = child(
        TrainingJobDefinition__StaticHyperParameters=mine,
        HyperParameterTuningJobConfig__ParameterRanges__IntegerParameterRanges=[
            {"Name": "max_depth", "MinValue": "3", "MaxValue": "12"}
        ],
    )
    assert found(req) == [
        ("warm-start-changes", "error", "TrainingJobDefinition.StaticHyperParameters")
    ]


def test_a_categorical_range_made_static_counts_each_value() -> None:
    parent_wire = recorded_description()
    parent_wire["HyperParameterTuningJobName"] = "parent"
    parent_wire["HyperParameterTuningJobConfig"]["ParameterRanges"][
        "CategoricalParameterRanges"
    ] = [{"Name": "booster", "Values": [f"b{i}" for i in range(11)]}]
    del parent_wire["TrainingJobDefinition"]["StaticHyperParameters"]["gamma"]
    statics = {
        **recorded_request()["TrainingJobDefinition"]["StaticHyperParameters"],
        "booster": "b0",
    }
    del statics["gamma"]
    req = child(TrainingJobDefinition__StaticHyperParameters=statics)
    assert found(req, {"parent": describe(parent_wire)}) == [
        ("warm-start-changes", "error", "TrainingJobDefinition.StaticHyperParameters")
    ]


def test_identical_data_and_algorithm_keeps_data_image_and_static_values() -> None:
    kind = "IdenticalDataAndAlgorithm"
    data = "TrainingJobDefinition__InputDataConfig__0__DataSource__S3DataSource__S3Uri"
    assert found(child(kind, **{data: "s3://elsewhere/train.csv"})) == [
        ("warm-start-identical-data", "error", "TrainingJobDefinition.InputDataConfig")
    ]
    image = "TrainingJobDefinition__AlgorithmSpecification__TrainingImage"
    assert found(child(kind, **{image: XGBOOST.replace("0.90-1", "1.7-1")})) == [
        ("warm-start-identical-algorithm", "error", "TrainingJobDefinition.AlgorithmSpecification")
    ]
    statics = {**recorded_request()["TrainingJobDefinition"]["StaticHyperParameters"], "gamma": "5"}
    assert found(child(kind, TrainingJobDefinition__StaticHyperParameters=statics)) == [
        ("warm-start-identical-statics", "warning", "TrainingJobDefinition.StaticHyperParameters")
    ]
    # TransferLearning allows all three.
    transfer = child(**{data: "s3://elsewhere/train.csv", image: CUSTOM})
    assert found(transfer) == []


def test_an_algorithm_named_by_arn_or_name_is_the_same_algorithm() -> None:
    wire = recorded_description()
    wire["HyperParameterTuningJobName"] = "parent"
    spec = wire["TrainingJobDefinition"]["AlgorithmSpecification"]
    spec["AlgorithmName"] = "arn:aws:sagemaker:us-west-2:171758673694:algorithm/my-algo"
    parent = describe(wire)
    mine = serde.to_api(
        requests.from_description(
            parent,
            name="child",
            warm_start=requests.warm_start("parent", "IdenticalDataAndAlgorithm"),
        )
    )
    mine["TrainingJobDefinition"]["AlgorithmSpecification"]["AlgorithmName"] = "my-algo"
    assert found(request(mine), {"parent": parent}) == []


def test_the_parents_training_jobs_count_toward_the_limit() -> None:
    counters = {"Completed": 710, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 30,
                "Stopped": 0}  # fmt: skip
    parents = {"parent": parent_description(TrainingJobStatusCounters=counters)}
    assert found(child(), parents) == [
        (
            "warm-start-training-jobs",
            "warning",
            "HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs",
        )
    ]
    random = child(HyperParameterTuningJobConfig__Strategy="Random")
    assert found(random, parents) == []  # Random search allows up to 10000


def test_check_warm_start_describes_each_parent_once() -> None:
    service = LocalSageMaker(seed=2)
    client = service.client()
    calls: list[str] = []
    original = client.describe_hyper_parameter_tuning_job

    def counting(name: Any) -> Any:
        calls.append(name)
        return original(name)

    client.describe_hyper_parameter_tuning_job = counting  # type: ignore[method-assign]
    req = attrs.evolve(child(), warm_start_config=requests.warm_start(["parent", "PARENT", "x"]))
    got = requests.check_warm_start(req, client)
    assert calls == ["parent", "x"]
    assert [(v.rule, v.path) for v in got] == [
        ("warm-start-parent-exists", "WarmStartConfig.ParentHyperParameterTuningJobs[0]"),
        ("warm-start-parent-duplicate", "WarmStartConfig.ParentHyperParameterTuningJobs[1]"),
        ("warm-start-parent-exists", "WarmStartConfig.ParentHyperParameterTuningJobs[2]"),
    ]
    assert requests.check_warm_start(attrs.evolve(req, warm_start_config=None), client) == []
    assert calls == ["parent", "x"]
