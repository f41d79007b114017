"""Properties of from_description: any description gives a valid request or a clear error, and a
job the SDK created comes back as the request that created it (apart from its name)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from sagemaker_tuning import ValidationError, requests, serde, violations
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.errors import ServiceError
from sagemaker_tuning.ranges import encode
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer
from sagemaker_tuning.testing import strategies as sts

CUSTOM = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
BUILT_IN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ALGORITHM = "arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algorithm"
METRIC = "validation:score"


@pytest.fixture(autouse=True)
def _quiet_lenient_reading() -> Iterator[None]:
    # Responses with required members missing are logged by the lenient reader; expected here.
    log = logging.getLogger(serde.__name__)
    disabled, log.disabled = log.disabled, True
    try:
        yield
    finally:
        log.disabled = disabled


@settings(max_examples=60, suppress_health_check=list(HealthCheck))
@given(data=sts.responses(sh.DescribeHyperParameterTuningJobResponse))
def test_any_description_gives_a_valid_request_or_a_validation_error(data: dict[str, Any]) -> None:
    response = serde.from_api(sh.DescribeHyperParameterTuningJobResponse, data)
    try:
        got = requests.from_description(response, name="the-clone")
    except ValidationError as error:
        event("refused")
        assert error.violations, "a ValidationError names what is wrong"
        assert error.shape == "CreateHyperParameterTuningJobRequest"
        for v in error.violations:
            assert v.message
    else:
        event("valid")
        assert violations(got) == []
        assert got.hyper_parameter_tuning_job_name == "the-clone"
        assert serde.from_api(type(got), serde.to_api(got), strict=True) == got


@settings(max_examples=40, suppress_health_check=list(HealthCheck))
@given(response=sts.shapes(sh.DescribeHyperParameterTuningJobResponse))
def test_a_description_within_the_model_always_gives_a_request(
    response: sh.DescribeHyperParameterTuningJobResponse,
) -> None:
    # The raw responses above mostly break the model (as the service may); a description that
    # keeps to it shares its request members' constraints, so nothing may be refused.
    got = requests.from_description(response, name="the-clone")
    assert violations(got) == []
    assert got.hyper_parameter_tuning_job_config is not None


# -- requests the local service accepts -------------------------------------------------------

_names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_words = st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
_scalings = st.sampled_from([None, "Auto", "Linear", "Logarithmic"])
_flags = st.sampled_from([None, True, False])


@st.composite
def tuning_requests(draw: st.DrawFn) -> sh.CreateHyperParameterTuningJobRequest:
    """Valid requests over most of what a definition and a config can hold, default spellings
    (``ScalingType: Auto``, ``Enable*: false``) included."""
    strategy = draw(st.sampled_from(["Bayesian", "Random", "Hyperband", "Grid"]))
    grid = strategy == "Grid"
    n_continuous = 0 if grid else draw(st.integers(0, 2))
    n_integer = 0 if grid else draw(st.integers(0, 2))
    n_categorical = draw(st.integers(0 if n_continuous + n_integer else 1, 2))
    n_static = draw(st.integers(0, 3))
    names = draw(
        st.lists(
            _names,
            min_size=n_continuous + n_integer + n_categorical + n_static,
            max_size=n_continuous + n_integer + n_categorical + n_static,
            unique=True,
        )
    )
    it = iter(names)
    continuous = []
    for name in itertools.islice(it, n_continuous):
        low = draw(st.floats(0.001, 10.0))
        continuous.append(
            sh.ContinuousParameterRange(
                name=name,
                min_value=encode(low),
                max_value=encode(low + draw(st.floats(0.5, 100.0))),
                scaling_type=draw(_scalings),
            )
        )
    integer = []
    for name in itertools.islice(it, n_integer):
        low = draw(st.integers(1, 50))
        integer.append(
            sh.IntegerParameterRange(
                name=name,
                min_value=str(low),
                max_value=str(low + draw(st.integers(20, 100))),
                scaling_type=draw(_scalings),
            )
        )
    categorical = [
        sh.CategoricalParameterRange(
            name=name, values=tuple(draw(st.lists(_words, min_size=2, max_size=4, unique=True)))
        )
        for name in itertools.islice(it, n_categorical)
    ]
    statics = {name: draw(_words) for name in it}
    if strategy == "Hyperband":
        statics["epochs"] = "10"
    combos = 1
    for r in categorical:
        combos *= len(r.values)
    max_jobs = combos if grid else draw(st.integers(1, 6))
    config = sh.HyperParameterTuningJobConfig(
        strategy=strategy,
        strategy_config=(
            sh.HyperParameterTuningJobStrategyConfig(
                hyperband_strategy_config=sh.HyperbandStrategyConfig(min_resource=1, max_resource=9)
            )
            if strategy == "Hyperband" and draw(st.booleans())
            else None
        ),
        hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
            type=draw(st.sampled_from(["Maximize", "Minimize"])), metric_name=METRIC
        ),
        resource_limits=sh.ResourceLimits(
            max_number_of_training_jobs=max_jobs,
            max_parallel_training_jobs=draw(st.integers(1, max_jobs)),
        ),
        parameter_ranges=sh.ParameterRanges(
            continuous_parameter_ranges=tuple(continuous) or None,
            integer_parameter_ranges=tuple(integer) or None,
            categorical_parameter_ranges=tuple(categorical) or None,
        ),
        training_job_early_stopping_type=draw(st.sampled_from([None, "Off"])),
        random_seed=draw(st.none() | st.integers(0, 100)),
    )
    algorithm = draw(st.sampled_from(["custom", "built-in", "resource"]))
    if algorithm == "custom":
        extra = draw(st.lists(_names, max_size=2, unique=True))
        spec = sh.HyperParameterAlgorithmSpecification(
            training_image=CUSTOM,
            training_input_mode="File",
            metric_definitions=tuple(
                sh.MetricDefinition(name=n, regex=f"{n}=([0-9.]+)") for n in [METRIC, *extra]
            ),
        )
    elif algorithm == "built-in":
        spec = sh.HyperParameterAlgorithmSpecification(
            training_image=BUILT_IN, training_input_mode="File"
        )
    else:
        spec = sh.HyperParameterAlgorithmSpecification(
            algorithm_name=ALGORITHM, training_input_mode="File"
        )
    spot = draw(_flags)
    resources: dict[str, Any]
    if draw(st.booleans()):
        resources = {
            "resource_config": sh.ResourceConfig(
                instance_type="ml.m5.xlarge",
                instance_count=draw(st.integers(1, 2)),
                volume_size_in_gb=draw(st.integers(1, 50)),
            )
        }
    else:
        resources = {
            "hyper_parameter_tuning_resource_config": sh.HyperParameterTuningResourceConfig(
                instance_type="ml.m5.xlarge",
                instance_count=draw(st.integers(1, 2)),
                volume_size_in_gb=draw(st.integers(1, 50)),
            )
        }
    definition = sh.HyperParameterTrainingJobDefinition(
        algorithm_specification=spec,
        role_arn="arn:aws:iam::123456789012:role/Tuning",
        static_hyper_parameters=statics or None,
        output_data_config=sh.OutputDataConfig(s3_output_path="s3://bucket/out/"),
        stopping_condition=sh.StoppingCondition(
            max_runtime_in_seconds=3600, max_wait_time_in_seconds=7200 if spot else None
        ),
        enable_network_isolation=draw(_flags),
        enable_inter_container_traffic_encryption=draw(_flags),
        enable_managed_spot_training=spot,
        checkpoint_config=draw(st.none() | sts.shapes(sh.CheckpointConfig)),
        retry_strategy=draw(st.none() | sts.shapes(sh.RetryStrategy)),
        vpc_config=draw(st.none() | sts.shapes(sh.VpcConfig)),
        environment=draw(st.none() | st.dictionaries(_names.map(str.upper), _words, max_size=2)),
        **resources,
    )
    tags = draw(st.none() | st.lists(sts.shapes(sh.Tag), max_size=2, unique_by=lambda t: t.key))
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="original",
        hyper_parameter_tuning_job_config=config,
        training_job_definition=definition,
        tags=tuple(tags) if tags else None,
    )


def without_default_spellings(request: sh.CreateHyperParameterTuningJobRequest) -> Any:
    """``request`` without ``ScalingType: Auto`` and ``Enable*: false``, which mean the same."""
    wire = serde.to_api(request)
    for r in itertools.chain.from_iterable(
        wire["HyperParameterTuningJobConfig"].get("ParameterRanges", {}).get(member, [])
        for member in ("IntegerParameterRanges", "ContinuousParameterRanges")
    ):
        if r.get("ScalingType") == "Auto":
            del r["ScalingType"]
    definition = wire["TrainingJobDefinition"]
    for flag in [k for k, v in definition.items() if k.startswith("Enable") and v is False]:
        del definition[flag]
    return serde.from_api(type(request), wire, strict=True)


_SERVICE = LocalSageMaker(seed=5)
_CLIENT = _SERVICE.client()
_COUNTER = itertools.count()


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(original=tuning_requests())
def test_a_job_the_sdk_created_comes_back_as_its_request(
    original: sh.CreateHyperParameterTuningJobRequest,
) -> None:
    name = f"job-{next(_COUNTER)}"
    created = attrs.evolve(original, hyper_parameter_tuning_job_name=name)
    assert violations(created) == []  # so a ValidationError below can only be a rule's
    try:
        _CLIENT.create_hyper_parameter_tuning_job(created)
    except (ServiceError, ValidationError):
        # A service rule refused it, in the client (error rules are checked before sending)
        # or in the service: not a job the SDK created.
        reject()
    described = _CLIENT.describe_hyper_parameter_tuning_job(name)
    # A description carries no tags: they are the one thing the caller passes again.
    exact = requests.from_description(
        described, name="the-clone", tags=original.tags, keep_defaults=True
    )
    # The service spells out defaults (ScalingType "Auto", Enable* false) that the request may
    # have left out: kept, they mean the same; removed, the request is the original's minus them.
    clone = attrs.evolve(original, hyper_parameter_tuning_job_name="the-clone")
    assert without_default_spellings(exact) == without_default_spellings(clone)
    cleaned = requests.from_description(described, name="the-clone", tags=original.tags)
    assert cleaned == without_default_spellings(clone)


def test_a_job_described_over_http_comes_back_the_same() -> None:
    service = LocalSageMaker(seed=6)
    request = sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="over-http",
        hyper_parameter_tuning_job_config=sh.HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
                type="Minimize", metric_name=METRIC
            ),
            resource_limits=sh.ResourceLimits(
                max_number_of_training_jobs=3, max_parallel_training_jobs=1
            ),
            parameter_ranges=sh.ParameterRanges(
                continuous_parameter_ranges=(
                    sh.ContinuousParameterRange(
                        name="lr", min_value="0.001", max_value="0.1", scaling_type="Auto"
                    ),
                )
            ),
        ),
        training_job_definition=sh.HyperParameterTrainingJobDefinition(
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image=BUILT_IN, training_input_mode="File"
            ),
            role_arn="arn:aws:iam::123456789012:role/Tuning",
            static_hyper_parameters={"num_round": "50"},
            output_data_config=sh.OutputDataConfig(s3_output_path="s3://bucket/out/"),
            resource_config=sh.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=5
            ),
            stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=600),
            enable_network_isolation=False,
        ),
    )
    with LocalSageMakerServer(service) as server:
        client = server.client()
        client.create_hyper_parameter_tuning_job(request)
        described = client.wait_for_hyper_parameter_tuning_job("over-http")
    got = requests.from_description(described, name="over-http", keep_defaults=True)
    assert without_default_spellings(got) == without_default_spellings(request)
    cleaned = requests.from_description(described, name="over-http")
    assert cleaned == without_default_spellings(request)
    assert cleaned != request
