"""The preview ``describe_tuning_job`` view, derived from the real API's answers.

One document this SDK was specified from describes a preview operation that summarises a
tuning job in one object (:class:`~sagemaker_tuning.shapes.DescribeTuningJobResponse`).
SageMaker has no such wire operation; :func:`describe_tuning_job` answers it from
``DescribeHyperParameterTuningJob``, the pages of ``ListTrainingJobsForHyperParameterTuningJob``
(100 per page) and a ``DescribeTrainingJob`` of the best training job. docs/preview.md has
the table of every member's derivation; :meth:`TuningClient.describe_tuning_job
<sagemaker_tuning.TuningClient.describe_tuning_job>` is the usual way in.
:func:`describe_tuning_job_async` answers the same over an async client: the two gather the
same answers and share the I/O-free plan (what to describe) and build (the view).
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections import OrderedDict
from collections.abc import Coroutine, Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from sagemaker_tuning.core import serde
from sagemaker_tuning.core.errors import ServiceError, ValidationError
from sagemaker_tuning.core.shapes import (
    DescribeHyperParameterTuningJobResponse,
    DescribeTrainingJobResponse,
    DescribeTuningJobRequest,
    DescribeTuningJobResponse,
    HyperParameterTrainingJobDefinition,
    HyperParameterTrainingJobSummary,
    ParameterRanges,
)
from sagemaker_tuning.core.validation import Violation, violations

if TYPE_CHECKING:
    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.client import TuningClient

__all__ = [
    "PAGE_SIZE",
    "TrainingJobCache",
    "TuningJobView",
    "describe_tuning_job",
    "describe_tuning_job_async",
    "hours",
    "retried_attempts",
]

#: Training jobs asked for per ``ListTrainingJobsForHyperParameterTuningJob`` call (the most
#: the API allows), so a job with N training jobs takes ceil(N / 100) list calls.
PAGE_SIZE: Final = 100
#: Training-job statuses after which a training job never changes.
ENDED: Final = frozenset({"Completed", "Failed", "Stopped"})
_UTC: Final = timezone.utc
#: Describe failures of the best training job that leave its hyperparameters to the summary.
_GONE: Final = frozenset({"ResourceNotFound", "ValidationException"})
_T = TypeVar("_T")


def hours(seconds: float) -> int:
    """Whole hours of an amount of (instance-)seconds: the nearest, halves up.

    The preview document types compute hours as integers; the exact instance-seconds are
    on :class:`TuningJobView`.
    """
    return math.floor(max(0.0, seconds) / 3600 + 0.5)


def retried_attempts(job: DescribeTrainingJobResponse) -> int | None:
    """How often a training job was retried, from its secondary status history.

    ``RetryStrategy.MaximumRetryAttempts``' documentation in botocore's model: "When the job
    is retried, its ``SecondaryStatus`` is changed to ``STARTING``", so every ``Starting``
    transition after the first is a retry. ``None`` when the answer has no history.
    """
    transitions = job.secondary_status_transitions
    if transitions is None:
        return None
    starts = sum(1 for t in transitions if str(t.status) == "Starting")
    return max(0, starts - 1)


@attrs.frozen
class _Ended:
    """What a training job that ended will always be: it never changes again."""

    #: ``BillableTimeInSeconds`` x the job's ``InstanceCount`` (``None``: not reported).
    billable_instance_seconds: float | None
    hyper_parameters: Mapping[str, str] | None
    retried: int | None


class TrainingJobCache:
    """What the client learned from ``DescribeTrainingJob`` of training jobs that had ended.

    An ended training job (``Completed``, ``Failed``, ``Stopped``) never changes, so watching
    a tuning job with repeated :func:`describe_tuning_job` calls describes each of them at
    most once: the best job for its hyperparameters, and with ``exact=True`` every ended job
    for its billable time. Each :class:`~sagemaker_tuning.TuningClient` holds one
    (``client.training_job_cache``); entries are keyed by training job ARN, and the oldest
    are forgotten beyond ``max_entries``. Running jobs are never cached.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, _Ended] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, arn: str) -> _Ended | None:
        with self._lock:
            return self._entries.get(arn)

    def put(self, arn: str, entry: _Ended) -> None:
        with self._lock:
            self._entries[arn] = entry
            self._entries.move_to_end(arn)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (the next call describes the ended jobs it needs again)."""
        with self._lock:
            self._entries.clear()


@attrs.frozen(kw_only=True)
class TuningJobView:
    """A :class:`~sagemaker_tuning.shapes.DescribeTuningJobResponse` and what it was made of."""

    #: The preview view.
    response: DescribeTuningJobResponse
    #: The ``DescribeHyperParameterTuningJob`` answer it was derived from.
    description: DescribeHyperParameterTuningJobResponse
    #: The training jobs as listed (every page).
    training_jobs: tuple[HyperParameterTrainingJobSummary, ...]
    #: The service time the in-flight hours run to.
    now: datetime
    #: Instance-seconds of the training jobs that ended (``ComputeHours.Finished`` unrounded).
    finished_instance_seconds: float
    #: Instance-seconds so far of the training jobs training now (``InFlight`` unrounded).
    in_flight_instance_seconds: float
    #: Whether ended jobs were counted by ``BillableTimeInSeconds``.
    exact: bool
    #: Service calls made: 1 describe, the list pages, then training-job describes.
    calls: int


def _request(request: DescribeTuningJobRequest | str) -> DescribeTuningJobRequest:
    if isinstance(request, str):
        return DescribeTuningJobRequest(tuning_job_name=request)  # validates, names the field
    if not isinstance(request, DescribeTuningJobRequest):
        raise TypeError(
            f"expected a DescribeTuningJobRequest or a name (str), got {type(request).__name__}"
        )
    found = violations(request)
    if found:
        raise ValidationError(found, "DescribeTuningJobRequest")
    return request


def _check_account(request: DescribeTuningJobRequest, arn: str) -> None:
    if request.aws_account_id is None:
        return
    parts = arn.split(":")
    account = parts[4] if len(parts) > 5 else None
    if account != request.aws_account_id:
        raise ValidationError(
            [
                Violation(
                    "AwsAccountId",
                    f"expected the account of tuning job {request.tuning_job_name!r}, whose ARN "
                    f"is {arn!r} (account {account!r}); got {request.aws_account_id!r}",
                    "account",
                )
            ],
            "DescribeTuningJobRequest",
        )


def _definitions(
    job: DescribeHyperParameterTuningJobResponse,
) -> list[HyperParameterTrainingJobDefinition]:
    return [
        *([job.training_job_definition] if job.training_job_definition is not None else []),
        *(job.training_job_definitions or ()),
    ]


def _instance_count(definition: HyperParameterTrainingJobDefinition | None) -> int:
    """The instances each training job of ``definition`` runs on (1 when it does not say).

    ``HyperParameterTuningResourceConfig.InstanceConfigs`` lists alternatives the service
    chooses from per job; the first (most preferred) is taken. ``exact=True`` reads each
    ended job's own ``ResourceConfig`` instead.
    """
    if definition is None:
        return 1
    if definition.resource_config is not None:
        return definition.resource_config.instance_count or 1
    tuning = definition.hyper_parameter_tuning_resource_config
    if tuning is None:
        return 1
    if tuning.instance_configs:
        return tuning.instance_configs[0].instance_count or 1
    return tuning.instance_count or 1


def _seconds(start: datetime | None, end: datetime | None) -> float:
    if start is None or end is None:
        return 0.0
    return max(0.0, (end - start).total_seconds())


def _typed_ranges(ranges: Iterable[ParameterRanges | None]) -> dict[str, Any] | None:
    """``ParameterRanges`` of the preview document: the API's lists, each range with its Type.

    ``ScalingType`` is not a member there and ``AutoParameters`` (Autotune) have no place in
    it; both are left out.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    for r in ranges:
        if r is None:
            continue
        for wire, items, kind in (
            ("CategoricalParameterRanges", r.categorical_parameter_ranges, "Categorical"),
            ("ContinuousParameterRanges", r.continuous_parameter_ranges, "Continuous"),
            ("IntegerParameterRanges", r.integer_parameter_ranges, "Integer"),
        ):
            for item in items or ():
                data = serde.to_api(item)
                data.pop("ScalingType", None)
                # A name the describe answer lacked stays out (to_api leaves stand-ins out):
                # the view's parse fills it in again, and remembers that it did.
                named = {"Name": data.pop("Name")} if "Name" in data else {}
                entry = {**named, "Type": kind, **data}
                if entry not in found.setdefault(wire, []):
                    found[wire].append(entry)
    return dict(found) if found else None


