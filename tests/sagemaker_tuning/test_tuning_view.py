"""The preview ``describe_tuning_job`` view, checked member by member against the training jobs'
own data (their ``DescribeTrainingJob`` answers) on local-service jobs in every state."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest
from request_samples import definition
from view_samples import request, running_job

from sagemaker_tuning import _spec, enums, serde, shapes, tuning_view
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.errors import ResourceNotFound
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, Timing
from sagemaker_tuning.validation import ValidationError, field_specs

#: The preview document's response syntax, member by member (TuningJobEndTime is in its
#: parameter list only). A dict is a structure, a list of one dict a list of structures.
DOCUMENT: dict[str, Any] = {
    "BestTrainingJob": {
        "FinalTuningJobObjectiveMetric": {"MetricName": str, "Value": float},
        "HyperParameters": dict,
        "RetriedAttempt": int,
        "TrainingJobName": str,
        "TrainingJobStatus": str,
    },
    "MetricDefinitions": [{"Name": str, "Regex": str}],
    "ParameterRanges": {
        "CategoricalParameterRanges": [{"Name": str, "Type": str, "Values": list}],
        "ContinuousParameterRanges": [{"Name": str, "Type": str, "MinValue": str, "MaxValue": str}],
        "IntegerParameterRanges": [{"Name": str, "Type": str, "MinValue": str, "MaxValue": str}],
    },
    "ResourcesStats": {
        "ConsumedResources": {
            "ComputeHours": {"Finished": int, "InFlight": int},
            "Jobs": {"Completed": int, "Failed": int, "Pending": int, "Running": int},
            "ResourceLimits": {
                "MaxClockTimeInHours": int,
                "MaxNumberOfTrainingJobs": int,
                "MaxParallelTrainingJobs": int,
            },
        }
    },
    "Strategy": str,
    "TuningJobName": str,
    "TuningJobStartTime": datetime,
    "TuningJobEndTime": datetime,
    "TuningJobStatus": str,
    "FailureReason": str,
}
_SCALARS = {
    _spec.String: str,
    _spec.Integer: int,
    _spec.Float: float,
    _spec.Timestamp: datetime,
}


def tree(spec: Any) -> Any:
    """The member tree of a spec, in DOCUMENT's notation."""
    if isinstance(spec, _spec.Structure):
        return {wire: tree(sub) for _, wire, sub, _ in field_specs(spec.cls)}
    if isinstance(spec, _spec.List):
        member = tree(spec.member)
        return [member] if isinstance(member, dict) else list
    if isinstance(spec, _spec.Map):
        return dict
    return _SCALARS[type(spec)]


def test_members_nesting_and_types_are_the_preview_documents() -> None:
    assert tree(_spec.Structure(shapes.DescribeTuningJobResponse)) == DOCUMENT
    assert tree(_spec.Structure(shapes.DescribeTuningJobRequest)) == {
        "TuningJobName": str,
        "AwsAccountId": str,
    }
    assert [m.value for m in enums.HyperParameterRangeType] == [
        "Integer",
        "Continuous",
        "Categorical",
    ]


# -- the expected view, from each training job's own DescribeTrainingJob ------------------------


def own_data(client: TuningClient, name: str) -> list[shapes.DescribeTrainingJobResponse]:
    return [
        client.describe_training_job(s.training_job_name)
        for s in client.paginate_training_jobs_for_hyper_parameter_tuning_job(name)
    ]


def expected_stats(
    jobs: list[shapes.DescribeTrainingJobResponse], now: datetime, *, exact: bool = False
) -> tuple[dict[str, int], float, float]:
    counts = {"Completed": 0, "Failed": 0, "Pending": 0, "Running": 0}
    finished = in_flight = 0.0
    for job in jobs:
        status = str(job.training_job_status)
        instances = job.resource_config.instance_count if job.resource_config else 1
        start, end = job.training_start_time, job.training_end_time
        if status in ("Completed", "Failed"):
            counts[status] += 1
        if status in ("Completed", "Failed", "Stopped"):
            if exact and job.billable_time_in_seconds is not None:
                finished += job.billable_time_in_seconds * instances
            elif start is not None and end is not None:
                finished += (end - start).total_seconds() * instances
        elif start is None:
            counts["Pending"] += 1
        else:
            counts["Running"] += 1
            in_flight += (now - start).total_seconds() * instances
    return counts, finished, in_flight


