"""The end-of-job forecast and the progress-aware poll schedule of the tuning-job waiter."""

from __future__ import annotations

import math
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from view_samples import running_job

from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.progress import Forecast, ProgressSchedule, _Durations
from sagemaker_tuning.testing import Timing

# -- the forecast ---------------------------------------------------------------------------------


def test_nothing_is_forecast_before_a_training_job_finished() -> None:
    assert (
        Forecast.from_data(
            now=0.0, durations=[], running_ages=[5.0], to_launch=3, parallel=2, seed="x"
        )
        is None
    )


def test_a_forecast_is_reproducible_and_lies_ahead() -> None:
    facts: dict[str, Any] = {
        "now": 1000.0,
        "durations": [300.0, 320.0, 280.0, 310.0],
        "running_ages": [100.0, 50.0],
        "to_launch": 6,
        "parallel": 2,
        "seed": "job",
    }
    one, two = Forecast.from_data(**facts), Forecast.from_data(**facts)
    assert one is not None and one == two
    assert list(one.ends) == sorted(one.ends) and one.ends[0] > 1000.0
    # Three more waves of ~300 s after the running pair: about 1000 + 250 + 3 * 300.
    assert 1900 < one.median < 2600
    assert one.quantile(0.1) <= one.median <= one.quantile(0.9)


def test_more_work_left_means_a_later_end() -> None:
    def median(to_launch: int) -> float:
        f = Forecast.from_data(
            now=0.0,
            durations=[100.0, 120.0, 90.0],
            running_ages=[10.0],
            to_launch=to_launch,
            parallel=1,
            seed="s",
        )
        assert f is not None
        return f.median

    assert median(0) < median(2) < median(10) < median(200)


def test_no_launch_after_the_runtime_limit() -> None:
    unlimited = Forecast.from_data(
        now=0.0, durations=[100.0] * 5, running_ages=[50.0], to_launch=50, parallel=1, seed="d"
    )
    limited = Forecast.from_data(
        now=0.0,
        durations=[100.0] * 5,
        running_ages=[50.0],
        to_launch=50,
        parallel=1,
        deadline=300.0,
        seed="d",
    )
    assert unlimited is not None and limited is not None
    assert unlimited.median > 4000
    assert limited.ends[-1] < 300.0 + 3 * 100.0  # the last launch starts before 300 s


def test_a_met_target_ends_the_job_with_the_jobs_then_running() -> None:
    certain = Forecast.from_data(
        now=0.0,
        durations=[100.0] * 5,
        running_ages=[50.0, 10.0],
        to_launch=40,
        parallel=2,
        hit=1.0,
        seed="t",
    )
    assert certain is not None and certain.ends[-1] < 500.0


def test_a_job_older_than_every_finished_one_still_has_time_left() -> None:
    model = _Durations([100.0, 110.0, 105.0])
    rng = random.Random(1)
    draws = [model.given(500.0, rng) for _ in range(200)]
    assert all(d > 500.0 for d in draws)
    assert sum(draws) / len(draws) - 500.0 > 10.0  # not "any moment now" every time


# -- the schedule on the local service ---------------------------------------------------------------


class Recorder:
    """Counts every call the client sends, by operation."""

    def __init__(self, client: Any) -> None:
        self.sent: list[str] = []
        client.boto_client.meta.events.register(
            "before-call.sagemaker", lambda model, **_: self.sent.append(model.name)
        )


def test_the_default_schedule_stays_within_the_smithy_budget_and_lists_a_few_times() -> None:
    timing = Timing(training=(1500.0, 2100.0))
    _service, client, name = running_job(
        seed=3, timing=timing, max_jobs=30, parallel=3, failure_rate=0.1, max_runtime=None
    )
    calls = Recorder(client)
    final = client.wait_for_hyper_parameter_tuning_job(name)
    assert final.hyper_parameter_tuning_job_status == "Completed"
    end, created = final.hyper_parameter_tuning_end_time, final.creation_time
    assert end is not None
    length = (end - created).total_seconds()
    lists = calls.sent.count("ListTrainingJobsForHyperParameterTuningJob")
    # Lists: first finished, each doubling of the finished count, everything launched.
    assert 1 <= lists <= 2 + math.log2(30)
    # Never more than the allowance ahead of what the Smithy schedule makes (one poll per
    # 95 s on average, one at the start).
    assert len(calls.sent) <= 1 + length / 95 + ProgressSchedule(client, name).allowance


