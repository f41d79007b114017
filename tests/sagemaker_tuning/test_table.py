"""TrainingJobTable and collect_training_jobs, fed from hand-built shapes and a recording client."""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys
import types
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest

from sagemaker_tuning import serde
from sagemaker_tuning.shapes import (
    DescribeTrainingJobResponse,
    HyperParameterTrainingJobSummary,
    ListTrainingJobsForHyperParameterTuningJobRequest,
)
from sagemaker_tuning.table import (
    FIXED_COLUMNS,
    TrainingJobRow,
    TrainingJobTable,
    collect_training_jobs,
)
from sagemaker_tuning.validation import ValidationError


@pytest.fixture
def jobs(build: Any) -> list[HyperParameterTrainingJobSummary]:
    """Three summaries: completed with an objective, running, failed."""
    return [
        build.summary(1, value=0.81, params={"eta": "0.1", "max_depth": "5", "booster": "dart"}),
        build.summary(2, status="InProgress", ended=None, params={"eta": "0.3", "max_depth": "2"}),
        build.summary(3, status="Failed", failure="AlgorithmError: out of memory", value=None),
    ]


def test_row_flattens_a_summary(build: Any) -> None:
    row = TrainingJobRow.from_summary(build.summary(7, value=0.9, started=10, ended=130))
    assert row.name == f"{build.TUNING_JOB}-007-1a2b3c4d"
    assert row.status == "Completed"
    assert (row.objective_metric, row.objective_value, row.objective_status) == (
        "validation:auc",
        0.9,
        "Succeeded",
    )
    assert row.started == build.T0 + timedelta(seconds=17)
    assert row.duration == timedelta(seconds=120)


def test_duration_is_none_until_the_job_ends(build: Any) -> None:
    assert TrainingJobRow.from_summary(build.summary(1, ended=None)).duration is None
    assert TrainingJobRow.from_summary(build.summary(1, started=None)).duration is None


def test_columns_put_sorted_hyperparameters_after_the_objective(
    jobs: list[HyperParameterTrainingJobSummary],
) -> None:
    table = TrainingJobTable.from_summaries(jobs)
    assert table.hyper_parameter_names == ("booster", "eta", "max_depth")
    assert table.columns == (
        "TrainingJobName",
        "TrainingJobStatus",
        "FinalObjectiveValue",
        "booster",
        "eta",
        "max_depth",
        "TrainingStartTime",
        "TrainingEndTime",
        "DurationSeconds",
        "FailureReason",
    )
    assert len(table) == 3
    assert table[1].status == "InProgress"
    assert [r.name for r in table[1:]] == [r.name for r in list(table)[1:]]


def test_hyperparameter_named_like_a_fixed_column_is_prefixed(build: Any) -> None:
    table = TrainingJobTable.from_summaries([build.summary(1, params={"FailureReason": "x"})])
    assert "HyperParameter.FailureReason" in table.columns
    assert table.columns.count("FailureReason") == 1
    record = table.records()[0]
    assert record["HyperParameter.FailureReason"] == "x"
    assert record["FailureReason"] is None


def test_records_decode_hyperparameters_by_their_ranges(
    jobs: list[HyperParameterTrainingJobSummary], build: Any
) -> None:
    jobs = [
        build.summary(1, params={"eta": "0.25", "max_depth": "7", "booster": "dart", "other": "3"}),
        build.summary(2, params={"eta": "fast", "max_depth": "4.0"}),
    ]
    first, second = TrainingJobTable.from_summaries(jobs, parameter_ranges=build.ranges()).records()
    assert first["eta"] == 0.25 and isinstance(first["eta"], float)
    assert first["max_depth"] == 7 and isinstance(first["max_depth"], int)
    assert first["booster"] == "dart"
    assert first["other"] == "3"  # no range: stays a string
    assert second["eta"] == "fast"  # does not parse: kept as sent
    assert second["max_depth"] == 4 and isinstance(second["max_depth"], int)
    assert second["booster"] is None
    assert first["TrainingStartTime"] == build.T0 + timedelta(seconds=61)


def test_records_without_ranges_and_untyped_are_json_ready(
    build: Any, jobs: list[HyperParameterTrainingJobSummary]
) -> None:
    record = TrainingJobTable.from_summaries(jobs, parameter_ranges=build.ranges()).records(
        typed=False
    )[0]
    assert record["max_depth"] == "5"
    assert record["TrainingStartTime"] == "2026-11-23T09:01:01+00:00"
    assert record["DurationSeconds"] == 540


