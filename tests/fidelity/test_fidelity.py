"""LocalSageMaker held against SageMaker's recorded answers.

Each case replays a recorded answer (``recordings/``, sources in ``SOURCES.md``) through
the client, sends the same request to :class:`LocalSageMaker` brought to the same state,
and compares the two typed answers' members and types (values differ: names, times,
metrics). Every difference the emulation keeps is listed with its reason; the test fails
on any other, and on a listed one that no longer occurs.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest
from fidelity_kit import differences, recording, replayed, shape

from sagemaker_tuning import serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.errors import TuningJobFailed
from sagemaker_tuning.testing import LocalSageMaker
from sagemaker_tuning.testing._service_defaults import OBJECTIVE_METRIC_KEY, builtin_algorithm


def request_from(described: Mapping[str, Any]) -> dict[str, Any]:
    """The Create request behind a recorded Describe answer: its members less the service's
    additions (``_tuning_objective_metric``; a built-in algorithm's metric definitions,
    which the service refuses in a request). What the service may have defaulted and the
    request may equally have sent (ScalingType, Enable* flags) stays: sent, it is described
    unchanged.
    """
    request = {
        key: copy.deepcopy(described[key])
        for key in (
            "HyperParameterTuningJobName",
            "HyperParameterTuningJobConfig",
            "TrainingJobDefinition",
            "TrainingJobDefinitions",
            "WarmStartConfig",
            "Autotune",
        )
        if key in described
    }
    definitions = request.get("TrainingJobDefinitions", [])
    if "TrainingJobDefinition" in request:
        definitions = [request["TrainingJobDefinition"], *definitions]
    for definition in definitions:
        definition.get("StaticHyperParameters", {}).pop(OBJECTIVE_METRIC_KEY, None)
        algorithm = definition["AlgorithmSpecification"]
        if builtin_algorithm(algorithm.get("TrainingImage")) is not None:
            algorithm.pop("MetricDefinitions", None)
    return request


def local_service(failure_rate: float) -> tuple[LocalSageMaker, TuningClient]:
    service = LocalSageMaker(seed=5, failure_rate=failure_rate)
    return service, service.client()


def created(request: Mapping[str, Any], failure_rate: float) -> tuple[LocalSageMaker, TuningClient]:
    service, client = local_service(failure_rate)
    client.boto_client.create_hyper_parameter_tuning_job(**request)
    return service, client


def local_describe(
    recorded: str, *, failure_rate: float = 0.0, then: Callable[[LocalSageMaker, str], None]
) -> sh.DescribeHyperParameterTuningJobResponse:
    request = request_from(recording(recorded))
    service, client = created(request, failure_rate)
    name = request["HyperParameterTuningJobName"]
    then(service, name)
    return client.describe_hyper_parameter_tuning_job(name)


def advance(seconds: float) -> Callable[[LocalSageMaker, str], None]:
    def run(service: LocalSageMaker, name: str) -> None:
        service.clock.sleep(seconds)

    return run


def wait(service: LocalSageMaker, name: str) -> None:
    with contextlib.suppress(TuningJobFailed):  # the recorded job failed too
        service.client().wait_for_hyper_parameter_tuning_job(name)


def stop(*, settle: bool) -> Callable[[LocalSageMaker, str], None]:
    def run(service: LocalSageMaker, name: str) -> None:
        client = service.client()
        service.clock.sleep(40)  # the first wave of training jobs is running
        client.stop_hyper_parameter_tuning_job(name)
        if settle:
            client.wait_for_hyper_parameter_tuning_job_stopped(name)

    return run


def mle_tuning_job() -> tuple[LocalSageMaker, TuningClient, str]:
    """MLE-2020's own request, run to completion on the local service."""
    request = recording("create_tuning_job_request")
    service, client = created(request, failure_rate=0.0)
    name = request["HyperParameterTuningJobName"]
    client.wait_for_hyper_parameter_tuning_job(name)
    return service, client, name


# -- the cases -------------------------------------------------------------------------------

#: Members of the 2020 recording that the API gained later (the 2024 recordings carry them).
NEWER_THAN_2020 = {
    "+TuningJobCompletionDetails": "added to the API after March 2020; C7N-2024 has it",
    "+ConsumedResources": "added to the API after March 2020; C7N-2024 has it",
}

