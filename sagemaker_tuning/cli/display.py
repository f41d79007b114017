"""The live progress line ``wait --progress`` and ``create --wait`` draw on stderr."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sagemaker_tuning.cli.console import Console, escape

if TYPE_CHECKING:
    from sagemaker_tuning.progress import TuningJobProgress
    from sagemaker_tuning.shapes import (
        DescribeHyperParameterTuningJobResponse,
    )


class ProgressDisplay:
    """Progress of a tuning job on stderr.

    On a terminal, one line redrawn in place; with ``--progress`` elsewhere, a plain line each
    time a counter, the status or the best objective changes (log-friendly); else nothing.
    """

    _BAR = 24

    def __init__(
        self,
        console: Console,
        *,
        progress: Callable[[DescribeHyperParameterTuningJobResponse], TuningJobProgress]
        | None = None,
        pace: float = 0.0,
    ) -> None:
        self.console = console
        self._progress = progress
        self._pace = pace
        self._drawn = False
        self._last_key: tuple[Any, ...] | None = None
        self.polls = 0

    def on_poll(self, response: DescribeHyperParameterTuningJobResponse) -> None:
        """The waiter's ``on_poll`` hook."""
        self.polls += 1
        if self._progress is not None:
            progress = self._progress(response)
        else:
            from sagemaker_tuning.progress import TuningJobProgress

            progress = TuningJobProgress.from_response(response)
        self.show(progress)
        if self._pace and self.console.live:
            import time

            # Virtual-time runs finish in microseconds; a short real pause per poll lets a
            # person watching the demo actually see the display move.
            time.sleep(self._pace)

    def show(self, progress: TuningJobProgress) -> None:
        """Draw one progress state."""
        if not self.console.progress:
            return
        # Names, metrics and statuses come from the service: escaped, they cannot move the cursor.
        line = escape(self.line(progress))
        if self.console.live:
            self.console.write_err("\r\x1b[2K" + line)
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
            self.console.write_err(line + "\n")

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
            from sagemaker_tuning.progress import format_number

            metric = progress.objective_metric or "objective"
            parts.append(f"best {metric}={format_number(progress.best_objective_value)}")
        if progress.elapsed is not None:
            seconds = int(progress.elapsed.total_seconds())
            parts.append(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
        parts.append(str(progress.status))
        return "  ".join(parts)

    def close(self) -> None:
        """End the live line so that what follows starts on a fresh line."""
        if self._drawn:
            self.console.write_err("\n")
            self._drawn = False