def test_csv_has_a_header_empty_cells_for_missing_values_and_iso_times(
    build: Any, jobs: list[HyperParameterTrainingJobSummary]
) -> None:
    table = TrainingJobTable.from_summaries(jobs, parameter_ranges=build.ranges())
    out = io.StringIO()
    text = table.to_csv(out)
    assert out.getvalue() == text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(table.columns)
    assert rows[0]["FinalObjectiveValue"] == "0.81"
    assert rows[0]["booster"] == "dart"
    assert rows[0]["TrainingEndTime"] == "2026-11-23T09:10:01+00:00"
    assert rows[0]["DurationSeconds"] == "540"
    assert rows[1]["booster"] == ""
    assert rows[1]["TrainingEndTime"] == "" and rows[1]["DurationSeconds"] == ""
    assert rows[2]["FinalObjectiveValue"] == ""
    assert rows[2]["FailureReason"] == "AlgorithmError: out of memory"


def test_csv_quotes_values_with_commas_and_newlines(build: Any) -> None:
    job = build.summary(1, status="Failed", failure='bad, "very"\nbad')
    rows = list(csv.DictReader(io.StringIO(TrainingJobTable.from_summaries([job]).to_csv())))
    assert rows[0]["FailureReason"] == 'bad, "very"\nbad'