TUNING_JOB_CASES: dict[str, tuple[Callable[[], Any], str, dict[str, str]]] = {
    "InProgress": (
        lambda: local_describe("describe_tuning_job_in_progress", then=advance(40)),
        "describe_tuning_job_in_progress",
        {},
    ),
    "Completed": (
        lambda: mle_tuning_job()[1].describe_hyper_parameter_tuning_job(
            "tuning-job-2020-03-26-04-54-36"
        ),
        "describe_tuning_job_completed",
        NEWER_THAN_2020,
    ),
    "Failed": (
        lambda: local_describe("describe_tuning_job_failed", failure_rate=1.0, then=wait),
        "describe_tuning_job_failed",
        {},
    ),
    "Stopping": (
        lambda: local_describe("describe_tuning_job_stopping", then=stop(settle=False)),
        "describe_tuning_job_stopping",
        {},
    ),
    "Stopped": (
        lambda: local_describe("describe_tuning_job_stopped", then=stop(settle=True)),
        "describe_tuning_job_stopped",
        {},
    ),
}


@pytest.mark.parametrize("status", list(TUNING_JOB_CASES))
def test_describe_tuning_job_has_the_members_and_types_of_the_recorded_answer(
    status: str,
) -> None:
    run_locally, name, expected = TUNING_JOB_CASES[status]
    recorded = recording(name)
    real = replayed(recorded).describe_hyper_parameter_tuning_job("any")
    local = run_locally()
    assert real.hyper_parameter_tuning_job_status == status
    assert local.hyper_parameter_tuning_job_status == status
    assert differences(shape(real), shape(local)) == set(expected)


def test_completed_tuning_job_is_described_with_what_the_service_added() -> None:
    # MLE-2020 gives both the request and the answer: the local answer to that request adds
    # exactly what the service added, value for value (ScalingType "Auto" on the three
    # ranges, _tuning_objective_metric, 34 XGBoost metric definitions and ObjectiveMetric,
    # the three Enable* flags as false).
    recorded = replayed(recording("describe_tuning_job_completed"))
    real = recorded.describe_hyper_parameter_tuning_job("any")
    local = mle_tuning_job()[1].describe_hyper_parameter_tuning_job(
        "tuning-job-2020-03-26-04-54-36"
    )
    assert local.hyper_parameter_tuning_job_config == real.hyper_parameter_tuning_job_config
    assert local.training_job_definition == real.training_job_definition


def test_training_job_list_page_has_the_members_and_types_of_the_recorded_summaries() -> None:
    # A derived page (SOURCES.md): the recorded BestTrainingJob of MLE-2020 as its item.
    real = replayed(recording("list_training_jobs_page"))
    recorded = real.list_training_jobs_for_hyper_parameter_tuning_job("any")
    _, client, name = mle_tuning_job()
    local = client.list_training_jobs_for_hyper_parameter_tuning_job(
        sh.ListTrainingJobsForHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name=name, max_results=100
        )
    )
    assert local.next_token is None
    assert differences(shape(recorded), shape(local)) == set()


#: DescribeTrainingJob members the local answer has and the 2018 recording lacks.
NEWER_THAN_2018 = {
    "+TuningJobArn": "the local job was launched by a tuning job; the recorded one was not",
    "+SecondaryStatusTransitions": "absent from the January 2018 answer; CLI-2025 has it",
    "+EnableNetworkIsolation": "added to the API after January 2018; CLI-2025 has it",
    "+EnableInterContainerTrafficEncryption": "added after January 2018; CLI-2025 has it",
    "+EnableManagedSpotTraining": "added to the API in 2019; CLI-2025 has it",
    "+TrainingTimeInSeconds": "added to the API in 2019; CLI-2025 has it",
    "+BillableTimeInSeconds": "added to the API in 2019; CLI-2025 has it",
    "+AlgorithmSpecification.MetricDefinitions": (
        "the 2018 answer of a built-in k-means job shows none; C7N-2024's k-means tuning job "
        "has them, and the local training job carries its tuning job's definitions"
    ),
    "+AlgorithmSpecification.EnableSageMakerMetricsTimeSeries": (
        "added to the API after 2018; CLI-2025 has it"
    ),
    "+OutputDataConfig.CompressionType": "added to the API after 2018; CLI-2025 has it",
    "+VpcConfig": (
        "a value of the request: C7N-2024's k-means definition runs in a VPC, the 2018 job did not"
    ),
}

