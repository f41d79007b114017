"""``describe`` with the preview view and the live progress display: in process, and over HTTP
against ``python -m sagemaker_tuning.testing.server --speed 30`` (bounded in time)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cli_samples import request_file, run, share_local_service, start_server, stop_server

from sagemaker_tuning.cli import EXIT_OK, EXIT_USAGE
from sagemaker_tuning.cli.console import Console
from sagemaker_tuning.cli.display import ProgressDisplay
from sagemaker_tuning.cli.parser import build_parser
from sagemaker_tuning.progress import Forecast, TuningJobProgress
from sagemaker_tuning.testing import LocalSageMaker

JOB = "preview-job"
UTC = timezone.utc


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> LocalSageMaker:
    return share_local_service(monkeypatch, seed=3)


def fields(text: str) -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in text.splitlines())
    return {k.strip(): v.strip() for k, v in pairs}


# -- describe -----------------------------------------------------------------------------------


def test_describe_shows_compute_hours_pending_and_running(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    service.clock.sleep(40)  # the first training jobs are launched, not yet training
    code, out, _ = run("--local", "describe", JOB)
    assert code == EXIT_OK
    shown = fields(out)
    assert shown["In progress"] == "0 training, 3 pending (not training yet)"
    assert shown["Compute hours"] == "0.00 finished, 0.00 in flight (instance-hours)"
    service.clock.sleep(200)
    shown = fields(run("--local", "describe", JOB)[1])
    view = json.loads(run("--local", "--json", "describe", JOB, "--view", "tuning-job")[1])
    consumed = view["ResourcesStats"]["ConsumedResources"]
    jobs = consumed["Jobs"]
    assert shown["In progress"] == (
        f"{jobs['Running']} training, {jobs['Pending']} pending (not training yet)"
    )
    finished, in_flight = (float(x.split()[0]) for x in shown["Compute hours"].split(", "))
    assert finished > 0 and in_flight > 0
    assert shown["Elapsed"] == "0:04:00"  # the service's virtual clock


def test_describe_json_keeps_its_default_and_can_emit_the_preview_view(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    service.clock.sleep(600)
    default = json.loads(run("--local", "--json", "describe", JOB)[1])
    assert default["HyperParameterTuningJobName"] == JOB  # DescribeHyperParameterTuningJob
    code, out, _ = run("--local", "--json", "describe", JOB, "--view", "tuning-job", "--exact")
    assert code == EXIT_OK
    view = json.loads(out)
    # The demo's definition declares no metric definitions: that member is left out.
    assert set(view) >= {
        "BestTrainingJob",
        "ParameterRanges",
        "ResourcesStats",
        "Strategy",
        "TuningJobName",
        "TuningJobStartTime",
        "TuningJobStatus",
    }
    assert view["TuningJobName"] == JOB
    assert view["TuningJobStartTime"].endswith("+00:00")
    code, _, err = run("--local", "--json", "describe", JOB, "--exact")
    assert code == EXIT_USAGE and "--exact applies to --view tuning-job" in err


# -- the live display --------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def live_console() -> Console:
    return Console(build_parser().parse_args(["describe", "job"]), io.StringIO(), _Tty())


def test_between_answers_the_line_moves_on_and_says_how_old_its_answer_is(build: Any) -> None:
    clock = [build.T0 + timedelta(minutes=10)]
    forecast = Forecast(
        now=clock[0].timestamp(), ends=(clock[0].timestamp() + 300.0,) * 3, basis="test"
    )
    console = live_console()
    display = ProgressDisplay(
        console,
        progress=lambda r: TuningJobProgress.from_response(r, now=clock[0]),
        now=lambda: clock[0],
        forecast=lambda: forecast,
    )
    display.on_poll(build.describe())
    first = console.err.getvalue().split("\r\x1b[2K")[-1]
    assert first.endswith("0:10:00  InProgress  (ends in ~0:05:00)")
    clock[0] += timedelta(seconds=80)
    display.redraw()
    second = console.err.getvalue().split("\r\x1b[2K")[-1]
    assert second.endswith("0:11:20  InProgress  (as of 0:01:20 ago; ends in ~0:03:40)")
    clock[0] += timedelta(minutes=5)
    display.redraw()
    assert console.err.getvalue().endswith("(as of 0:06:20 ago; end due)")
    display.close()
    assert console.err.getvalue().count("\n") == 1  # one line, redrawn, ended once


def test_the_ticker_redraws_between_answers_until_closed(build: Any) -> None:
    console = live_console()
    drawn = threading.Event()
    display = ProgressDisplay(
        console,
        progress=lambda r: TuningJobProgress.from_response(r, now=build.T0),
        now=lambda: datetime.now(UTC),
        tick=0.01,
    )
    original = display.redraw

    def redraw() -> None:
        original()
        if display.ticks >= 3:
            drawn.set()

    display.redraw = redraw  # type: ignore[method-assign]
    display.on_poll(build.describe())
    display.start()
    assert drawn.wait(timeout=30), "no redraws between answers"
    display.close()
    ticks = display.ticks
    time.sleep(0.05)
    assert display.ticks == ticks  # closed: no more redraws
    assert console.err.getvalue().endswith("\n")


def test_off_a_terminal_the_ticker_never_starts_and_lines_are_plain(build: Any) -> None:
    console = Console(
        build_parser().parse_args(["--progress", "describe", "job"]), io.StringIO(), io.StringIO()
    )
    display = ProgressDisplay(
        console,
        progress=lambda r: TuningJobProgress.from_response(r, now=build.T0),
        now=lambda: datetime.now(UTC),
        tick=0.001,
    ).start()
    display.on_poll(build.describe())
    display.redraw()
    display.close()
    text = console.err.getvalue()
    assert "\r" not in text and text.count("\n") == 1 and display.ticks == 0
    assert text.rstrip("\n").endswith("InProgress")


# -- over HTTP, 30 times faster than real time -----------------------------------------------------


@pytest.fixture(scope="module")
def server30() -> Iterator[str]:
    proc, url = start_server(
        "--speed", "30", "--seed", "4", "--failure-rate", "0", "--training-seconds", "60", "90"
    )
    try:
        yield url
    finally:
        stop_server(proc)


def cli(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    return subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning", "--endpoint-url", url, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_at_speed_30_describe_times_by_the_server_and_wait_follows_to_the_end(
    server30: str, tmp_path: Path
) -> None:
    created = cli(server30, "create", request_file(tmp_path, "speed-30", jobs=4, parallel=2))
    assert created.returncode == 0, created.stderr
    time.sleep(1.0)  # 30 s of the server's time
    shown = fields(cli(server30, "describe", "speed-30").stdout)
    hours, minutes, seconds = (int(x) for x in shown["Elapsed"].split(":"))
    elapsed = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    # Never the wall clock's 0:00:00 (nor its distance to the server's sped-up clock).
    assert timedelta(seconds=20) <= elapsed < timedelta(hours=1)
    assert shown["In progress"].endswith("pending (not training yet)")

    waited = cli(server30, "--progress", "wait", "speed-30")
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout.startswith("speed-30: Completed, 4/4 training jobs finished")
    bars = waited.stderr.splitlines()
    assert bars[-1].startswith("[########################]  4/4 finished")
    assert "\r" not in waited.stderr  # not a terminal: plain lines, never redrawn
    final = re.search(r"elapsed (\d+):(\d\d):(\d\d)", waited.stdout)
    assert final is not None and final.group(0) != "elapsed 0:00:00"