def _metric_definitions(definitions: Iterable[HyperParameterTrainingJobDefinition]) -> Any:
    found: list[dict[str, Any]] = []
    for definition in definitions:
        for metric in definition.algorithm_specification.metric_definitions or ():
            data = serde.to_api(metric)
            if data not in found:
                found.append(data)
    return found or None


def _start(
    client: TuningClient | AsyncTuningClient,
    request: DescribeTuningJobRequest | str,
    exact: object,
    cache: TrainingJobCache | None,
) -> tuple[DescribeTuningJobRequest, TrainingJobCache]:
    """The checked request and the cache to use: everything decided before the first call."""
    if not isinstance(exact, bool):
        # A truthy "no" would describe every ended training job: one call each.
        from sagemaker_tuning.core.validation import show

        raise ValidationError([Violation("exact", f"expected True or False, got {show(exact)}")])
    return _request(request), cache if cache is not None else client.training_job_cache


def _fact(answer: DescribeTrainingJobResponse) -> _Ended:
    billable = answer.billable_time_in_seconds
    instances = answer.resource_config.instance_count if answer.resource_config else None
    return _Ended(
        billable_instance_seconds=(
            float(billable) * (instances or 1) if billable is not None else None
        ),
        hyper_parameters=answer.hyper_parameters,
        retried=retried_attempts(answer),
    )


