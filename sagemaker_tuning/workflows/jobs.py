"""A handle on one tuning job: everything you do with a job, without repeating its name.

``client.tuning_job("nightly-xgb")`` (or ``TuningJob(client, "nightly-xgb")``) returns a
:class:`TuningJob`; ``client.tuning_jobs()`` yields one per job the account lists. A handle holds
the job's name and the client, nothing else: every method asks the service, so nothing it
returns can have gone stale behind your back (keep a :meth:`TuningJob.describe` answer
yourself when one call is enough).

The keywords of the handle's methods are declared once, as :class:`WaitOptions`,
:class:`TrainingJobsOptions` and :class:`CloneOptions`, and shared with the async handle
(:class:`~sagemaker_tuning.workflows.aio_jobs.AsyncTuningJob`), as are the module's functions:
what a handle does without calling the service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypedDict, TypeVar, overload

from sagemaker_tuning import _logs
from sagemaker_tuning.core.shapes import (
    CreateHyperParameterTuningJobRequest,
    DescribeHyperParameterTuningJobRequest,
    DescribeHyperParameterTuningJobResponse,
    DescribeTrainingJobResponse,
    DescribeTuningJobResponse,
    ListTrainingJobsForHyperParameterTuningJobRequest,
    ParameterRanges,
    Tag,
)

if TYPE_CHECKING:
    from datetime import datetime

    from typing_extensions import Unpack

    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.core.validation import Violation
    from sagemaker_tuning.enums import (
        HyperParameterTuningJobStrategyType,
        HyperParameterTuningJobWarmStartType,
        SortOrder,
        TrainingJobSortByOptions,
        TrainingJobStatus,
    )
    from sagemaker_tuning.transport.paginator import TrainingJobPaginator
    from sagemaker_tuning.transport.waiters import PollCallback
    from sagemaker_tuning.workflows.progress import TuningJobProgress
    from sagemaker_tuning.workflows.table import TrainingJobTable

__all__ = ["CloneOptions", "Handle", "TrainingJobsOptions", "TuningJob", "WaitOptions"]

_log = _logs.get("sagemaker_tuning.jobs")
#: The client type of a handle.
C = TypeVar("C")


class WaitOptions(TypedDict, total=False):
    """The keywords of ``wait()`` and ``stop(wait=True)``: the tuning-job waiter's timing.

    Left out, each takes the waiter's default (see
    :meth:`TuningClient.wait_for_hyper_parameter_tuning_job
    <sagemaker_tuning.transport.client.TuningTransport.wait_for_hyper_parameter_tuning_job>`).
    """

    #: Seconds to wait at most before :class:`~sagemaker_tuning.errors.WaiterTimeout`.
    max_wait: float | None
    #: The shortest sleep between polls, in seconds.
    min_delay: float | None
    #: The longest sleep between polls, in seconds.
    max_delay: float | None
    #: Called with every answered poll's description (a progress display's hook).
    on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None


class TrainingJobsOptions(TypedDict, total=False):
    """The keywords of ``training_jobs()``: the list request's filters, then the paging."""

    #: ``SortBy`` of ``ListTrainingJobsForHyperParameterTuningJob``.
    sort_by: TrainingJobSortByOptions | str | None
    #: ``SortOrder`` of the list request.
    sort_order: SortOrder | str | None
    #: ``StatusEquals`` of the list request: only training jobs in this status.
    status_equals: TrainingJobStatus | str | None
    #: The most training jobs to yield.
    max_items: int | None
    #: ``MaxResults`` of each list call.
    page_size: int | None
    #: A ``resume_token`` of an earlier paginator, to go on where it stopped.
    starting_token: str | None


class CloneOptions(TypedDict, total=False):
    """The keywords of ``clone_request()`` and ``clone()``, as
    :func:`sagemaker_tuning.requests.from_description`'s."""

    #: ``"TransferLearning"`` or ``"IdenticalDataAndAlgorithm"``: warm start from this job
    #: and the other ``parents``.
    warm_start: HyperParameterTuningJobWarmStartType | str | None
    #: Further warm-start parents' names (this job is always the first).
    parents: Iterable[str]
    #: ``MaxNumberOfTrainingJobs`` of the new job.
    max_jobs: int | None
    #: ``MaxParallelTrainingJobs`` of the new job.
    max_parallel: int | None
    #: The new job's hyperparameter ranges.
    ranges: ParameterRanges | None
    #: The new job's strategy.
    strategy: HyperParameterTuningJobStrategyType | str | None
    #: The new job's tags.
    tags: Sequence[Tag] | None