def test_to_dataframe_without_pandas_names_the_extra(
    jobs: list[HyperParameterTrainingJobSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas now fails
    with pytest.raises(ImportError, match=r"pip install 'sagemaker-tuning\[pandas\]'"):
        TrainingJobTable.from_summaries(jobs).to_dataframe()


def test_to_dataframe_with_whatever_pandas_is_installed(
    jobs: list[HyperParameterTrainingJobSummary],
) -> None:
    # CI installs every extra together; a plain `.[test]` install has no pandas. Either way the
    # real thing is checked: a real DataFrame, or the real ImportError naming the extra.
    table = TrainingJobTable.from_summaries(jobs)
    if importlib.util.find_spec("pandas") is None:
        with pytest.raises(ImportError, match="sagemaker-tuning"):
            table.to_dataframe()
        return
    frame = table.to_dataframe()
    assert type(frame).__module__.startswith("pandas")
    assert list(frame.columns) == list(table.columns)
    assert len(frame) == len(jobs)
    assert list(frame["TrainingJobName"]) == [row.name for row in table]


def test_the_table_never_imports_pandas_on_its_own() -> None:
    # The core works without pandas: building, CSV and text never import it, installed or not.
    code = (
        "import sys\n"
        "from sagemaker_tuning import shapes\n"
        "from sagemaker_tuning.table import TrainingJobTable\n"
        "job = shapes.HyperParameterTrainingJobSummary(\n"
        "    training_job_name='j-1', training_job_arn='arn:aws:sagemaker:us-east-1:'\n"
        "    '123456789012:training-job/j-1', creation_time=__import__('datetime').datetime(\n"
        "    2026, 1, 1, tzinfo=__import__('datetime').timezone.utc), training_job_status=\n"
        "    'Completed', tuned_hyper_parameters={'eta': '0.1'})\n"
        "table = TrainingJobTable.from_summaries([job])\n"
        "table.to_csv(); table.to_text()\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_to_dataframe_passes_typed_records_and_columns(
    build: Any, jobs: list[HyperParameterTrainingJobSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[dict[str, Any]], list[str]]] = []

    class DataFrame:
        @classmethod
        def from_records(cls, records: list[dict[str, Any]], columns: list[str]) -> str:
            calls.append((records, columns))
            return "frame"

    fake = types.ModuleType("pandas")
    setattr(fake, "DataFrame", DataFrame)  # noqa: B010  (a stand-in module built at runtime)
    monkeypatch.setitem(sys.modules, "pandas", fake)
    table = TrainingJobTable.from_summaries(jobs, parameter_ranges=build.ranges())
    assert table.to_dataframe() == "frame"
    [(records, columns)] = calls
    assert columns == list(table.columns)
    assert records == table.records(typed=True)
    assert records[0]["max_depth"] == 5


def test_text_table_aligns_columns_and_reports_rows_left_out(
    jobs: list[HyperParameterTrainingJobSummary], build: Any
) -> None:
    table = TrainingJobTable.from_summaries(jobs)
    lines = table.to_text(limit=2).splitlines()
    assert lines[0].split() == [
        "TrainingJobName",
        "Status",
        "validation:auc",
        "booster",
        "eta",
        "max_depth",
        "Duration",
    ]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split() == [f"{build.TUNING_JOB}-001-1a2b3c4d", "Completed", "0.81", "dart"] + [
        "0.1",
        "5",
        "0:09:00",
    ]
    assert lines[3].split()[:2] == [f"{build.TUNING_JOB}-002-1a2b3c4d", "InProgress"]
    assert lines[-1] == "... 1 more"
    assert len({len(line) for line in lines[:2]}) == 1  # header and rule line up
    assert lines[2].index("0.81") + len("0.81") == lines[0].index("validation:auc") + len(
        "validation:auc"
    )  # numbers right-aligned under their header


def test_text_table_of_no_rows_is_just_the_header() -> None:
    lines = TrainingJobTable([]).to_text().splitlines()
    assert lines[0].split() == ["TrainingJobName", "Status", "Objective", "Duration"]
    assert len(lines) == 2


class RecordingClient:
    """Plays the paginator over given summaries and records every call."""

    def __init__(self, summaries: list[HyperParameterTrainingJobSummary]) -> None:
        self.summaries = summaries
        self.requests: list[tuple[ListTrainingJobsForHyperParameterTuningJobRequest, Any, Any]] = []
        self.described: list[str] = []

    def paginate_training_jobs_for_hyper_parameter_tuning_job(
        self,
        request: ListTrainingJobsForHyperParameterTuningJobRequest,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
    ) -> Iterable[HyperParameterTrainingJobSummary]:
        self.requests.append((request, max_items, page_size))
        return iter(self.summaries[:max_items])

    def describe_training_job(self, request: Any) -> DescribeTrainingJobResponse:
        self.described.append(request)
        return serde.from_api(
            DescribeTrainingJobResponse,
            {
                "TrainingJobName": request,
                "FinalMetricDataList": [
                    {"MetricName": "validation:auc", "Value": 0.8},
                    {"MetricName": "train:auc", "Value": 0.9},
                ],
                "BillableTimeInSeconds": 480,
            },
        )


def test_collect_passes_filters_to_one_paginated_listing_without_describes(
    jobs: list[HyperParameterTrainingJobSummary], build: Any
) -> None:
    client = RecordingClient(jobs)
    table = collect_training_jobs(
        client,
        build.TUNING_JOB,
        sort_by="FinalObjectiveMetricValue",
        sort_order="Descending",
        status="Completed",
        max_items=2,
        parameter_ranges=build.ranges(),
    )
    [(request, max_items, page_size)] = client.requests
    assert request == ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=build.TUNING_JOB,
        sort_by="FinalObjectiveMetricValue",
        sort_order="Descending",
        status_equals="Completed",
    )
    assert (max_items, page_size) == (2, 100)
    assert client.described == []
    assert len(table) == 2
    assert table.tuning_job_name == build.TUNING_JOB
    assert table.columns[-1] == FIXED_COLUMNS[-1]
    assert table.records()[0]["max_depth"] == 5


def test_collect_with_describe_adds_metric_and_billing_columns(
    jobs: list[HyperParameterTrainingJobSummary], build: Any
) -> None:
    client = RecordingClient(jobs[:2])
    table = collect_training_jobs(client, build.TUNING_JOB, describe=True)
    assert client.described == [row.name for row in table]
    assert table.columns[-3:] == (
        "Metric.train:auc",
        "Metric.validation:auc",
        "BillableTimeInSeconds",
    )
    record = table.records()[1]
    assert record["Metric.train:auc"] == 0.9
    assert record["BillableTimeInSeconds"] == 480


def test_collect_rejects_a_bad_filter_before_any_call(
    jobs: list[HyperParameterTrainingJobSummary], build: Any
) -> None:
    client = RecordingClient(jobs)
    with pytest.raises(ValidationError) as info:
        collect_training_jobs(client, build.TUNING_JOB, sort_by="Objective")
    assert [v.path for v in info.value.violations] == ["SortBy"]
    assert client.requests == []