def test_a_short_job_is_followed_by_its_counters_alone_within_the_smithy_count() -> None:
    timing = Timing(training=(200.0, 400.0))
    _service, client, name = running_job(
        seed=3, timing=timing, max_jobs=12, parallel=3, failure_rate=0.1, max_runtime=None
    )
    calls = Recorder(client)
    final = client.wait_for_hyper_parameter_tuning_job(name)
    end, created = final.hyper_parameter_tuning_end_time, final.creation_time
    assert end is not None
    length = (end - created).total_seconds()
    assert length < 1800
    assert set(calls.sent) == {"DescribeHyperParameterTuningJob"}  # no list calls
    # A few calls ahead of the Smithy schedule at most (15 for a long job).
    assert len(calls.sent) <= 1 + length / 95 + ProgressSchedule(client, name).short_allowance[1]


def record_sleeps(client: TuningClient) -> list[float]:
    """The client's sleeps from now on, in order (they still pass to its own sleep)."""
    slept: list[float] = []
    sleep = client.sleep

    def recording(seconds: float) -> None:
        slept.append(seconds)
        sleep(seconds)

    client.sleep = recording
    return slept


def test_smithy_keeps_todays_schedule_without_list_calls() -> None:
    _service, client, name = running_job(seed=3, timing=Timing(training=(600.0, 900.0)))
    calls = Recorder(client)
    slept = record_sleeps(client)
    client.wait_for_hyper_parameter_tuning_job(name, schedule="smithy")
    assert set(calls.sent) == {"DescribeHyperParameterTuningJob"}
    assert all(90 <= s <= 100 for s in slept[:-1])


def test_min_and_max_delay_bound_the_default_schedule() -> None:
    _service, client, name = running_job(seed=5, timing=Timing(training=(600.0, 900.0)))
    slept = record_sleeps(client)
    client.wait_for_hyper_parameter_tuning_job(name, min_delay=30, max_delay=60)
    assert slept and all(30 <= s <= 60 for s in slept[:-1])


def test_an_unknown_schedule_name_is_refused() -> None:
    _service, client, name = running_job()
    with pytest.raises(ValueError, match="'progress', 'smithy' or a Schedule"):
        client.wait_for_hyper_parameter_tuning_job(name, schedule="fast")  # type: ignore[arg-type]


def test_answers_without_a_service_clock_fall_back_to_the_waiters_smithy_schedule() -> None:
    _service, client, name = running_job(seed=2, advance=5000.0)
    schedule = ProgressSchedule(client, name)
    response = client.describe_hyper_parameter_tuning_job(name)
    from sagemaker_tuning import serde

    unstamped = serde.from_api(type(response), serde.to_api(response))  # no clock reading
    calls = Recorder(client)
    assert schedule.next_delay(unstamped, attempt=1, remaining=1e6) is None
    assert schedule.next_delay(None, attempt=2, remaining=1e6) is None  # after an error
    assert calls.sent == []  # and nothing was listed


def test_a_forecast_appears_once_jobs_finish_and_the_delay_shrinks_near_the_end() -> None:
    service, client, name = running_job(
        seed=8, timing=Timing(training=(900.0, 1100.0)), max_jobs=6, parallel=3, failure_rate=0.0
    )
    schedule = ProgressSchedule(client, name)
    first = schedule.next_delay(
        client.describe_hyper_parameter_tuning_job(name), attempt=1, remaining=1e6
    )
    assert schedule.forecast is None and first is not None and first >= 90
    service.clock.sleep(1300.0)  # the first wave has finished
    far = schedule.next_delay(
        client.describe_hyper_parameter_tuning_job(name), attempt=2, remaining=1e6
    )
    assert schedule.forecast is not None and far is not None
    end = schedule.forecast.median
    service.clock.sleep(max(0.0, end - service.clock.time() - 60))
    near = schedule.next_delay(
        client.describe_hyper_parameter_tuning_job(name), attempt=3, remaining=1e6
    )
    assert near is not None and near < far


# -- the listing protocol (an engine lists for the schedule) -----------------------------------------


class EngineClient:
    """The clocks of a real client, and a paginator nobody may call (as with an async client)."""

    def __init__(self, client: TuningClient) -> None:
        self.clock = client.clock
        self.service_clock = client.service_clock
        self.paginated = 0

    def paginate_training_jobs_for_hyper_parameter_tuning_job(self, *args: Any, **kw: Any) -> Any:
        self.paginated += 1
        raise AssertionError("a driven schedule listed by itself")