def checked_name(name: str) -> str:
    """``name``, once the model says it can name a tuning job (the error names the field)."""
    DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
    return name


def checked(options: Mapping[str, object], kind: Any, method: str) -> None:
    """Refuse a keyword ``kind`` (one of the options classes) does not declare, as Python would.

    ``**options`` accepts any keyword at run time; the type checkers see the declared ones.
    """
    for key in options:
        if key not in kind.__optional_keys__:
            raise TypeError(f"{method}() got an unexpected keyword argument {key!r}")


class Handle(Generic[C]):
    """What every tuning-job handle is: a checked name and the client its calls go through.

    :class:`TuningJob` (on a :class:`~sagemaker_tuning.TuningClient`) and
    :class:`~sagemaker_tuning.workflows.aio_jobs.AsyncTuningJob` (on an async client) are its
    two kinds. Creating one checks the name against the model and calls nothing; two handles
    are equal when they name the same job on the same client object.
    """

    # The slots are the kinds' own (each kind's __init__ fills them), so a handle has no
    # __dict__ and holds nothing else.
    __slots__ = ()
    _client: C
    _name: str

    @property
    def name(self) -> str:
        """The tuning job's name."""
        return self._name

    @property
    def client(self) -> C:
        """The client every call goes through."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Handle):
            return NotImplemented
        return self._name == other._name and self._client is other._client

    def __hash__(self) -> int:
        return hash((self._name, id(self._client)))


class TuningJob(Handle["TuningClient"]):
    """One hyperparameter tuning job, by name, on a :class:`~sagemaker_tuning.TuningClient`.

    Creating a handle checks the name against the model and calls nothing; a job that does not
    exist shows up as :class:`~sagemaker_tuning.errors.ResourceNotFound` on the first call.
    Two handles are equal when they name the same job on the same client object.

    >>> from sagemaker_tuning.testing import LocalSageMaker
    >>> client = LocalSageMaker().client()
    >>> client.tuning_job("nightly-xgb")
    TuningJob('nightly-xgb')
    """

    __slots__ = ("_client", "_name")

    def __init__(self, client: TuningClient, name: str) -> None:
        self._client, self._name = client, checked_name(name)

    # -- state -----------------------------------------------------------------------------

    def describe(self) -> DescribeHyperParameterTuningJobResponse:
        """The job's description now (``DescribeHyperParameterTuningJob``)."""
        return self._client.describe_hyper_parameter_tuning_job(self._name)

    def describe_tuning_job(self, *, exact: bool = False) -> DescribeTuningJobResponse:
        """The preview ``describe_tuning_job`` view of the job (see
        :meth:`TuningClient.describe_tuning_job <sagemaker_tuning.TuningClient.describe_tuning_job>`):
        best training job with all its hyperparameters, compute hours, training jobs by state.
        ``exact=True`` counts hours from each ended job's ``BillableTimeInSeconds``."""
        return self._client.describe_tuning_job(self._name, exact=exact)

    def progress(self, *, now: datetime | None = None) -> TuningJobProgress:
        """A :class:`~sagemaker_tuning.progress.TuningJobProgress` summary of a fresh description.

        ``now`` (an aware datetime) ends the elapsed time of a running job; the default is the
        current UTC time.
        """
        from sagemaker_tuning.workflows.progress import TuningJobProgress

        return TuningJobProgress.from_response(self.describe(), now=now)

    def wait(self, **options: Unpack[WaitOptions]) -> DescribeHyperParameterTuningJobResponse:
        """Wait until the job is ``Completed`` or ``Stopped``; its final description.

        As :meth:`TuningClient.wait_for_hyper_parameter_tuning_job
        <sagemaker_tuning.transport.client.TuningTransport.wait_for_hyper_parameter_tuning_job>`, whose
        keywords (:class:`WaitOptions`: ``max_wait``, ``min_delay``, ``max_delay``,
        ``on_poll``) and errors (``TuningJobFailed``, ``WaiterTimeout``) these are.
        """
        checked(options, WaitOptions, "wait")
        return self._client.wait_for_hyper_parameter_tuning_job(self._name, **options)

    @overload
    def stop(self, *, wait: Literal[False] = ..., **options: Unpack[WaitOptions]) -> None: ...
    @overload
    def stop(
        self, *, wait: Literal[True], **options: Unpack[WaitOptions]
    ) -> DescribeHyperParameterTuningJobResponse: ...
    def stop(
        self, *, wait: bool = False, **options: Unpack[WaitOptions]
    ) -> DescribeHyperParameterTuningJobResponse | None:
        """Ask SageMaker to stop the job; with ``wait=True`` wait until it has stopped.

        Without ``wait`` returns ``None`` at once (the job is ``Stopping``). With it, returns
        the final description, as
        :meth:`TuningClient.wait_for_hyper_parameter_tuning_job_stopped
        <sagemaker_tuning.transport.client.TuningTransport.wait_for_hyper_parameter_tuning_job_stopped>`
        (whose keywords, :class:`WaitOptions`, the others are).
        """
        checked(options, WaitOptions, "stop")
        self._client.stop_hyper_parameter_tuning_job(self._name)
        if not wait:
            return None
        return self._client.wait_for_hyper_parameter_tuning_job_stopped(self._name, **options)

    # -- training jobs ---------------------------------------------------------------------

    def training_jobs(self, **options: Unpack[TrainingJobsOptions]) -> TrainingJobPaginator:
        """The job's training jobs, as a lazy :class:`~sagemaker_tuning.transport.paginator.TrainingJobPaginator`.

        The keywords (:class:`TrainingJobsOptions`): ``sort_by``, ``sort_order`` and
        ``status_equals`` are the members of ``ListTrainingJobsForHyperParameterTuningJobRequest``;
        ``max_items``, ``page_size`` and ``starting_token`` as in
        :meth:`TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job
        <sagemaker_tuning.transport.client.TuningTransport.paginate_training_jobs_for_hyper_parameter_tuning_job>`.
        """
        request, paging = training_jobs_request(self._name, options)
        return self._client.paginate_training_jobs_for_hyper_parameter_tuning_job(request, **paging)

    def best_training_job(self, *, overall: bool = False) -> DescribeTrainingJobResponse | None:
        """The best training job's full description (``DescribeTrainingJob``), or ``None`` yet.

        Its ``model_artifacts.s3_model_artifacts`` is the model to deploy. ``overall=True``
        prefers the description's ``OverallBestTrainingJob`` -- the best across this job and
        its warm-start parents, which SageMaker reports for an ``IdenticalDataAndAlgorithm``
        warm start -- when there is one. Two calls: Describe the tuning job, then the training
        job.
        """
        name = best_training_job_name(self.describe(), overall=overall)
        return None if name is None else self._client.describe_training_job(name)

    def table(
        self,
        *,
        sort_by: str | None = None,
        sort_order: str | None = None,
        status: str | None = None,
        max_items: int | None = None,
        page_size: int | None = 100,
        parameter_ranges: ParameterRanges | None = None,
        describe: bool = False,
    ) -> TrainingJobTable:
        """The training jobs as a :class:`~sagemaker_tuning.table.TrainingJobTable`.

        The keywords are :func:`~sagemaker_tuning.table.collect_training_jobs`'s. Without
        ``parameter_ranges`` the job's own ranges are used (one ``DescribeHyperParameterTuningJob``
        call), so tuned hyperparameters come typed (``0.1``, ``7``) rather than as the API's
        strings; a job with several training job definitions has ranges per definition, and
        keeps strings unless you pass the ranges to use.
        """
        from sagemaker_tuning.workflows.table import collect_training_jobs

        if parameter_ranges is None:
            config = self.describe().hyper_parameter_tuning_job_config
            parameter_ranges = config.parameter_ranges if config is not None else None

        return collect_training_jobs(
            self._client,
            self._name,
            sort_by=sort_by,
            sort_order=sort_order,
            status=status,
            max_items=max_items,
            page_size=page_size,
            parameter_ranges=parameter_ranges,
            describe=describe,
        )

    # -- the next job ----------------------------------------------------------------------

    def clone_request(
        self, name: str, **options: Unpack[CloneOptions]
    ) -> CreateHyperParameterTuningJobRequest:
        """The request that re-creates this job as ``name`` (nothing is created).

        :func:`sagemaker_tuning.requests.from_description` of a fresh description, with the
        same keywords (:class:`CloneOptions`: ``warm_start``, ``parents``, ``max_jobs``,
        ``max_parallel``, ``ranges``, ``strategy``, ``tags``). ``warm_start``
        (``"TransferLearning"`` or ``"IdenticalDataAndAlgorithm"``) makes the new job warm
        start from this one and the other ``parents``.
        """
        checked(options, CloneOptions, "clone_request")
        return clone_request_from(self.describe(), self._name, name, options)

    def clone(self, name: str, *, check: bool = True, **options: Unpack[CloneOptions]) -> TuningJob:
        """Create a new tuning job like this one (see :meth:`clone_request`); its handle.

        With ``check`` (the default) nothing is created when the request breaks a service rule
        (:func:`sagemaker_tuning.rules.check`) or a warm-start restriction
        (:func:`sagemaker_tuning.requests.check_warm_start`, one Describe per parent): a
        :class:`~sagemaker_tuning.ValidationError` lists every error; warnings are logged on
        this module's logger.
        """
        request = self.clone_request(name, **options)
        if check:
            from sagemaker_tuning.workflows import requests

            refuse_or_warn(request, requests.check_warm_start(request, self._client))
        self._client.create_hyper_parameter_tuning_job(request)
        return TuningJob(self._client, name)


