"""The live progress line ``wait --progress`` and ``create --wait`` draw on stderr."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sagemaker_tuning.cli.console import Console, escape

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        DescribeHyperParameterTuningJobResponse,
    )
    from sagemaker_tuning.workflows.progress import Forecast, TuningJobProgress


def _hms(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class ProgressDisplay:
    """Progress of a tuning job on stderr.

    On a terminal, one line redrawn in place: at every answer and, once :meth:`start` ran,
    every ``tick`` seconds between answers, so that the elapsed time keeps moving and the
    line says how old its last answer is ("as of 0:01:20 ago") and when the job is
    expected to end. Times are the service's (``now``; the local service's clock runs
    faster or virtually). With ``--progress`` elsewhere, a plain line each time a counter,
    the status or the best objective changes (log-friendly, never redrawn); else nothing.
    """

    _BAR = 24

    def __init__(
        self,
        console: Console,
        *,
        progress: Callable[[DescribeHyperParameterTuningJobResponse], TuningJobProgress]
        | None = None,
        pace: float = 0.0,
        now: Callable[[], datetime | None] | None = None,
        forecast: Callable[[], Forecast | None] | None = None,
        tick: float = 1.0,
    ) -> None:
        self.console = console
        self._progress = progress
        self._pace = pace
        self._now = now
        self._forecast = forecast
        self._tick = tick
        self._drawn = False
        self._last_key: tuple[Any, ...] | None = None
        self._latest: TuningJobProgress | None = None
        self._answered: datetime | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.polls = 0
        #: Redraws between answers so far (for tests and the curious).
        self.ticks = 0

    def on_poll(self, response: DescribeHyperParameterTuningJobResponse) -> None:
        """The waiter's ``on_poll`` hook."""
        self.polls += 1
        if self._progress is not None:
            progress = self._progress(response)
        else:
            from sagemaker_tuning.workflows.progress import TuningJobProgress

            progress = TuningJobProgress.from_response(response)
        with self._lock:
            self._latest = progress
            self._answered = self._now() if self._now is not None else None
            self.show(progress)
        if self._pace and self.console.live:
            import time

            # Virtual-time runs finish in microseconds; a short real pause per poll lets a
            # person watching the demo actually see the display move.
            time.sleep(self._pace)

    def start(self) -> ProgressDisplay:
        """Redraw the live line every ``tick`` seconds until :meth:`close` (terminals only)."""
        if self.console.live and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ProgressDisplay", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            self.redraw()

    def redraw(self) -> None:
        """Draw the latest answer again, with the time moved on (live line only)."""
        with self._lock:
            if self._latest is None or not self.console.live or self._stop.is_set():
                return
            self.ticks += 1
            self.show(self._latest)

    def show(self, progress: TuningJobProgress) -> None:
        """Draw one progress state."""
        if not self.console.progress:
            return
        # Names, metrics and statuses come from the service: escaped, they cannot move the cursor.
        if self.console.live:
            self.console.write_err("\r\x1b[2K" + escape(self.live_line(progress)))
            self._drawn = True
            return
        key = (
            str(progress.status),
            progress.completed,
            progress.in_progress,
            progress.failed,
            progress.stopped,
            progress.best_objective_value,
        )
        if key != self._last_key:
            self._last_key = key
            self.console.write_err(escape(self.line(progress)) + "\n")

    def live_line(self, progress: TuningJobProgress) -> str:
        """:meth:`line` as of now: elapsed time moved on, the answer's age, the expected end."""
        now = self._now() if self._now is not None else None
        # A Stopping job's end is close and unknown: moving its elapsed time on would overshoot
        # the end the Stopped answer then gives, and the time would go backwards. It stays as
        # of its answer ("as of ... ago" says how old that is).
        moving = not progress.is_terminal and str(progress.status) != "Stopping"
        if now is not None and progress.created is not None and moving:
            import attrs  # not at import time: the CLI's start stays cheap

            progress = attrs.evolve(progress, elapsed=max(now - progress.created, timedelta(0)))
        extras = []
        if now is not None and self._answered is not None and not progress.is_terminal:
            age = (now - self._answered).total_seconds()
            if age >= 1:
                extras.append(f"as of {_hms(age)} ago")
        forecast = self._forecast() if self._forecast is not None else None
        if forecast is not None and now is not None and not progress.is_terminal:
            ahead = forecast.median - now.timestamp()
            extras.append(f"ends in ~{_hms(ahead)}" if ahead >= 1 else "end due")
        line = self.line(progress)
        return f"{line}  ({'; '.join(extras)})" if extras else line

    def line(self, progress: TuningJobProgress) -> str:
        """``[####------]  7/20 finished  3 running  best auc=0.93  0:12:34  InProgress``."""
        parts: list[str] = []
        if progress.max_training_jobs:
            done = round(self._BAR * (progress.fraction_finished or 0.0))
            parts.append("[" + "#" * done + "-" * (self._BAR - done) + "]")
            parts.append(f"{progress.finished}/{progress.max_training_jobs} finished")
        else:
            parts.append(f"{progress.finished} finished")
        parts.append(f"{progress.in_progress} running")
        if progress.failed:
            parts.append(f"{progress.failed} failed")
        if progress.best_objective_value is not None:
            from sagemaker_tuning.workflows.progress import format_number

            metric = progress.objective_metric or "objective"
            parts.append(f"best {metric}={format_number(progress.best_objective_value)}")
        if progress.elapsed is not None:
            parts.append(_hms(progress.elapsed.total_seconds()))
        parts.append(str(progress.status))
        return "  ".join(parts)

    def close(self) -> None:
        """Stop redrawing and end the live line so that what follows starts on a fresh line."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        with self._lock:
            if self._drawn:
                self.console.write_err("\n")
                self._drawn = False
