"""sagemaker_tuning._parsing: a body of the wrong JSON types never crashes inside botocore."""

from __future__ import annotations

from typing import Any

import pytest
from client_samples import SendCounter, summary, tuning_job

from sagemaker_tuning import serde
from sagemaker_tuning.client import TuningClient


def answering(client: TuningClient, body: Any, status: int = 200) -> None:
    """Answer every request of ``client`` with ``body`` (any JSON), never sending."""
    counter = SendCounter(status=status)
    counter.body = body  # any JSON, ``null`` included (the constructor takes None for {})
    client.boto_client.meta.events.register(
        "before-send.sagemaker", counter, unique_id="parsing-tests"
    )


@pytest.fixture
def fresh() -> Any:
    """A client of its own (the hook stays registered on it)."""
    return TuningClient.create(region_name="us-east-1")


WRONG = [
    ("a string for a structure", {"ConsumedResources": "not an object"}, "consumed_resources"),
    ("a list for a structure", {"BestTrainingJob": [1, 2]}, "best_training_job"),
    ("a number for a list", {"TrainingJobDefinitions": 7}, "training_job_definitions"),
    ("a list for a map", {"Tags": {"k": "v"}}, None),  # Tags is no member: ignored
    ("an object for a list", {"TrainingJobDefinitions": {"a": 1}}, "training_job_definitions"),
]


@pytest.mark.parametrize(("case", "extra", "member"), WRONG, ids=[w[0] for w in WRONG])
def test_a_member_of_the_wrong_json_type_reads_as_missing(
    fresh: TuningClient, case: str, extra: dict[str, Any], member: str | None
) -> None:
    answering(fresh, tuning_job("InProgress", **extra))
    described = fresh.describe_hyper_parameter_tuning_job("tj")
    assert described.hyper_parameter_tuning_job_status == "InProgress"
    if member is not None:
        assert getattr(described, member) is None  # optional: missing


def test_a_required_structure_of_the_wrong_type_gets_its_stand_in(fresh: TuningClient) -> None:
    answering(fresh, tuning_job("InProgress", TrainingJobStatusCounters="three"))
    described = fresh.describe_hyper_parameter_tuning_job("tj")
    assert described.training_job_status_counters.completed is None
    assert "TrainingJobStatusCounters" in serde.filled_in(described)


def test_wrongly_typed_items_and_map_values_are_dropped(fresh: TuningClient) -> None:
    good = summary(1)
    answering(
        fresh,
        {"TrainingJobSummaries": ["junk", good, 3, {**summary(2), "TunedHyperParameters": [1]}]},
    )
    page = fresh.list_training_jobs_for_hyper_parameter_tuning_job("tj")
    names = [s.training_job_name for s in page.training_job_summaries]
    assert names == ["job-00001", "job-00002"]
    assert page.training_job_summaries[1].tuned_hyper_parameters == {}


@pytest.mark.parametrize("body", [[1, 2], "text", 3, None])
def test_a_body_that_is_no_json_object_reads_as_an_empty_answer(
    fresh: TuningClient, body: Any
) -> None:
    answering(fresh, body)
    page = fresh.list_training_jobs_for_hyper_parameter_tuning_job("tj")
    assert page.training_job_summaries == ()


def test_an_error_body_that_is_no_json_object_is_still_a_typed_error(fresh: TuningClient) -> None:
    from sagemaker_tuning.errors import ServiceError

    answering(fresh, ["not", "an", "error"], status=400)
    with pytest.raises(ServiceError):
        fresh.describe_hyper_parameter_tuning_job("tj")


def test_botocore_own_parser_raises_on_the_same_answer(boto_client: Any) -> None:
    # What the tolerant parser is for: the plain botocore client crashes inside its parser.
    counter = SendCounter(tuning_job("InProgress", ConsumedResources="not an object"))
    events = boto_client.meta.events
    events.register("before-send.sagemaker", counter, unique_id="parsing-tests-plain")
    try:
        with pytest.raises(AttributeError):
            boto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tj")
    finally:
        events.unregister("before-send.sagemaker", unique_id="parsing-tests-plain")


def test_install_parsers_gives_a_session_of_ones_own_the_same_tolerance() -> None:
    import botocore.session

    from sagemaker_tuning.client import install_parsers, parse_utc_timestamp

    session = botocore.session.Session()
    install_parsers(session)
    wrapped = TuningClient(session.create_client("sagemaker", region_name="us-east-1"))
    # Epoch milliseconds: parse_utc_timestamp reads them, botocore's own parser cannot.
    millis = 1_700_000_000_000
    answering(
        wrapped, tuning_job("InProgress", ConsumedResources="not an object", CreationTime=millis)
    )
    described = wrapped.describe_hyper_parameter_tuning_job("tj")
    assert described.consumed_resources is None
    assert described.creation_time == parse_utc_timestamp(millis / 1000)