def check_view(
    service: LocalSageMaker, client: TuningClient, name: str, *, exact: bool = False
) -> tuning_view.TuningJobView:
    view = tuning_view.describe_tuning_job(client, name, exact=exact)
    now = service.now()
    assert view.now == now
    jobs = own_data(client, name)
    counts, finished, in_flight = expected_stats(jobs, now, exact=exact)
    wire = serde.to_api(view.response)
    consumed = wire["ResourcesStats"]["ConsumedResources"]
    assert consumed["Jobs"] == counts
    assert view.finished_instance_seconds == pytest.approx(finished, abs=1e-6)
    assert view.in_flight_instance_seconds == pytest.approx(in_flight, abs=1e-6)
    assert consumed["ComputeHours"] == {
        "Finished": math.floor(finished / 3600 + 0.5),
        "InFlight": math.floor(in_flight / 3600 + 0.5),
    }
    created = service._tunings[name].request  # the request exactly as created
    limits = created.hyper_parameter_tuning_job_config.resource_limits
    assert consumed["ResourceLimits"] == {
        "MaxClockTimeInHours": math.ceil(limits.max_runtime_in_seconds / 3600),
        "MaxNumberOfTrainingJobs": limits.max_number_of_training_jobs,
        "MaxParallelTrainingJobs": limits.max_parallel_training_jobs,
    }
    described = client.describe_hyper_parameter_tuning_job(name)
    assert wire["TuningJobName"] == name
    assert wire["TuningJobStatus"] == described.hyper_parameter_tuning_job_status
    assert wire["TuningJobStartTime"] == described.creation_time
    assert wire.get("TuningJobEndTime") == described.hyper_parameter_tuning_end_time
    assert wire.get("FailureReason") == described.failure_reason
    assert wire["Strategy"] == "Bayesian"
    assert wire["MetricDefinitions"] == [
        {"Name": "validation:auc", "Regex": "auc=([0-9.]+)"},
        {"Name": "train:loss", "Regex": "loss=([0-9.]+)"},
    ]
    assert wire["ParameterRanges"] == {
        "CategoricalParameterRanges": [
            {"Name": "booster", "Type": "Categorical", "Values": ["gbtree", "dart"]}
        ],
        "ContinuousParameterRanges": [
            {"Name": "eta", "Type": "Continuous", "MinValue": "0.001", "MaxValue": "0.5"}
        ],
        "IntegerParameterRanges": [
            {"Name": "max_depth", "Type": "Integer", "MinValue": "2", "MaxValue": "10"}
        ],
    }
    best = described.best_training_job
    if best is None:
        assert "BestTrainingJob" not in wire
    else:
        own = client.describe_training_job(best.training_job_name)
        metric = best.final_hyper_parameter_tuning_job_objective_metric
        assert metric is not None
        assert wire["BestTrainingJob"] == {
            "FinalTuningJobObjectiveMetric": {
                "MetricName": metric.metric_name,
                "Value": metric.value,
            },
            "HyperParameters": dict(own.hyper_parameters or {}),
            "RetriedAttempt": 0,  # the local service never retries a training job
            "TrainingJobName": best.training_job_name,
            "TrainingJobStatus": "Completed",
        }
        # Every tuned hyperparameter and the static ones are there, as the job has them.
        assert set(best.tuned_hyper_parameters) < set(wire["BestTrainingJob"]["HyperParameters"])
    return view


LONG = Timing(training=(1800.0, 7200.0))


