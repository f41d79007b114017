"""LocalSageMaker's errors in SageMaker's codes, statuses and words (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from request_samples import tuning_request

from sagemaker_tuning import errors, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker
from sagemaker_tuning.testing._service_errors import camel_path, hides

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key id


def answer(service: LocalSageMaker, operation: str, body: Any) -> tuple[int, dict[str, Any]]:
    status, _, payload = service.handle(f"SageMaker.{operation}", json.dumps(body))
    return status, json.loads(payload)


def create_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = serde.to_api(tuning_request("valid-name"))
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("HyperParameterTuningJobName", "hyperParameterTuningJobName"),
        (
            "TrainingJobDefinition.ResourceConfig.VolumeSizeInGB",
            "trainingJobDefinition.resourceConfig.volumeSizeInGB",
        ),
        (
            "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[0].MinValue",
            "hyperParameterTuningJobConfig.parameterRanges.integerParameterRanges.1.member.minValue",
        ),
        ("TrainingJobDefinitions[2]", "trainingJobDefinitions.3.member"),
        (
            "TrainingJobDefinition.StaticHyperParameters[eta]",
            "trainingJobDefinition.staticHyperParameters[eta]",
        ),
        ("", ""),
    ],
)
def test_member_paths_are_camel_case_with_lists_counted_from_one(path: str, expected: str) -> None:
    assert camel_path(path) == expected


def test_a_name_breaking_pattern_and_length_gets_both_clauses_in_the_service_order() -> None:
    # zenml-io/zenml#1502: pattern first, then length, "2 validation errors detected".
    name = "x_" * 20
    status, body = answer(
        LocalSageMaker(),
        "CreateHyperParameterTuningJob",
        create_body(HyperParameterTuningJobName=name),
    )
    assert status == 400
    assert body == {
        "__type": "ValidationException",
        "message": (
            f"2 validation errors detected: Value '{name}' at 'hyperParameterTuningJobName' "
            "failed to satisfy constraint: Member must satisfy regular expression pattern: "
            f"^[a-zA-Z0-9](-*[a-zA-Z0-9]){{0,31}}; Value '{name}' at "
            "'hyperParameterTuningJobName' failed to satisfy constraint: Member must have "
            "length less than or equal to 32"
        ),
    }


@pytest.mark.parametrize(
    ("break_it", "clause"),
    [
        (
            lambda b: b.pop("TrainingJobDefinition"),
            None,  # the definition's absence is a rule, not a model constraint
        ),
        (
            lambda b: b["TrainingJobDefinition"].pop("RoleArn"),
            "Value null at 'trainingJobDefinition.roleArn' failed to satisfy constraint: "
            "Member must not be null",
        ),
        (
            lambda b: b["HyperParameterTuningJobConfig"].update(Strategy="Genetic"),
            "Value 'Genetic' at 'hyperParameterTuningJobConfig.strategy' failed to satisfy "
            "constraint: Member must satisfy enum value set: [Bayesian, Random, Hyperband, Grid]",
        ),
        (
            lambda b: b["HyperParameterTuningJobConfig"]["ResourceLimits"].update(
                MaxParallelTrainingJobs=0
            ),
            "Value '0' at 'hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs' "
            "failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
        (
            lambda b: b["HyperParameterTuningJobConfig"]["ParameterRanges"][
                "IntegerParameterRanges"
            ][0].update(Name="n" * 257),
            f"Value '{'n' * 257}' at 'hyperParameterTuningJobConfig.parameterRanges."
            "integerParameterRanges.1.member.name' failed to satisfy constraint: Member must "
            "have length less than or equal to 256",
        ),
        (
            lambda b: b["TrainingJobDefinition"]["StaticHyperParameters"].update(big="v" * 2501),
            f"Value '{{objective=binary:logistic, big={'v' * 2501}}}' at "
            "'trainingJobDefinition.staticHyperParameters' failed to satisfy constraint: Map "
            "value must satisfy constraint: [Member must have length less than or equal to "
            "2500, Member must have length greater than or equal to 0, Member must satisfy "
            "regular expression pattern: ^.*, Member must not be null]",
        ),
    ],
    ids=["rule-only", "null", "enum", "value", "nested-list", "map-value"],
)
def test_each_constraint_kind_is_worded_as_the_service_words_it(
    break_it: Any, clause: str | None
) -> None:
    body = create_body()
    break_it(body)
    status, answered = answer(LocalSageMaker(), "CreateHyperParameterTuningJob", body)
    assert status == 400 and answered["__type"] == "ValidationException"
    if clause is not None:
        assert answered["message"] == f"1 validation error detected: {clause}"
    else:
        assert not answered["message"].startswith("1 validation error detected")


def test_an_upper_bound_is_worded_less_than_or_equal() -> None:
    status, answered = answer(
        LocalSageMaker(),
        "ListTrainingJobsForHyperParameterTuningJob",
        {"HyperParameterTuningJobName": "any", "MaxResults": 101},
    )
    assert (status, answered["__type"]) == (400, "ValidationException")
    assert answered["message"] == (
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
        "constraint: Member must have value less than or equal to 100"
    )


def test_a_credential_in_a_value_is_never_echoed() -> None:
    assert hides(ACCESS_KEY)
    body = create_body()
    statics = body["TrainingJobDefinition"]["StaticHyperParameters"]
    statics["aws_access_key_id"] = ACCESS_KEY + "x" * 2500  # breaks the length, looks like a key
    status, answered = answer(LocalSageMaker(), "CreateHyperParameterTuningJob", body)
    assert status == 400
    assert ACCESS_KEY not in answered["message"]
    assert answered["message"] == (
        "1 validation error detected: Value at 'trainingJobDefinition.staticHyperParameters' "
        "failed to satisfy constraint: Map value must satisfy constraint: [Member must have "
        "length less than or equal to 2500, Member must have length greater than or equal to "
        "0, Member must satisfy regular expression pattern: ^.*, Member must not be null]"
    )


def test_a_credential_refused_by_the_rules_is_named_but_not_shown() -> None:
    request = tuning_request("leaky")
    definition = request.training_job_definition
    assert definition is not None
    leaky = attrs.evolve(
        request,
        training_job_definition=attrs.evolve(
            definition, static_hyper_parameters={"objective": "x", "key": ACCESS_KEY}
        ),
    )
    with pytest.raises(errors.ServiceError) as info:
        # check_rules=False: the client's own rule check would refuse it before sending.
        LocalSageMaker().client().create_hyper_parameter_tuning_job(leaky, check_rules=False)
    assert info.value.code == "ValidationException"
    assert ACCESS_KEY not in info.value.message
    assert "(at 'trainingJobDefinition.staticHyperParameters[key]')" in info.value.message


def test_wrong_types_and_unknown_members_are_serialization_errors_naming_the_path() -> None:
    service = LocalSageMaker()
    body = create_body()
    body["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = "2"
    status, answered = answer(service, "CreateHyperParameterTuningJob", body)
    assert (status, answered["__type"]) == (400, "SerializationException")
    assert (
        "at 'hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs'"
        in (answered["message"])
    )
    status, answered = answer(service, "DescribeTrainingJob", {"TrainingJobName": "a", "Bogus": 1})
    assert (status, answered["__type"]) == (400, "SerializationException")
    assert "at 'Bogus'" in answered["message"]


def test_the_typed_client_raises_the_modeled_classes_with_the_service_words() -> None:
    client = LocalSageMaker().client()
    client.create_hyper_parameter_tuning_job(tuning_request("taken"))
    with pytest.raises(errors.ResourceInUse) as in_use:
        client.create_hyper_parameter_tuning_job(tuning_request("taken"))
    assert in_use.value.message == (
        "A hyperparameter tuning job with the name, taken, already exists. Choose a different name."
    )
    assert (in_use.value.code, in_use.value.http_status) == ("ResourceInUse", 400)
    with pytest.raises(errors.ResourceNotFound, match="called missing. Type another name."):
        client.describe_hyper_parameter_tuning_job("missing")


def test_retry_code_written_for_the_service_works_unchanged() -> None:
    # Idempotent creation as users write it against SageMaker: a taken name means "already
    # done", recognised by code and by the service's words.
    client = LocalSageMaker().client()

    def ensure(name: str) -> str:
        try:
            client.create_hyper_parameter_tuning_job(tuning_request(name))
        except errors.ServiceError as error:
            if error.code == "ResourceInUse" and "already exists" in error.message:
                return "existed"
            raise
        return "created"

    assert [ensure("nightly"), ensure("nightly")] == ["created", "existed"]


def test_waiting_for_an_unknown_training_job_fails_at_once(client: TuningClient) -> None:
    # botocore's TrainingJobCompletedOrStopped fails on the ValidationException the service
    # answers for an unknown job: one poll, no waiting.
    seen: list[Any] = []
    with pytest.raises(errors.ServiceError) as info:
        client.wait_for_training_job("missing-001-abcdef12", on_poll=seen.append)
    assert info.value.code == "ValidationException"
    assert info.value.message == "Requested resource not found."
    assert seen == []


def test_waiting_for_an_unknown_tuning_job_fails_at_once(client: TuningClient) -> None:
    with pytest.raises(errors.ResourceNotFound):
        client.wait_for_hyper_parameter_tuning_job("missing")


def test_stopping_a_finished_job_is_a_validation_exception(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("done", max_jobs=2, parallel=2))
    client.wait_for_hyper_parameter_tuning_job("done")
    with pytest.raises(errors.ServiceError) as info:
        client.stop_hyper_parameter_tuning_job("done")
    assert info.value.code == "ValidationException"
    assert "is in status Completed" in info.value.message


def test_an_unknown_list_token_is_a_validation_exception(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("paged", max_jobs=2, parallel=2))
    with pytest.raises(errors.ServiceError) as info:
        client.list_training_jobs_for_hyper_parameter_tuning_job(
            sh.ListTrainingJobsForHyperParameterTuningJobRequest(
                hyper_parameter_tuning_job_name="paged", next_token="not-a-token"
            )
        )
    assert info.value.code == "ValidationException"
