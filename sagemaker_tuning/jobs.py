"""A handle on one tuning job: everything you do with a job, without repeating its name.

``client.tuning_job("nightly-xgb")`` (or ``TuningJob(client, "nightly-xgb")``) returns a
:class:`TuningJob`; ``client.tuning_jobs()`` yields one per job the account lists. A handle holds
the job's name and the client, nothing else: every method asks the service, so nothing it
returns can have gone stale behind your back (keep a :meth:`TuningJob.describe` answer
yourself when one call is enough).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal, overload

from sagemaker_tuning import _logs
from sagemaker_tuning.shapes import (
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
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.enums import (
        HyperParameterTuningJobStrategyType,
        HyperParameterTuningJobWarmStartType,
        SortOrder,
        TrainingJobSortByOptions,
        TrainingJobStatus,
    )
    from sagemaker_tuning.progress import TuningJobProgress
    from sagemaker_tuning.table import TrainingJobTable
    from sagemaker_tuning.transport.paginator import TrainingJobPaginator
    from sagemaker_tuning.transport.waiters import PollCallback

__all__ = ["TuningJob"]

_log = _logs.get(__name__)


class TuningJob:
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
        # The request's constructor checks the name (pattern, length) and names the field.
        DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
        self._client = client
        self._name = name

    @property
    def name(self) -> str:
        """The tuning job's name."""
        return self._name

    @property
    def client(self) -> TuningClient:
        """The client every call goes through."""
        return self._client

    def __repr__(self) -> str:
        return f"TuningJob({self._name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TuningJob):
            return NotImplemented
        return self._name == other._name and self._client is other._client

    def __hash__(self) -> int:
        return hash((self._name, id(self._client)))

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
        from sagemaker_tuning.progress import TuningJobProgress

        return TuningJobProgress.from_response(self.describe(), now=now)

    def wait(
        self,
        *,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = None,
    ) -> DescribeHyperParameterTuningJobResponse:
        """Wait until the job is ``Completed`` or ``Stopped``; its final description.

        As :meth:`~sagemaker_tuning.TuningClient.wait_for_hyper_parameter_tuning_job`, whose
        keywords and errors (``TuningJobFailed``, ``WaiterTimeout``) these are.
        """
        return self._client.wait_for_hyper_parameter_tuning_job(
            self._name,
            max_wait=max_wait,
            min_delay=min_delay,
            max_delay=max_delay,
            on_poll=on_poll,
        )

    @overload
    def stop(
        self,
        *,
        wait: Literal[False] = ...,
        max_wait: float | None = ...,
        min_delay: float | None = ...,
        max_delay: float | None = ...,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = ...,
    ) -> None: ...
    @overload
    def stop(
        self,
        *,
        wait: Literal[True],
        max_wait: float | None = ...,
        min_delay: float | None = ...,
        max_delay: float | None = ...,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = ...,
    ) -> DescribeHyperParameterTuningJobResponse: ...
    def stop(
        self,
        *,
        wait: bool = False,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = None,
    ) -> DescribeHyperParameterTuningJobResponse | None:
        """Ask SageMaker to stop the job; with ``wait=True`` wait until it has stopped.

        Without ``wait`` returns ``None`` at once (the job is ``Stopping``). With it, returns
        the final description, as
        :meth:`~sagemaker_tuning.TuningClient.wait_for_hyper_parameter_tuning_job_stopped`
        (whose keywords the others are).
        """
        self._client.stop_hyper_parameter_tuning_job(self._name)
        if not wait:
            return None
        return self._client.wait_for_hyper_parameter_tuning_job_stopped(
            self._name,
            max_wait=max_wait,
            min_delay=min_delay,
            max_delay=max_delay,
            on_poll=on_poll,
        )

    # -- training jobs ---------------------------------------------------------------------

    def training_jobs(
        self,
        *,
        sort_by: TrainingJobSortByOptions | str | None = None,
        sort_order: SortOrder | str | None = None,
        status_equals: TrainingJobStatus | str | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
    ) -> TrainingJobPaginator:
        """The job's training jobs, as a lazy :class:`~sagemaker_tuning.transport.paginator.TrainingJobPaginator`.

        ``sort_by``, ``sort_order`` and ``status_equals`` are the members of
        ``ListTrainingJobsForHyperParameterTuningJobRequest``; ``max_items``, ``page_size`` and
        ``starting_token`` as in
        :meth:`~sagemaker_tuning.TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job`.
        """
        request = ListTrainingJobsForHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name=self._name,
            sort_by=sort_by,
            sort_order=sort_order,
            status_equals=status_equals,
        )
        return self._client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            request, max_items=max_items, page_size=page_size, starting_token=starting_token
        )

    def best_training_job(self, *, overall: bool = False) -> DescribeTrainingJobResponse | None:
        """The best training job's full description (``DescribeTrainingJob``), or ``None`` yet.

        Its ``model_artifacts.s3_model_artifacts`` is the model to deploy. ``overall=True``
        prefers the description's ``OverallBestTrainingJob`` -- the best across this job and
        its warm-start parents, which SageMaker reports for an ``IdenticalDataAndAlgorithm``
        warm start -- when there is one. Two calls: Describe the tuning job, then the training
        job.
        """
        described = self.describe()
        best = described.best_training_job
        if overall and described.overall_best_training_job is not None:
            name = described.overall_best_training_job.training_job_name
        elif best is not None:
            name = best.training_job_name
        else:
            return None
        return self._client.describe_training_job(name)

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
        from sagemaker_tuning.table import collect_training_jobs

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
        self,
        name: str,
        *,
        warm_start: HyperParameterTuningJobWarmStartType | str | None = None,
        parents: Iterable[str] = (),
        max_jobs: int | None = None,
        max_parallel: int | None = None,
        ranges: ParameterRanges | None = None,
        strategy: HyperParameterTuningJobStrategyType | str | None = None,
        tags: Sequence[Tag] | None = None,
    ) -> CreateHyperParameterTuningJobRequest:
        """The request that re-creates this job as ``name`` (nothing is created).

        :func:`sagemaker_tuning.requests.from_description` of a fresh description, with the
        same keywords. ``warm_start`` (``"TransferLearning"`` or
        ``"IdenticalDataAndAlgorithm"``) makes the new job warm start from this one and the
        other ``parents``.
        """
        from sagemaker_tuning import requests

        config = None
        if warm_start is not None:
            others = [p for p in parents if p.lower() != self._name.lower()]
            config = requests.warm_start([self._name, *others], warm_start)
        return requests.from_description(
            self.describe(),
            name=name,
            warm_start=config,
            max_jobs=max_jobs,
            max_parallel=max_parallel,
            ranges=ranges,
            strategy=strategy,
            tags=tags,
        )

    def clone(
        self,
        name: str,
        *,
        warm_start: HyperParameterTuningJobWarmStartType | str | None = None,
        parents: Iterable[str] = (),
        max_jobs: int | None = None,
        max_parallel: int | None = None,
        ranges: ParameterRanges | None = None,
        strategy: HyperParameterTuningJobStrategyType | str | None = None,
        tags: Sequence[Tag] | None = None,
        check: bool = True,
    ) -> TuningJob:
        """Create a new tuning job like this one (see :meth:`clone_request`); its handle.

        With ``check`` (the default) nothing is created when the request breaks a service rule
        (:func:`sagemaker_tuning.rules.check`) or a warm-start restriction
        (:func:`sagemaker_tuning.requests.check_warm_start`, one Describe per parent): a
        :class:`~sagemaker_tuning.ValidationError` lists every error; warnings are logged on
        this module's logger.
        """
        request = self.clone_request(
            name,
            warm_start=warm_start,
            parents=parents,
            max_jobs=max_jobs,
            max_parallel=max_parallel,
            ranges=ranges,
            strategy=strategy,
            tags=tags,
        )
        if check:
            from sagemaker_tuning import requests, rules
            from sagemaker_tuning.validation import ValidationError

            found = rules.check(request) + requests.check_warm_start(request, self._client)
            errors = [v for v in found if v.severity == "error"]
            if errors:
                raise ValidationError(errors, type(request).__name__)
            for v in found:
                _log.warning("%s: %s [%s]", v.path, v.message, v.rule)
        self._client.create_hyper_parameter_tuning_job(request)
        return TuningJob(self._client, name)