@pytest.mark.parametrize(
    ("advance", "state"),
    [(35.0, "pending"), (3000.0, "running"), (9000.0, "mixed"), (80000.0, "completed")],
)
def test_every_derivation_matches_the_training_jobs_own_data(advance: float, state: str) -> None:
    # A 3-day runtime limit: in the answer (MaxClockTimeInHours 72), never reached.
    service, client, name = running_job(seed=4, advance=advance, timing=LONG, max_runtime=259200)
    view = check_view(service, client, name)
    jobs = view.response.resources_stats.consumed_resources.jobs
    assert jobs is not None
    if state == "pending":
        assert (jobs.pending, jobs.running, jobs.completed) == (3, 0, 0)
    elif state == "running":
        assert jobs.running > 0 and view.in_flight_instance_seconds > 3600
    elif state == "mixed":
        assert jobs.completed > 0 and jobs.failed > 0 and jobs.running > 0
    else:
        assert view.response.tuning_job_status == "Completed"
        assert jobs.completed + jobs.failed == 12 and view.in_flight_instance_seconds == 0


def test_a_stopped_job_counts_its_stopped_training_jobs_nowhere_but_their_hours() -> None:
    service, client, name = running_job(seed=4, advance=3000.0, timing=LONG)
    client.stop_hyper_parameter_tuning_job(name)
    service.clock.sleep(5.0)
    stopping = check_view(service, client, name)  # training jobs Stopping: still on instances
    assert stopping.response.tuning_job_status == "Stopping"
    service.clock.sleep(60.0)
    view = check_view(service, client, name)
    assert view.response.tuning_job_status == "Stopped"
    stopped = [j for j in own_data(client, name) if j.training_job_status == "Stopped"]
    jobs = view.response.resources_stats.consumed_resources.jobs
    assert jobs is not None and stopped
    assert jobs.completed + jobs.failed + jobs.pending + jobs.running + len(stopped) == len(
        view.training_jobs
    )


def test_a_failed_tuning_job_has_its_failure_reason_and_failed_counts() -> None:
    service, client, name = running_job(seed=2, advance=90000.0, failure_rate=1.0, timing=LONG)
    view = check_view(service, client, name)
    assert view.response.tuning_job_status == "Failed"
    assert view.response.failure_reason
    assert view.response.best_training_job is None
    jobs = view.response.resources_stats.consumed_resources.jobs
    assert jobs is not None and jobs.failed == len(view.training_jobs) > 1


def test_exact_hours_use_billable_time_and_never_describe_an_ended_job_twice() -> None:
    service, client, name = running_job(seed=4, advance=9000.0, timing=LONG)
    sent: list[str] = []
    client.boto_client.meta.events.register(
        "before-call.sagemaker", lambda model, **_: sent.append(model.name)
    )
    view = tuning_view.describe_tuning_job(client, name, exact=True)
    ended = [
        j for j in view.training_jobs if j.training_job_status in ("Completed", "Failed", "Stopped")
    ]
    assert sent.count("DescribeTrainingJob") == len(ended) == view.calls - 2
    sent.clear()
    again = tuning_view.describe_tuning_job(client, name, exact=True)
    assert sent.count("DescribeTrainingJob") == 0  # every ended job came from the cache
    assert again.finished_instance_seconds == view.finished_instance_seconds
    check_view(service, client, name, exact=True)
    service.clock.sleep(6000.0)
    sent.clear()
    later = tuning_view.describe_tuning_job(client, name, exact=True)
    newly = [
        j
        for j in later.training_jobs
        if j.training_job_status in ("Completed", "Failed", "Stopped")
        and j.training_job_name not in {e.training_job_name for e in ended}
    ]
    assert sent.count("DescribeTrainingJob") == len(newly) > 0


def test_calls_are_one_describe_the_pages_and_one_for_the_best_job() -> None:
    timing = Timing(training=(60.0, 120.0), startup=1.0, launch_gap=1.0)
    service, client, name = running_job(
        seed=1, advance=1000.0, timing=timing, max_jobs=250, parallel=100, failure_rate=0.0
    )
    sent: list[str] = []
    client.boto_client.meta.events.register(
        "before-call.sagemaker", lambda model, **_: sent.append(model.name)
    )
    view = tuning_view.describe_tuning_job(client, name)
    n = len(view.training_jobs)
    assert n == 250
    assert view.calls == len(sent) == 1 + math.ceil(n / 100) + 1
    assert sent == [
        "DescribeHyperParameterTuningJob",
        *["ListTrainingJobsForHyperParameterTuningJob"] * 3,
        "DescribeTrainingJob",
    ]
    sent.clear()
    client.describe_tuning_job(name)  # the best job ended: it is not described again
    assert len(sent) == 1 + math.ceil(n / 100)


