"""LocalSageMaker through a TuningClient: the whole lifecycle, stopping, bad requests.

Every scenario runs twice: in process (botocore's before-send hook) and over HTTP.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
import pytest
from botocore.exceptions import ClientError
from request_samples import RANGES, definition, tuning_request

from sagemaker_tuning import errors, rules, serde, validate
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.serde import to_api
from sagemaker_tuning.testing import (
    LocalSageMaker,
    Timing,
    VirtualClock,
)
from sagemaker_tuning.testing._service_errors import camel_path

BAD_INTEGER_RANGE = sh.IntegerParameterRange(name="depth", min_value="9", max_value="3")
SORTS = ["Name", "CreationTime", "Status", "FinalObjectiveMetricValue"]
ORDERS = ["Ascending", "Descending"]


def list_all(
    client: TuningClient, name: str, **members: Any
) -> list[sh.HyperParameterTrainingJobSummary]:
    request = sh.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name, **members
    )
    return list(client.paginate_training_jobs_for_hyper_parameter_tuning_job(request, page_size=7))


def sort_key(summary: sh.HyperParameterTrainingJobSummary, sort_by: str) -> Any:
    if sort_by == "Name":
        return summary.training_job_name
    if sort_by == "CreationTime":
        return summary.creation_time
    if sort_by == "Status":
        return str(summary.training_job_status)
    metric = summary.final_hyper_parameter_tuning_job_objective_metric
    assert metric is not None
    return metric.value


def max_concurrent(intervals: list[tuple[datetime, datetime]]) -> int:
    events = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    running = peak = 0
    for _, change in events:  # ends sort before starts at the same instant
        running += change
        peak = max(peak, running)
    return peak


def test_whole_lifecycle_create_wait_paginate_describe(
    client: TuningClient, service: LocalSageMaker
) -> None:
    request = tuning_request("lifecycle", max_jobs=50, parallel=5)
    created = client.create_hyper_parameter_tuning_job(request)
    assert created.hyper_parameter_tuning_job_arn.endswith(":hyper-parameter-tuning-job/lifecycle")

    final = client.wait_for_hyper_parameter_tuning_job("lifecycle")
    validate(final)
    assert final.hyper_parameter_tuning_job_status == "Completed"
    counters = final.training_job_status_counters
    completed, failed = counters.completed or 0, counters.non_retryable_error or 0
    assert completed + failed == 50
    assert counters.in_progress == 0 and counters.stopped == 0
    assert 0 < failed < 50  # seeded failures happen, but not to all
    assert final.objective_status_counters.succeeded == counters.completed
    assert final.hyper_parameter_tuning_end_time is not None
    assert final.creation_time < final.hyper_parameter_tuning_end_time
    # Described as sent, plus what the service adds (ScalingType on ranges that had none,
    # the objective among the static hyperparameters, the Enable* flags as false).
    config = final.hyper_parameter_tuning_job_config
    sent_config = request.hyper_parameter_tuning_job_config
    assert config.parameter_ranges is not None and sent_config.parameter_ranges is not None
    assert [r.scaling_type for r in config.parameter_ranges.integer_parameter_ranges or ()] == [
        "Auto"
    ]
    assert attrs.evolve(config, parameter_ranges=sent_config.parameter_ranges) == sent_config
    definition = final.training_job_definition
    sent = request.training_job_definition
    assert definition is not None and sent is not None
    assert definition.static_hyper_parameters == {
        **(sent.static_hyper_parameters or {}),
        "_tuning_objective_metric": "validation:auc",
    }
    flags = (
        definition.enable_network_isolation,
        definition.enable_inter_container_traffic_encryption,
        definition.enable_managed_spot_training,
    )
    assert flags == (False, False, False)
    assert (
        attrs.evolve(
            definition,
            static_hyper_parameters=sent.static_hyper_parameters,
            enable_network_isolation=None,
            enable_inter_container_traffic_encryption=None,
            enable_managed_spot_training=None,
        )
        == sent
    )

    every = {}
    for sort_by in SORTS:
        for order in ORDERS:
            listed = list_all(client, "lifecycle", sort_by=sort_by, sort_order=order)
            names = [s.training_job_name for s in listed]
            assert len(set(names)) == len(names)
            keys = [sort_key(s, sort_by) for s in listed]
            assert keys == sorted(keys, reverse=order == "Descending")
            if sort_by == "FinalObjectiveMetricValue":
                assert len(listed) == counters.completed  # jobs without a metric are left out
            else:
                assert len(listed) == 50
            for summary in listed:
                validate(summary)
                every[summary.training_job_name] = summary

    assert final.best_training_job is not None
    best_first = list_all(
        client, "lifecycle", sort_by="FinalObjectiveMetricValue", sort_order="Descending"
    )[0]
    assert final.best_training_job == best_first

    intervals = []
    for name, summary in sorted(every.items()):
        job = client.describe_training_job(name)
        if job.training_job_status == "Failed":
            # A failed job has no ModelArtifacts, although botocore's model requires the member:
            # a recorded answer of the service (tests/fidelity) has none. It reads None.
            assert job.model_artifacts is None
            assert "ModelArtifacts" not in serde.filled_in(job)
            placeholder = sh.ModelArtifacts(s3_model_artifacts="s3://bucket/none")
            validate(attrs.evolve(job, model_artifacts=placeholder))
        else:
            validate(job)
        assert job.tuning_job_arn == created.hyper_parameter_tuning_job_arn
        assert job.training_job_status == summary.training_job_status
        assert job.hyper_parameters is not None
        assert {**job.hyper_parameters, **summary.tuned_hyper_parameters} == job.hyper_parameters
        assert job.hyper_parameters["objective"] == "binary:logistic"
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        if summary.training_job_status == "Completed":
            assert metric is not None and metric.metric_name == "validation:auc"
            assert job.final_metric_data_list is not None
            reported = {m.metric_name: m.value for m in job.final_metric_data_list}
            assert reported["validation:auc"] == metric.value
            assert "train:loss" in reported
        else:
            assert summary.training_job_status == "Failed"
            assert metric is None and job.final_metric_data_list is None
            assert job.failure_reason and summary.failure_reason
        assert job.training_end_time is not None
        intervals.append((job.creation_time, job.training_end_time))
    assert max_concurrent(intervals) == 5


def test_hyperparameters_stay_in_their_ranges_and_honour_scaling(
    client: TuningClient, service: LocalSageMaker
) -> None:
    log_range = sh.ContinuousParameterRange(
        name="lr", min_value="0.0001", max_value="1", scaling_type="Logarithmic"
    )
    linear_range = attrs.evolve(log_range, name="momentum", scaling_type="Linear")
    reverse = sh.ContinuousParameterRange(
        name="beta", min_value="0.9", max_value="0.9999", scaling_type="ReverseLogarithmic"
    )
    ranges = attrs.evolve(RANGES, continuous_parameter_ranges=(log_range, linear_range, reverse))
    client.create_hyper_parameter_tuning_job(
        tuning_request("ranges", max_jobs=60, parallel=10, strategy="Random", ranges=ranges)
    )
    client.wait_for_hyper_parameter_tuning_job("ranges")
    tuned = [s.tuned_hyper_parameters for s in list_all(client, "ranges")]
    assert len(tuned) == 60
    for values in tuned:
        assert set(values) == {"lr", "momentum", "beta", "max_depth", "booster"}
        assert 0.0001 <= float(values["lr"]) <= 1 and 0.0001 <= float(values["momentum"]) <= 1
        assert 0.9 <= float(values["beta"]) <= 0.9999
        assert values["max_depth"] == str(int(values["max_depth"]))
        assert 2 <= int(values["max_depth"]) <= 10
        assert values["booster"] in ("gbtree", "dart")
    # Log-uniform on [1e-4, 1] puts half the draws below 1e-2; linear puts 1 % there.
    below = sum(float(v["lr"]) < 0.01 for v in tuned) / len(tuned)
    below_linear = sum(float(v["momentum"]) < 0.01 for v in tuned) / len(tuned)
    assert below > 0.3 and below_linear < 0.1
    # Reverse-logarithmic crowds the draws towards the top of the range.
    near_top = sum(float(v["beta"]) > 0.99 for v in tuned) / len(tuned)
    assert near_top > 0.3


def test_grid_enumerates_every_combination_once(client: TuningClient) -> None:
    grid = sh.ParameterRanges(
        categorical_parameter_ranges=(
            sh.CategoricalParameterRange(name="booster", values=("gbtree", "dart", "gblinear")),
            sh.CategoricalParameterRange(name="depth", values=("2", "4")),
        )
    )
    client.create_hyper_parameter_tuning_job(
        tuning_request("grid", max_jobs=None, parallel=2, strategy="Grid", ranges=grid)
    )
    client.wait_for_hyper_parameter_tuning_job("grid")
    combos = [tuple(sorted(s.tuned_hyper_parameters.items())) for s in list_all(client, "grid")]
    assert sorted(combos) == sorted(
        (("booster", b), ("depth", d)) for b in ("gbtree", "dart", "gblinear") for d in ("2", "4")
    )


def test_objective_is_a_function_of_the_hyperparameters() -> None:
    grid = sh.ParameterRanges(
        categorical_parameter_ranges=(
            sh.CategoricalParameterRange(name="booster", values=("gbtree", "dart", "gblinear")),
        )
    )
    metrics: list[dict[str, float]] = []
    for seed, name in ((1, "first"), (2, "second")):
        service = LocalSageMaker(seed=seed, failure_rate=0.0)
        client = service.client()
        client.create_hyper_parameter_tuning_job(
            tuning_request(name, max_jobs=None, parallel=3, strategy="Grid", ranges=grid)
        )
        client.wait_for_hyper_parameter_tuning_job(name)
        found = {}
        for s in list_all(client, name):
            metric = s.final_hyper_parameter_tuning_job_objective_metric
            assert metric is not None
            found[s.tuned_hyper_parameters["booster"]] = metric.value
        metrics.append(found)
    assert metrics[0] == metrics[1]
    assert len(set(metrics[0].values())) == 3


def test_runs_are_reproducible_for_a_seed() -> None:
    def run(seed: int) -> list[tuple[str, Any, Any]]:
        client = LocalSageMaker(seed=seed).client()
        client.create_hyper_parameter_tuning_job(tuning_request("again", max_jobs=12))
        client.wait_for_hyper_parameter_tuning_job("again")
        return [
            (s.training_job_name, s.tuned_hyper_parameters, s.training_job_status)
            for s in list_all(client, "again")
        ]

    assert run(5) == run(5)
    assert run(5) != run(6)


def test_minimize_objectives_pick_the_lowest_metric_as_best(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(
        tuning_request("minimize", max_jobs=15, objective_type="Minimize")
    )
    final = client.wait_for_hyper_parameter_tuning_job("minimize")
    ascending = list_all(
        client, "minimize", sort_by="FinalObjectiveMetricValue", sort_order="Ascending"
    )
    assert final.best_training_job == ascending[0]


def test_target_objective_value_ends_the_search_early(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(
        tuning_request("target", max_jobs=40, parallel=2, target=0.0)
    )
    final = client.wait_for_hyper_parameter_tuning_job("target")
    assert final.hyper_parameter_tuning_job_status == "Completed"
    launched = len(list_all(client, "target"))
    assert 1 <= launched < 40


def test_every_training_job_failing_fails_the_tuning_job() -> None:
    service = LocalSageMaker(failure_rate=1.0)
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("doomed", max_jobs=6))
    with pytest.raises(errors.TuningJobFailed) as info:
        client.wait_for_hyper_parameter_tuning_job("doomed")
    assert info.value.failure_reason
    listed = list_all(client, "doomed")
    assert [str(s.training_job_status) for s in listed] == ["Failed"] * 6
    assert list_all(client, "doomed", sort_by="FinalObjectiveMetricValue") == []


def test_stop_mid_run_stops_running_jobs_and_launches_no_more(
    client: TuningClient, service: LocalSageMaker
) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("halt", max_jobs=30, parallel=3))
    assert isinstance(service.clock, VirtualClock)
    service.clock.advance(400)
    before = list_all(client, "halt")
    running = {s.training_job_name for s in before if s.training_job_status == "InProgress"}
    assert running and len(before) < 30

    client.stop_hyper_parameter_tuning_job("halt")
    stopping = client.describe_hyper_parameter_tuning_job("halt")
    assert stopping.hyper_parameter_tuning_job_status == "Stopping"
    for name in running:
        assert client.describe_training_job(name).training_job_status == "Stopping"

    final = client.wait_for_hyper_parameter_tuning_job_stopped("halt")
    assert final.hyper_parameter_tuning_job_status == "Stopped"
    assert final.training_job_status_counters.stopped == len(running)
    assert final.training_job_status_counters.in_progress == 0
    after = list_all(client, "halt")
    assert {s.training_job_name for s in after} == {s.training_job_name for s in before}
    for name in running:
        job = client.describe_training_job(name)
        validate(job)
        assert job.training_job_status == "Stopped"
        assert job.secondary_status == "Stopped"
        assert job.final_metric_data_list is None

    with pytest.raises(errors.ServiceError) as info:
        client.stop_hyper_parameter_tuning_job("halt")
    assert info.value.code == "ValidationException"


def test_duplicate_names_are_resource_in_use(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("twice"))
    with pytest.raises(errors.ResourceInUse):
        client.create_hyper_parameter_tuning_job(tuning_request("twice"))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.describe_hyper_parameter_tuning_job("missing"),
        lambda c: c.list_training_jobs_for_hyper_parameter_tuning_job("missing"),
        lambda c: c.stop_hyper_parameter_tuning_job("missing"),
    ],
    ids=["describe", "list", "stop"],
)
def test_unknown_tuning_jobs_are_resource_not_found(client: TuningClient, call: Any) -> None:
    with pytest.raises(errors.ResourceNotFound) as info:
        call(client)
    assert info.value.message == (
        "Amazon SageMaker can't find a tuning job called missing. Type another name."
    )


def test_an_unknown_training_job_is_a_validation_exception(client: TuningClient) -> None:
    # As the service answers (boto/boto3#2808): not ResourceNotFound.
    with pytest.raises(errors.ServiceError) as info:
        client.describe_training_job("missing-001-abcdef12")
    assert type(info.value) is errors.ServiceError
    assert (info.value.code, info.value.http_status) == ("ValidationException", 400)
    assert info.value.message == "Requested resource not found."


def test_list_pages_default_to_ten_and_filter_by_status(
    client: TuningClient, service: LocalSageMaker
) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("pages", max_jobs=25, parallel=5))
    client.wait_for_hyper_parameter_tuning_job("pages")
    first = client.list_training_jobs_for_hyper_parameter_tuning_job("pages")
    assert len(first.training_job_summaries) == 10 and first.next_token
    second = client.list_training_jobs_for_hyper_parameter_tuning_job(
        sh.ListTrainingJobsForHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name="pages", next_token=first.next_token, max_results=100
        )
    )
    assert len(second.training_job_summaries) == 15 and second.next_token is None
    for status in ("Completed", "Failed"):
        only = list_all(client, "pages", status_equals=status)
        assert only and {str(s.training_job_status) for s in only} == {status}
    assert (
        len(list_all(client, "pages", status_equals="Completed"))
        + len(list_all(client, "pages", status_equals="Failed"))
        == 25
    )


def test_a_foreign_next_token_is_a_validation_error(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("tokens", max_jobs=25, parallel=5))
    client.wait_for_hyper_parameter_tuning_job("tokens")
    token = client.list_training_jobs_for_hyper_parameter_tuning_job("tokens").next_token
    assert token is not None
    for bad in (token[:-4], "garbage"):
        with pytest.raises(errors.ServiceError) as info:
            client.list_training_jobs_for_hyper_parameter_tuning_job(
                sh.ListTrainingJobsForHyperParameterTuningJobRequest(
                    hyper_parameter_tuning_job_name="tokens", next_token=bad, sort_by="Status"
                )
            )
        assert info.value.code == "ValidationException"


def test_empty_pages_with_a_token_are_followed_by_the_paginator() -> None:
    service = LocalSageMaker(empty_pages=True)
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("gaps", max_jobs=12))
    client.wait_for_hyper_parameter_tuning_job("gaps")
    first = client.list_training_jobs_for_hyper_parameter_tuning_job("gaps")
    assert first.training_job_summaries == () and first.next_token
    assert len(list_all(client, "gaps")) == 12


def test_training_jobs_move_through_their_states_over_time(
    client: TuningClient, service: LocalSageMaker
) -> None:
    assert isinstance(service.clock, VirtualClock)
    client.create_hyper_parameter_tuning_job(tuning_request("states", max_jobs=2, parallel=1))
    fresh = client.describe_hyper_parameter_tuning_job("states")
    assert fresh.hyper_parameter_tuning_job_status == "InProgress"
    assert fresh.creation_time == service.now()
    assert fresh.best_training_job is None and fresh.hyper_parameter_tuning_end_time is None
    assert (
        client.list_training_jobs_for_hyper_parameter_tuning_job("states").training_job_summaries
        == ()
    )

    service.clock.advance(Timing().startup)
    (summary,) = client.list_training_jobs_for_hyper_parameter_tuning_job(
        "states"
    ).training_job_summaries
    job = client.describe_training_job(summary.training_job_name)
    assert job.training_job_status == "InProgress" and job.secondary_status == "Starting"
    assert job.training_end_time is None and job.training_time_in_seconds is None
    assert summary.objective_status == "Pending"

    service.clock.advance(Timing().training[1] + 1)
    job = client.describe_training_job(summary.training_job_name)
    assert job.training_job_status in ("Completed", "Failed")
    assert job.training_end_time is not None and job.training_start_time is not None
    ran = (job.training_end_time - job.training_start_time).total_seconds()
    assert job.training_time_in_seconds is not None
    assert abs(job.training_time_in_seconds - ran) <= 1
    # The secondary statuses a recorded training job went through (see tests/fidelity).
    expected = (
        ["Starting", "Downloading", "Training", "Uploading", "Completed"]
        if job.training_job_status == "Completed"
        else ["Starting", "Downloading", "Training", "Failed"]
    )
    transitions = job.secondary_status_transitions or ()
    assert [str(t.status) for t in transitions] == expected
    assert transitions[-1].start_time == transitions[-1].end_time == job.training_end_time


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"training_job_definition": None}, "training-job-definition-required"),
        ({"strategy": "Grid"}, "grid-categorical-only"),
        (
            {"ranges": sh.ParameterRanges(integer_parameter_ranges=(BAD_INTEGER_RANGE,))},
            "range-min-max",
        ),
    ],
    ids=["no-definition", "grid-continuous", "min-above-max"],
)
def test_requests_the_rules_refuse_are_validation_errors_naming_the_path(
    client: TuningClient, changes: dict[str, Any], rule: str
) -> None:
    changes = dict(changes)  # the parameter dict is shared by both transports
    strategy = changes.pop("strategy", "Bayesian")
    request = tuning_request("refused", strategy=strategy, max_jobs=None, **changes)
    found = [v for v in rules.check(request) if v.severity == "error"]
    assert {v.rule for v in found} == {rule}
    finding = found[0]
    sent = client.boto_client.create_hyper_parameter_tuning_job
    with pytest.raises(ClientError) as info:
        sent(**to_api(request))
    assert info.value.response["Error"]["Code"] == "ValidationException"
    message = info.value.response["Error"]["Message"]
    assert finding.message in message
    if finding.path:  # named in the service's form (camelCase members, lists from 1)
        assert f"(at '{camel_path(finding.path)}')" in message
    with pytest.raises(errors.ResourceNotFound):
        client.describe_hyper_parameter_tuning_job("refused")


@pytest.mark.parametrize(
    "changes",
    [{"training_job_definitions": (definition(),)}, {"objective": None}],
    ids=["both-definitions", "no-objective"],
)
def test_requests_the_rules_only_warn_about_are_run(
    client: TuningClient, service: LocalSageMaker, changes: dict[str, Any]
) -> None:
    changes = dict(changes)
    drop_objective = changes.pop("objective", "keep") is None
    request = tuning_request("warned", max_jobs=2, **changes)
    if drop_objective:
        config = attrs.evolve(
            request.hyper_parameter_tuning_job_config, hyper_parameter_tuning_job_objective=None
        )
        request = attrs.evolve(request, hyper_parameter_tuning_job_config=config)
    assert [v for v in rules.check(request) if v.severity == "error"] == []
    client.boto_client.create_hyper_parameter_tuning_job(**to_api(request))
    final = client.wait_for_hyper_parameter_tuning_job("warned")
    assert final.hyper_parameter_tuning_job_status == "Completed"
    if drop_objective:  # nothing to optimize: training jobs complete without a metric
        assert final.best_training_job is None


def test_error_rules_of_sagemaker_tuning_rules_are_applied(client: TuningClient) -> None:
    request = tuning_request("ruled", strategy="Grid", max_jobs=None)
    expected = [v for v in rules.check(request) if v.severity == "error"]
    assert expected  # Grid over continuous and integer ranges breaks a service rule
    # The client refuses it before sending; the service is asked with the check turned off.
    with pytest.raises(errors.ServiceError) as info:
        client.create_hyper_parameter_tuning_job(request, check_rules=False)
    assert info.value.code == "ValidationException"
    # Each rule keeps its own words, in the service's envelope, joined as the service joins
    # its clauses.
    assert info.value.message == "; ".join(
        f"{v.message} (at '{camel_path(v.path)}')" for v in expected
    )


def test_limits_are_resource_limit_exceeded() -> None:
    client = LocalSageMaker(max_parallel_training_jobs=3, max_in_progress_tuning_jobs=1).client()
    with pytest.raises(errors.ResourceLimitExceeded, match="MaxParallelTrainingJobs"):
        client.create_hyper_parameter_tuning_job(tuning_request("wide", parallel=4))
    client.create_hyper_parameter_tuning_job(tuning_request("first", parallel=3))
    with pytest.raises(errors.ResourceLimitExceeded, match="in progress"):
        client.create_hyper_parameter_tuning_job(tuning_request("second", parallel=3))


# -- issue 20, item 8: what a hostile body or token gets is a 400, as from the service ---------

_LIST = "SageMaker.ListTrainingJobsForHyperParameterTuningJob"


def _token(data: Any) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


def _answer(service: LocalSageMaker, target: str, body: bytes) -> tuple[int, dict[str, Any]]:
    import json

    status, _headers, payload = service.handle(target, body)
    return status, json.loads(payload)


def test_deeply_nested_json_in_a_body_is_a_serialization_error_not_a_crash(
    service: LocalSageMaker,
) -> None:
    for depth in (100_000, 900):  # past json's own limit, and within it but deep to walk
        body = b'{"HyperParameterTuningJobName": "x", "Tags": ' + b"[" * depth + b"]" * depth
        status, answer = _answer(service, _LIST, body + b"}")
        assert status == 400
        assert answer["__type"] in ("SerializationException", "ValidationException")


def test_deeply_nested_json_in_a_next_token_is_a_validation_error_not_a_crash(
    service: LocalSageMaker,
) -> None:
    import base64
    import json

    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("nested", max_jobs=3))
    # 8 192 characters at most (the model's NextToken length): 3 000 levels, past json's limit.
    deep = base64.urlsafe_b64encode(b"[" * 3000 + b"]" * 3000).decode()
    body = {"HyperParameterTuningJobName": "nested", "NextToken": deep}
    status, answer = _answer(service, _LIST, json.dumps(body).encode())
    assert (status, answer["__type"]) == (400, "ValidationException")


def test_a_token_holding_a_bool_where_a_number_belongs_is_refused(
    client: TuningClient,
) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("bools", max_jobs=6))
    client.wait_for_hyper_parameter_tuning_job("bools")
    scope = ["bools", "CreationTime", False, "None"]
    forged = [
        {"scope": scope, "offset": True, "emptied": False},  # the offset tokens of before
        {"scope": scope, "after": [True, "x"], "emptied": False},
        {"scope": scope, "after": [float("nan"), "x"], "emptied": False},
        {"scope": scope, "after": ["text", "x"], "emptied": False},  # not this listing's type
        {"scope": scope, "after": None, "emptied": 0},
    ]
    for data in forged:
        with pytest.raises(errors.ServiceError) as info:
            client.list_training_jobs_for_hyper_parameter_tuning_job(
                sh.ListTrainingJobsForHyperParameterTuningJobRequest(
                    hyper_parameter_tuning_job_name="bools",
                    next_token=_token(data),
                    sort_by="CreationTime",
                )
            )
        assert info.value.code == "ValidationException", data


def test_paging_newest_first_while_jobs_are_created_lists_no_job_twice(
    client: TuningClient, service: LocalSageMaker
) -> None:
    assert isinstance(service.clock, VirtualClock)
    for i in range(5):
        client.create_hyper_parameter_tuning_job(tuning_request(f"old-{i}", max_jobs=1, parallel=1))
        service.clock.advance(1)
    newest = sh.ListHyperParameterTuningJobsRequest(
        sort_by="CreationTime", sort_order="Descending", max_results=2
    )
    first = client.list_hyper_parameter_tuning_jobs(newest)
    for i in range(3):  # created between the reader's pages: newer than every page's cursor
        client.create_hyper_parameter_tuning_job(tuning_request(f"new-{i}", max_jobs=1, parallel=1))
        service.clock.advance(1)
    seen = [s.hyper_parameter_tuning_job_name for s in first.hyper_parameter_tuning_job_summaries]
    token = first.next_token
    while token is not None:
        page = client.list_hyper_parameter_tuning_jobs(attrs.evolve(newest, next_token=token))
        seen += [
            s.hyper_parameter_tuning_job_name for s in page.hyper_parameter_tuning_job_summaries
        ]
        token = page.next_token
    assert seen == [f"old-{i}" for i in reversed(range(5))]
