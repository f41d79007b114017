"""TuningClient: typed requests in, typed responses out, invalid requests never sent."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ProfileNotFound,
)
from botocore.stub import Stubber
from botocore.utils import parse_timestamp
from client_samples import (
    REGION,
    T0,
    SendCounter,
    VirtualTime,
    create_request_document,
    summary,
    training_job,
    tuning_arn,
    tuning_job,
)
from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tuning
from sagemaker_tuning import errors, serde, shapes
from sagemaker_tuning.client import TuningClient, parse_utc_timestamp
from sagemaker_tuning.enums import HyperParameterTuningJobStatus, TrainingJobStatus
from sagemaker_tuning.validation import violations

# -- construction --------------------------------------------------------------------------------


def test_wraps_a_boto3_client_unchanged() -> None:
    raw = boto3.client("sagemaker", region_name="eu-west-1")
    before = dict(raw.meta.events.__dict__)
    typed = TuningClient(raw)
    assert typed.boto_client is raw
    assert typed.boto_client.meta.region_name == "eu-west-1"
    assert dict(raw.meta.events.__dict__) == before


def test_rejects_what_is_not_a_sagemaker_client() -> None:
    with pytest.raises(TypeError, match="SageMaker client; got a S3 client"):
        TuningClient(boto3.client("s3", region_name=REGION))
    with pytest.raises(TypeError, match="boto3.client"):
        TuningClient(object())


def test_top_level_export_is_the_client() -> None:
    assert sagemaker_tuning.TuningClient is TuningClient


def test_create_defaults_to_standard_retries() -> None:
    made = TuningClient.create(region_name=REGION)
    assert made.boto_client.meta.config.retries["mode"] == "standard"
    assert made.boto_client.meta.region_name == REGION


def test_create_keeps_the_callers_retry_mode_and_settings() -> None:
    made = TuningClient.create(
        region_name=REGION, config=Config(retries={"mode": "adaptive", "max_attempts": 7})
    )
    # botocore stores max_attempts (retries) as total_max_attempts (attempts, the first included)
    assert made.boto_client.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 8}
    partial = TuningClient.create(region_name=REGION, config=Config(retries={"max_attempts": 5}))
    assert partial.boto_client.meta.config.retries == {"mode": "standard", "total_max_attempts": 6}
    other = TuningClient.create(region_name=REGION, config=Config(read_timeout=7))
    assert other.boto_client.meta.config.read_timeout == 7
    assert other.boto_client.meta.config.retries["mode"] == "standard"


def test_create_respects_retry_mode_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    made = TuningClient.create(region_name=REGION)
    assert made.boto_client.meta.config.retries is None or (
        made.boto_client.meta.config.retries.get("mode") != "standard"
    )


def test_create_passes_endpoint_url() -> None:
    made = TuningClient.create(region_name=REGION, endpoint_url="http://127.0.0.1:9")
    assert made.boto_client.meta.endpoint_url == "http://127.0.0.1:9"


# -- the five operations -------------------------------------------------------------------------


def test_describe_tuning_job_takes_a_name_and_returns_the_typed_response(
    client: TuningClient, stub: Stubber
) -> None:
    stub.add_response(
        "describe_hyper_parameter_tuning_job",
        tuning_job("Completed", BestTrainingJob=summary(3)),
        {"HyperParameterTuningJobName": "tj"},
    )
    response = client.describe_hyper_parameter_tuning_job("tj")
    assert isinstance(response, shapes.DescribeHyperParameterTuningJobResponse)
    assert response.hyper_parameter_tuning_job_status is HyperParameterTuningJobStatus.COMPLETED
    assert response.best_training_job is not None
    assert response.best_training_job.training_job_name == "job-00003"
    assert response.creation_time == T0
    assert response.training_job_status_counters.completed == 3


def test_describe_tuning_job_takes_the_request_shape(client: TuningClient, stub: Stubber) -> None:
    stub.add_response(
        "describe_hyper_parameter_tuning_job", tuning_job(), {"HyperParameterTuningJobName": "tj"}
    )
    request = shapes.DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name="tj")
    assert client.describe_hyper_parameter_tuning_job(request).hyper_parameter_tuning_job_name == (
        "tj"
    )


def test_create_sends_the_wire_form_and_returns_the_arn(
    client: TuningClient, stub: Stubber
) -> None:
    document = create_request_document()
    request = serde.from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True)
    stub.add_response(
        "create_hyper_parameter_tuning_job",
        {"HyperParameterTuningJobArn": tuning_arn("tj")},
        document,
    )
    response = client.create_hyper_parameter_tuning_job(request)
    assert response == shapes.CreateHyperParameterTuningJobResponse(
        hyper_parameter_tuning_job_arn=tuning_arn("tj")
    )


def test_list_returns_one_typed_page(client: TuningClient, stub: Stubber) -> None:
    stub.add_response(
        "list_training_jobs_for_hyper_parameter_tuning_job",
        {"TrainingJobSummaries": [summary(0), summary(1)], "NextToken": "t1"},
        {"HyperParameterTuningJobName": "tj", "SortBy": "CreationTime", "MaxResults": 2},
    )
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tj", sort_by="CreationTime", max_results=2
    )
    page = client.list_training_jobs_for_hyper_parameter_tuning_job(request)
    assert page.next_token == "t1"
    assert [s.training_job_name for s in page.training_job_summaries] == ["job-00000", "job-00001"]
    assert page.training_job_summaries[0].tuned_hyper_parameters["learning_rate"] == "0.1"


def test_describe_training_job(client: TuningClient, stub: Stubber) -> None:
    stub.add_response("describe_training_job", training_job("Stopping"), {"TrainingJobName": "tr"})
    response = client.describe_training_job("tr")
    assert isinstance(response, shapes.DescribeTrainingJobResponse)
    assert response.training_job_status is TrainingJobStatus.STOPPING


def test_stop_returns_none(client: TuningClient, stub: Stubber) -> None:
    stub.add_response("stop_hyper_parameter_tuning_job", {}, {"HyperParameterTuningJobName": "tj"})
    stop: Any = client.stop_hyper_parameter_tuning_job  # typed -> None; this checks the runtime
    assert stop("tj") is None


def test_falsy_members_are_sent(client: TuningClient, stub: Stubber) -> None:
    document = create_request_document()
    document["TrainingJobDefinition"]["EnableNetworkIsolation"] = False
    document["TrainingJobDefinition"]["EnableManagedSpotTraining"] = False
    document["HyperParameterTuningJobConfig"]["RandomSeed"] = 0
    request = serde.from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True)
    stub.add_response(
        "create_hyper_parameter_tuning_job",
        {"HyperParameterTuningJobArn": tuning_arn("tj")},
        document,
    )
    client.create_hyper_parameter_tuning_job(request)


def test_the_wrong_request_type_is_a_type_error(client: TuningClient, sends: SendCounter) -> None:
    wrong: Any = shapes.DescribeTrainingJobRequest(training_job_name="tr")
    with pytest.raises(TypeError, match="DescribeHyperParameterTuningJobRequest or a name"):
        client.describe_hyper_parameter_tuning_job(wrong)
    with pytest.raises(TypeError, match="expected a CreateHyperParameterTuningJobRequest, got str"):
        client.create_hyper_parameter_tuning_job("tj")  # type: ignore[arg-type]  # the misuse under test
    assert sends.sent == []


# -- invalid requests are never sent -------------------------------------------------------------


def test_a_valid_request_is_sent_once(client: TuningClient, sends: SendCounter) -> None:
    sends.body = tuning_job()
    client.describe_hyper_parameter_tuning_job("tj")
    assert len(sends.sent) == 1
    assert b'"HyperParameterTuningJobName": "tj"' in sends.sent[0].body


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_name", "full match of pattern"),
        ("x" * 33, "length 1 to 32"),
        ("", "length 1 to 32"),
        ("ok-prefix_then_bad", "full match of pattern"),
    ],
)
def test_an_invalid_name_raises_and_is_never_sent(
    client: TuningClient, sends: SendCounter, name: str, message: str
) -> None:
    with pytest.raises(errors.ValidationError, match=message) as caught:
        client.describe_hyper_parameter_tuning_job(name)
    assert caught.value.violations[0].path == "HyperParameterTuningJobName"
    with pytest.raises(errors.ValidationError):
        client.stop_hyper_parameter_tuning_job(name)
    assert sends.sent == []


def test_invalid_training_job_name_is_never_sent(client: TuningClient, sends: SendCounter) -> None:
    with pytest.raises(errors.ValidationError, match="TrainingJobName"):
        client.describe_training_job("a" * 64)
    assert sends.sent == []


def test_a_leniently_parsed_part_is_checked_before_sending(
    client: TuningClient, sends: SendCounter
) -> None:
    # A definition read leniently from a response (no validation) with a broken
    # nested member: the Create request's own constructor only checks its type.
    broken = create_request_document()["TrainingJobDefinition"]
    broken["ResourceConfig"]["VolumeSizeInGB"] = -1
    broken["StoppingCondition"]["MaxRuntimeInSeconds"] = 0
    definition = serde.from_api(shapes.HyperParameterTrainingJobDefinition, broken)
    good = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest, create_request_document(), strict=True
    )
    request = attrs.evolve(good, training_job_definition=definition)
    with pytest.raises(errors.ValidationError) as caught:
        client.create_hyper_parameter_tuning_job(request)
    assert {v.path for v in caught.value.violations} == {
        "TrainingJobDefinition.ResourceConfig.VolumeSizeInGB",
        "TrainingJobDefinition.StoppingCondition.MaxRuntimeInSeconds",
    }
    assert caught.value.shape == "CreateHyperParameterTuningJobRequest"
    assert sends.sent == []


def test_a_leniently_parsed_request_with_a_missing_member_is_not_sent(
    client: TuningClient, sends: SendCounter
) -> None:
    request = serde.from_api(shapes.DescribeTrainingJobRequest, {})
    with pytest.raises(errors.ValidationError, match="required member is missing"):
        client.describe_training_job(request)
    assert sends.sent == []


# -- responses are read leniently ----------------------------------------------------------------


def test_responses_that_break_the_model_still_parse(
    client: TuningClient, sends: SendCounter
) -> None:
    body = tuning_job(
        "SomeStatusAddedNextYear",
        BestTrainingJob={**summary(1), "TrainingJobArn": "FakeTrainingJobArn"},
    )
    del body["TrainingJobStatusCounters"]  # a required member gone missing
    body["MemberAddedNextYear"] = {"Anything": [1, 2]}
    sends.body = body  # over the wire: the Stubber would refuse a response the model forbids
    response = client.describe_hyper_parameter_tuning_job("tj")
    assert response.hyper_parameter_tuning_job_status == "SomeStatusAddedNextYear"
    assert response.best_training_job is not None
    assert response.best_training_job.training_job_arn == "FakeTrainingJobArn"
    # Filled with its zero value (Smithy's client error correction), and remembered as such.
    assert response.training_job_status_counters == shapes.TrainingJobStatusCounters()
    assert serde.filled_in(response) == ("TrainingJobStatusCounters",)
    assert {v.rule for v in violations(response)} >= {"pattern", "enum", "required"}


def test_response_metadata_is_dropped(client: TuningClient, sends: SendCounter) -> None:
    sends.body = tuning_job()
    response = client.describe_hyper_parameter_tuning_job("tj")
    assert not hasattr(response, "response_metadata")
    assert "ResponseMetadata" not in serde.to_api(response)


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("ResourceNotFound", errors.ResourceNotFound),
        ("ResourceInUse", errors.ResourceInUse),
        ("ResourceLimitExceeded", errors.ResourceLimitExceeded),
        ("ValidationException", errors.ServiceError),
        ("ThrottlingException", errors.ServiceError),
        ("AccessDeniedException", errors.ServiceError),
    ],
)
def test_service_errors_become_typed_exceptions(
    client: TuningClient, stub: Stubber, code: str, cls: type[errors.ServiceError]
) -> None:
    stub.add_client_error(
        "describe_hyper_parameter_tuning_job",
        service_error_code=code,
        service_message=f"{code} says no",
        http_status_code=400,
        response_meta={"RequestId": "req-1"},
    )
    with pytest.raises(cls) as caught:
        client.describe_hyper_parameter_tuning_job("tj")
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, errors.SageMakerTuningError)
    assert (error.code, error.message, error.operation) == (
        code,
        f"{code} says no",
        "DescribeHyperParameterTuningJob",
    )
    assert (error.http_status, error.request_id) == (400, "req-1")
    assert isinstance(error.__cause__, ClientError)
    assert str(error) == f"{code} in DescribeHyperParameterTuningJob: {code} says no"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and str(again) == str(error) and again.request_id == "req-1"


def test_error_from_the_wire_carries_status_and_request_id(
    client: TuningClient, sends: SendCounter
) -> None:
    sends.status = 400
    sends.body = {"__type": "ResourceNotFound", "Message": "no such job"}
    with pytest.raises(errors.ResourceNotFound, match="no such job") as caught:
        client.describe_hyper_parameter_tuning_job("tj")
    assert caught.value.http_status == 400
    assert len(sends.sent) == 1  # a modeled error is not retried


def test_a_malformed_client_error_still_gives_an_exception() -> None:
    error = errors.from_client_error(ClientError({}, "DescribeTrainingJob"))
    assert type(error) is errors.ServiceError
    assert (error.code, error.message, error.http_status, error.request_id) == (
        "Unknown",
        "",
        None,
        None,
    )
    assert errors.from_client_error(object()).operation == "Unknown"


def test_no_credentials_passes_through_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    client = TuningClient(botocore.session.Session().create_client("sagemaker", region_name=REGION))
    with pytest.raises(NoCredentialsError):
        client.describe_hyper_parameter_tuning_job("tj")


def test_an_unknown_profile_passes_through_unchanged() -> None:
    with pytest.raises(ProfileNotFound):
        TuningClient.create(region_name=REGION, profile_name="no-such-profile")


def test_connection_failures_pass_through_unchanged() -> None:
    client = TuningClient.create(
        region_name=REGION,
        endpoint_url="http://127.0.0.1:9",  # the discard port: nothing listens there
        config=Config(retries={"mode": "standard", "max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(EndpointConnectionError):
        client.describe_hyper_parameter_tuning_job("tj")


def test_waiter_and_pagination_errors_pickle() -> None:
    last = serde.from_api(shapes.DescribeHyperParameterTuningJobResponse, tuning_job("Failed"))
    failed = errors.TuningJobFailed("boom", waiter="W", last_response=last, attempts=3, elapsed=9.0)
    again = pickle.loads(pickle.dumps(failed))
    assert (type(again), str(again), again.attempts, again.last_response) == (
        errors.TuningJobFailed,
        "boom",
        3,
        last,
    )
    repeated = pickle.loads(pickle.dumps(errors.PaginationError("again", token="t", pages=2)))
    assert (repeated.token, repeated.pages, str(repeated)) == ("t", 2, "again")
    timeout = errors.WaiterTimeout("late", waiter="W", last_error=RuntimeError("x"))
    assert str(pickle.loads(pickle.dumps(timeout))) == "late"


def test_errors_module_exports() -> None:
    for name in (
        "SageMakerTuningError",
        "ServiceError",
        "ResourceInUse",
        "ResourceLimitExceeded",
        "ResourceNotFound",
        "TuningJobFailed",
        "TrainingJobFailed",
        "WaiterTimeout",
        "PaginationError",
        "ValidationError",
    ):
        assert name in errors.__all__
    assert errors.ValidationError is sagemaker_tuning.ValidationError
    assert issubclass(errors.WaiterTimeout, errors.SageMakerTuningError)


# -- timestamps ----------------------------------------------------------------------------------


def test_created_client_parses_timestamps_as_utc(client: TuningClient, sends: SendCounter) -> None:
    sends.body = tuning_job(CreationTime=1714564800.5)
    response = client.describe_hyper_parameter_tuning_job("tj")
    assert response.creation_time == datetime(2024, 5, 1, 12, 0, 0, 500000, tzinfo=timezone.utc)
    assert response.creation_time.tzinfo is timezone.utc


def test_a_passed_in_client_keeps_its_own_timestamp_parser() -> None:
    boto_client = botocore.session.get_session().create_client("sagemaker", region_name=REGION)
    sends = SendCounter(tuning_job(CreationTime=1714564800))
    boto_client.meta.events.register("before-send.sagemaker", sends)
    typed = TuningClient(boto_client, clock=VirtualTime().clock)
    raw = boto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    assert raw["CreationTime"].tzinfo is not timezone.utc  # botocore's own (tzlocal)
    response = typed.describe_hyper_parameter_tuning_job("tj")
    assert response.creation_time == raw["CreationTime"]
    assert response.creation_time.tzinfo is timezone.utc  # the typed response is UTC anyway
    again = boto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    assert type(again["CreationTime"].tzinfo) is type(raw["CreationTime"].tzinfo)


_EPOCHS = st.one_of(
    st.integers(min_value=0, max_value=4_102_444_800),
    st.floats(min_value=0, max_value=4_102_444_800, allow_nan=False),
)


@given(_EPOCHS)
def test_utc_parser_agrees_with_botocore_on_epochs(value: float) -> None:
    ours = parse_utc_timestamp(value)
    assert ours.tzinfo is timezone.utc
    assert ours == parse_timestamp(value)
    assert parse_utc_timestamp(str(value)) == parse_timestamp(str(value))


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)))
def test_utc_parser_agrees_with_botocore_on_iso_strings(moment: datetime) -> None:
    for text in (
        moment.isoformat() + "Z",
        moment.replace(tzinfo=timezone(timedelta(hours=-5))).isoformat(),
    ):
        ours = parse_utc_timestamp(text)
        assert ours.tzinfo is timezone.utc
        assert ours == parse_timestamp(text)


def test_utc_parser_falls_back_to_botocore_for_other_formats() -> None:
    text = "Wed, 01 May 2024 12:00:00 GMT"
    assert parse_utc_timestamp(text) == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    assert parse_utc_timestamp("not a time") is None  # never fails the call (issue 14)


# -- issue 20, item 1: a Create whose answer was lost is not reported as a failure -------------


def test_a_create_whose_answer_was_lost_returns_the_job_its_first_attempt_created() -> None:
    from request_samples import tuning_request

    from sagemaker_tuning.testing import LocalSageMaker

    service = LocalSageMaker()
    service.inject("lost-answer", "CreateHyperParameterTuningJob")
    client = service.client()
    response = client.create_hyper_parameter_tuning_job(tuning_request("lost", parallel=2))
    assert response.hyper_parameter_tuning_job_arn.endswith("/lost")
    assert client.last_create_note is not None and "its answer was lost" in client.last_create_note
    assert [f.kind for f in service.fault_log] == ["lost-answer"]
    listed = client.list_hyper_parameter_tuning_jobs().hyper_parameter_tuning_job_summaries
    assert [s.hyper_parameter_tuning_job_name for s in listed] == ["lost"]
    client.create_hyper_parameter_tuning_job(tuning_request("next", parallel=2))
    assert client.last_create_note is None


def test_a_retried_create_meeting_another_request_of_that_name_still_raises_resource_in_use() -> (
    None
):
    from request_samples import tuning_request

    from sagemaker_tuning.testing import LocalSageMaker

    service = LocalSageMaker()
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("taken", parallel=2))
    service.inject("server-error", "CreateHyperParameterTuningJob")  # the retry meets the job
    with pytest.raises(errors.ResourceInUse):
        client.create_hyper_parameter_tuning_job(tuning_request("taken", parallel=3))
    assert client.last_create_note is None
    with pytest.raises(errors.ResourceInUse):  # not retried: the plain answer, unchanged
        client.create_hyper_parameter_tuning_job(tuning_request("taken", parallel=2))


def test_cli_create_says_the_first_attempt_created_the_job_when_its_answer_was_lost(
    tmp_path: Any,
) -> None:
    import io
    import json
    from unittest import mock

    from request_samples import tuning_request

    from sagemaker_tuning import serde
    from sagemaker_tuning.cli import main
    from sagemaker_tuning.testing import LocalSageMaker

    service = LocalSageMaker()
    service.inject("lost-answer", "CreateHyperParameterTuningJob")
    file = tmp_path / "request.json"
    file.write_text(json.dumps(serde.to_api(tuning_request("cli-lost", parallel=2))))
    with mock.patch.object(TuningClient, "create", lambda **_: service.client()):
        out, err = io.StringIO(), io.StringIO()
        assert main(["create", str(file)], stdout=out, stderr=err) == 0, err.getvalue()
    assert out.getvalue().strip().endswith("/cli-lost")
    assert "the first attempt created it; its answer was lost" in err.getvalue()
