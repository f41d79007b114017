"""The service clock: "now" is the service's time, read from its answers, never a mismatched wall
clock (issue 11: a progress line said ``elapsed 16817:03:39`` on the local service)."""

from __future__ import annotations

import gc
import io
import time
from datetime import datetime, timedelta, timezone
from typing import Any
from unittest import mock

from botocore.awsrequest import AWSResponse
from view_samples import request, running_job

from sagemaker_tuning import _clock
from sagemaker_tuning.cli import main
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.progress import TuningJobProgress
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, RealClock

UTC = timezone.utc


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_local_services_header_gives_its_time_and_speed() -> None:
    reading = _clock.parse({_clock.CLOCK_HEADER: "1735689600.250;speed=30"}, received=5.0)
    assert reading == _clock.ClockReading(1735689600.25, 5.0, 30.0, "header")
    assert reading.time(lambda: 7.0) == 1735689600.25 + 2 * 30
    virtual = _clock.parse({_clock.CLOCK_HEADER: _clock.header_value(10.0, None)}, 0.0)
    assert virtual is not None and virtual.speed == 0 and virtual.time(lambda: 99.0) == 10.0


def test_aws_answers_tell_the_time_in_their_date_header() -> None:
    reading = _clock.parse({"date": "Wed, 01 Jan 2025 00:00:10 GMT"}, received=1.0)
    assert reading is not None and reading.source == "date" and reading.speed == 1.0
    # The answer left within that second: the middle of it is the best guess.
    assert reading.now(lambda: 1.0) == datetime(2025, 1, 1, 0, 0, 10, 500000, tzinfo=UTC)


def test_unreadable_headers_tell_nothing_and_never_raise() -> None:
    for headers in (
        {},
        {"date": "yesterday"},
        {_clock.CLOCK_HEADER: "nan;speed=1"},
        {_clock.CLOCK_HEADER: "1e300"},
    ):
        assert _clock.parse(headers, 0.0) is None, headers
    odd_speed = _clock.parse({_clock.CLOCK_HEADER: "5;speed=fast"}, 0.0)
    assert odd_speed is not None and odd_speed.speed == 0.0


def test_the_service_clock_keeps_the_latest_reading_and_carries_it_forward() -> None:
    monotonic = FakeMonotonic()
    clock = _clock.ServiceClock(monotonic)
    assert clock.now() is None
    clock.record({_clock.CLOCK_HEADER: "1000;speed=2"})
    monotonic.now += 10
    assert clock.time() == 1020.0
    clock.record({"x-amzn-requestid": "no time here"})  # an answer without a clock
    assert clock.time() == 1020.0


def test_a_response_remembers_the_reading_it_came_with() -> None:
    service, client, name = running_job(advance=600.0)
    response = client.describe_hyper_parameter_tuning_job(name)
    reading = _clock.reading_of(response)
    assert reading is not None and reading.service_time == service.clock.time()
    other = client.describe_hyper_parameter_tuning_job(name)
    assert other == response and other is not response  # equal, but its own stamp
    assert _clock.reading_of(object()) is None
    key = id(response)
    del response
    gc.collect()
    assert _clock._STAMPS.get(key) is None or _clock._STAMPS[key][0]() is None


def test_progress_of_a_local_job_is_timed_by_the_services_virtual_clock() -> None:
    # The reproduction: on_poll printing TuningJobProgress.from_response(r).
    seen: list[TuningJobProgress] = []
    service, client, name = running_job()
    client.wait_for_hyper_parameter_tuning_job(
        name, on_poll=lambda r: seen.append(TuningJobProgress.from_response(r))
    )
    assert seen and all(p.elapsed is not None for p in seen)
    assert all(p.elapsed < timedelta(hours=6) for p in seen)  # not ~16 800 hours
    running = [p for p in seen if not p.is_terminal]
    assert running[0].elapsed == timedelta(0)
    assert running[-1].elapsed > timedelta(0)
    assert client.service_now() == service.now()


def test_over_http_a_fast_server_tells_its_own_time() -> None:
    service = LocalSageMaker(clock=RealClock(speed=30))
    with LocalSageMakerServer(service) as server:
        client = server.client()
        client.create_hyper_parameter_tuning_job(request("fast-clock"))
        time.sleep(0.2)
        response = client.describe_hyper_parameter_tuning_job("fast-clock")
        progress = TuningJobProgress.from_response(response)
    assert progress.elapsed is not None
    # 0.2 s of real time is 6 s of the server's: more than the wall clock's 0.2 s, and
    # nothing like the days between the server's sped-up clock and the wall clock.
    assert timedelta(seconds=5) <= progress.elapsed < timedelta(hours=1)
    reading = client.service_clock.reading()
    assert reading is not None and reading.source == "header" and reading.speed == 30


# -- issue 20, item 7: a Date header from beyond datetime's range never crashes anything --------

FAR_DATES = [
    "Sat, 01 Jan 10000 00:00:00 GMT",  # one year past datetime's range
    "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",  # past a C long
    "Fri, 31 Dec 9999 23:59:59 GMT",  # in range, and out of it a second later
]


def test_a_date_header_of_year_10000_or_an_overflowing_year_tells_no_time() -> None:
    for date in FAR_DATES:
        assert _clock.parse({"date": date}, 0.0) is None, date


def test_a_reading_carried_forward_stays_within_datetimes_range() -> None:
    fast = _clock.ClockReading(9.9e10, 0.0, 1e8, "header")
    assert fast.now(lambda: 1e6).year == 9999  # 1e14 s later: held at the end of the range
    early = _clock.ClockReading(-9.9e10, 0.0, 0.0, "header")
    assert early.now(lambda: 0.0).year == 1


def test_service_now_describe_tuning_job_wait_and_cli_describe_survive_a_far_date_header() -> None:
    service, _, name = running_job(advance=600)
    dates = iter(FAR_DATES * 100)

    class _Body:
        def __init__(self, payload: bytes) -> None:
            self.payload = payload

        def stream(self, **_: Any) -> Any:
            yield self.payload

    def answer(request: Any, **_: Any) -> AWSResponse:
        # The local service's answer, its clock header swapped for an AWS-style Date header.
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        status, headers, payload = service.handle(target, request.body)
        headers = {k: v for k, v in headers.items() if k != _clock.CLOCK_HEADER}
        return AWSResponse(request.url, status, {**headers, "Date": next(dates)}, _Body(payload))

    boto = TuningClient.create(region_name="us-east-1").boto_client
    boto.meta.events.register("before-send.sagemaker", answer, unique_id="far-dates")
    client = TuningClient(boto, clock=service.clock.time, sleep=service.clock.sleep)
    for _ in FAR_DATES:
        client.describe_hyper_parameter_tuning_job(name)
        assert client.service_now() is None
        assert client.describe_tuning_job(name).tuning_job_name == name
    assert client.wait_for_hyper_parameter_tuning_job(name).hyper_parameter_tuning_job_name == name
    with mock.patch.object(TuningClient, "create", lambda **_: client):
        for _ in FAR_DATES:
            out, err = io.StringIO(), io.StringIO()
            assert main(["describe", name], stdout=out, stderr=err) == 0, err.getvalue()
            assert name in out.getvalue()
