"""The training-job paginator: lazy, resumable, one page in memory, robust to odd pages."""

from __future__ import annotations

import base64
import gc
import json
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import Stubber
from client_samples import SendCounter, summary
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import errors, shapes
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.paginator import TrainingJobPaginator, decode_token, encode_token

LIST = "list_training_jobs_for_hyper_parameter_tuning_job"


class _Page(dict[str, Any]):
    """A page dict that can be weakly referenced, to see when the paginator drops it."""


def fake_service(sizes: list[int]) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], list[Any]]:
    """A List operation over pages of the given sizes; page i answers token ``t{i}``.

    Returns the call and the log of the parameters of every call.
    """
    log: list[Any] = []
    pages: dict[str | None, _Page] = {}
    n = 0
    for i, size in enumerate(sizes):
        page = _Page(TrainingJobSummaries=[summary(n + k) for k in range(size)])
        n += size
        if i + 1 < len(sizes):
            page["NextToken"] = f"t{i + 1}"
        pages[None if i == 0 else f"t{i}"] = page

    def call(params: dict[str, Any]) -> dict[str, Any]:
        log.append(dict(params))
        return pages[params.get("NextToken")]

    return call, log


def names(items: Any) -> list[str]:
    return [s.training_job_name for s in items]


def all_names(sizes: list[int]) -> list[str]:
    return [f"job-{i:05d}" for i in range(sum(sizes))]


PARAMS = {"HyperParameterTuningJobName": "tj"}
LAYOUTS = st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=7)


# -- iteration -----------------------------------------------------------------------------------


@given(LAYOUTS)
def test_iterates_every_job_once_in_order_across_empty_pages(sizes: list[int]) -> None:
    call, log = fake_service(sizes)
    assert names(TrainingJobPaginator(call, PARAMS)) == all_names(sizes)
    assert len(log) == len(sizes)  # empty pages with a NextToken are followed, not an end


@given(LAYOUTS, st.data())
def test_resume_token_continues_with_no_duplicate_and_no_gap(
    sizes: list[int], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=sum(sizes)), label="cut")
    call, _ = fake_service(sizes)
    first = TrainingJobPaginator(call, PARAMS)
    iterator = iter(first)
    head = [next(iterator).training_job_name for _ in range(cut)]
    token = first.resume_token
    rest = names(TrainingJobPaginator(call, PARAMS, starting_token=token)) if token else []
    assert head + rest == all_names(sizes)


