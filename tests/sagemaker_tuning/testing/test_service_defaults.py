"""What LocalSageMaker adds to a description, as the service does (issue 13)."""

from __future__ import annotations

import attrs
import pytest
from request_samples import definition, tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.testing import LocalSageMaker
from sagemaker_tuning.testing._service_defaults import builtin_algorithm

REGISTRY = "246618743249.dkr.ecr.us-west-2.amazonaws.com"


@pytest.mark.parametrize(
    ("image", "count", "first"),
    [
        (f"{REGISTRY}/sagemaker-xgboost:0.90-1-cpu-py3", 34, "train:mae"),
        (f"{REGISTRY}/sagemaker-xgboost:1.3-1", 29, "train:mae"),
        (f"{REGISTRY}/sagemaker-xgboost:1.7-1", 29, "train:mae"),
        ("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", 29, "train:mae"),
        ("382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1", 5, "train:progress"),
        (f"{REGISTRY}/sagemaker-xgboost@sha256:{'0' * 64}", 29, "train:mae"),
    ],
)
def test_built_in_images_get_their_recorded_metric_definitions(
    image: str, count: int, first: str
) -> None:
    found = builtin_algorithm(image)
    assert found is not None
    assert len(found) == count and found[0][0] == first


@pytest.mark.parametrize(
    "image",
    [
        None,
        "",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-custom:1",
    ],
)
def test_other_images_get_none(image: str | None) -> None:
    assert builtin_algorithm(image) is None


def test_the_xgboost_regexes_have_the_recorded_form() -> None:
    found = dict(builtin_algorithm(f"{REGISTRY}/sagemaker-xgboost:1.3-1") or ())
    assert found["validation:auc"] == (
        r".*\[[0-9]+\].*#011validation-auc:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"
    )


def builtin_request(name: str) -> sh.CreateHyperParameterTuningJobRequest:
    """A tuning request for built-in XGBoost, sent without metric definitions (as it must be)."""
    base = definition()
    algorithm = attrs.evolve(
        base.algorithm_specification,
        training_image=f"{REGISTRY}/sagemaker-xgboost:1.3-1",
        metric_definitions=None,
    )
    return tuning_request(
        name,
        max_jobs=2,
        parallel=2,
        training_job_definition=attrs.evolve(
            base, algorithm_specification=algorithm, enable_network_isolation=True
        ),
    )


def test_a_built_in_algorithm_is_described_with_its_metrics_and_the_objective_copy() -> None:
    client = LocalSageMaker().client()
    client.create_hyper_parameter_tuning_job(builtin_request("builtin"))
    described = client.describe_hyper_parameter_tuning_job("builtin").training_job_definition
    assert described is not None
    metrics = described.algorithm_specification.metric_definitions or ()
    assert len(metrics) == 30
    # The last is the objective's regex again, named ObjectiveMetric (recorded answers).
    by_name = {m.name: m.regex for m in metrics}
    assert metrics[-1].name == "ObjectiveMetric"
    assert metrics[-1].regex == by_name["validation:auc"]
    # A flag the request set stays as sent; the unset ones are described as false.
    assert described.enable_network_isolation is True
    assert described.enable_managed_spot_training is False


def test_a_training_job_of_a_built_in_algorithm_reports_only_the_objective_metric_family() -> None:
    service = LocalSageMaker(failure_rate=0.0)
    client = service.client()
    client.create_hyper_parameter_tuning_job(builtin_request("family"))
    client.wait_for_hyper_parameter_tuning_job("family")
    best = client.describe_hyper_parameter_tuning_job("family").best_training_job
    assert best is not None
    job = client.describe_training_job(best.training_job_name)
    reported = [m.metric_name for m in job.final_metric_data_list or ()]
    assert reported == ["validation:auc", "train:auc"]  # as XGBoost prints its eval metric
    assert job.algorithm_specification.enable_sage_maker_metrics_time_series is False
    assert job.enable_network_isolation is True
    assert job.output_data_config is not None
    assert (job.output_data_config.kms_key_id, job.output_data_config.compression_type) == (
        "",
        "GZIP",
    )


def test_custom_metric_definitions_are_described_as_sent() -> None:
    client = LocalSageMaker().client()
    request = tuning_request("custom", max_jobs=2, parallel=2)
    client.create_hyper_parameter_tuning_job(request)
    described = client.describe_hyper_parameter_tuning_job("custom").training_job_definition
    sent = request.training_job_definition
    assert described is not None and sent is not None
    assert (
        described.algorithm_specification.metric_definitions
        == sent.algorithm_specification.metric_definitions
    )


def test_scaling_type_is_filled_only_where_none_was_sent() -> None:
    client = LocalSageMaker().client()
    client.create_hyper_parameter_tuning_job(tuning_request("scaled", max_jobs=2, parallel=2))
    config = client.describe_hyper_parameter_tuning_job("scaled").hyper_parameter_tuning_job_config
    ranges = config.parameter_ranges
    assert ranges is not None
    assert [r.scaling_type for r in ranges.continuous_parameter_ranges or ()] == ["Logarithmic"]
    assert [r.scaling_type for r in ranges.integer_parameter_ranges or ()] == ["Auto"]


def test_every_definition_of_a_multi_definition_job_gets_its_own_objective() -> None:
    first = attrs.evolve(
        definition(),
        definition_name="first",
        tuning_objective=sh.HyperParameterTuningJobObjective(
            type="Maximize", metric_name="validation:auc"
        ),
        hyper_parameter_ranges=sh.ParameterRanges(
            integer_parameter_ranges=(
                sh.IntegerParameterRange(name="max_depth", min_value="2", max_value="9"),
            )
        ),
    )
    second = attrs.evolve(first, definition_name="second")
    request = tuning_request(
        "multi", max_jobs=2, parallel=2, ranges=None, training_job_definition=None
    )
    config = attrs.evolve(
        request.hyper_parameter_tuning_job_config, hyper_parameter_tuning_job_objective=None
    )
    request = attrs.evolve(
        request, hyper_parameter_tuning_job_config=config, training_job_definitions=(first, second)
    )
    client = LocalSageMaker().client()
    client.create_hyper_parameter_tuning_job(request)
    described = client.describe_hyper_parameter_tuning_job("multi")
    assert described.training_job_definition is None
    definitions = described.training_job_definitions or ()
    assert [d.definition_name for d in definitions] == ["first", "second"]
    for d in definitions:
        assert d.static_hyper_parameters is not None
        assert d.static_hyper_parameters["_tuning_objective_metric"] == "validation:auc"
        ranges = d.hyper_parameter_ranges
        assert ranges is not None
        assert [r.scaling_type for r in ranges.integer_parameter_ranges or ()] == ["Auto"]