def _unless_gone(error: ServiceError) -> None:
    """Re-raise a ``DescribeTrainingJob`` failure unless it leaves the job to its summary."""
    if error.code not in _GONE:
        raise error


@attrs.frozen(kw_only=True)
class _Plan:
    """What the view needs once the tuning job and its training jobs are known, I/O-free.

    The sync and async drivers gather the same things -- Describe, every list page, then a
    ``DescribeTrainingJob`` of each job in :attr:`wanted` -- and hand the answers to
    :meth:`learn` and :meth:`build`; only the calls differ.
    """

    request: DescribeTuningJobRequest
    description: DescribeHyperParameterTuningJobResponse
    training_jobs: tuple[HyperParameterTrainingJobSummary, ...]
    pages: int
    now: datetime
    exact: bool
    cache: TrainingJobCache
    #: What the cache knew when the plan was made (an entry evicted later still counts).
    known: Mapping[str, _Ended]
    #: ``(arn, name)`` of each training job to describe, in call order: with ``exact`` the
    #: ended jobs, then the best job, each once and none the cache knows.
    wanted: tuple[tuple[str, str], ...]

    def learn(self, arn: str, answer: DescribeTrainingJobResponse | None) -> _Ended | None:
        """The facts of one wanted job's answer (``None``: gone), cached once it has ended."""
        if answer is None:
            return None
        entry = _fact(answer)
        if str(answer.training_job_status) in ENDED:
            self.cache.put(arn, entry)
        return entry

    def build(self, learned: Mapping[str, _Ended | None]) -> TuningJobView:
        """The view, from the gathered answers and ``learned`` (the wanted jobs' facts)."""
        return _build(self, {**self.known, **learned})


def _plan(
    client: TuningClient | AsyncTuningClient,
    request: DescribeTuningJobRequest,
    description: DescribeHyperParameterTuningJobResponse,
    pages: list[tuple[HyperParameterTrainingJobSummary, ...]],
    *,
    exact: bool,
    now: datetime | None,
    cache: TrainingJobCache,
) -> _Plan:
    """The plan once Describe and every list page are in (``now`` defaults to the service's)."""
    jobs = tuple(job for page in pages for job in page)
    candidates = [(j.training_job_arn, j.training_job_name) for j in jobs if exact and _ended(j)]
    best = description.best_training_job
    if best is not None:
        candidates.append((best.training_job_arn, best.training_job_name))
    known: dict[str, _Ended] = {}
    wanted: dict[str, str] = {}
    for arn, name in candidates:
        entry = cache.get(arn)
        if entry is not None:
            known[arn] = entry
        else:
            wanted.setdefault(arn, name)
    return _Plan(
        request=request,
        description=description,
        training_jobs=jobs,
        pages=len(pages),
        now=now if now is not None else client.service_now() or datetime.now(_UTC),
        exact=exact,
        cache=cache,
        known=known,
        wanted=tuple(wanted.items()),
    )


def _ended(job: HyperParameterTrainingJobSummary) -> bool:
    """Whether ``exact`` counts the job by its billable time (its status says it ended)."""
    return str(job.training_job_status) in ENDED


