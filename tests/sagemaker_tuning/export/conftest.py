"""Fixtures of the export tests: a tuning job running, and the same job stopped."""

from __future__ import annotations

import pytest
from export_samples import Jobs


@pytest.fixture
def running() -> Jobs:
    """A tuning job with training jobs completed, failed and still training."""
    jobs = Jobs(jobs=8, parallel=3)
    jobs.advance(260)
    statuses = jobs.statuses()
    assert statuses["InProgress"] and statuses["Completed"] and statuses["Failed"], statuses
    return jobs


@pytest.fixture
def stopped(running: Jobs) -> Jobs:
    """The running job, stopped: its training jobs that were training are Stopped."""
    running.stop()
    statuses = running.statuses()
    assert statuses["Stopped"] and statuses["Completed"] and statuses["Failed"], statuses
    return running
