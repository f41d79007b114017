"""A tuning job's progress at a glance, summarised from one DescribeHyperParameterTuningJob response.

:class:`TuningJobProgress` is what a log line, a progress bar or a dashboard needs: status, elapsed
time, training-job counters against the job's limits, objective counters, consumed runtime and the
best training job so far. It makes no calls of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_tuning._frozen import FrozenMap

if TYPE_CHECKING:
    from sagemaker_tuning.shapes import DescribeHyperParameterTuningJobResponse

__all__ = ["TERMINAL_STATUSES", "TuningJobProgress"]

#: Tuning-job statuses after which nothing changes any more (``Deleting`` is not one: it moves on).
TERMINAL_STATUSES: frozenset[str] = frozenset({"Completed", "Failed", "Stopped", "DeleteFailed"})


def _count(value: int | None) -> int:
    # Counters are optional in the model and a lenient parse may leave them out: absent means 0.
    return value or 0


def _seconds(value: float | None) -> timedelta | None:
    """A number of seconds as a timedelta; ``None`` for one no timedelta holds (``1e30``, NaN)."""
    if value is None:
        return None
    try:
        return timedelta(seconds=value)
    except (OverflowError, ValueError, TypeError):
        return None


def _duration(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def format_number(value: Any) -> str:
    """A metric value in six significant digits, whatever the service sent: an int past a
    double (``10**400``) in exponent form, anything that is no number as its ``str``."""
    try:
        return f"{value:.6g}"
    except OverflowError:
        from decimal import Decimal

        return f"{Decimal(value):.6g}"
    except (TypeError, ValueError):
        return str(value)


@attrs.frozen(kw_only=True)
class TuningJobProgress:
    """The state of a tuning job, read from one ``DescribeHyperParameterTuningJob`` response.

    Build it with :meth:`from_response`. Counters the response leaves out count as ``0``; limits
    and best-job fields it leaves out are ``None``. ``str()`` gives one line for logs::

        tune-xgb: InProgress, 12/20 training jobs finished (11 completed, 1 failed, 0 stopped),
        3 running (max 3 parallel), elapsed 0:14:05, best validation:auc=0.9412 by
        tune-xgb-012-1a2b3c4d {eta=0.21, max_depth=6}

    (shown wrapped here; it is a single line).
    """

    name: str
    """The tuning job's name."""
    status: str
    """``HyperParameterTuningJobStatus``: a :class:`~sagemaker_tuning.enums.HyperParameterTuningJobStatus`
    member, or the plain string of a status this SDK does not know yet."""
    created: datetime | None
    """When the tuning job was created (UTC)."""
    ended: datetime | None
    """When the tuning job ended (UTC), ``None`` while it runs."""
    elapsed: timedelta | None
    """Creation to end, or to ``now`` (see :meth:`from_response`) while the job runs."""
    completed: int
    """Training jobs that completed."""
    in_progress: int
    """Training jobs running now."""
    failed: int
    """Training jobs that failed (retryable and non-retryable errors together)."""
    stopped: int
    """Training jobs that were stopped."""
    max_training_jobs: int | None
    """``ResourceLimits.MaxNumberOfTrainingJobs``, if the job set one."""
    max_parallel_training_jobs: int | None
    """``ResourceLimits.MaxParallelTrainingJobs``."""
    objective_succeeded: int
    """Training jobs whose final objective metric was evaluated and used."""
    objective_pending: int
    """Training jobs whose objective metric is still pending."""
    objective_failed: int
    """Training jobs whose objective metric was not evaluated (failed or never emitted)."""
    consumed_runtime: timedelta | None
    """``ConsumedResources.RuntimeInSeconds``: wall-clock runtime the service accounts for
    (``None`` when missing, or too large for a ``timedelta``)."""
    objective_metric: str | None
    """The objective metric's name (from the job's objective, else from its best training job)."""
    objective_type: str | None
    """``Maximize`` or ``Minimize``."""
    best_training_job: str | None
    """The name of the best training job so far, ``None`` until one reported the objective."""
    best_objective_value: float | None
    """The best training job's final objective metric value."""
    best_hyper_parameters: Mapping[str, str] = attrs.field(factory=FrozenMap)
    """The best training job's tuned hyperparameters, as the API gives them (strings)."""
    failure_reason: str | None = None
    """Why the tuning job failed, if it did."""

    @classmethod
    def from_response(
        cls, response: DescribeHyperParameterTuningJobResponse, *, now: datetime | None = None
    ) -> TuningJobProgress:
        """Summarise a ``DescribeHyperParameterTuningJob`` response.

        ``now`` (an aware datetime, default: the current UTC time) ends the elapsed time of a job
        that is still running; pass the time of the describe call when replaying old responses.
        A finished job's elapsed time ends at ``HyperParameterTuningEndTime`` (or, when the
        response lacks it, at ``LastModifiedTime``).
        """
        created = response.creation_time
        ended = response.hyper_parameter_tuning_end_time
        status = response.hyper_parameter_tuning_job_status
        elapsed: timedelta | None = None
        if isinstance(created, datetime):
            end = ended
            if end is None and str(status) in TERMINAL_STATUSES:
                end = response.last_modified_time
            if end is None:
                end = now if now is not None else datetime.now(timezone.utc)
            elapsed = max(end - created, timedelta(0))

        config = response.hyper_parameter_tuning_job_config
        limits = config.resource_limits if config is not None else None
        objective = config.hyper_parameter_tuning_job_objective if config is not None else None
        counters = response.training_job_status_counters
        objectives = response.objective_status_counters
        runtime = (
            response.consumed_resources.runtime_in_seconds
            if response.consumed_resources is not None
            else None
        )

        best = response.best_training_job
        metric = best.final_hyper_parameter_tuning_job_objective_metric if best else None
        metric_name = objective.metric_name if objective is not None else None
        objective_type = objective.type if objective is not None else None
        if metric is not None:
            metric_name = metric_name or metric.metric_name
            objective_type = objective_type or metric.type

        return cls(
            name=response.hyper_parameter_tuning_job_name,
            status=status,
            created=created,
            ended=ended,
            elapsed=elapsed,
            completed=_count(counters.completed if counters else None),
            in_progress=_count(counters.in_progress if counters else None),
            failed=_count(counters.retryable_error if counters else None)
            + _count(counters.non_retryable_error if counters else None),
            stopped=_count(counters.stopped if counters else None),
            max_training_jobs=limits.max_number_of_training_jobs if limits else None,
            max_parallel_training_jobs=limits.max_parallel_training_jobs if limits else None,
            objective_succeeded=_count(objectives.succeeded if objectives else None),
            objective_pending=_count(objectives.pending if objectives else None),
            objective_failed=_count(objectives.failed if objectives else None),
            consumed_runtime=_seconds(runtime),
            objective_metric=metric_name,
            objective_type=None if objective_type is None else str(objective_type),
            best_training_job=best.training_job_name if best else None,
            best_objective_value=metric.value if metric is not None else None,
            best_hyper_parameters=FrozenMap(best.tuned_hyper_parameters or {})
            if best
            else FrozenMap(),
            failure_reason=response.failure_reason,
        )

    @property
    def finished(self) -> int:
        """Training jobs that ended: completed, failed or stopped."""
        return self.completed + self.failed + self.stopped

    @property
    def launched(self) -> int:
        """Training jobs launched so far: finished plus running."""
        return self.finished + self.in_progress

    @property
    def fraction_finished(self) -> float | None:
        """Finished training jobs as a fraction of ``max_training_jobs`` (``None`` without one)."""
        if not self.max_training_jobs:
            return None
        try:
            return max(0.0, min(1.0, self.finished / self.max_training_jobs))
        except OverflowError:  # counters past a double (a hostile answer): still a fraction
            return 1.0 if self.finished >= self.max_training_jobs else 0.0

    @property
    def is_terminal(self) -> bool:
        """Whether the tuning job reached a status it will not leave."""
        return str(self.status) in TERMINAL_STATUSES

    def best_summary(self) -> str | None:
        """``metric=value by job {hp=v, ...}``, or ``None`` before any job reported the objective."""
        if self.best_training_job is None:
            return None
        value = (
            "?" if self.best_objective_value is None else format_number(self.best_objective_value)
        )
        text = f"{self.objective_metric or 'objective'}={value} by {self.best_training_job}"
        if self.best_hyper_parameters:
            params = ", ".join(f"{k}={v}" for k, v in sorted(self.best_hyper_parameters.items()))
            text += f" {{{params}}}"
        return text

    def __str__(self) -> str:
        total = "?" if self.max_training_jobs is None else str(self.max_training_jobs)
        parts = [
            f"{self.name}: {self.status}",
            f"{self.finished}/{total} training jobs finished ({self.completed} completed, "
            f"{self.failed} failed, {self.stopped} stopped)",
        ]
        running = f"{self.in_progress} running"
        if self.max_parallel_training_jobs is not None:
            running += f" (max {self.max_parallel_training_jobs} parallel)"
        parts.append(running)
        if self.elapsed is not None:
            parts.append(f"elapsed {_duration(self.elapsed.total_seconds())}")
        best = self.best_summary()
        parts.append(f"best {best}" if best else "no objective reported yet")
        if self.failure_reason:
            parts.append(f"failure: {' '.join(self.failure_reason.split())}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: timestamps as ISO 8601 strings, durations in seconds."""
        return {
            "name": self.name,
            "status": str(self.status),
            "created": self.created.isoformat() if self.created else None,
            "ended": self.ended.isoformat() if self.ended else None,
            "elapsed_seconds": self.elapsed.total_seconds() if self.elapsed is not None else None,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "stopped": self.stopped,
            "max_training_jobs": self.max_training_jobs,
            "max_parallel_training_jobs": self.max_parallel_training_jobs,
            "objective_succeeded": self.objective_succeeded,
            "objective_pending": self.objective_pending,
            "objective_failed": self.objective_failed,
            "consumed_runtime_seconds": (
                self.consumed_runtime.total_seconds() if self.consumed_runtime is not None else None
            ),
            "objective_metric": self.objective_metric,
            "objective_type": self.objective_type,
            "best_training_job": self.best_training_job,
            "best_objective_value": self.best_objective_value,
            "best_hyper_parameters": dict(self.best_hyper_parameters),
            "failure_reason": self.failure_reason,
        }