def describe_tuning_job(
    client: TuningClient,
    request: DescribeTuningJobRequest | str,
    *,
    exact: bool = False,
    now: datetime | None = None,
    cache: TrainingJobCache | None = None,
) -> TuningJobView:
    """The preview view of a tuning job, and what it was made of.

    ``exact=True`` counts the hours of ended training jobs by ``BillableTimeInSeconds``
    (one ``DescribeTrainingJob`` each, the first time only: ``cache`` -- by default the
    client's :attr:`~sagemaker_tuning.TuningClient.training_job_cache` -- keeps them).
    ``now`` (default: the service's time, :meth:`~sagemaker_tuning.TuningClient.service_now`,
    else this machine's) ends the in-flight hours of running jobs.
    :func:`describe_tuning_job_async` is the same view over an async client.

    Raises :class:`~sagemaker_tuning.errors.ResourceNotFound` for an unknown job and
    :class:`~sagemaker_tuning.ValidationError` for an invalid request or an
    ``aws_account_id`` that is not the job's.
    """
    req, cache = _start(client, request, exact, cache)
    description = client.describe_hyper_parameter_tuning_job(req.tuning_job_name)
    _check_account(req, description.hyper_parameter_tuning_job_arn)
    pages = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
        req.tuning_job_name, page_size=PAGE_SIZE
    )
    listed = [tuple(page.training_job_summaries) for page in pages.pages()]
    plan = _plan(client, req, description, listed, exact=exact, now=now, cache=cache)
    learned: dict[str, _Ended | None] = {}
    for arn, name in plan.wanted:
        answer: DescribeTrainingJobResponse | None = None
        try:
            answer = client.describe_training_job(name)
        except ServiceError as error:
            _unless_gone(error)
        learned[arn] = plan.learn(arn, answer)
    return plan.build(learned)


async def describe_tuning_job_async(
    client: AsyncTuningClient,
    request: DescribeTuningJobRequest | str,
    *,
    exact: bool = False,
    now: datetime | None = None,
    cache: TrainingJobCache | None = None,
    max_concurrency: int = 8,
) -> TuningJobView:
    """:func:`describe_tuning_job` over an :class:`~sagemaker_tuning.aio.AsyncTuningClient`.

    The same calls, answers and view; the ``DescribeTrainingJob`` calls (with ``exact``,
    one per ended job the cache does not know yet) run up to ``max_concurrency`` at a
    time. An error cancels the calls still running and is raised.
    """
    if not isinstance(max_concurrency, int) or isinstance(max_concurrency, bool):
        raise TypeError(f"max_concurrency must be an int, got {type(max_concurrency).__name__}")
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
    req, cache = _start(client, request, exact, cache)
    description = await client.describe_hyper_parameter_tuning_job(req.tuning_job_name)
    _check_account(req, description.hyper_parameter_tuning_job_arn)
    pages = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
        req.tuning_job_name, page_size=PAGE_SIZE
    )
    listed = [tuple(page.training_job_summaries) async for page in pages.pages()]
    plan = _plan(client, req, description, listed, exact=exact, now=now, cache=cache)
    gate = asyncio.Semaphore(max_concurrency)

    async def learn(arn: str, name: str) -> _Ended | None:
        async with gate:
            try:
                answer = await client.describe_training_job(name)
            except ServiceError as error:
                _unless_gone(error)
                return None
        return plan.learn(arn, answer)

    facts = await _all_or_nothing([learn(arn, name) for arn, name in plan.wanted])
    return plan.build({arn: fact for (arn, _), fact in zip(plan.wanted, facts, strict=True)})


async def _all_or_nothing(coroutines: list[Coroutine[Any, Any, _T]]) -> list[_T]:
    """Every result in order; the first error cancels the rest and is raised once they ended.

    (asyncio.TaskGroup would raise an ExceptionGroup, and Python 3.10 has none.)
    """
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        unfinished = [task for task in tasks if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished)
        for task in tasks:
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: no "exception was never retrieved" later


