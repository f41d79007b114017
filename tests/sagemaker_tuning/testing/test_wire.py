"""LocalSageMaker at the wire: AWS JSON 1.1 bodies, errors, plain botocore and boto3 clients."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st
from request_samples import tuning_request

from sagemaker_tuning import _spec as _s
from sagemaker_tuning import serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.testing import LocalSageMaker
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.validation import ValidationError, field_specs

CREATE = "SageMaker.CreateHyperParameterTuningJob"
KNOWN_CODES = {"ValidationException", "ResourceLimitExceeded", "ResourceInUse"}


def call(service: LocalSageMaker, operation: str, body: Any) -> tuple[int, dict[str, Any]]:
    status, headers, payload = service.handle(f"SageMaker.{operation}", json.dumps(body))
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-RequestId"]
    assert int(headers["Content-Length"]) == len(payload)
    return status, json.loads(payload)


def strict(cls: type[Any], response: dict[str, Any]) -> Any:
    """Parse a botocore response as a document: unknown members and every constraint checked."""
    data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return serde.from_api(cls, data, strict=True)


def test_a_plain_boto3_client_talks_to_it_unchanged(service: LocalSageMaker) -> None:
    boto = service.attach(boto3.client("sagemaker", region_name="us-east-1"))
    request = serde.to_api(tuning_request("plain", max_jobs=6, parallel=2))
    created = boto.create_hyper_parameter_tuning_job(**request)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200
    strict(sh.CreateHyperParameterTuningJobResponse, created)
    service.clock.sleep(5000)
    described = boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="plain")
    final = strict(sh.DescribeHyperParameterTuningJobResponse, described)
    assert final.hyper_parameter_tuning_job_status == "Completed"
    pages = boto.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(
        HyperParameterTuningJobName="plain", PaginationConfig={"PageSize": 4}
    )
    names = []
    for page in pages:
        listed = strict(sh.ListTrainingJobsForHyperParameterTuningJobResponse, page)
        names += [s.training_job_name for s in listed.training_job_summaries]
    assert len(names) == 6
    for name in names:
        strict(sh.DescribeTrainingJobResponse, boto.describe_training_job(TrainingJobName=name))


def test_errors_are_aws_json_error_bodies(service: LocalSageMaker) -> None:
    status, body = call(
        service, "DescribeHyperParameterTuningJob", {"HyperParameterTuningJobName": "x"}
    )
    assert status == 400
    assert body == {
        "__type": "ResourceNotFound",
        "message": "Amazon SageMaker can't find a tuning job called x. Type another name.",
    }
    status, body = call(service, "DescribeHyperParameterTuningJob", {})
    assert status == 400
    assert body == {
        "__type": "ValidationException",
        "message": "1 validation error detected: Value null at 'hyperParameterTuningJobName' "
        "failed to satisfy constraint: Member must not be null",
    }


@pytest.mark.parametrize(
    ("target", "body", "code"),
    [
        ("SageMaker.DeleteEverything", b"{}", "UnknownOperationException"),
        ("Other.DescribeTrainingJob", b"{}", "UnknownOperationException"),
        (CREATE, b"{not json", "SerializationException"),
        (CREATE, b"[1, 2]", "SerializationException"),
    ],
)
def test_malformed_requests_are_rejected_by_code(
    service: LocalSageMaker, target: str, body: bytes, code: str
) -> None:
    status, _, payload = service.handle(target, body)
    assert status == 400
    assert json.loads(payload)["__type"] == code


def test_botocore_sees_service_validation_errors_when_it_does_not_validate(
    service: LocalSageMaker,
) -> None:
    boto = service.botocore_client()
    unchecked = service.attach(
        boto3.Session().client(
            "sagemaker",
            region_name="us-east-1",
            config=Config(parameter_validation=False),
            endpoint_url="http://127.0.0.1:9",
        )
    )
    request = serde.to_api(tuning_request("ok"))
    request["HyperParameterTuningJobName"] = "bad_name"
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 0
    with pytest.raises(ClientError) as info:
        unchecked.create_hyper_parameter_tuning_job(**request)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "2 validation errors detected: Value 'bad_name' at 'hyperParameterTuningJobName' failed "
        "to satisfy constraint: Member must satisfy regular expression pattern: "
        "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}; Value '0' at "
        "'hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1"
    )
    with pytest.raises(ClientError, match="ResourceNotFound"):
        boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="bad-name")


def test_timestamps_travel_as_epoch_seconds(service: LocalSageMaker) -> None:
    call(service, "CreateHyperParameterTuningJob", serde.to_api(tuning_request("epoch")))
    status, body = call(
        service, "DescribeHyperParameterTuningJob", {"HyperParameterTuningJobName": "epoch"}
    )
    assert status == 200
    assert body["CreationTime"] == service.clock.time()


def service_path(cls: type[Any], path: str) -> str:
    """The member path the service names for a violation at ``path`` (a strategy's path).

    camelCase members, list items as ``n.member`` counted from 1, a map entry reported on
    the map, an unknown member as spelled. Map keys may hold any character, so the path is
    read along the model rather than split.
    """
    out: list[str] = []
    spec: _s.Spec = _s.Structure(cls)
    rest = path
    while rest:
        if isinstance(spec, _s.Structure):
            match = re.match(r"\.?([A-Za-z0-9]+)", rest)
            assert match is not None, path
            name, rest = match[1], rest[match.end() :]
            members = {wire: member for _, wire, member, _ in field_specs(spec.cls)}
            if name not in members:
                return ".".join([*out, name])
            out.append(name[:1].lower() + name[1:])
            spec = members[name]
        elif isinstance(spec, _s.List):
            match = re.match(r"\[(\d+)\]", rest)
            assert match is not None, path
            out.append(f"{int(match[1]) + 1}.member")
            rest, spec = rest[match.end() :], spec.member
        else:
            break  # a map's entries are reported on the map
    return ".".join(out)


@given(case=sts.violations(sh.CreateHyperParameterTuningJobRequest))
def test_every_broken_request_is_refused_naming_the_path_as_the_service_does(
    case: tuple[dict[str, Any], str],
) -> None:
    data, path = case
    with pytest.raises(ValidationError) as parsed:
        serde.from_api(sh.CreateHyperParameterTuningJobRequest, data, strict=True)
    (violation,) = parsed.value.violations
    service = LocalSageMaker()
    status, body = call(service, "CreateHyperParameterTuningJob", data)
    assert status == 400
    where = f"at '{service_path(sh.CreateHyperParameterTuningJobRequest, path)}'"
    if violation.rule in ("type", "unknown-member"):  # the body cannot be read as the input
        assert body["__type"] == "SerializationException"
        assert where in body["message"]
    else:
        assert body["__type"] == "ValidationException"
        assert body["message"].startswith("1 validation error detected: Value")
        assert f"{where} failed to satisfy constraint: M" in body["message"]


@st.composite
def runnable_requests(draw: st.DrawFn) -> sh.CreateHyperParameterTuningJobRequest:
    """Valid requests with a definition, an objective and a small budget: most of them run."""
    config = draw(sts.shapes(sh.HyperParameterTuningJobConfig))
    objective = config.hyper_parameter_tuning_job_objective or draw(
        sts.shapes(sh.HyperParameterTuningJobObjective)
    )
    limits = sh.ResourceLimits(
        max_number_of_training_jobs=draw(st.integers(1, 6)),
        max_parallel_training_jobs=draw(st.integers(1, 3)),
    )
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=draw(
            st.from_regex(r"[a-z][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True)
        ),
        hyper_parameter_tuning_job_config=attrs.evolve(
            config, hyper_parameter_tuning_job_objective=objective, resource_limits=limits
        ),
        training_job_definition=draw(sts.shapes(sh.HyperParameterTrainingJobDefinition)),
    )


@given(request=runnable_requests())
def test_any_valid_request_is_run_or_refused_and_every_answer_is_valid(
    request: sh.CreateHyperParameterTuningJobRequest,
) -> None:
    service = LocalSageMaker()
    name = request.hyper_parameter_tuning_job_name
    status, body = call(service, "CreateHyperParameterTuningJob", serde.to_api(request))
    if status != 200:
        assert status == 400 and body["__type"] in KNOWN_CODES, body
        return
    serde.from_api(sh.CreateHyperParameterTuningJobResponse, body, strict=True)
    for _ in range(3):
        service.clock.sleep(400)
        status, body = call(
            service, "DescribeHyperParameterTuningJob", {"HyperParameterTuningJobName": name}
        )
        assert status == 200
        serde.from_api(sh.DescribeHyperParameterTuningJobResponse, body, strict=True)
        status, body = call(
            service,
            "ListTrainingJobsForHyperParameterTuningJob",
            {"HyperParameterTuningJobName": name, "MaxResults": 3, "SortBy": "CreationTime"},
        )
        assert status == 200
        listed = serde.from_api(
            sh.ListTrainingJobsForHyperParameterTuningJobResponse, body, strict=True
        )
        for summary in listed.training_job_summaries:
            status, body = call(
                service, "DescribeTrainingJob", {"TrainingJobName": summary.training_job_name}
            )
            assert status == 200
            if body["TrainingJobStatus"] == "Failed":
                # The service leaves ModelArtifacts out of a failed job (tests/fidelity).
                assert "ModelArtifacts" not in body
                body["ModelArtifacts"] = {"S3ModelArtifacts": "s3://bucket/none"}
            job = serde.from_api(sh.DescribeTrainingJobResponse, body, strict=True)
            assert job.tuning_job_arn is not None and job.tuning_job_arn.endswith(name.lower())
