"""The live progress line (sagemaker_tuning.cli.display) across a job's last states."""

from __future__ import annotations

import io
import re

from sagemaker_tuning.cli.console import Console
from sagemaker_tuning.cli.display import ProgressDisplay
from sagemaker_tuning.cli.parser import build_parser
from sagemaker_tuning.progress import TuningJobProgress
from sagemaker_tuning.testing import LocalSageMaker, VirtualClock, sample_request


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _elapsed(drawn: str) -> list[int]:
    """The elapsed time of every line drawn, in seconds, in order."""
    found = []
    for line in drawn.split("\r\x1b[2K")[1:]:
        match = re.search(r"  (\d+):(\d\d):(\d\d)  ", line)
        assert match is not None, line
        h, m, s = (int(part) for part in match.groups())
        found.append(h * 3600 + m * 60 + s)
    return found


def test_elapsed_time_never_goes_backwards_from_stopping_to_stopped() -> None:
    clock = VirtualClock()
    service = LocalSageMaker(seed=1, clock=clock)
    client = service.client()
    client.create_hyper_parameter_tuning_job(sample_request("halted", max_jobs=6, parallel=2))
    clock.advance(60)
    client.stop_hyper_parameter_tuning_job("halted")
    console = Console(build_parser().parse_args(["wait", "halted"]), io.StringIO(), _Tty())
    display = ProgressDisplay(
        console,
        progress=lambda r: TuningJobProgress.from_response(r, now=service.now()),
        now=service.now,
    )
    statuses = []
    # Answers 30 s apart, redraws every 5 s between them (as the ticker does); the stop takes
    # 20 s, so the redraws after the Stopping answer run past the end the Stopped one gives.
    for _ in range(3):
        response = client.describe_hyper_parameter_tuning_job("halted")
        statuses.append(str(response.hyper_parameter_tuning_job_status))
        display.on_poll(response)
        for _ in range(5):
            clock.advance(5)
            display.redraw()
        clock.advance(5)
    display.close()
    assert statuses[0] == "Stopping" and statuses[-1] == "Stopped"
    shown = _elapsed(console.err.getvalue())
    assert shown == sorted(shown), shown
