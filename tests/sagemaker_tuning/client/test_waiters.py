"""Waiters: every status path, transient errors, timeouts and the Smithy delay schedule."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, NoCredentialsError
from botocore.stub import Stubber
from client_samples import VirtualTime, training_job, tuning_job
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import errors, shapes
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.waiters import WaiterDefinition, definitions, is_transient, run

DESCRIBE = "describe_hyper_parameter_tuning_job"
TRAINING = "describe_training_job"
TUNING_WAITER = "HyperParameterTuningJobCompletedOrStopped"


def queue(
    stub: Stubber, operation: str, make: Callable[..., dict[str, Any]], *statuses: str
) -> None:
    for status in statuses:
        stub.add_response(operation, make(status, FailureReason=f"reason for {status}"))


# -- tuning job: every status path ---------------------------------------------------------------


@pytest.mark.parametrize("final", ["Completed", "Stopped"])
def test_returns_the_final_response_on_success(
    client: TuningClient, stub: Stubber, vtime: VirtualTime, final: str
) -> None:
    queue(stub, DESCRIBE, tuning_job, "InProgress", "InProgress", final)
    response = client.wait_for_hyper_parameter_tuning_job("tj")
    assert isinstance(response, shapes.DescribeHyperParameterTuningJobResponse)
    assert response.hyper_parameter_tuning_job_status == final
    assert len(vtime.sleeps) == 2


@pytest.mark.parametrize("final", ["Failed", "DeleteFailed"])
def test_failure_raises_tuning_job_failed_with_the_reason(
    client: TuningClient, stub: Stubber, final: str
) -> None:
    queue(stub, DESCRIBE, tuning_job, "InProgress", final)
    with pytest.raises(errors.TuningJobFailed) as caught:
        client.wait_for_hyper_parameter_tuning_job("tj")
    error = caught.value
    assert error.failure_reason == f"reason for {final}"
    assert error.last_response.hyper_parameter_tuning_job_status == final
    assert error.attempts == 2
    assert error.waiter == TUNING_WAITER
    assert f"HyperParameterTuningJobStatus '{final}'" in str(error)
    assert str(error).endswith(f": reason for {final}")


def test_resource_not_found_fails_at_once(
    client: TuningClient, stub: Stubber, vtime: VirtualTime
) -> None:
    stub.add_client_error(DESCRIBE, "ResourceNotFound", "no such job", 400)
    with pytest.raises(errors.ResourceNotFound, match="no such job"):
        client.wait_for_hyper_parameter_tuning_job("tj")
    assert vtime.sleeps == []


def test_unknown_and_intermediate_statuses_mean_still_running(
    client: TuningClient, stub: Stubber
) -> None:
    queue(
        stub, DESCRIBE, tuning_job, "InProgress", "Stopping", "Deleting", "Rebalancing", "Completed"
    )
    polled: list[str] = []
    client.wait_for_hyper_parameter_tuning_job(
        "tj", on_poll=lambda r: polled.append(str(r.hyper_parameter_tuning_job_status))
    )
    assert polled == ["InProgress", "Stopping", "Deleting", "Rebalancing", "Completed"]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ThrottlingException", 400),
        ("InternalFailure", 500),
        ("ServiceUnavailable", 503),
        ("RequestTimeout", 408),
        ("SomethingNew", 429),
    ],
)
def test_transient_errors_in_the_middle_are_retried(
    client: TuningClient, stub: Stubber, vtime: VirtualTime, code: str, status: int
) -> None:
    queue(stub, DESCRIBE, tuning_job, "InProgress")
    stub.add_client_error(DESCRIBE, code, "try later", status)
    stub.add_client_error(DESCRIBE, code, "try later", status)
    queue(stub, DESCRIBE, tuning_job, "Completed")
    polled: list[Any] = []
    response = client.wait_for_hyper_parameter_tuning_job("tj", on_poll=polled.append)
    assert response.hyper_parameter_tuning_job_status == "Completed"
    assert len(polled) == 2  # on_poll sees answers only
    assert len(vtime.sleeps) == 3


def test_a_non_transient_error_is_raised(client: TuningClient, stub: Stubber) -> None:
    queue(stub, DESCRIBE, tuning_job, "InProgress")
    stub.add_client_error(DESCRIBE, "AccessDeniedException", "not yours", 400)
    with pytest.raises(errors.ServiceError, match="AccessDeniedException") as caught:
        client.wait_for_hyper_parameter_tuning_job("tj")
    assert type(caught.value) is errors.ServiceError


# The timeout tests poll a random number of times: their stubbers keep spare answers.


def test_timeout_carries_the_last_response_and_never_sleeps_past_the_deadline(
    client: TuningClient, vtime: VirtualTime
) -> None:
    with Stubber(client.boto_client) as stub, pytest.raises(errors.WaiterTimeout) as caught:
        for _ in range(61):
            stub.add_response(DESCRIBE, tuning_job("InProgress"))
        client.wait_for_hyper_parameter_tuning_job("tj", max_wait=600, min_delay=10, max_delay=60)
    error = caught.value
    assert error.last_response.hyper_parameter_tuning_job_status == "InProgress"
    assert error.attempts == len(vtime.sleeps) + 1
    assert error.last_error is None
    assert vtime.now == 600  # the last poll comes at the deadline
    assert "max_wait 600 s" in str(error) and "'InProgress'" in str(error)


def test_timeout_after_only_errors_names_the_last_error(
    client: TuningClient, vtime: VirtualTime
) -> None:
    with (
        Stubber(client.boto_client) as stub,
        pytest.raises(errors.WaiterTimeout, match="ThrottlingException") as caught,
    ):
        for _ in range(21):
            stub.add_client_error(DESCRIBE, "ThrottlingException", "slow down", 400)
        client.wait_for_hyper_parameter_tuning_job("tj", max_wait=100, min_delay=5, max_delay=10)
    assert caught.value.last_response is None
    assert isinstance(caught.value.last_error, errors.ServiceError)
    assert vtime.now <= 100


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"min_delay": 0}, "min_delay"),
        ({"min_delay": -1}, "min_delay"),
        ({"max_wait": 0}, "max_wait"),
        ({"max_wait": math.inf}, "max_wait"),
        ({"max_delay": math.nan}, "max_delay"),
        ({"min_delay": 30, "max_delay": 10}, "max_delay"),
        ({"min_delay": "5"}, "min_delay"),
    ],
)
def test_bad_timing_is_rejected_before_polling(
    client: TuningClient, stub: Stubber, kwargs: dict[str, Any], path: str
) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        client.wait_for_hyper_parameter_tuning_job("tj", **kwargs)
    assert [v.path for v in caught.value.violations] == [path]


def test_an_invalid_name_is_rejected_before_polling(client: TuningClient, stub: Stubber) -> None:
    with pytest.raises(errors.ValidationError, match="HyperParameterTuningJobName"):
        client.wait_for_hyper_parameter_tuning_job("no_underscores")


# -- the stopped waiter --------------------------------------------------------------------------


@pytest.mark.parametrize("final", ["Stopped", "Completed"])
def test_stopped_waiter(
    client: TuningClient, stub: Stubber, vtime: VirtualTime, final: str
) -> None:
    queue(stub, DESCRIBE, tuning_job, "InProgress", "Stopping", final)
    response = client.wait_for_hyper_parameter_tuning_job_stopped("tj")
    assert response.hyper_parameter_tuning_job_status == final
    assert vtime.sleeps[0] == definitions()["HyperParameterTuningJobStopped"].min_delay


def test_stopped_waiter_fails_on_failed(client: TuningClient, stub: Stubber) -> None:
    queue(stub, DESCRIBE, tuning_job, "Stopping", "Failed")
    with pytest.raises(errors.TuningJobFailed, match="reason for Failed"):
        client.wait_for_hyper_parameter_tuning_job_stopped("tj")


# -- the training job waiter ---------------------------------------------------------------------


@pytest.mark.parametrize("final", ["Completed", "Stopped"])
def test_training_job_success(client: TuningClient, stub: Stubber, final: str) -> None:
    queue(stub, TRAINING, training_job, "InProgress", "Stopping", final)
    response = client.wait_for_training_job("tr")
    assert isinstance(response, shapes.DescribeTrainingJobResponse)
    assert response.training_job_status == final


def test_training_job_failed(client: TuningClient, stub: Stubber) -> None:
    queue(stub, TRAINING, training_job, "InProgress", "Failed")
    with pytest.raises(errors.TrainingJobFailed) as caught:
        client.wait_for_training_job("tr")
    assert caught.value.failure_reason == "reason for Failed"
    assert isinstance(caught.value.last_response, shapes.DescribeTrainingJobResponse)


def test_training_job_validation_exception_fails_as_itself(
    client: TuningClient, stub: Stubber
) -> None:
    stub.add_client_error(TRAINING, "ValidationException", "Could not find training job", 400)
    with pytest.raises(errors.ServiceError, match="Could not find training job") as caught:
        client.wait_for_training_job("tr")
    assert caught.value.code == "ValidationException"


def test_waiters_accept_the_request_shape(client: TuningClient, stub: Stubber) -> None:
    queue(stub, TRAINING, training_job, "Completed")
    request = shapes.DescribeTrainingJobRequest(training_job_name="tr")
    assert client.wait_for_training_job(request).training_job_name == "tr"


# -- the engine ----------------------------------------------------------------------------------


def _scripted(answers: list[Any]) -> Callable[[], dict[str, Any]]:
    replies: Iterator[Any] = iter(answers)

    def poll() -> dict[str, Any]:
        answer = next(replies)
        if isinstance(answer, BaseException):
            raise answer
        result: dict[str, Any] = answer
        return result

    return poll


def _run(
    definition: WaiterDefinition,
    answers: list[Any],
    vtime: VirtualTime,
    uniform: Callable[[float, float], float] | None = None,
    **timing: Any,
) -> Any:
    extra: dict[str, Any] = {} if uniform is None else {"uniform": uniform}
    return run(
        definition,
        _scripted(answers),
        lambda raw: raw,
        subject="job",
        failure=errors.TuningJobFailed,
        clock=vtime.clock,
        sleep=vtime.sleep,
        **timing,
        **extra,
    )


def test_connection_errors_are_transient(vtime: VirtualTime) -> None:
    definition = definitions()[TUNING_WAITER]
    failure = EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
    answers = [failure, failure, tuning_job("Completed")]
    assert _run(definition, answers, vtime)["HyperParameterTuningJobStatus"] == "Completed"
    assert len(vtime.sleeps) == 2


def test_other_botocore_errors_are_raised(vtime: VirtualTime) -> None:
    with pytest.raises(NoCredentialsError):
        _run(definitions()[TUNING_WAITER], [NoCredentialsError()], vtime)
    assert not is_transient(NoCredentialsError())


def test_delays_grow_exponentially_to_max_delay(vtime: VirtualTime) -> None:
    answers = [tuning_job("InProgress")] * 9 + [tuning_job("Completed")]
    _run(
        definitions()[TUNING_WAITER],
        answers,
        vtime,
        uniform=lambda low, high: high,
        min_delay=2,
        max_delay=120,
        max_wait=10_000,
    )
    assert vtime.sleeps == [2, 4, 8, 16, 32, 64, 120, 120, 120]


def test_jitter_is_drawn_between_min_delay_and_the_bound(vtime: VirtualTime) -> None:
    draws: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        draws.append((low, high))
        return low

    answers = [tuning_job("InProgress")] * 4 + [tuning_job("Completed")]
    _run(
        definitions()[TUNING_WAITER],
        answers,
        vtime,
        uniform=uniform,
        min_delay=3,
        max_delay=20,
        max_wait=1000,
    )
    assert draws == [(3, 3), (3, 6), (3, 12), (3, 20)]
    assert vtime.sleeps == [3, 3, 3, 3]


@given(
    min_delay=st.floats(min_value=0.5, max_value=50),
    spread=st.floats(min_value=1, max_value=20),
    max_wait=st.floats(min_value=1, max_value=5000),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_schedule_stays_within_bounds_and_deadline(
    min_delay: float, spread: float, max_wait: float, fraction: float
) -> None:
    vtime = VirtualTime()
    max_delay = min_delay * spread

    def uniform(low: float, high: float) -> float:
        return low + (high - low) * fraction

    answers = [tuning_job("InProgress")] * 10_002  # max_wait / min_delay + 2 polls at most
    with pytest.raises(errors.WaiterTimeout) as caught:
        _run(
            definitions()[TUNING_WAITER],
            answers,
            vtime,
            uniform=uniform,
            min_delay=min_delay,
            max_delay=max_delay,
            max_wait=max_wait,
        )
    # the final poll happens at the deadline, and no sleep runs past it (the virtual clock's
    # sum of sleeps may round one unit either way)
    assert vtime.now == pytest.approx(max_wait, rel=1e-12, abs=0)
    assert caught.value.attempts == len(vtime.sleeps) + 1
    *regular, last = vtime.sleeps
    assert all(min_delay - 1e-9 <= s <= max_delay + 1e-9 for s in regular)
    assert 0 < last <= max_delay + 1e-9


# -- defaults ------------------------------------------------------------------------------------


def test_defaults_promise_about_80_calls_and_under_a_minute_late_for_a_2_hour_job() -> None:
    # With sleeps uniform on [a, b], a 2-hour job costs about 7200 / ((a + b) / 2) + 1
    # polls, and a completion at a random moment is seen (a² + ab + b²) / (3 (a + b))
    # seconds late on average (the mean residual of the gap it falls in).
    for name in (TUNING_WAITER, "TrainingJobCompletedOrStopped"):
        a, b = definitions()[name].min_delay, definitions()[name].max_delay
        assert 7200 / ((a + b) / 2) + 1 <= 80
        assert (a * a + a * b + b * b) / (3 * (a + b)) <= 60


@pytest.mark.parametrize(
    ("method", "waiter"),
    [
        ("wait_for_hyper_parameter_tuning_job", TUNING_WAITER),
        ("wait_for_hyper_parameter_tuning_job_stopped", "HyperParameterTuningJobStopped"),
        ("wait_for_training_job", "TrainingJobCompletedOrStopped"),
    ],
)
def test_documented_defaults_match_the_waiter_data(method: str, waiter: str) -> None:
    text = " ".join((getattr(TuningClient, method).__doc__ or "").split())
    definition = definitions()[waiter]
    for value in (definition.min_delay, definition.max_delay, definition.max_wait):
        assert f"{value:g} s" in text, f"{method} docstring lacks the default {value:g} s"


def test_a_wait_on_an_unreachable_endpoint_reports_each_failure_and_times_out_with_it() -> None:
    import socket

    from botocore.config import Config
    from botocore.exceptions import EndpointConnectionError

    with socket.socket() as probe:  # a port of 127.0.0.1 that refuses connections
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    unreachable = TuningClient.create(
        region_name="us-east-1", endpoint_url=url, config=Config(retries={"total_max_attempts": 1})
    )
    seen: list[BaseException] = []
    with pytest.raises(errors.WaiterTimeout) as caught:
        unreachable.wait_for_hyper_parameter_tuning_job(
            "foo", max_wait=1.0, min_delay=0.2, max_delay=0.3, on_error=seen.append
        )
    assert len(seen) >= 2 and all(isinstance(e, EndpointConnectionError) for e in seen)
    assert isinstance(caught.value.last_error, EndpointConnectionError)
    assert "EndpointConnectionError" in str(caught.value)


def test_the_timeout_names_the_last_error_even_when_later_polls_were_answered(
    client: TuningClient, vtime: VirtualTime
) -> None:
    seen: list[BaseException] = []
    with Stubber(client.boto_client) as stub, pytest.raises(errors.WaiterTimeout) as caught:
        stub.add_client_error(DESCRIBE, "ThrottlingException", "slow down", 400)
        for _ in range(30):
            stub.add_response(DESCRIBE, tuning_job("InProgress"))
        client.wait_for_hyper_parameter_tuning_job(
            "tj", max_wait=100, min_delay=5, max_delay=10, schedule="smithy", on_error=seen.append
        )
    assert [e.code for e in seen if isinstance(e, errors.ServiceError)] == ["ThrottlingException"]
    assert isinstance(caught.value.last_error, errors.ServiceError)
    assert "last error: ServiceError: ThrottlingException" in str(caught.value)


def test_a_malformed_answer_mid_wait_is_polled_again(
    client: TuningClient, vtime: VirtualTime
) -> None:
    from client_samples import SendCounter

    answers = iter([b"<html>502</html>", None])

    class Garbled(SendCounter):
        def __call__(self, request: Any, **kwargs: Any) -> Any:
            response = super().__call__(request, **kwargs)
            body = next(answers, None)
            if body is not None:
                response.raw.payload = body
            return response

    counter = Garbled(tuning_job("Completed"))
    events = client.boto_client.meta.events
    events.register("before-send.sagemaker", counter, unique_id="waiters-garbled")
    try:
        seen: list[BaseException] = []
        done = client.wait_for_hyper_parameter_tuning_job("tj", on_error=seen.append)
    finally:
        events.unregister("before-send.sagemaker", unique_id="waiters-garbled")
    assert done.hyper_parameter_tuning_job_status == "Completed"
    assert [type(e).__name__ for e in seen] == ["MalformedResponse"] and len(counter.sent) == 2


@pytest.mark.parametrize("schedule", [5, "fast", object()])
def test_a_schedule_that_is_no_schedule_is_refused_before_the_first_poll(
    client: TuningClient, schedule: Any
) -> None:
    from sagemaker_tuning import ValidationError

    with Stubber(client.boto_client), pytest.raises(ValidationError) as caught:  # no answer queued
        client.wait_for_hyper_parameter_tuning_job("tj", schedule=schedule)
    assert caught.value.violations[0].path == "schedule"