def test_instance_counts_come_from_each_training_jobs_definition() -> None:
    definitions = (
        definition(1, definition_name="small"),
        definition(3, definition_name="large"),
    )
    service, client, name = running_job(
        seed=7,
        advance=9000.0,
        timing=LONG,
        training_job_definition=None,
        training_job_definitions=definitions,
    )
    view = check_view(service, client, name)
    assert {j.training_job_definition_name for j in view.training_jobs} == {"small", "large"}


def test_the_account_id_must_be_the_one_in_the_jobs_arn() -> None:
    _service, client, name = running_job(advance=100.0)
    ok = client.describe_tuning_job(
        shapes.DescribeTuningJobRequest(tuning_job_name=name, aws_account_id="123456789012")
    )
    assert ok.tuning_job_name == name
    with pytest.raises(ValidationError) as caught:
        client.describe_tuning_job(
            shapes.DescribeTuningJobRequest(tuning_job_name=name, aws_account_id="999999999999")
        )
    (violation,) = caught.value.violations
    assert violation.path == "AwsAccountId"
    assert "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/view-job" in str(
        violation
    )
    assert "'999999999999'" in violation.message


def test_bad_requests_fail_before_any_call() -> None:
    client = LocalSageMaker().client()
    with pytest.raises(ValidationError, match="TuningJobName"):
        client.describe_tuning_job("not_a_valid_name")
    with pytest.raises(TypeError, match="DescribeTuningJobRequest or a name"):
        client.describe_tuning_job(42)  # type: ignore[arg-type]
    with pytest.raises(ResourceNotFound):
        client.describe_tuning_job("missing")


def test_retried_attempts_count_the_returns_to_starting() -> None:
    def answer(*statuses: str) -> shapes.DescribeTrainingJobResponse:
        data: dict[str, Any] = {"TrainingJobName": "t", "TrainingJobStatus": "Completed"}
        if statuses:
            data["SecondaryStatusTransitions"] = [
                {"Status": s, "StartTime": "2025-01-01T00:00:00Z"} for s in statuses
            ]
        return serde.from_api(shapes.DescribeTrainingJobResponse, data)

    assert tuning_view.retried_attempts(answer("Starting", "Training", "Completed")) == 0
    assert (
        tuning_view.retried_attempts(
            answer("Starting", "Training", "Starting", "Training", "Starting", "Completed")
        )
        == 2
    )
    assert tuning_view.retried_attempts(answer()) is None


def test_hours_round_to_the_nearest_whole_hour() -> None:
    assert [tuning_view.hours(s) for s in (0, 1799.9, 1800, 5399, 5400, -5)] == [0, 0, 1, 1, 2, 0]


def test_the_view_is_the_same_over_http(service: LocalSageMaker | None = None) -> None:
    service = LocalSageMaker(seed=4, timing=LONG, failure_rate=0.3)
    service.client().create_hyper_parameter_tuning_job(request("over-http"))
    service.clock.sleep(9000.0)
    local = service.client().describe_tuning_job("over-http")
    with LocalSageMakerServer(service) as server:
        remote = server.client().describe_tuning_job("over-http")
    assert serde.to_api(remote) == serde.to_api(local)


def test_exact_takes_a_bool_only_so_a_truthy_no_never_describes_every_training_job() -> None:
    from sagemaker_tuning import ValidationError

    _service, client, name = running_job(advance=3600)
    for exact in ("no", 1, None):
        with pytest.raises(ValidationError) as caught:
            client.describe_tuning_job(name, exact=exact)  # type: ignore[arg-type]
        assert caught.value.violations[0].path == "exact"