@given(LAYOUTS, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_max_items_then_resume_walks_everything_in_chunks(
    sizes: list[int], chunk: int, second: int
) -> None:
    call, _ = fake_service(sizes)
    seen: list[str] = []
    token: str | None = None
    for round_ in range(sum(sizes) + 2):
        paginator = TrainingJobPaginator(
            call, PARAMS, max_items=chunk if round_ % 2 else second, starting_token=token
        )
        got = names(paginator)
        assert len(got) <= (chunk if round_ % 2 else second)
        seen += got
        token = paginator.resume_token
        if token is None:
            break
    assert seen == all_names(sizes)


@given(LAYOUTS, st.integers(min_value=0, max_value=20), st.integers(min_value=1, max_value=6))
def test_pages_yield_exactly_what_iteration_yields(
    sizes: list[int], skip: int, max_items: int
) -> None:
    call, _ = fake_service(sizes)
    start = encode_token(None, min(skip, sizes[0]))
    items = names(TrainingJobPaginator(call, PARAMS, max_items=max_items, starting_token=start))
    paged = TrainingJobPaginator(call, PARAMS, max_items=max_items, starting_token=start)
    pages = list(paged.pages())
    assert all(
        isinstance(p, shapes.ListTrainingJobsForHyperParameterTuningJobResponse) for p in pages
    )
    assert [n for p in pages for n in names(p.training_job_summaries)] == items


def test_resume_token_is_none_only_when_everything_is_consumed() -> None:
    call, _ = fake_service([2, 0, 1])
    paginator = TrainingJobPaginator(call, PARAMS)
    assert decode_token(paginator.resume_token or "") == (None, 0)  # the start itself
    iterator = iter(paginator)
    next(iterator)
    assert decode_token(paginator.resume_token or "") == (None, 1)
    next(iterator)
    assert decode_token(paginator.resume_token or "") == ("t1", 0)  # next page, no re-read
    next(iterator)
    assert paginator.resume_token is None


def test_nothing_is_sent_until_iteration_and_only_pages_needed(
    client: TuningClient, sends: SendCounter
) -> None:
    sends.body = {"TrainingJobSummaries": [summary(0), summary(1)], "NextToken": "t1"}
    paginator = client.paginate_training_jobs_for_hyper_parameter_tuning_job("tj")
    assert sends.sent == []
    next(iter(paginator))
    assert len(sends.sent) == 1


def test_one_page_in_memory() -> None:
    call, _ = fake_service([3, 3, 3, 3])
    fetched: list[weakref.ref[_Page]] = []

    def fresh(params: dict[str, Any]) -> dict[str, Any]:
        # A copy per call, so that the paginator holds the only reference to it.
        page = _Page(call(params))
        fetched.append(weakref.ref(page))
        return page

    iterator = iter(TrainingJobPaginator(fresh, PARAMS))
    for _ in range(7):  # into the third page
        next(iterator)
    gc.collect()
    assert [ref() is not None for ref in fetched] == [False, False, True]


# -- odd services --------------------------------------------------------------------------------


def test_a_repeated_token_raises_after_that_pages_jobs() -> None:
    pages: dict[str | None, dict[str, Any]] = {
        None: {"TrainingJobSummaries": [summary(0)], "NextToken": "t1"}
    }
    pages["t1"] = {"TrainingJobSummaries": [summary(1)], "NextToken": "t1"}
    paginator = TrainingJobPaginator(lambda p: pages[p.get("NextToken")], PARAMS)
    seen: list[str] = []
    with pytest.raises(errors.PaginationError, match="sent NextToken 't1' again after 2 pages"):
        for item in paginator:
            seen.append(item.training_job_name)
    assert seen == ["job-00000", "job-00001"]


def test_a_token_cycle_is_caught_within_a_bounded_number_of_pages() -> None:
    calls = 0

    def cycling(params: dict[str, Any]) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        assert calls < 50, "the paginator followed a token cycle"
        token = params.get("NextToken")
        following = {None: "a", "a": "b", "b": "c", "c": "d", "d": "b"}[token]
        return {"TrainingJobSummaries": [], "NextToken": following}

    with pytest.raises(errors.PaginationError, match="sent NextToken"):
        list(TrainingJobPaginator(cycling, PARAMS))
    assert calls <= 12


def test_a_missing_summaries_list_is_an_empty_page() -> None:
    pages: dict[str | None, dict[str, Any]] = {
        None: {"NextToken": "t1"},
        "t1": {"TrainingJobSummaries": [summary(0)]},
    }
    assert names(TrainingJobPaginator(lambda p: pages[p.get("NextToken")], PARAMS)) == ["job-00000"]


def test_an_empty_string_token_ends_the_listing() -> None:
    page = {"TrainingJobSummaries": [summary(0)], "NextToken": ""}
    paginator = TrainingJobPaginator(lambda p: page, PARAMS)
    assert names(paginator) == ["job-00000"]
    assert paginator.resume_token is None


# -- through the client, with botocore's Stubber --------------------------------------------------


def test_client_paginates_with_the_requests_filters_on_every_page(
    client: TuningClient, stub: Stubber
) -> None:
    base = {
        "HyperParameterTuningJobName": "tj",
        "SortBy": "FinalObjectiveMetricValue",
        "SortOrder": "Descending",
        "StatusEquals": "Completed",
        "MaxResults": 2,
    }
    stub.add_response(
        LIST, {"TrainingJobSummaries": [summary(0), summary(1)], "NextToken": "t1"}, base
    )
    stub.add_response(
        LIST, {"TrainingJobSummaries": [], "NextToken": "t2"}, {**base, "NextToken": "t1"}
    )
    stub.add_response(LIST, {"TrainingJobSummaries": [summary(2)]}, {**base, "NextToken": "t2"})
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tj",
        sort_by="FinalObjectiveMetricValue",
        sort_order="Descending",
        status_equals="Completed",
    )
    paginator = client.paginate_training_jobs_for_hyper_parameter_tuning_job(request, page_size=2)
    jobs = list(paginator)
    assert names(jobs) == ["job-00000", "job-00001", "job-00002"]
    assert all(isinstance(j, shapes.HyperParameterTrainingJobSummary) for j in jobs)


