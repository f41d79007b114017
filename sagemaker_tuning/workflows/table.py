"""A tuning job's training jobs as a table: rows from the paginator, CSV, text, and pandas on demand.

:func:`collect_training_jobs` lists the training jobs through the client's paginator (one
``ListTrainingJobsForHyperParameterTuningJob`` call per page, no per-row ``DescribeTrainingJob``
unless ``describe=True``). The resulting :class:`TrainingJobTable` writes CSV with the standard
library and converts to a pandas ``DataFrame`` only when pandas is installed (the ``pandas``
extra); this module never imports pandas otherwise.
"""

from __future__ import annotations

import csv
import importlib
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING, Any, Protocol, overload

import attrs

from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning.core.validation import said

if TYPE_CHECKING:
    # Only for the annotation of to_dataframe(): with pandas-stubs (or a typed pandas)
    # installed, type checkers see a DataFrame; without, they see Any. Never imported here.
    import pandas

    from sagemaker_tuning.core.shapes import (
        DescribeTrainingJobResponse,
        HyperParameterTrainingJobSummary,
        ListTrainingJobsForHyperParameterTuningJobRequest,
        ParameterRanges,
    )

__all__ = [
    "FIXED_COLUMNS",
    "TrainingJobRow",
    "TrainingJobSource",
    "TrainingJobTable",
    "collect_training_jobs",
]

#: The columns every table has, in order; hyperparameter columns go between the objective and
#: the times, and ``describe=True`` adds metric and billing columns at the end.
FIXED_COLUMNS: tuple[str, ...] = (
    "TrainingJobName",
    "TrainingJobStatus",
    "FinalObjectiveValue",
    "TrainingStartTime",
    "TrainingEndTime",
    "DurationSeconds",
    "FailureReason",
)
_LEAD = 3  # columns before the hyperparameters
_PANDAS_HINT = "to_dataframe() needs pandas: pip install 'sagemaker-tuning[pandas]'"


class TrainingJobSource(Protocol):
    """What :func:`collect_training_jobs` needs from a client (a :class:`~sagemaker_tuning.TuningClient`)."""

    def paginate_training_jobs_for_hyper_parameter_tuning_job(
        self,
        request: ListTrainingJobsForHyperParameterTuningJobRequest,
        *,
        max_items: int | None = ...,
        page_size: int | None = ...,
    ) -> Iterable[HyperParameterTrainingJobSummary]:
        """Every training-job summary of a tuning job, page by page."""
        ...

    def describe_training_job(self, request: Any) -> DescribeTrainingJobResponse:
        """One training job's full description (only with ``describe=True``)."""
        ...


@attrs.frozen(kw_only=True)
class TrainingJobRow:
    """One training job of a tuning job, flattened from its summary (and optionally its description)."""

    name: str
    """``TrainingJobName`` (empty when the service left it out)."""
    status: str
    """``TrainingJobStatus`` (an enum member, or the plain string of an unknown status; empty
    when the service left it out)."""
    objective_metric: str | None
    """The objective metric's name, when the job reported it."""
    objective_value: float | None
    """The final objective metric value, ``None`` until (or unless) the job reports it."""
    objective_status: str | None
    """``ObjectiveStatus``: ``Succeeded``, ``Pending`` or ``Failed``."""
    hyper_parameters: Mapping[str, str]
    """The tuned hyperparameters as the API gives them (strings)."""
    created: datetime | None
    """``CreationTime`` (UTC)."""
    started: datetime | None
    """``TrainingStartTime`` (UTC)."""
    ended: datetime | None
    """``TrainingEndTime`` (UTC)."""
    failure_reason: str | None = None
    """Why the training job failed, if it did."""
    definition_name: str | None = None
    """``TrainingJobDefinitionName`` for tuning jobs with several definitions."""
    final_metrics: Mapping[str, float] = attrs.field(factory=FrozenMap)
    """Every final metric from ``DescribeTrainingJob`` (empty unless collected with ``describe``)."""
    billable_seconds: int | None = None
    """``BillableTimeInSeconds`` from ``DescribeTrainingJob`` (only with ``describe``)."""

    @classmethod
    def from_summary(cls, summary: HyperParameterTrainingJobSummary) -> TrainingJobRow:
        """The row of one ``HyperParameterTrainingJobSummary``."""
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        status = summary.objective_status
        return cls(
            name=summary.training_job_name,
            status=summary.training_job_status,
            objective_metric=said(metric, "metric_name"),
            objective_value=said(metric, "value"),
            objective_status=None if status is None else str(status),
            hyper_parameters=FrozenMap(summary.tuned_hyper_parameters or {}),
            created=said(summary, "creation_time"),
            started=summary.training_start_time,
            ended=summary.training_end_time,
            failure_reason=summary.failure_reason,
            definition_name=summary.training_job_definition_name,
        )

    def with_description(self, description: DescribeTrainingJobResponse) -> TrainingJobRow:
        """This row with the final metrics and billable time of its ``DescribeTrainingJob``."""
        metrics = {
            m.metric_name: m.value
            for m in description.final_metric_data_list or ()
            if m.metric_name is not None and m.value is not None
        }
        return attrs.evolve(
            self,
            final_metrics=FrozenMap(metrics),
            billable_seconds=description.billable_time_in_seconds,
        )

    @property
    def duration(self) -> timedelta | None:
        """Training end minus training start; ``None`` while either is missing."""
        if self.started is None or self.ended is None:
            return None
        return self.ended - self.started