def engine_listing(client: TuningClient, name: str) -> tuple[list[Any], int]:
    """What an engine does: every summary of the tuning job, and the pages it took."""
    summaries: list[Any] = []
    pages = 0
    for page in client.paginate_training_jobs_for_hyper_parameter_tuning_job(
        name, page_size=ProgressSchedule.list_page_size
    ).pages():
        pages += 1
        summaries.extend(page.training_job_summaries)
    return summaries, pages


# About two hours (listed a few times) and about 25 minutes (short: never listed).
@pytest.mark.parametrize(("training", "lists"), [((1500.0, 2100.0), 2), ((300.0, 500.0), 0)])
def test_a_driven_listing_gives_the_same_delays_and_never_calls_the_paginator(
    training: tuple[float, float], lists: int
) -> None:
    service, client, name = running_job(
        seed=4, timing=Timing(training=training), max_jobs=12, parallel=3, failure_rate=0.1
    )
    undriven = ProgressSchedule(client, name)
    engine = EngineClient(client)
    driven = ProgressSchedule(engine, name)
    calls = Recorder(client)
    delays: list[tuple[float | None, float | None]] = []
    listed = 0
    response = client.describe_hyper_parameter_tuning_job(name)
    for attempt in range(1, 200):
        if attempt > 1:
            response = client.describe_hyper_parameter_tuning_job(name)
        due = driven.listing_due(response)
        before = calls.sent.count("ListTrainingJobsForHyperParameterTuningJob")
        random.seed(attempt)  # the Smithy delays' jitter, drawn alike for both
        alone = undriven.next_delay(response, attempt=attempt, remaining=1e6)
        # listing_due said exactly whether the undriven schedule would list.
        assert due == (calls.sent.count("ListTrainingJobsForHyperParameterTuningJob") > before)
        if due:
            summaries, pages = engine_listing(client, name)
            driven.take_listing(summaries, pages=pages)
            listed += 1
        random.seed(attempt)
        delays.append((alone, driven.next_delay(response, attempt=attempt, remaining=1e6)))
        assert driven.calls == undriven.calls
        if response.hyper_parameter_tuning_job_status in ("Completed", "Stopped", "Failed"):
            break
        assert alone is not None
        service.clock.sleep(alone)
    assert response.hyper_parameter_tuning_job_status == "Completed"
    assert (listed >= 2 if lists else listed == 0) and driven.forecast is not None
    assert [a for a, _ in delays] == [b for _, b in delays]
    assert driven.forecast == undriven.forecast
    assert engine.paginated == 0


def test_a_failed_driven_listing_is_counted_and_due_again() -> None:
    service, client, name = running_job(
        seed=4, timing=Timing(training=(1500.0, 2100.0)), max_jobs=12, parallel=3, failure_rate=0.0
    )
    engine = EngineClient(client)
    schedule = ProgressSchedule(engine, name)
    service.clock.sleep(2200.0)  # the first wave has finished
    response = client.describe_hyper_parameter_tuning_job(name)
    assert schedule.listing_due(response)
    schedule.take_listing(None, pages=1)  # throttled, say
    schedule.next_delay(response, attempt=1, remaining=1e6)
    assert schedule.calls == 2 and schedule.forecast is None  # nothing learnt, nothing listed
    later = client.describe_hyper_parameter_tuning_job(name)
    assert schedule.listing_due(later)  # so it is due again
    summaries, pages = engine_listing(client, name)
    schedule.take_listing(summaries, pages=pages)
    schedule.next_delay(later, attempt=2, remaining=1e6)
    assert schedule.forecast is not None and schedule.calls == 3 + pages
    assert not schedule.listing_due(client.describe_hyper_parameter_tuning_job(name))
    assert engine.paginated == 0


def test_an_undriven_schedule_on_an_async_client_says_to_drive_the_listing() -> None:
    service, client, name = running_job(
        seed=4, timing=Timing(training=(300.0, 500.0)), max_jobs=12, parallel=3, failure_rate=0.0
    )

    class AsyncPages:
        async def pages(self) -> AsyncIterator[Any]:  # as AsyncPaginator.pages: no Iterable
            yield None

    class AsyncLike(EngineClient):
        def paginate_training_jobs_for_hyper_parameter_tuning_job(
            self, *args: Any, **kw: Any
        ) -> Any:
            self.paginated += 1
            return AsyncPages()

    schedule = ProgressSchedule(AsyncLike(client), name)
    service.clock.sleep(600.0)
    response = client.describe_hyper_parameter_tuning_job(name)
    with pytest.raises(TypeError, match=r"listing_due\(\) and take_listing\(\)"):
        schedule.next_delay(response, attempt=1, remaining=1e6)
