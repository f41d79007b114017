"""A schedule chooses the waiter's delays, but never its deadline: whatever delays it returns, no
sleep runs past ``max_wait`` and the last poll happens at it (the Smithy engine's promise)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from client_samples import TimedJob, VirtualTime, run_tuning_waiter
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import errors

POLL_LIMIT = 2_000
EPS = 1e-12


class Scripted:
    """A schedule returning delays from a list (``None``: the Smithy delay), then repeating."""

    def __init__(self, delays: list[float | None]) -> None:
        self.delays = delays
        self.asked = 0

    def next_delay(self, response: Any, *, attempt: int, remaining: float) -> float | None:
        self.asked += 1
        return self.delays[(attempt - 1) % len(self.delays)]


def wait(vtime: VirtualTime, done_at: float, schedule: Scripted, **timing: float) -> list[float]:
    job = TimedJob(vtime, done_at, limit=POLL_LIMIT)
    run_tuning_waiter(vtime, job, uniform=random.Random(0).uniform, schedule=schedule, **timing)
    return job.polled_at


DELAYS = st.lists(
    st.one_of(st.none(), st.floats(min_value=1e-2, max_value=1e6), st.just(float("nan"))),
    min_size=1,
    max_size=8,
)


@given(
    delays=DELAYS,
    max_wait=st.floats(min_value=1.0, max_value=1e5),
    share=st.floats(min_value=0, max_value=1),
)
def test_a_job_done_before_max_wait_is_noticed_whatever_the_schedule(
    delays: list[float | None], max_wait: float, share: float
) -> None:
    vtime = VirtualTime()
    # Delays the schedule chooses may be tiny: bound the polls by the shortest one.
    shortest = min([d for d in delays if d is not None and d == d] or [90.0])
    if max_wait / min(shortest, 90.0) > POLL_LIMIT / 2:
        max_wait = POLL_LIMIT / 2 * min(shortest, 90.0)
    done_at = max_wait * share
    polled = wait(vtime, done_at, Scripted(delays), max_wait=max_wait)
    assert done_at <= polled[-1] == vtime.now <= max_wait * (1 + EPS)
    assert all(s >= 0 for s in vtime.sleeps)


@given(delays=DELAYS, max_wait=st.floats(min_value=1.0, max_value=1e5))
def test_a_job_still_running_times_out_after_a_poll_at_max_wait(
    delays: list[float | None], max_wait: float
) -> None:
    vtime = VirtualTime()
    shortest = min([d for d in delays if d is not None and d == d] or [90.0])
    if max_wait / min(shortest, 90.0) > POLL_LIMIT / 2:
        max_wait = POLL_LIMIT / 2 * min(shortest, 90.0)
    with pytest.raises(errors.WaiterTimeout):
        wait(vtime, float("inf"), Scripted(delays), max_wait=max_wait)
    assert max_wait <= vtime.now <= max_wait * (1 + EPS)


def test_the_schedule_is_asked_after_every_answered_poll_and_its_delays_are_slept() -> None:
    vtime = VirtualTime()
    schedule = Scripted([5.0, 7.0, None])
    wait(vtime, 100.0, schedule, max_wait=1000, min_delay=90, max_delay=100)
    assert vtime.sleeps[:2] == [5.0, 7.0]
    assert 90.0 <= vtime.sleeps[2] <= 100.0  # None: the Smithy delay
    assert schedule.asked == len(vtime.sleeps)
