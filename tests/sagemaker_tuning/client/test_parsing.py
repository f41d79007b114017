"""sagemaker_tuning._parsing: a body of the wrong JSON types never crashes inside botocore, and
one that is not the operation's JSON is a typed error."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from client_samples import SendCounter, summary, training_job, tuning_job
from hypothesis import given
from hypothesis import strategies as st
from request_samples import tuning_request

from sagemaker_tuning import serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.errors import MalformedResponse, SageMakerTuningError


def answering(client: TuningClient, body: Any, status: int = 200) -> None:
    """Answer every request of ``client`` with ``body`` (any JSON), never sending."""
    counter = SendCounter(status=status)
    counter.body = body  # any JSON, ``null`` included (the constructor takes None for {})
    client.boto_client.meta.events.register(
        "before-send.sagemaker", counter, unique_id="parsing-tests"
    )


@pytest.fixture
def fresh() -> Any:
    """A client of its own (the hook stays registered on it)."""
    return TuningClient.create(region_name="us-east-1")


WRONG = [
    ("a string for a structure", {"ConsumedResources": "not an object"}, "consumed_resources"),
    ("a list for a structure", {"BestTrainingJob": [1, 2]}, "best_training_job"),
    ("a number for a list", {"TrainingJobDefinitions": 7}, "training_job_definitions"),
    ("a list for a map", {"Tags": {"k": "v"}}, None),  # Tags is no member: ignored
    ("an object for a list", {"TrainingJobDefinitions": {"a": 1}}, "training_job_definitions"),
]


@pytest.mark.parametrize(("case", "extra", "member"), WRONG, ids=[w[0] for w in WRONG])
def test_a_member_of_the_wrong_json_type_reads_as_missing(
    fresh: TuningClient, case: str, extra: dict[str, Any], member: str | None
) -> None:
    answering(fresh, tuning_job("InProgress", **extra))
    described = fresh.describe_hyper_parameter_tuning_job("tj")
    assert described.hyper_parameter_tuning_job_status == "InProgress"
    if member is not None:
        assert getattr(described, member) is None  # optional: missing


def test_a_required_structure_of_the_wrong_type_gets_its_stand_in(fresh: TuningClient) -> None:
    answering(fresh, tuning_job("InProgress", TrainingJobStatusCounters="three"))
    described = fresh.describe_hyper_parameter_tuning_job("tj")
    assert described.training_job_status_counters.completed is None
    assert "TrainingJobStatusCounters" in serde.filled_in(described)


def test_wrongly_typed_items_and_map_values_are_dropped(fresh: TuningClient) -> None:
    good = summary(1)
    answering(
        fresh,
        {"TrainingJobSummaries": ["junk", good, 3, {**summary(2), "TunedHyperParameters": [1]}]},
    )
    page = fresh.list_training_jobs_for_hyper_parameter_tuning_job("tj")
    names = [s.training_job_name for s in page.training_job_summaries]
    assert names == ["job-00001", "job-00002"]
    assert page.training_job_summaries[1].tuned_hyper_parameters == {}


class RawAnswer:
    """Answers every request with ``body`` (bytes, sent as they are) and ``status``."""

    def __init__(self, body: bytes = b"{}", status: int = 200) -> None:
        self.body, self.status = body, status

    def __call__(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        class _Raw:
            def stream(_self, **__: Any) -> Any:
                yield self.body

        return AWSResponse(request.url, self.status, {"x-amzn-RequestId": "rid-1"}, _Raw())


def answering_bytes(client: TuningClient, body: bytes, status: int = 200) -> RawAnswer:
    answer = RawAnswer(body, status)
    client.boto_client.meta.events.register(
        "before-send.sagemaker", answer, unique_id="parsing-tests-bytes"
    )
    return answer


def wire(body: Any) -> bytes:
    """A body as SageMaker sends it: JSON, timestamps as epoch seconds."""
    return json.dumps(body, default=lambda when: when.timestamp()).encode()


_DESCRIBE = wire(tuning_job("InProgress"))
NOT_AN_ANSWER = [
    ("empty", b"", "it is empty"),
    ("cut short", _DESCRIBE[: len(_DESCRIBE) // 2], "it is not JSON"),
    ("html", b"<html><body>502 Bad Gateway</body></html>", "it is not JSON"),
    ("a list", b"[1, 2]", "it is a JSON list"),
    ("a string", b'"text"', "it is a JSON string"),
    ("a number", b"3", "it is a JSON number"),
    ("null", b"null", "it is a JSON null"),
    ("not utf-8", b"\xff\xfe{}", "it is not UTF-8 text"),
    ("nested too deep", b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
]


@pytest.mark.parametrize(
    ("case", "body", "reason"), NOT_AN_ANSWER, ids=[n[0] for n in NOT_AN_ANSWER]
)
def test_a_body_that_is_not_the_operations_json_is_a_malformed_response_never_an_empty_answer(
    fresh: TuningClient, case: str, body: bytes, reason: str
) -> None:
    answering_bytes(fresh, body)
    for call in (
        fresh.describe_hyper_parameter_tuning_job,
        fresh.list_training_jobs_for_hyper_parameter_tuning_job,
    ):
        with pytest.raises(MalformedResponse) as info:
            call("tj")
        error = info.value
        assert error.operation in str(error) and error.operation.startswith(("Describe", "List"))
        assert reason in error.reason and error.http_status == 200
        assert error.request_id == "rid-1"
        assert len(error.excerpt) <= 80 and body.decode("utf-8", "replace").startswith(
            error.excerpt
        )
        assert isinstance(error, SageMakerTuningError)


def test_stop_reads_an_empty_body_or_an_object_as_its_answer_and_html_as_malformed(
    fresh: TuningClient,
) -> None:
    answer = answering_bytes(fresh, b"{}")
    for body in (b"{}", b"", b'{"Anything": 1}'):
        answer.body = body
        assert fresh.stop_hyper_parameter_tuning_job("tj") is None
    answer.body = b"<html>Sign in to the network</html>"
    with pytest.raises(MalformedResponse) as info:
        fresh.stop_hyper_parameter_tuning_job("tj")
    assert info.value.operation == "StopHyperParameterTuningJob"


def test_a_malformed_responses_excerpt_is_short_and_redacted(fresh: TuningClient) -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    answering_bytes(fresh, f"<p>aws_secret_access_key={secret}</p>".encode() + b"x" * 500)
    with pytest.raises(MalformedResponse) as info:
        fresh.describe_hyper_parameter_tuning_job("tj")
    assert secret not in str(info.value) and "<redacted>" in info.value.excerpt
    assert len(str(info.value)) < 300


def test_a_malformed_response_pickles_with_its_fields(fresh: TuningClient) -> None:
    answering_bytes(fresh, b"<html>")
    with pytest.raises(MalformedResponse) as info:
        fresh.describe_hyper_parameter_tuning_job("tj")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.operation, copy.reason, copy.excerpt, copy.http_status, copy.request_id) == (
        info.value.operation,
        info.value.reason,
        info.value.excerpt,
        200,
        "rid-1",
    )
    assert str(copy) == str(info.value)


def test_an_error_body_that_is_no_json_object_is_still_a_typed_error(fresh: TuningClient) -> None:
    from sagemaker_tuning.errors import ServiceError

    answering(fresh, ["not", "an", "error"], status=400)
    with pytest.raises(ServiceError):
        fresh.describe_hyper_parameter_tuning_job("tj")


def test_botocore_own_parser_raises_on_the_same_answer(boto_client: Any) -> None:
    # What the tolerant parser is for: the plain botocore client crashes inside its parser.
    counter = SendCounter(tuning_job("InProgress", ConsumedResources="not an object"))
    events = boto_client.meta.events
    events.register("before-send.sagemaker", counter, unique_id="parsing-tests-plain")
    try:
        with pytest.raises(AttributeError):
            boto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    finally:
        events.unregister("before-send.sagemaker", unique_id="parsing-tests-plain")


def test_install_parsers_gives_a_session_of_ones_own_the_same_tolerance() -> None:
    import botocore.session

    from sagemaker_tuning.client import install_parsers, parse_utc_timestamp

    session = botocore.session.Session()
    install_parsers(session)
    wrapped = TuningClient(session.create_client("sagemaker", region_name="us-east-1"))
    # Epoch milliseconds: parse_utc_timestamp reads them, botocore's own parser cannot.
    millis = 1_700_000_000_000
    answering(
        wrapped, tuning_job("InProgress", ConsumedResources="not an object", CreationTime=millis)
    )
    described = wrapped.describe_hyper_parameter_tuning_job("tj")
    assert described.consumed_resources is None
    assert described.creation_time == parse_utc_timestamp(millis / 1000)


# -- any bytes as a 200 body: the operation's answer or a typed error, nothing else ------------

_REAL: dict[str, tuple[bytes, Any]] = {
    # operation method: (a real body of its answer, what a call gives)
    "describe_hyper_parameter_tuning_job": (_DESCRIBE, sh.DescribeHyperParameterTuningJobResponse),
    "list_training_jobs_for_hyper_parameter_tuning_job": (
        wire({"TrainingJobSummaries": [summary(1), summary(2)], "NextToken": "t"}),
        sh.ListTrainingJobsForHyperParameterTuningJobResponse,
    ),
    "describe_training_job": (
        wire(training_job("Completed")),
        sh.DescribeTrainingJobResponse,
    ),
    "list_hyper_parameter_tuning_jobs": (
        b'{"HyperParameterTuningJobSummaries": [], "NextToken": "t"}',
        sh.ListHyperParameterTuningJobsResponse,
    ),
    "create_hyper_parameter_tuning_job": (
        b'{"HyperParameterTuningJobArn": "arn:aws:sagemaker:us-east-1:1:hyper-parameter-tuning-job/x"}',
        sh.CreateHyperParameterTuningJobResponse,
    ),
    "stop_hyper_parameter_tuning_job": (b"{}", type(None)),
}
_ARGUMENT: dict[str, Any] = {
    "describe_hyper_parameter_tuning_job": "tj",
    "list_training_jobs_for_hyper_parameter_tuning_job": "tj",
    "describe_training_job": "tr",
    "list_hyper_parameter_tuning_jobs": None,
    "create_hyper_parameter_tuning_job": tuning_request("tj", parallel=2),
    "stop_hyper_parameter_tuning_job": "tj",
}


@st.composite
def near_json(draw: st.DrawFn, body: bytes) -> bytes:
    """A real body, cut, with a byte changed, bytes inserted or a slice deleted."""
    at = draw(st.integers(0, len(body)))
    kind = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
    if kind == "cut":
        return body[:at]
    if kind == "flip":
        return body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]
    if kind == "insert":
        return body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at:]
    return body[:at] + body[at + draw(st.integers(1, 16)) :]


@pytest.fixture(scope="module")
def answered() -> tuple[TuningClient, RawAnswer]:
    client = TuningClient.create(region_name="us-east-1")
    answer = RawAnswer()
    client.boto_client.meta.events.register(
        "before-send.sagemaker", answer, unique_id="parsing-tests-property"
    )
    return client, answer


@given(data=st.data(), method=st.sampled_from(sorted(_REAL)))
def test_any_bytes_as_a_200_body_parse_as_the_answer_or_raise_a_typed_error(
    answered: tuple[TuningClient, RawAnswer], data: st.DataObject, method: str
) -> None:
    client, answer = answered
    real, output = _REAL[method]
    answer.body = data.draw(st.binary(max_size=300) | near_json(real), label="body")
    try:
        result = getattr(client, method)(_ARGUMENT[method])
    except SageMakerTuningError:
        return  # typed: MalformedResponse (a ValidationError never: the requests are valid)
    assert isinstance(result, output)


@pytest.mark.parametrize("method", sorted(_REAL))
def test_the_real_bodies_the_property_mutates_parse_as_their_answers(
    answered: tuple[TuningClient, RawAnswer], method: str
) -> None:
    client, answer = answered
    answer.body, output = _REAL[method]
    assert isinstance(getattr(client, method)(_ARGUMENT[method]), output)
