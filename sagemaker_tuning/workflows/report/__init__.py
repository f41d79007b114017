"""A tuning job as one self-contained HTML page of charts, for people who want to look, not read.

:class:`TuningReport` gathers, from one ``DescribeHyperParameterTuningJob`` response and the
training-job table, what a data scientist looks at after a tuning job: the job's state and
counters; the objective per training job over time with the running best; the objective against
each tuned hyperparameter, with the range bounds drawn and a best value pressed against a bound
flagged; the top jobs in parallel coordinates and as a table; the failures grouped by
``FailureReason``.

:meth:`TuningReport.data` is the JSON-ready data behind every chart and needs no plotting
library. :meth:`TuningReport.to_html` draws the charts with matplotlib (the ``report`` extra:
``pip install 'sagemaker-tuning[report]'``) as static SVG inlined into one HTML file with no
scripts, no external fonts or style sheets and no network fetches. matplotlib is imported only
then, never by ``import sagemaker_tuning`` or by this module.

The package's parts: ``_data`` computes the data (plain Python), ``_charts`` draws it (the only
part that imports matplotlib), ``_html`` lays out the page.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sagemaker_tuning.workflows.report import _charts, _data, _html

if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobResponse
    from sagemaker_tuning.workflows.table import TrainingJobTable

__all__ = [
    "BOUND_MARGIN",
    "DEFAULT_TOP",
    "EXTRA_HINT",
    "MAX_CATEGORIES",
    "TuningReport",
    "require_matplotlib",
]

#: How many of the best training jobs the parallel-coordinates chart and the table show.
DEFAULT_TOP = 10
#: A best value within this fraction of its range's width (measured on the range's own scale,
#: so in decades for a log range) of a bound counts as pressed against it: ``best_at_bound``.
BOUND_MARGIN: float = _data.BOUND_MARGIN
#: The most categories a categorical hyperparameter's chart draws apart; the rest share one.
MAX_CATEGORIES: int = _data.MAX_CATEGORIES
#: The message of the :class:`ImportError` raised when charts are asked for without matplotlib.
EXTRA_HINT: str = _charts.EXTRA_HINT


def require_matplotlib() -> None:
    """Raise :class:`ImportError` (:data:`EXTRA_HINT`) unless matplotlib can be imported.

    A command that is going to write a page can call it before collecting any data, so that a
    missing ``report`` extra is reported before any call to the service.
    """
    _charts.require_matplotlib()


class _PathLike(Protocol):
    # os.PathLike[str], spelled as a protocol of this module so that the offline docs build
    # (which has no inventory for the standard library) can leave it unlinked.
    def __fspath__(self) -> str: ...


class TuningReport:
    """The visual report of one tuning job: make it, then :meth:`write` it or :meth:`to_html`.

    Make one with :meth:`build` (from a client: one ``DescribeHyperParameterTuningJob`` call
    and one ``ListTrainingJobsForHyperParameterTuningJob`` call per 100 training jobs, no
    ``DescribeTrainingJob``) or with :meth:`from_data` (offline, from a saved response and the
    training-job summaries). The data behind the charts is computed once, when the report is
    made; the charts are drawn by each :meth:`to_html`. In a notebook the report shows itself
    inline.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Wrap the data of a report (use :meth:`build` or :meth:`from_data` to make one)."""
        self._data = copy.deepcopy(dict(data))

    @classmethod
    def build(
        cls,
        client: TuningClient,
        name: str,
        *,
        top: int = DEFAULT_TOP,
        tuning_job_view: Any = None,
        now: datetime | None = None,
    ) -> TuningReport:
        """Describe the tuning job ``name``, list all its training jobs, and make its report.

        ``top``, ``tuning_job_view`` and ``now`` are as for :meth:`from_data`. Service errors
        propagate (an unknown job: :class:`~sagemaker_tuning.errors.ResourceNotFound`).
        """
        from sagemaker_tuning.core import shapes
        from sagemaker_tuning.workflows.table import collect_training_jobs

        _check_options(top, now)
        describe = client.describe_hyper_parameter_tuning_job(name)
        config = describe.hyper_parameter_tuning_job_config
        ranges = getattr(config, "parameter_ranges", None)
        table = collect_training_jobs(
            client,
            name,
            page_size=100,  # the model's maximum: the fewest List calls
            parameter_ranges=ranges if isinstance(ranges, shapes.ParameterRanges) else None,
        )
        return cls.from_data(describe, table, tuning_job_view=tuning_job_view, top=top, now=now)

    @classmethod
    def from_data(
        cls,
        describe_response: DescribeHyperParameterTuningJobResponse | Mapping[str, Any],
        table: TrainingJobTable | Iterable[Any],
        *,
        tuning_job_view: Any = None,
        top: int = DEFAULT_TOP,
        now: datetime | None = None,
    ) -> TuningReport:
        """Make the report from data already at hand, with no call to the service.

        ``describe_response`` is a ``DescribeHyperParameterTuningJobResponse`` or its wire
        dictionary (as :func:`~sagemaker_tuning.to_api` gives it); ``table`` a
        :class:`~sagemaker_tuning.table.TrainingJobTable`, or the training-job summaries as
        ``HyperParameterTrainingJobSummary`` shapes or wire dictionaries. Wire dictionaries are
        parsed leniently, like responses.

        ``tuning_job_view`` is the preview ``describe_tuning_job`` answer (its shape or wire
        dictionary): when given, the header shows its compute hours, job counters (pending
        included) and limits (the clock-time limit included); without it, the header shows
        what the Describe response and the table hold. ``top`` (default
        :data:`DEFAULT_TOP`) is how many of the best training jobs the parallel-coordinates
        chart and the table show. ``now`` (timezone-aware) ends the elapsed time of a job that
        is still running; by default that is the newest time in the data, never the wall
        clock, which would be wrong for replayed data and for the local service's virtual time.
        """
        _check_options(top, now)
        describe = _data.as_describe(describe_response)
        rows = _data.as_table(table, describe)
        view = None if tuning_job_view is None else _data.as_view(tuning_job_view)
        return cls(_data.compute(describe, rows, view=view, top=top, now=now))

    def __repr__(self) -> str:
        job = self._data["tuning_job"]
        return (
            f"<TuningReport {job['name']!r}: {job['status']}, "
            f"{job['training_jobs']['listed']} training jobs>"
        )

    def data(self) -> dict[str, Any]:
        """The data behind every part of the report, JSON-ready (a fresh copy on each call).

        - ``tuning_job``: the header: name, ARN, status, strategy, objective, times (ISO 8601)
          and elapsed seconds, ``training_jobs`` counters, ``limits``, consumed runtime,
          ``training_hours`` of the listed jobs, ``compute_hours`` (from the preview view,
          else ``None``), the service's best training job, and the ``sources`` used.
        - ``objective``: ``metric_name``, ``type``, ``maximize``, ``direction_assumed``, and
          ``not_finite``: how many training jobs reported a value that is no finite number
          (NaN, an infinity, past a double), which no chart shows.
        - ``history``: one point per training job that reported the objective, in the order
          the values became known (training end), with ``best_so_far``; ``improvements`` are
          the points that raised the running best.
        - ``hyperparameters``: per tuned hyperparameter, its range (``low``/``high`` or
          ``values``, ``scaling``, ``axis``), ``points`` (value, objective and ``position``
          in the range, 0 to 1), ``best`` and ``best_at_bound`` (``"min"``, ``"max"`` or
          ``None``; see :data:`BOUND_MARGIN`), and a ``summary`` table; for a categorical
          one, ``shown_values`` (the categories its chart draws, at most
          :data:`MAX_CATEGORIES`) and ``other_values`` (``values``, ``jobs``, best and mean
          objective of the rest, drawn as one strip; ``None`` when all are drawn).
        - ``parallel_coordinates``: ``axes`` and one line per top job with its ``positions``.
        - ``top_training_jobs``: rank, name, status, objective, typed hyperparameters, duration.
        - ``failures``: ``groups`` of failed training jobs by ``FailureReason``, most common
          first, and the ``failed`` and ``stopped`` counts.

        Text is as the service sent it; the page (:meth:`to_html`) shows it redacted and with
        invisible characters escaped. Every number is finite.
        """
        return copy.deepcopy(self._data)

    def to_html(self) -> str:
        """The whole report as one HTML document: charts as inline SVG, no scripts.

        Raises :class:`ImportError` naming the ``report`` extra when matplotlib is missing.
        """
        return _html.page(self._data)

    def write(self, path: str | _PathLike) -> None:
        """Write :meth:`to_html` to ``path`` (a ``str`` or path-like object), UTF-8 encoded.

        The page replaces the file at once: a failed write leaves the old file as it was.
        """
        from sagemaker_tuning._files import write_atomic

        write_atomic(path, self.to_html())

    def _repr_html_(self) -> str:
        # A notebook embeds this in its own page: the fragment, with its styles scoped to it.
        return f"<style>\n{_html.CSS}</style>\n{_html.fragment(self._data)}"


def _check_options(top: Any, now: Any) -> None:
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ValueError(f"top: expected a non-negative int, got {top!r}")
    if now is not None and (not isinstance(now, datetime) or now.utcoffset() is None):
        raise ValueError(f"now: expected a timezone-aware datetime, got {now!r}")
