"""Waiters keep their deadline: the last poll happens at ``max_wait``, so a job that reaches its
final state before then is always noticed (issue 14, items 3 and 9)."""

from __future__ import annotations

import io
import math
import random
from typing import Any

import pytest
from client_samples import SendCounter, TimedJob, VirtualTime, run_tuning_waiter, tuning_job
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import errors
from sagemaker_tuning.client import TuningClient

#: No schedule below polls more often than max_wait / min_delay + 2 times (see _timing).
POLL_LIMIT = 1_100
#: The virtual clock adds up float sleeps; its sum may round one unit past the deadline.
EPS = 1e-12


@st.composite
def _timing(draw: st.DrawFn) -> dict[str, float]:
    max_wait = draw(st.floats(min_value=1e-3, max_value=1e7))
    # min_delay from a thousandth of max_wait (at most ~1 000 polls) to far beyond it
    min_delay = max_wait * draw(st.floats(min_value=1e-3, max_value=1e3))
    max_delay = min_delay * draw(st.floats(min_value=1, max_value=1e4))
    return {"max_wait": max_wait, "min_delay": min_delay, "max_delay": max_delay}


# The jitter comes from a seeded generator: one draw per example instead of one per poll.
SEEDS = st.integers(min_value=0, max_value=2**32)


@given(timing=_timing(), share=st.floats(min_value=0, max_value=1), seed=SEEDS)
def test_a_job_done_before_max_wait_is_always_noticed(
    timing: dict[str, float], share: float, seed: int
) -> None:
    rng = random.Random(seed)
    vtime = VirtualTime()
    job = TimedJob(vtime, timing["max_wait"] * share, limit=POLL_LIMIT)
    response = run_tuning_waiter(vtime, job, uniform=rng.uniform, **timing)  # never WaiterTimeout
    assert response["HyperParameterTuningJobStatus"] == "Completed"
    assert job.done_at <= vtime.now <= timing["max_wait"] * (1 + EPS)
    # noticed within one max_delay of finishing: polls are never further apart
    assert vtime.now - job.done_at <= timing["max_delay"] * (1 + EPS)
    assert all(0 <= s <= timing["max_delay"] * (1 + EPS) for s in vtime.sleeps)


@given(
    timing=_timing(),
    late=st.floats(min_value=1e-9, max_value=1e9),
    seed=SEEDS,
)
def test_a_job_still_running_at_max_wait_times_out_after_a_poll_at_max_wait(
    timing: dict[str, float], late: float, seed: int
) -> None:
    rng = random.Random(seed)
    vtime = VirtualTime()
    max_wait = timing["max_wait"]
    job = TimedJob(vtime, max_wait + max(late, math.ulp(max_wait)), limit=POLL_LIMIT)
    with pytest.raises(errors.WaiterTimeout) as caught:
        run_tuning_waiter(vtime, job, uniform=rng.uniform, **timing)
    assert job.polled_at[0] == 0
    # the final poll is at the deadline, not before it, and no sleep ran past it
    assert max_wait <= job.polled_at[-1] <= max_wait * (1 + EPS)
    assert vtime.now == job.polled_at[-1]
    assert caught.value.attempts == len(job.polled_at)
    assert all(0 <= s <= timing["max_delay"] * (1 + EPS) for s in vtime.sleeps)


def test_a_job_done_at_t100_under_max_wait_150_is_noticed_with_the_default_delays() -> None:
    # The reproduction: min_delay 90 s, max_delay 100 s. The old schedule polled at
    # 0 and 60 (= 150 - 90) and then gave up; now it polls at 0, 90 and 150.
    vtime = VirtualTime()
    job = TimedJob(vtime, 100, limit=POLL_LIMIT)
    response = run_tuning_waiter(vtime, job, uniform=lambda low, high: low, max_wait=150)
    assert response["HyperParameterTuningJobStatus"] == "Completed"
    assert job.polled_at == [0, 90, 150]


def test_max_wait_shorter_than_min_delay_polls_again_at_max_wait() -> None:
    vtime = VirtualTime()
    job = TimedJob(vtime, 30, limit=POLL_LIMIT)
    run_tuning_waiter(vtime, job, max_wait=60, min_delay=90, max_delay=100)
    assert job.polled_at == [0, 60]


def test_tiny_min_delay_and_huge_max_delay_never_overflow() -> None:
    # min_delay * 2 ** 1024 overflowed a float at the 1 025th poll (issue 14, item 9).
    vtime = VirtualTime()
    polls = 0
    highs: list[float] = []

    def poll() -> dict[str, Any]:
        nonlocal polls
        polls += 1
        return tuning_job("Completed" if polls > 1_030 else "InProgress")

    def uniform(low: float, high: float) -> float:
        highs.append(high)
        return low

    response = run_tuning_waiter(
        vtime, poll, uniform=uniform, min_delay=1e-300, max_delay=1e300, max_wait=1e6
    )
    assert response["HyperParameterTuningJobStatus"] == "Completed"
    assert polls == 1_031
    assert all(math.isfinite(h) and h <= 1e300 for h in highs)
    assert highs[1_024] == math.ldexp(1e-300, 1_024)  # the bound kept doubling


def test_the_deadline_holds_through_the_client(client: TuningClient, vtime: VirtualTime) -> None:
    # Through botocore: every request is answered by a hook that reads the virtual clock.
    polled_at: list[float] = []
    sender = SendCounter()

    def answer(request: Any, **_: Any) -> Any:
        assert len(polled_at) < 10
        polled_at.append(vtime.now)
        sender.body = tuning_job("Completed" if vtime.now >= 100 else "InProgress")
        return sender(request)

    events = client.boto_client.meta.events
    events.register("before-send.sagemaker", answer, unique_id="deadline-test")
    try:
        response = client.wait_for_hyper_parameter_tuning_job(
            "tj", max_wait=150, min_delay=90, max_delay=100
        )
    finally:
        events.unregister("before-send.sagemaker", unique_id="deadline-test")
    assert response.hyper_parameter_tuning_job_status == "Completed"
    assert polled_at[0] == 0 and polled_at[-1] == 150


# -- the command line: `wait --timeout 60` with the default min_delay of 90 s


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch) -> Any:
    from sagemaker_tuning.testing import LocalSageMaker

    shared = LocalSageMaker(seed=3)
    monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: shared)
    return shared


def test_cli_wait_timeout_below_min_delay_waits_the_whole_timeout(local: Any) -> None:
    from sagemaker_tuning.cli import EXIT_SERVICE, demo_request, main

    local.client().create_hyper_parameter_tuning_job(
        demo_request("long-job", max_jobs=20, parallel=2)
    )
    out, err = io.StringIO(), io.StringIO()
    code = main(["--local", "wait", "long-job", "--timeout", "60"], stdout=out, stderr=err)
    assert code == EXIT_SERVICE
    # was: "gave up waiting after 0 s (1 poll)" -- the first poll, then nothing
    assert "gave up waiting after 60 s (2 polls)" in err.getvalue()