def test_client_resumes_after_a_service_error(client: TuningClient, stub: Stubber) -> None:
    stub.add_response(LIST, {"TrainingJobSummaries": [summary(0)], "NextToken": "t1"})
    stub.add_client_error(LIST, "ThrottlingException", "slow down", 400)
    stub.add_response(
        LIST,
        {"TrainingJobSummaries": [summary(1)]},
        {"HyperParameterTuningJobName": "tj", "NextToken": "t1"},
    )
    paginator = client.paginate_training_jobs_for_hyper_parameter_tuning_job("tj")
    seen: list[str] = []
    with pytest.raises(errors.ServiceError, match="ThrottlingException"):
        for job in paginator:
            seen.append(job.training_job_name)
    again = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
        "tj", starting_token=paginator.resume_token
    )
    assert seen + names(again) == ["job-00000", "job-00001"]


def test_request_next_token_is_the_starting_point(client: TuningClient, stub: Stubber) -> None:
    stub.add_response(
        LIST,
        {"TrainingJobSummaries": [summary(5)]},
        {"HyperParameterTuningJobName": "tj", "NextToken": "abc"},
    )
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tj", next_token="abc"
    )
    assert names(client.paginate_training_jobs_for_hyper_parameter_tuning_job(request)) == [
        "job-00005"
    ]


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        ({"page_size": 0}, "page_size", "expected a value 1 to 100, got 0"),
        ({"page_size": 101}, "page_size", "expected a value 1 to 100, got 101"),
        ({"page_size": "10"}, "page_size", "expected an integer"),
        ({"page_size": True}, "page_size", "expected an integer"),
        ({"max_items": 0}, "max_items", "expected an integer >= 1"),
        ({"max_items": 2.5}, "max_items", "expected an integer >= 1"),
        ({"starting_token": "%%%"}, "starting_token", "not base64 JSON"),
        ({"starting_token": base64.b64encode(b"[1]").decode()}, "starting_token", "decodes to"),
        (
            {"starting_token": base64.b64encode(b'{"NextToken": 5}').decode()},
            "starting_token",
            "its NextToken is 5",
        ),
        (
            {"starting_token": encode_token("x", 0)[:-4] + "AAAA"},
            "starting_token",
            "expected a resume token",
        ),
        (
            {
                "starting_token": base64.b64encode(
                    json.dumps({"NextToken": "x", "boto_truncate_amount": -1}).encode()
                ).decode()
            },
            "starting_token",
            "boto_truncate_amount is -1",
        ),
        (
            {
                "starting_token": base64.b64encode(
                    json.dumps({"NextToken": "x", "Other": 1}).encode()
                ).decode()
            },
            "starting_token",
            "decodes to",
        ),
    ],
)
def test_bad_arguments_are_rejected_before_anything_is_sent(
    client: TuningClient, sends: SendCounter, kwargs: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(errors.ValidationError, match=message) as caught:
        client.paginate_training_jobs_for_hyper_parameter_tuning_job("tj", **kwargs)
    assert [v.path for v in caught.value.violations] == [path]
    assert sends.sent == []


def test_request_token_and_starting_token_together_are_rejected(client: TuningClient) -> None:
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="tj", next_token="abc"
    )
    with pytest.raises(errors.ValidationError, match="not both"):
        client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            request, starting_token=encode_token("x")
        )


def test_an_invalid_request_is_rejected_before_anything_is_sent(
    client: TuningClient, sends: SendCounter
) -> None:
    with pytest.raises(errors.ValidationError, match="HyperParameterTuningJobName"):
        client.paginate_training_jobs_for_hyper_parameter_tuning_job("not_valid")
    assert sends.sent == []


# -- botocore interoperability -------------------------------------------------------------------