#: DescribeTrainingJob members of the 2025 recording the local answer differs in.
STANDALONE_2025 = {
    "+TuningJobArn": "the local job was launched by a tuning job; the recorded one was not",
    "-DebugHookConfig": (
        "the SageMaker Python SDK's Estimator asked for Debugger; a tuning job's training "
        "job definition has no such member"
    ),
    "-ProfilerConfig": "likewise asked for by the Estimator; no member of a definition",
    "-ProfilingStatus": "follows ProfilerConfig",
    "+InputDataConfig[].ContentType": (
        "a value of the request: MLE-2020's request sends ContentType csv, the recorded "
        "2025 job's request sent none"
    ),
}


def test_failed_training_job_has_the_members_and_types_of_the_recorded_answer() -> None:
    recorded = recording("describe_training_job_failed")
    real = replayed(recorded).describe_training_job("any")
    # The recorded job is a built-in k-means job; C7N-2024's failed tuning job is one too.
    request = request_from(recording("describe_tuning_job_failed"))
    service, client = created(request, failure_rate=1.0)
    wait(service, request["HyperParameterTuningJobName"])
    (summary, *_) = client.list_training_jobs_for_hyper_parameter_tuning_job(
        request["HyperParameterTuningJobName"]
    ).training_job_summaries
    local = client.describe_training_job(summary.training_job_name)
    assert (real.training_job_status, local.training_job_status) == ("Failed", "Failed")
    # A failed job has no ModelArtifacts, although botocore's model makes it required: both
    # answers lack it, and it reads None (codegen/model/recorded/optional-output.json).
    assert (real.model_artifacts, local.model_artifacts) == (None, None)
    assert "ModelArtifacts" not in serde.filled_in(real)
    assert differences(shape(real), shape(local)) == set(NEWER_THAN_2018)


def test_completed_training_job_has_the_members_and_types_of_the_recorded_answer() -> None:
    real = replayed(recording("describe_training_job_completed")).describe_training_job("any")
    _, client, name = mle_tuning_job()
    best = client.describe_hyper_parameter_tuning_job(name).best_training_job
    assert best is not None
    local = client.describe_training_job(best.training_job_name)
    assert (real.training_job_status, local.training_job_status) == ("Completed", "Completed")
    assert differences(shape(real), shape(local)) == set(STANDALONE_2025)
    # The secondary statuses and their messages are the recorded ones.
    assert [(t.status, t.status_message) for t in local.secondary_status_transitions or ()] == [
        (t.status, t.status_message) for t in real.secondary_status_transitions or ()
    ]


def test_a_training_job_of_a_tuning_job_holds_static_tuned_and_objective_hyperparameters() -> None:
    _, client, name = mle_tuning_job()
    described = client.describe_hyper_parameter_tuning_job(name)
    best = described.best_training_job
    definition = described.training_job_definition
    assert best is not None and definition is not None
    job = client.describe_training_job(best.training_job_name)
    assert job.hyper_parameters == {
        **(definition.static_hyper_parameters or {}),
        **best.tuned_hyper_parameters,
    }
    assert job.hyper_parameters is not None
    assert job.hyper_parameters[OBJECTIVE_METRIC_KEY] == "validation:rmse"
    # The ARNs in the service's forms, the job's name in lower case (a recorded summary:
    # "V3Blackbelt-201213-2200-020-240888ce" in an ARN ".../v3blackbelt-201213-...").
    assert job.training_job_arn == (
        f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{best.training_job_name.lower()}"
    )
    assert job.tuning_job_arn == described.hyper_parameter_tuning_job_arn
    assert described.hyper_parameter_tuning_job_arn == (
        f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{name.lower()}"
    )


@pytest.mark.parametrize(
    "name",
    [
        "describe_tuning_job_completed",
        "describe_tuning_job_in_progress",
        "describe_tuning_job_failed",
        "describe_tuning_job_stopping",
        "describe_tuning_job_stopped",
    ],
)
def test_recorded_tuning_job_answers_rebuild_into_requests_the_local_service_accepts(
    name: str,
) -> None:
    # The recordings' requests are valid for the SDK and the rules: a recorded job is one
    # the service ran, so refusing it would be a fidelity bug of its own.
    request = serde.from_api(
        sh.CreateHyperParameterTuningJobRequest, request_from(recording(name)), strict=True
    )
    client = LocalSageMaker().client()
    created_arn = client.create_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_arn
    assert created_arn.endswith(request.hyper_parameter_tuning_job_name.lower())
    assert attrs.has(type(request))
