"""The typed calls' one-pass parse (sagemaker_tuning._parsing.typed_method): the wire document
read by from_api gives what botocore's parse read by from_api gives, through a twin of the
client that leaves the client itself as it was."""

from __future__ import annotations

import gc
import json
import weakref
from datetime import timezone
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserFactory
from client_samples import summary, training_job, tuning_job
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import _parsing, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient, parse_utc_timestamp
from sagemaker_tuning.errors import MalformedResponse, ResourceNotFound

REGION = "us-east-1"
_MODEL = botocore.session.get_session().get_service_model("sagemaker")


def wire(body: Any) -> bytes:
    """A body as SageMaker sends it: JSON, timestamps as epoch seconds."""
    return json.dumps(body, default=lambda when: when.timestamp()).encode()


class Answers:
    """Answers each request with the next (status, body, headers); the last one repeats."""

    def __init__(self, *answers: tuple[int, bytes, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.sent = 0

    def __call__(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        status, body, headers = self.answers[min(self.sent, len(self.answers) - 1)]
        self.sent += 1

        class _Raw:
            def stream(self, **__: Any) -> Any:
                yield body

        return AWSResponse(request.url, status, headers, _Raw())


def plain_client(*answers: tuple[int, bytes, dict[str, str]]) -> Any:
    """A botocore SageMaker client of a session of its own, with botocore's own parsers."""
    client = botocore.session.Session().create_client("sagemaker", region_name=REGION)
    client.meta.events.register("before-send.sagemaker", Answers(*answers))
    return client


_DESCRIBE = wire(tuning_job("Completed"))
_HEADERS = {"x-amzn-RequestId": "req-1", "Date": "Fri, 01 Nov 2024 12:00:00 GMT"}


def test_typed_calls_leave_the_wrapped_client_as_it_was() -> None:
    boto = plain_client((200, _DESCRIBE, _HEADERS))
    before = dict(vars(boto))
    endpoint = dict(vars(boto._endpoint))
    typed = TuningClient(boto).describe_hyper_parameter_tuning_job("tj")
    assert typed.creation_time.tzinfo is timezone.utc
    assert vars(boto) == before and vars(boto._endpoint) == endpoint
    assert type(boto._endpoint._response_parser_factory) is ResponseParserFactory
    # Its raw calls still see botocore's parse: local-time datetimes, the metadata.
    raw = boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    assert raw["CreationTime"].tzinfo is not timezone.utc
    assert raw["CreationTime"] == typed.creation_time
    assert raw["ResponseMetadata"]["RequestId"] == "req-1"


def test_the_created_clients_raw_calls_keep_the_tolerant_parse() -> None:
    client = TuningClient.create(region_name=REGION)
    client.boto_client.meta.events.register(
        "before-send.sagemaker", Answers((200, _DESCRIBE, _HEADERS))
    )
    client.describe_hyper_parameter_tuning_job("tj")
    raw = client.boto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    assert raw["CreationTime"].tzinfo is timezone.utc  # parse_utc_timestamp, not the wire's float


_REAL: list[tuple[str, Any, bytes, Any]] = [
    (
        "describe_hyper_parameter_tuning_job",
        "tj",
        _DESCRIBE,
        sh.DescribeHyperParameterTuningJobResponse,
    ),
    (
        "list_training_jobs_for_hyper_parameter_tuning_job",
        "tj",
        wire({"TrainingJobSummaries": [summary(1), None, summary(2)], "NextToken": "t"}),
        sh.ListTrainingJobsForHyperParameterTuningJobResponse,
    ),
    (
        "describe_training_job",
        "tr",
        wire(training_job("Completed")),
        sh.DescribeTrainingJobResponse,
    ),
]


@pytest.mark.parametrize(("method", "argument", "body", "output"), _REAL, ids=[r[0] for r in _REAL])
def test_a_typed_call_gives_from_api_of_botocores_parse(
    method: str, argument: Any, body: bytes, output: Any
) -> None:
    boto = plain_client((200, body, _HEADERS))
    typed = getattr(TuningClient(boto), method)(argument)
    raw = getattr(boto, method)(**serde.to_api(_request(output, argument)))
    assert typed == serde.from_api(output, raw)


def _request(output: Any, name: str) -> Any:
    if output is sh.DescribeTrainingJobResponse:
        return sh.DescribeTrainingJobRequest(training_job_name=name)
    if output is sh.DescribeHyperParameterTuningJobResponse:
        return sh.DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
    return sh.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name
    )


def test_the_raw_answer_keeps_botocores_metadata_and_the_service_clock() -> None:
    body = wire(tuning_job("Completed", ResponseMetadata={"HTTPStatusCode": "forged"}))
    client = TuningClient(plain_client((200, body, _HEADERS)))
    raw = client._call("DescribeHyperParameterTuningJob", {"HyperParameterTuningJobName": "tj"})
    meta = raw["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200 and meta["RequestId"] == "req-1"
    assert meta["HTTPHeaders"]["date"] == _HEADERS["Date"] and meta["RetryAttempts"] == 0
    assert client.service_now() is not None


def test_no_output_shape_has_a_member_the_wire_document_drops() -> None:
    from sagemaker_tuning._generated.model import OPERATIONS

    for operation in OPERATIONS:
        shape: Any = _MODEL.operation_model(operation).output_shape  # botocore is untyped
        if shape is not None:
            assert not set(shape.members) & set(_parsing._NOT_MEMBERS), operation


def test_an_error_member_in_a_successful_answer_is_no_error_to_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _: None)
    sends = Answers((200, wire(tuning_job("Completed", Error={"Code": "Throttling"})), _HEADERS))
    boto = botocore.session.Session().create_client(
        "sagemaker", region_name=REGION, config=Config(retries={"mode": "standard"})
    )
    boto.meta.events.register("before-send.sagemaker", sends)
    described = TuningClient(boto).describe_hyper_parameter_tuning_job("tj")
    assert described.hyper_parameter_tuning_job_status == "Completed" and sends.sent == 1


def test_a_retried_answer_says_so_in_its_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _: None)
    boto = plain_client((503, b'{"__type": "ServiceUnavailable"}', {}), (200, _DESCRIBE, _HEADERS))
    raw = TuningClient(boto)._call(
        "DescribeHyperParameterTuningJob", {"HyperParameterTuningJobName": "tj"}
    )
    assert raw["ResponseMetadata"]["RetryAttempts"] == 1


def test_an_error_is_the_clients_own_parse_with_its_modeled_body() -> None:
    error_body = b'{"__type": "ResourceNotFound", "Message": "no job tj"}'
    client = TuningClient(plain_client((400, error_body, _HEADERS)))
    with pytest.raises(ResourceNotFound) as caught:
        client.describe_hyper_parameter_tuning_job("tj")
    cause = caught.value.__cause__
    assert isinstance(cause, ClientError)
    response = cause.response
    assert response["Error"] == {"Code": "ResourceNotFound", "Message": "no job tj"}
    assert response["ResponseMetadata"]["HTTPHeaders"]["date"] == _HEADERS["Date"]
    assert client.service_now() is not None


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b"[1]", b"null"])
def test_a_body_that_is_no_json_object_is_a_malformed_response_for_a_wrapped_client(
    body: bytes,
) -> None:
    client = TuningClient(plain_client((200, body, _HEADERS)))
    with pytest.raises(MalformedResponse):
        client.describe_hyper_parameter_tuning_job("tj")