def _stub_pages(stubber: Stubber, sizes: list[int], start: int = 0) -> None:
    n = sum(sizes[:start])
    for i in range(start, len(sizes)):
        body: dict[str, Any] = {"TrainingJobSummaries": [summary(n + k) for k in range(sizes[i])]}
        n += sizes[i]
        if i + 1 < len(sizes):
            body["NextToken"] = f"t{i + 1}"
        expected: dict[str, Any] = {"HyperParameterTuningJobName": "tj", "MaxResults": 3}
        if i:
            expected["NextToken"] = f"t{i}"
        stubber.add_response(LIST, body, expected)


def test_our_resume_token_works_in_botocores_paginator(client: TuningClient) -> None:
    sizes = [3, 3, 3]
    with Stubber(client.boto_client) as stubber:
        _stub_pages(stubber, sizes[:2])
        ours = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            "tj", page_size=3, max_items=4
        )
        head = names(ours)
        token = ours.resume_token
    with Stubber(client.boto_client) as stubber:
        _stub_pages(stubber, sizes, start=1)
        botos = client.boto_client.get_paginator(LIST).paginate(
            HyperParameterTuningJobName="tj",
            PaginationConfig={"PageSize": 3, "StartingToken": token},
        )
        rest = [s["TrainingJobName"] for page in botos for s in page["TrainingJobSummaries"]]
    assert head + rest == all_names(sizes)


def test_botocores_resume_token_works_in_ours(client: TuningClient) -> None:
    sizes = [3, 3, 3]
    with Stubber(client.boto_client) as stubber:
        _stub_pages(stubber, sizes[:2])
        botos = client.boto_client.get_paginator(LIST).paginate(
            HyperParameterTuningJobName="tj", PaginationConfig={"PageSize": 3, "MaxItems": 5}
        )
        head = [s["TrainingJobName"] for page in botos for s in page["TrainingJobSummaries"]]
        token = botos.resume_token
    with Stubber(client.boto_client) as stubber:
        _stub_pages(stubber, sizes, start=1)
        rest = names(
            client.paginate_training_jobs_for_hyper_parameter_tuning_job(
                "tj", page_size=3, starting_token=token
            )
        )
    assert head + rest == all_names(sizes)


def test_a_cut_page_is_an_error_not_an_end_and_the_listing_resumes_at_it(
    client: TuningClient,
) -> None:
    from botocore.awsrequest import AWSResponse

    def wire(body: Any) -> bytes:
        return json.dumps(body, default=lambda when: when.timestamp()).encode()

    pages = {
        None: wire({"TrainingJobSummaries": [summary(0), summary(1)], "NextToken": "t1"}),
        "t1": wire({"TrainingJobSummaries": [summary(2), summary(3)], "NextToken": "t2"}),
        "t2": wire({"TrainingJobSummaries": [summary(4)]}),
    }
    cut = {"t1": True}

    class _Raw:
        def __init__(self, payload: bytes) -> None:
            self.payload = payload

        def stream(self, **_: Any) -> Any:
            yield self.payload

    def answer(request: Any, **_: Any) -> AWSResponse:
        token = json.loads(request.body).get("NextToken")
        body = pages[token]
        if cut.pop(token, False):  # page 2 of 3 arrives cut in half, once
            body = body[: len(body) // 2]
        return AWSResponse(request.url, 200, {}, _Raw(body))

    events = client.boto_client.meta.events
    events.register("before-send.sagemaker", answer, unique_id="paginator-cut-page")
    try:
        paginator = client.paginate_training_jobs_for_hyper_parameter_tuning_job("tj")
        seen: list[Any] = []
        with pytest.raises(errors.MalformedResponse) as info:
            seen.extend(paginator)
        assert info.value.operation == "ListTrainingJobsForHyperParameterTuningJob"
        assert names(seen) == ["job-00000", "job-00001"]
        assert decode_token(paginator.resume_token or "") == ("t1", 0)  # the failed page's
        resumed = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            "tj", starting_token=paginator.resume_token
        )
        assert names(seen + list(resumed)) == [f"job-{i:05d}" for i in range(5)]
    finally:
        events.unregister("before-send.sagemaker", unique_id="paginator-cut-page")
