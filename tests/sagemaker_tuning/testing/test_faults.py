"""Fault injection in LocalSageMaker: throttling, 5xx, empty pages, slow answers (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.config import Config
from request_samples import tuning_request

from sagemaker_tuning import errors
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import Faults, InjectedFault, LocalSageMaker, LocalSageMakerServer
from sagemaker_tuning.testing.local import _session

DESCRIBE = "DescribeHyperParameterTuningJob"
#: Clients that show every answer: botocore's own retries would hide the injected faults.
NO_RETRIES = Config(retries={"total_max_attempts": 1})


def status_of(service: LocalSageMaker, operation: str, body: Any) -> tuple[int, str]:
    status, _, payload = service.handle(f"SageMaker.{operation}", json.dumps(body))
    return status, json.loads(payload).get("__type", "")


def describe_missing(service: LocalSageMaker) -> tuple[int, str]:
    return status_of(service, DESCRIBE, {"HyperParameterTuningJobName": "missing"})


def test_throttling_at_a_rate_is_seeded_and_reproducible() -> None:
    def run(seed: int) -> list[tuple[int, str]]:
        service = LocalSageMaker(faults=Faults(throttle_rate=0.3, seed=seed))
        return [describe_missing(service) for _ in range(60)]

    first = run(1)
    assert first == run(1)  # the same calls meet the same faults
    assert first != run(2)
    throttled = first.count((400, "ThrottlingException"))
    assert 5 <= throttled <= 35  # about 18 of 60 at 0.3
    assert set(first) == {(400, "ThrottlingException"), (400, "ResourceNotFound")}


def test_throttling_is_the_service_answer_botocore_and_the_client_know() -> None:
    service = LocalSageMaker(faults=Faults(on_calls={1: "throttle"}))
    client = service.client(NO_RETRIES)
    with pytest.raises(errors.ServiceError) as info:
        client.describe_hyper_parameter_tuning_job("anything")
    assert (info.value.code, info.value.http_status) == ("ThrottlingException", 400)
    assert info.value.message == "Rate exceeded"
    # The next call is not scripted: the service answers normally.
    with pytest.raises(errors.ResourceNotFound):
        client.describe_hyper_parameter_tuning_job("anything")


@pytest.mark.parametrize(
    ("kind", "code", "status"),
    [("server-error", "InternalFailure", 500), ("unavailable", "ServiceUnavailable", 503)],
)
def test_server_errors_on_chosen_calls(kind: str, code: str, status: int) -> None:
    service = LocalSageMaker(faults=Faults(on_calls={(DESCRIBE, 2): kind}))
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert describe_missing(service) == (status, code)
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert service.fault_log == [InjectedFault(2, DESCRIBE, kind)]  # type: ignore[arg-type]


def test_server_error_rate_applies_to_the_chosen_operations_only() -> None:
    faults = Faults(server_error_rate=1.0, operations={"DescribeTrainingJob"})
    service = LocalSageMaker(faults=faults)
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert status_of(service, "DescribeTrainingJob", {"TrainingJobName": "x"}) == (
        500,
        "InternalFailure",
    )


def test_inject_queues_faults_for_an_operation_before_any_operation() -> None:
    service = LocalSageMaker()
    service.inject("throttle", times=1)
    service.inject("unavailable", DESCRIBE, times=2)
    other = {"TrainingJobName": "x"}
    assert describe_missing(service) == (503, "ServiceUnavailable")
    assert status_of(service, "DescribeTrainingJob", other) == (400, "ThrottlingException")
    assert describe_missing(service) == (503, "ServiceUnavailable")
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert [f.kind for f in service.fault_log] == ["unavailable", "throttle", "unavailable"]


def test_waiters_ride_out_throttling_and_server_errors() -> None:
    service = LocalSageMaker(seed=3, faults=Faults(throttle_rate=0.3, server_error_rate=0.2))
    client = service.client(NO_RETRIES)
    service.inject("throttle", "CreateHyperParameterTuningJob")
    with pytest.raises(errors.ServiceError, match="ThrottlingException"):
        client.create_hyper_parameter_tuning_job(tuning_request("busy", max_jobs=4, parallel=2))
    created = False
    for _ in range(20):  # a caller's retry loop, bounded
        try:
            client.create_hyper_parameter_tuning_job(tuning_request("busy", max_jobs=4, parallel=2))
        except errors.ServiceError as error:
            assert error.code in ("ThrottlingException", "InternalFailure")
            continue
        created = True
        break
    assert created
    final = client.wait_for_hyper_parameter_tuning_job("busy")
    assert final.hyper_parameter_tuning_job_status == "Completed"
    kinds = {f.kind for f in service.fault_log if f.operation == DESCRIBE}
    assert kinds  # the waiter met faults and kept polling


def test_empty_pages_at_a_rate_still_list_every_job() -> None:
    service = LocalSageMaker(seed=2, faults=Faults(empty_page_rate=0.5, seed=4))
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("paged", max_jobs=12, parallel=4))
    client.wait_for_hyper_parameter_tuning_job("paged")
    # The default waiter schedule lists training jobs too: count only the pages read here.
    before = len(service.fault_log)
    pages = list(
        client.paginate_training_jobs_for_hyper_parameter_tuning_job("paged", page_size=3).pages()
    )
    assert sum(len(p.training_job_summaries) for p in pages) == 12
    empties = [p for p in pages if not p.training_job_summaries]
    assert empties and all(p.next_token for p in empties)
    logged = [f for f in service.fault_log[before:] if f.kind == "empty-page"]
    assert len(logged) == len(empties)
    assert {f.operation for f in logged} == {"ListTrainingJobsForHyperParameterTuningJob"}


def test_an_empty_page_fault_on_a_call_that_is_no_list_is_not_injected() -> None:
    service = LocalSageMaker(faults=Faults(on_calls={1: "empty-page"}))
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert service.fault_log == []


def test_slow_answers_take_time_on_the_service_clock() -> None:
    service = LocalSageMaker(faults=Faults(slow_rate=1.0, slow_seconds=90, operations={DESCRIBE}))
    before = service.clock.time()
    assert describe_missing(service) == (400, "ResourceNotFound")
    assert service.clock.time() - before == 90
    status_of(service, "DescribeTrainingJob", {"TrainingJobName": "x"})
    assert service.clock.time() - before == 90  # other operations answer at once


def test_a_slow_answer_lets_the_job_move_on() -> None:
    service = LocalSageMaker(seed=1)
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("slowly", max_jobs=2, parallel=2))
    service.faults = Faults(slow_seconds=4000)  # how long a slow answer takes
    service.inject("slow", DESCRIBE)
    # The answer is computed after the delay: by then the job has finished.
    assert client.describe_hyper_parameter_tuning_job(
        "slowly"
    ).hyper_parameter_tuning_job_status in (
        "Completed",
        "Failed",
    )


def test_faults_reach_clients_over_http() -> None:
    service = LocalSageMaker(faults=Faults(on_calls={1: "throttle", 2: "server-error"}))
    with LocalSageMakerServer(service) as server:
        boto = _session().create_client(
            "sagemaker",
            region_name="us-east-1",
            endpoint_url=server.url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=NO_RETRIES,
        )
        client = TuningClient(boto)
        for code in ("ThrottlingException", "InternalFailure"):
            with pytest.raises(errors.ServiceError) as info:
                client.describe_hyper_parameter_tuning_job("over-http")
            assert info.value.code == code
        with pytest.raises(errors.ResourceNotFound):
            client.describe_hyper_parameter_tuning_job("over-http")


def test_botocore_retries_injected_throttling_by_itself() -> None:
    # A default client retries ThrottlingException (botocore's retry handlers): one
    # injected throttle is invisible to the caller but shows in the log.
    service = LocalSageMaker(faults=Faults(on_calls={1: "throttle"}))
    client = service.client(Config(retries={"mode": "standard", "total_max_attempts": 2}))
    with pytest.raises(errors.ResourceNotFound):
        client.describe_hyper_parameter_tuning_job("retried")
    assert [f.kind for f in service.fault_log] == ["throttle"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"throttle_rate": 1.5}, "throttle_rate must be between 0 and 1"),
        ({"slow_seconds": -1}, "slow_seconds must be >= 0"),
        ({"operations": {"DeleteEverything"}}, "unknown operation 'DeleteEverything'"),
        ({"on_calls": {0: "throttle"}}, "count calls from 1"),
        ({"on_calls": {1: "explode"}}, "unknown fault kind 'explode'"),
    ],
)
def test_bad_fault_configurations_are_refused_clearly(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Faults(**changes)


def test_inject_refuses_unknown_kinds_operations_and_counts() -> None:
    service = LocalSageMaker()
    with pytest.raises(ValueError, match="unknown fault kind"):
        service.inject("meteor")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown operation"):
        service.inject("throttle", "describe_training_job")
    with pytest.raises(ValueError, match="positive integer"):
        service.inject("throttle", times=0)