def test_the_twin_is_built_once_and_lives_as_long_as_its_client() -> None:
    boto = plain_client((200, _DESCRIBE, _HEADERS))
    first = _parsing.typed_method(boto, "describe_training_job")
    second = _parsing.typed_method(boto, "describe_hyper_parameter_tuning_job")
    twin = getattr(first, "__self__")  # noqa: B009  # a bound method's, untyped
    assert twin is getattr(second, "__self__") and twin is not boto  # noqa: B009
    assert twin.meta is boto.meta and twin._endpoint.http_session is boto._endpoint.http_session
    gone = weakref.ref(boto)
    del boto, first, second, twin
    gc.collect()
    assert gone() is None


def test_a_client_of_another_make_is_called_as_it_is() -> None:
    class Fake:
        def describe_training_job(self, **params: Any) -> dict[str, Any]:
            return {"TrainingJobName": params["TrainingJobName"]}

    fake = Fake()
    method = _parsing.typed_method(fake, "describe_training_job")
    assert getattr(method, "__self__") is fake  # noqa: B009  # a bound method's, untyped
    assert method(TrainingJobName="tr") == {"TrainingJobName": "tr"}
    gone = weakref.ref(fake)
    del fake, method
    gc.collect()
    assert gone() is None  # what typed_method remembers of it does not keep it alive


# -- differential: any JSON value anywhere in a real answer reads as botocore's parse reads ------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*at, i))
    return found


def _replaced(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replaced(node[path[0]], path[1:], value)
    return copy


def _tolerant_parse(body: bytes, shape: Any, wire_pass: bool) -> Any:
    from sagemaker_tuning._parsing import TolerantParserFactory, _WireParserFactory

    factory = TolerantParserFactory()
    factory.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
    parser = (_WireParserFactory(factory) if wire_pass else factory).create_parser("json")
    return parser.parse({"body": body, "headers": {}, "status_code": 200}, shape)


_DOCUMENTS = [
    (
        "DescribeHyperParameterTuningJob",
        tuning_job("Completed"),
        sh.DescribeHyperParameterTuningJobResponse,
    ),
    (
        "ListTrainingJobsForHyperParameterTuningJob",
        {"TrainingJobSummaries": [summary(1), summary(2)], "NextToken": "t"},
        sh.ListTrainingJobsForHyperParameterTuningJobResponse,
    ),
    ("DescribeTrainingJob", training_job("Completed"), sh.DescribeTrainingJobResponse),
]


@given(data=st.data(), which=st.sampled_from(range(len(_DOCUMENTS))))
def test_any_value_anywhere_reads_as_from_api_of_the_tolerant_botocore_parse(
    data: st.DataObject, which: int
) -> None:
    operation, document, output = _DOCUMENTS[which]
    document = json.loads(wire(document))
    path = data.draw(st.sampled_from(_paths(document)), label="path")
    body = json.dumps(_replaced(document, path, data.draw(_JSON, label="value"))).encode()
    shape = _MODEL.operation_model(operation).output_shape
    try:
        expected: Any = serde.from_api(output, _tolerant_parse(body, shape, wire_pass=False))
    except MalformedResponse:
        with pytest.raises(MalformedResponse):
            _tolerant_parse(body, shape, wire_pass=True)
        return
    assert serde.from_api(output, _tolerant_parse(body, shape, wire_pass=True)) == expected