def _ranges_by_name(ranges: ParameterRanges | None) -> dict[str, Any]:
    """Hyperparameter name -> its range, from the tuning job's ``ParameterRanges``."""
    found: dict[str, Any] = {}
    if ranges is None:
        return found
    for kind in (
        ranges.integer_parameter_ranges,
        ranges.continuous_parameter_ranges,
        ranges.categorical_parameter_ranges,
    ):
        for r in kind or ():
            found[r.name] = r
    return found


def _decode(r: Any, raw: str) -> Any:
    """A tuned value typed by its range; a value that does not parse stays the string it was.

    Tables show what the service sent: a surprising value is data, not a reason to fail.
    """
    if r is None:
        return raw
    from sagemaker_tuning import ranges

    try:
        return ranges.value(r, raw)
    except ValueError:
        return raw


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _seconds(value: timedelta | None) -> float | int | None:
    if value is None:
        return None
    seconds = value.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if math.isfinite(value) else str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        from sagemaker_tuning.workflows.progress import format_number

        return format_number(value)  # a column stays readable whatever the service sent
    return str(value)


def _is_number(text: str) -> bool:
    """Whether a cell reads as a number (or is empty), so that it aligns right."""
    if not text:
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _hms(value: timedelta | None) -> str:
    if value is None:
        return ""
    total = max(0, int(value.total_seconds()))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class TrainingJobTable(Sequence[TrainingJobRow]):
    """The training jobs of a tuning job as rows, in the order the service listed them.

    A sequence of :class:`TrainingJobRow`; :attr:`columns` are the flat column names used by
    :meth:`records`, :meth:`to_csv` and :meth:`to_dataframe`: :data:`FIXED_COLUMNS` with one column
    per tuned hyperparameter after ``FinalObjectiveValue`` (a hyperparameter whose name clashes
    with a fixed column is prefixed ``HyperParameter.``), then with ``describe`` one
    ``Metric.<name>`` column per final metric and ``BillableTimeInSeconds``.

    Hyperparameter columns are sorted by name. Given the tuning job's ``ParameterRanges``, their
    values decode to ``int`` (integer ranges), ``float`` (continuous) or ``str`` (categorical) in
    :meth:`records` and pandas; without them, or for a value that does not parse, they stay the
    strings the API returned.
    """

    def __init__(
        self,
        rows: Iterable[TrainingJobRow],
        *,
        tuning_job_name: str | None = None,
        parameter_ranges: ParameterRanges | None = None,
    ) -> None:
        self._rows = tuple(rows)
        self.tuning_job_name = tuning_job_name
        """The tuning job the rows belong to, when known."""
        self._ranges = _ranges_by_name(parameter_ranges)
        self.hyper_parameter_names: tuple[str, ...] = tuple(
            sorted({name for row in self._rows for name in row.hyper_parameters})
        )
        """The tuned hyperparameters' names, sorted: the column order."""
        self.metric_names: tuple[str, ...] = tuple(
            sorted({name for row in self._rows for name in row.final_metrics})
        )
        """Final metric names collected with ``describe`` (empty otherwise)."""
        self._described = any(
            row.billable_seconds is not None or row.final_metrics for row in self._rows
        )
        taken = set(FIXED_COLUMNS)
        self._hp_columns = tuple(
            f"HyperParameter.{n}" if n in taken else n for n in self.hyper_parameter_names
        )

    @classmethod
    def from_summaries(
        cls,
        summaries: Iterable[HyperParameterTrainingJobSummary],
        *,
        tuning_job_name: str | None = None,
        parameter_ranges: ParameterRanges | None = None,
    ) -> TrainingJobTable:
        """A table of ``HyperParameterTrainingJobSummary`` objects (from any source)."""
        return cls(
            (TrainingJobRow.from_summary(s) for s in summaries),
            tuning_job_name=tuning_job_name,
            parameter_ranges=parameter_ranges,
        )

    # -- Sequence
    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> TrainingJobRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[TrainingJobRow]: ...
    def __getitem__(self, index: int | slice) -> TrainingJobRow | Sequence[TrainingJobRow]:
        return self._rows[index]

    def __iter__(self) -> Iterator[TrainingJobRow]:
        return iter(self._rows)

    def __repr__(self) -> str:
        name = f" {self.tuning_job_name!r}" if self.tuning_job_name else ""
        return f"<TrainingJobTable{name}: {len(self._rows)} rows>"

    # -- flat views
    @property
    def columns(self) -> tuple[str, ...]:
        """The flat column names, in order."""
        extra: tuple[str, ...] = ()
        if self._described:
            extra = (*(f"Metric.{m}" for m in self.metric_names), "BillableTimeInSeconds")
        return (*FIXED_COLUMNS[:_LEAD], *self._hp_columns, *FIXED_COLUMNS[_LEAD:], *extra)

    def _values(self, row: TrainingJobRow, *, typed: bool) -> list[Any]:
        params = [row.hyper_parameters.get(name) for name in self.hyper_parameter_names]
        if typed:
            params = [
                None if raw is None else _decode(self._ranges.get(name), raw)
                for name, raw in zip(self.hyper_parameter_names, params, strict=True)
            ]
        values: list[Any] = [
            row.name,
            str(row.status),
            row.objective_value,
            *params,
            row.started if typed else _iso(row.started),
            row.ended if typed else _iso(row.ended),
            _seconds(row.duration),
            row.failure_reason,
        ]
        if self._described:
            values += [row.final_metrics.get(m) for m in self.metric_names]
            values.append(row.billable_seconds)
        return values

    def records(self, *, typed: bool = True) -> list[dict[str, Any]]:
        """One dict per row keyed by :attr:`columns`.

        ``typed=True`` keeps datetimes and decodes hyperparameters by their ranges;
        ``typed=False`` gives JSON-ready values (ISO 8601 timestamps, hyperparameters as strings).
        Missing values are ``None``.
        """
        columns = self.columns
        return [
            dict(zip(columns, self._values(row, typed=typed), strict=True)) for row in self._rows
        ]

    def to_csv(self, file: IO[str] | None = None) -> str:
        """Write the table as CSV (header row first) to ``file``, and return the text written.

        Missing values are empty cells; timestamps are ISO 8601 in UTC; hyperparameters are
        written exactly as the API returned them.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self._rows:
            writer.writerow("" if v is None else v for v in self._values(row, typed=False))
        text = buffer.getvalue()
        if file is not None:
            file.write(text)
        return text

    def to_dataframe(self) -> pandas.DataFrame:
        """The table as a ``pandas.DataFrame`` (columns as :attr:`columns`, values typed).

        Raises :class:`ImportError` naming the ``pandas`` extra when pandas is not installed.
        """
        try:
            # Imported by name at call time: importing this module never imports pandas.
            pd: Any = importlib.import_module("pandas")
        except ImportError:
            raise ImportError(_PANDAS_HINT) from None
        frame: pandas.DataFrame = pd.DataFrame.from_records(
            self.records(typed=True), columns=list(self.columns)
        )
        return frame

    def to_text(self, *, limit: int | None = None, objective_label: str | None = None) -> str:
        """An aligned plain-text table for terminals: name, status, objective, hyperparameters,
        duration, and the failure reason (redacted, see :mod:`sagemaker_tuning.redact`) when a row
        has one.

        ``limit`` keeps the first rows; ``objective_label`` titles the objective column (for
        example the metric's name; default: the metric name the rows report, else ``Objective``).
        """
        from sagemaker_tuning.redact import redact

        rows = self._rows if limit is None else self._rows[:limit]
        label = objective_label or next(
            (r.objective_metric for r in self._rows if r.objective_metric), "Objective"
        )
        # Why a job failed is what a reader of a failed job looks for; the column shows only
        # when a row has a reason, on one line, with any credential it quotes redacted.
        failures = any(row.failure_reason for row in rows)
        header = ["TrainingJobName", "Status", label, *self.hyper_parameter_names, "Duration"]
        header += ["FailureReason"] if failures else []
        body = [
            [
                row.name,
                str(row.status),
                _text(row.objective_value),
                *(_text(row.hyper_parameters.get(n)) for n in self.hyper_parameter_names),
                _hms(row.duration),
                *([" ".join(redact(row.failure_reason or "").split())] if failures else []),
            ]
            for row in rows
        ]
        hp_columns = range(3, 3 + len(self.hyper_parameter_names))
        numeric = {2, 3 + len(self.hyper_parameter_names)}
        numeric.update(i for i in hp_columns if all(_is_number(line[i]) for line in body))
        widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

        def fmt(line: list[str]) -> str:
            # Numbers (and their headers) align right, text aligns left.
            cells = [
                cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ]
            return "  ".join(cells).rstrip()

        out = [fmt(header), fmt(["-" * w for w in widths]), *(fmt(line) for line in body)]
        if limit is not None and len(self._rows) > limit:
            out.append(f"... {len(self._rows) - limit} more")
        return "\n".join(out)


def collect_training_jobs(
    client: TrainingJobSource,
    tuning_job_name: str,
    *,
    sort_by: str | None = None,
    sort_order: str | None = None,
    status: str | None = None,
    max_items: int | None = None,
    page_size: int | None = 100,
    parameter_ranges: ParameterRanges | None = None,
    describe: bool = False,
) -> TrainingJobTable:
    """List a tuning job's training jobs through the paginator into a :class:`TrainingJobTable`.

    ``sort_by`` (``Name``, ``CreationTime``, ``Status``, ``FinalObjectiveMetricValue`` — the last
    omits jobs without an objective value), ``sort_order`` (``Ascending``/``Descending``) and
    ``status`` (a ``TrainingJobStatus``) go to the service unchanged and are validated like any
    request; ``max_items`` caps the rows; ``page_size`` is ``MaxResults`` per call (1–100; the
    largest page means the fewest calls). Pass the tuning job's ``ParameterRanges`` (from its
    description) for typed hyperparameter columns. ``describe=True`` adds one
    ``DescribeTrainingJob`` call per row for every final metric and the billable time.
    """
    from sagemaker_tuning.core.shapes import ListTrainingJobsForHyperParameterTuningJobRequest

    request = ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=tuning_job_name,
        sort_by=sort_by,
        sort_order=sort_order,
        status_equals=status,
    )
    summaries = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
        request, max_items=max_items, page_size=page_size
    )
    rows = [TrainingJobRow.from_summary(s) for s in summaries]
    if describe:
        # A row without a name (a summary that lacked it) cannot be described.
        rows = [
            row.with_description(client.describe_training_job(row.name)) if row.name else row
            for row in rows
        ]
    return TrainingJobTable(
        rows, tuning_job_name=tuning_job_name, parameter_ranges=parameter_ranges
    )
