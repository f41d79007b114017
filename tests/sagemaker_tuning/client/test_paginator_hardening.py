"""The paginator under hostile input: resume tokens are validated, null items never crash it."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from client_samples import SendCounter, summary

from sagemaker_tuning import ValidationError, shapes
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.paginator import TrainingJobPaginator, encode_token

PARAMS = {"HyperParameterTuningJobName": "tj"}


def refused(token: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        TrainingJobPaginator(lambda p: {}, PARAMS, starting_token=token)
    return info.value


@pytest.mark.parametrize(
    ("token", "why"),
    [
        pytest.param(encode_token("t" * 9000), "expected length 0 to 8192", id="9000 characters"),
        pytest.param(encode_token("t\nx"), "no line breaks", id="a newline"),
        pytest.param(encode_token(""), "its NextToken is empty", id="an empty NextToken"),
        pytest.param("", "is not base64 JSON", id="an empty token"),
        pytest.param(
            base64.b64encode(b"[" * 100_000 + b"]" * 100_000).decode(),
            "nested too deeply",
            id="nested 100000 deep",
        ),
        pytest.param(
            base64.b64encode(b'{"NextToken": ' * 50_000 + b"1" + b"}" * 50_000).decode(),
            "nested too deeply",
            id="nested objects",
        ),
    ],
)
def test_a_resume_token_is_validated_before_anything_is_sent(token: str, why: str) -> None:
    error = refused(token)
    assert [v.path for v in error.violations] == ["starting_token"]
    assert why in error.violations[0].message


def test_a_refused_resume_token_sends_nothing_through_the_client(
    client: TuningClient, sends: SendCounter
) -> None:
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tj"
    )
    with pytest.raises(ValidationError, match="starting_token"):
        client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            request, starting_token=encode_token("t" * 9000)
        )
    assert sends.sent == []


def test_the_longest_valid_token_still_resumes() -> None:
    seen: list[Any] = []

    def call(params: dict[str, Any]) -> dict[str, Any]:
        seen.append(params.get("NextToken"))
        return {"TrainingJobSummaries": [summary(1)]}

    paginator = TrainingJobPaginator(call, PARAMS, starting_token=encode_token("t" * 8192, 0))
    assert len(list(paginator)) == 1
    assert seen == ["t" * 8192]


def pages(*layout: list[Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A service answering the given lists of items, page i carrying token t{i+1}."""

    def call(params: dict[str, Any]) -> dict[str, Any]:
        token = params.get("NextToken")
        index = 0 if token is None else int(token[1:])
        page: dict[str, Any] = {"TrainingJobSummaries": layout[index]}
        if index + 1 < len(layout):
            page["NextToken"] = f"t{index + 1}"
        return page

    return call


def test_a_null_in_a_page_never_crashes_the_paginator() -> None:
    call = pages([None, summary(0), None], [None], [summary(1), "not an object", 7])
    paginator = TrainingJobPaginator(call, PARAMS)
    assert [s.training_job_name for s in paginator] == ["job-00000", "job-00001"]
    assert [len(p.training_job_summaries or ()) for p in paginator.pages()] == [1, 0, 1]


def test_max_items_and_resume_count_real_items_only_when_nulls_are_in_the_way() -> None:
    call = pages([None, summary(0), None, summary(1)], [summary(2)])
    first = TrainingJobPaginator(call, PARAMS, max_items=1)
    assert [s.training_job_name for s in first] == ["job-00000"]
    rest = TrainingJobPaginator(call, PARAMS, starting_token=first.resume_token)
    assert [s.training_job_name for s in rest] == ["job-00001", "job-00002"]
