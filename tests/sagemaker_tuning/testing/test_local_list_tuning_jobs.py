"""ListHyperParameterTuningJobs on LocalSageMaker: every filter and sort of the API reference,
paging through the typed client and its paginator, in process and over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from request_samples import tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.paginator import Paginator
from sagemaker_tuning.testing import LocalSageMaker, VirtualClock

NAMES = ["alpha-one", "Beta-two", "gamma-three", "delta-four", "alpha-five"]


@pytest.fixture
def service() -> LocalSageMaker:
    return LocalSageMaker(seed=3, clock=VirtualClock())


@pytest.fixture
def jobs(service: LocalSageMaker, client: TuningClient) -> list[str]:
    """Five jobs created 10 minutes apart; the second is stopped, the rest run to the end."""
    assert isinstance(service.clock, VirtualClock)
    for name in NAMES:
        client.create_hyper_parameter_tuning_job(tuning_request(name, max_jobs=2, parallel=2))
        if name == "Beta-two":
            client.stop_hyper_parameter_tuning_job(name)
        service.clock.advance(600)
    return NAMES


def names(response: sh.ListHyperParameterTuningJobsResponse) -> list[str]:
    return [
        s.hyper_parameter_tuning_job_name for s in response.hyper_parameter_tuning_job_summaries
    ]


def test_no_request_lists_every_job_by_name_ascending(
    client: TuningClient, jobs: list[str]
) -> None:
    page = client.list_hyper_parameter_tuning_jobs()
    # The API reference: SortBy defaults to Name, SortOrder to Ascending, MaxResults to 10.
    assert names(page) == sorted(jobs, key=str.lower)
    assert page.next_token is None


def test_summaries_agree_with_describe(client: TuningClient, jobs: list[str]) -> None:
    for summary in client.paginate_hyper_parameter_tuning_jobs():
        described = client.describe_hyper_parameter_tuning_job(
            summary.hyper_parameter_tuning_job_name
        )
        assert summary.hyper_parameter_tuning_job_arn == described.hyper_parameter_tuning_job_arn
        assert summary.hyper_parameter_tuning_job_status == (
            described.hyper_parameter_tuning_job_status
        )
        assert summary.creation_time == described.creation_time
        assert summary.training_job_status_counters == described.training_job_status_counters
        assert summary.strategy == described.hyper_parameter_tuning_job_config.strategy
        assert (
            summary.resource_limits == described.hyper_parameter_tuning_job_config.resource_limits
        )


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
@pytest.mark.parametrize("sort_by", ["Name", "Status", "CreationTime"])
def test_every_sort_and_order(
    client: TuningClient, jobs: list[str], sort_by: str, order: str
) -> None:
    request = sh.ListHyperParameterTuningJobsRequest(sort_by=sort_by, sort_order=order)
    found = list(client.paginate_hyper_parameter_tuning_jobs(request, page_size=2))
    keys = {
        "Name": lambda s: s.hyper_parameter_tuning_job_name.lower(),
        "Status": lambda s: str(s.hyper_parameter_tuning_job_status),
        "CreationTime": lambda s: s.creation_time,
    }[sort_by]
    assert [keys(s) for s in found] == sorted(
        (keys(s) for s in found), reverse=order == "Descending"
    )
    assert sorted(s.hyper_parameter_tuning_job_name for s in found) == sorted(jobs)


def test_name_contains_ignores_case(client: TuningClient, jobs: list[str]) -> None:
    request = sh.ListHyperParameterTuningJobsRequest(name_contains="ALPHA")
    assert names(client.list_hyper_parameter_tuning_jobs(request)) == ["alpha-five", "alpha-one"]


def test_status_filter(client: TuningClient, service: LocalSageMaker, jobs: list[str]) -> None:
    assert isinstance(service.clock, VirtualClock)
    service.clock.advance(3600)
    stopped = sh.ListHyperParameterTuningJobsRequest(status_equals="Stopped")
    assert names(client.list_hyper_parameter_tuning_jobs(stopped)) == ["Beta-two"]
    completed = sh.ListHyperParameterTuningJobsRequest(status_equals="Completed")
    assert len(names(client.list_hyper_parameter_tuning_jobs(completed))) == 4


def test_time_bounds_are_strict(client: TuningClient, jobs: list[str]) -> None:
    created = {
        s.hyper_parameter_tuning_job_name: s.creation_time
        for s in client.paginate_hyper_parameter_tuning_jobs()
    }
    third = created["gamma-three"]
    after = sh.ListHyperParameterTuningJobsRequest(creation_time_after=third)
    assert sorted(names(client.list_hyper_parameter_tuning_jobs(after))) == [
        "alpha-five",
        "delta-four",
    ]
    before = sh.ListHyperParameterTuningJobsRequest(
        creation_time_before=third + timedelta(seconds=1)
    )
    assert sorted(names(client.list_hyper_parameter_tuning_jobs(before))) == [
        "Beta-two",
        "alpha-one",
        "gamma-three",
    ]
    modified = sh.ListHyperParameterTuningJobsRequest(
        last_modified_time_after=third, last_modified_time_before=third + timedelta(days=1)
    )
    assert set(names(client.list_hyper_parameter_tuning_jobs(modified))) <= set(jobs)


def test_paginator_pages_resumes_and_caps(client: TuningClient, jobs: list[str]) -> None:
    paginator = client.paginate_hyper_parameter_tuning_jobs(page_size=2, max_items=3)
    assert isinstance(paginator, Paginator)
    first = [s.hyper_parameter_tuning_job_name for s in paginator]
    assert len(first) == 3
    token = paginator.resume_token
    assert token is not None
    rest = [
        s.hyper_parameter_tuning_job_name
        for s in client.paginate_hyper_parameter_tuning_jobs(page_size=2, starting_token=token)
    ]
    assert first + rest == sorted(jobs, key=str.lower)
    pages = list(client.paginate_hyper_parameter_tuning_jobs(page_size=2).pages())
    assert [len(p.hyper_parameter_tuning_job_summaries) for p in pages] == [2, 2, 1]


def test_empty_pages_are_followed(jobs: list[str]) -> None:
    service = LocalSageMaker(seed=3, empty_pages=True)
    client = service.client()
    for name in jobs:
        client.create_hyper_parameter_tuning_job(tuning_request(name, max_jobs=1, parallel=1))
    found = [
        s.hyper_parameter_tuning_job_name for s in client.paginate_hyper_parameter_tuning_jobs()
    ]
    assert sorted(found) == sorted(jobs)