# -- what both handles do without calling the service -----------------------------------------


class _Paging(TypedDict, total=False):
    max_items: int | None
    page_size: int | None
    starting_token: str | None


def training_jobs_request(
    name: str, options: TrainingJobsOptions
) -> tuple[ListTrainingJobsForHyperParameterTuningJobRequest, _Paging]:
    """The validated list request of ``training_jobs(**options)`` and its paging keywords."""
    checked(options, TrainingJobsOptions, "training_jobs")
    request = ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        sort_by=options.get("sort_by"),
        sort_order=options.get("sort_order"),
        status_equals=options.get("status_equals"),
    )
    paging: _Paging = {
        "max_items": options.get("max_items"),
        "page_size": options.get("page_size"),
        "starting_token": options.get("starting_token"),
    }
    return request, paging


def best_training_job_name(
    described: DescribeHyperParameterTuningJobResponse, *, overall: bool
) -> str | None:
    """The training job ``best_training_job(overall=...)`` describes (``None``: none yet)."""
    if overall and described.overall_best_training_job is not None:
        return described.overall_best_training_job.training_job_name
    best = described.best_training_job
    return best.training_job_name if best is not None else None


def clone_request_from(
    described: DescribeHyperParameterTuningJobResponse,
    own_name: str,
    name: str,
    options: CloneOptions,
) -> CreateHyperParameterTuningJobRequest:
    """``clone_request(name, **options)`` of the job ``own_name``, from its description.

    A warm start lists the job itself first, then the other ``parents``.
    """
    from sagemaker_tuning.workflows import requests

    config = None
    warm_start = options.get("warm_start")
    if warm_start is not None:
        others = [p for p in options.get("parents", ()) if p.lower() != own_name.lower()]
        config = requests.warm_start([own_name, *others], warm_start)
    return requests.from_description(
        described,
        name=name,
        warm_start=config,
        max_jobs=options.get("max_jobs"),
        max_parallel=options.get("max_parallel"),
        ranges=options.get("ranges"),
        strategy=options.get("strategy"),
        tags=options.get("tags"),
    )


def refuse_or_warn(
    request: CreateHyperParameterTuningJobRequest, warm_start: Sequence[Violation]
) -> None:
    """A clone's check: the request's rule findings and its ``warm_start`` ones.

    Raises one :class:`~sagemaker_tuning.ValidationError` listing every error; otherwise logs
    each warning on this module's logger.
    """
    from sagemaker_tuning import rules
    from sagemaker_tuning.core.validation import ValidationError

    found = [*rules.check(request), *warm_start]
    errors = [v for v in found if v.severity == "error"]
    if errors:
        raise ValidationError(errors, type(request).__name__)
    for v in found:
        _log.warning("%s: %s [%s]", v.path, v.message, v.rule)