def _build(plan: _Plan, facts: Mapping[str, _Ended | None]) -> TuningJobView:
    """The view from a plan and the facts of the training jobs it described (pure)."""
    description, now, exact = plan.description, plan.now, plan.exact
    definitions = _definitions(description)
    by_name = {d.definition_name: d for d in definitions if d.definition_name is not None}
    single = definitions[0] if len(definitions) == 1 else None

    def count_of(job: HyperParameterTrainingJobSummary) -> int:
        named = by_name.get(job.training_job_definition_name or "")
        return _instance_count(named if named is not None else single)

    completed = failed = pending = running = 0
    finished_seconds = in_flight_seconds = 0.0
    for job in plan.training_jobs:
        status = str(job.training_job_status)
        ended = status in ENDED or job.training_end_time is not None
        if status == "Completed":
            completed += 1
        elif status == "Failed":
            failed += 1  # retryable and non-retryable errors alike: both end as Failed
        if ended:
            seconds = _seconds(job.training_start_time, job.training_end_time) * count_of(job)
            if exact and status in ENDED:
                entry = facts.get(job.training_job_arn)
                if entry is not None and entry.billable_instance_seconds is not None:
                    seconds = entry.billable_instance_seconds
            finished_seconds += seconds
        elif job.training_start_time is None:
            pending += 1
        else:
            running += 1
            in_flight_seconds += _seconds(job.training_start_time, now) * count_of(job)

    response: dict[str, Any] = {}
    best = description.best_training_job
    if best is not None:
        entry = facts.get(best.training_job_arn)
        metric = best.final_hyper_parameter_tuning_job_objective_metric
        best_view: dict[str, Any] = {
            "HyperParameters": (
                entry.hyper_parameters
                if entry is not None and entry.hyper_parameters is not None
                else best.tuned_hyper_parameters
            ),
            "TrainingJobName": best.training_job_name,
            "TrainingJobStatus": best.training_job_status,
        }
        if metric is not None:
            best_view["FinalTuningJobObjectiveMetric"] = {
                "MetricName": metric.metric_name,
                "Value": metric.value,
            }
        if entry is not None and entry.retried is not None:
            best_view["RetriedAttempt"] = entry.retried
        response["BestTrainingJob"] = best_view

    config = description.hyper_parameter_tuning_job_config
    metrics = _metric_definitions(definitions)
    if metrics is not None:
        response["MetricDefinitions"] = metrics
    ranges = _typed_ranges(
        [config.parameter_ranges]
        if config.parameter_ranges is not None
        else [d.hyper_parameter_ranges for d in definitions]
    )
    if ranges is not None:
        response["ParameterRanges"] = ranges
    limits = config.resource_limits
    limit_view: dict[str, Any] = {
        "MaxNumberOfTrainingJobs": limits.max_number_of_training_jobs,
        "MaxParallelTrainingJobs": limits.max_parallel_training_jobs,
    }
    if limits.max_runtime_in_seconds is not None:
        # A limit is rounded up: the job may run into the last hour it starts.
        # Integer division: a hostile answer's int past a double must not raise here.
        limit_view["MaxClockTimeInHours"] = -(-limits.max_runtime_in_seconds // 3600)
    response["ResourcesStats"] = {
        "ConsumedResources": {
            "ComputeHours": {
                "Finished": hours(finished_seconds),
                "InFlight": hours(in_flight_seconds),
            },
            "Jobs": {
                "Completed": completed,
                "Failed": failed,
                "Pending": pending,
                "Running": running,
            },
            "ResourceLimits": {k: v for k, v in limit_view.items() if v is not None},
        }
    }
    response["Strategy"] = config.strategy
    response["TuningJobName"] = description.hyper_parameter_tuning_job_name
    response["TuningJobStartTime"] = description.creation_time
    if description.hyper_parameter_tuning_end_time is not None:
        response["TuningJobEndTime"] = description.hyper_parameter_tuning_end_time
    response["TuningJobStatus"] = description.hyper_parameter_tuning_job_status
    if description.failure_reason is not None:
        response["FailureReason"] = description.failure_reason
    # Read leniently, like every response: a status this SDK does not know yet passes through.
    view = serde.from_api(DescribeTuningJobResponse, _wire(response))
    return TuningJobView(
        response=view,
        description=description,
        training_jobs=plan.training_jobs,
        now=now,
        finished_instance_seconds=finished_seconds,
        in_flight_instance_seconds=in_flight_seconds,
        exact=exact,
        calls=1 + plan.pages + len(plan.wanted),
    )


def _wire(value: Any) -> Any:
    """Plain wire values: enum members as their strings, mappings as dicts."""
    if isinstance(value, Mapping):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
