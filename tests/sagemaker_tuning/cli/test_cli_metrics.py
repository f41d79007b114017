"""``metrics REQUEST LOGFILE``: which definition matches which line, and what it yields."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from cli_samples import run

from sagemaker_tuning.cli import EXIT_OK, EXIT_SERVICE, EXIT_USAGE

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
DEFINITIONS = [
    {"Name": "train:loss", "Regex": r"train_loss=([0-9.eE+-]+)"},
    {"Name": "validation:loss", "Regex": r"validation_loss=([0-9.eE+-]+)"},
]
LOG = (
    "starting\n"
    "epoch=1 train_loss=0.9 validation_loss=0.8\n"
    "epoch=2 train_loss=0.5 validation_loss=0.45\n"
    "epoch=3 train_loss=0.3 validation_loss=0.40\n"
    "done\n"
)


def definition(image: str = IMAGE, metrics: list[dict[str, str]] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"TrainingImage": image, "TrainingInputMode": "File"}
    if metrics is not None:
        spec["MetricDefinitions"] = metrics
    return {
        "AlgorithmSpecification": spec,
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        "StoppingCondition": {"MaxRuntimeInSeconds": 60},
    }


def request(objective: str = "validation:loss", **definition_args: Any) -> dict[str, Any]:
    if "metrics" not in definition_args:
        definition_args["metrics"] = copy.deepcopy(DEFINITIONS)
    return {
        "HyperParameterTuningJobName": "metrics-test",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": objective},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
            "ParameterRanges": {
                "ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "1"}]
            },
        },
        "TrainingJobDefinition": definition(**definition_args),
    }


def files(tmp_path: Path, doc: dict[str, Any], log: str = LOG) -> tuple[str, str]:
    req, log_file = tmp_path / "request.json", tmp_path / "train.log"
    req.write_text(json.dumps(doc), encoding="utf-8")
    log_file.write_text(log, encoding="utf-8")
    return str(req), str(log_file)


def test_every_definition_shows_its_matching_lines_and_final_value(tmp_path: Path) -> None:
    code, out, err = run("metrics", *files(tmp_path, request()))
    assert (code, err) == (EXIT_OK, "")
    assert "TrainingJobDefinition (objective validation:loss; definitions from request)" in out
    assert "train:loss  regex" in out and "validation:loss [objective]  regex" in out
    assert "3 matching lines, final value 0.3 (line 4)" in out  # train:loss
    assert "3 matching lines, final value 0.4 (line 4)" in out  # the objective: the last value
    assert "line 2: 0.8  | epoch=1 train_loss=0.9 validation_loss=0.8" in out
    assert out.rstrip().endswith("train.log: 5 lines read")


def test_an_objective_that_never_matches_exits_1_with_a_hint(tmp_path: Path) -> None:
    log = LOG.replace("validation_loss", "val_loss")
    code, out, err = run("metrics", *files(tmp_path, request(), log))
    assert code == EXIT_SERVICE
    assert "validation:loss [objective]" in out and "no line matches" in out
    lines = err.splitlines()
    assert lines[0].startswith("sagemaker-tuning: error: TrainingJobDefinition: the objective")
    assert "'validation:loss' never yields a value" in lines[0]
    assert lines[1].startswith("hint: no line of ") and "'validation_loss='" in lines[1]


def test_the_hint_shows_a_line_that_holds_the_text_but_does_not_match(tmp_path: Path) -> None:
    log = LOG.replace("validation_loss=0.", "validation_loss= 0.")  # a space the regex lacks
    code, _, err = run("metrics", *files(tmp_path, request(), log))
    assert code == EXIT_SERVICE
    assert "hint: line 2 contains 'validation_loss=' but the regex" in err


def test_a_group_that_is_not_a_number_is_shown_as_no_value(tmp_path: Path) -> None:
    metrics = [{"Name": "validation:loss", "Regex": r"validation_loss=(\S*)"}]
    log = "validation_loss=nan\nvalidation_loss=n/a\n"
    code, out, err = run("metrics", *files(tmp_path, request(metrics=metrics), log))
    assert code == EXIT_SERVICE
    assert "line 1: no value ('nan' is not a finite number" in out
    assert "hint: line 1 matches, but 'nan' is not a finite number" in err


def test_json_output_is_one_document_with_every_metric(tmp_path: Path) -> None:
    code, out, err = run("--json", "metrics", *files(tmp_path, request()))
    assert (code, err) == (EXIT_OK, "")
    doc = json.loads(out)
    assert doc["objective_matched"] is True and doc["lines"] == 5
    [d] = doc["definitions"]
    assert (d["path"], d["objective_metric"], d["objective_value"]) == (
        "TrainingJobDefinition",
        "validation:loss",
        0.4,
    )
    assert [m["name"] for m in d["metrics"]] == ["train:loss", "validation:loss"]
    assert [m["line_number"] for m in d["metrics"][1]["first_matches"]] == [2, 3, 4]


def test_an_unusable_regex_is_reported_and_the_others_still_match(tmp_path: Path) -> None:
    metrics = [{"Name": "train:loss", "Regex": "train_loss=[0-9.]+"}, DEFINITIONS[1]]
    code, out, _ = run("metrics", *files(tmp_path, request(metrics=metrics)))
    assert code == EXIT_OK
    assert "unusable: metric regex 'train_loss=[0-9.]+' has no capturing group" in out
    assert "final value 0.4 (line 4)" in out


def test_a_custom_image_without_definitions_exits_1_quoting_the_service(tmp_path: Path) -> None:
    code, out, err = run("metrics", *files(tmp_path, request(metrics=None)))
    assert code == EXIT_SERVICE
    assert "definitions from none" in out
    assert "A metric is required for this hyperparameter tuning job objective" in err


def test_a_built_in_image_is_matched_with_the_definitions_the_service_supplies(
    tmp_path: Path,
) -> None:
    log = "[0]#011train-rmse:0.5#011validation-rmse:0.61\n[1]#011train-rmse:0.4#011validation-rmse:0.52\n"
    doc = request("validation:rmse", image=XGBOOST, metrics=None)
    code, out, _ = run("metrics", *files(tmp_path, doc, log))
    assert code == EXIT_OK
    assert "definitions from built-in algorithm" in out
    assert "validation:rmse [objective]" in out and "final value 0.52 (line 2)" in out


def test_each_training_job_definitions_entry_is_checked_with_its_path(tmp_path: Path) -> None:
    doc = request()
    first = doc.pop("TrainingJobDefinition")
    second = copy.deepcopy(first)
    second["AlgorithmSpecification"]["MetricDefinitions"][1]["Regex"] = r"val_loss=([0-9.]+)"
    doc["TrainingJobDefinitions"] = [
        {**first, "DefinitionName": "a"},
        {**second, "DefinitionName": "b"},
    ]
    code, out, err = run("metrics", *files(tmp_path, doc))
    assert code == EXIT_SERVICE
    assert "TrainingJobDefinitions[0] (objective validation:loss" in out
    assert "TrainingJobDefinitions[1] (objective validation:loss" in out
    assert "error: TrainingJobDefinitions[1]: the objective metric" in err
    assert "TrainingJobDefinitions[0]: the objective" not in err


def test_line_numbers_count_across_the_whole_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sagemaker_tuning.cli.metrics._CHUNK", 2)  # the log read in pieces
    code, out, _ = run("--json", "metrics", *files(tmp_path, request()))
    assert code == EXIT_OK
    metric = json.loads(out)["definitions"][0]["metrics"][1]
    assert [m["line_number"] for m in metric["first_matches"]] == [2, 3, 4]
    assert metric["final_line"] == 4


def test_an_unreadable_log_or_invalid_request_is_a_usage_error(tmp_path: Path) -> None:
    req, _ = files(tmp_path, request())
    code, _, err = run("metrics", req, str(tmp_path / "missing.log"))
    assert code == EXIT_USAGE and "cannot read" in err
    bad = request()
    del bad["TrainingJobDefinition"]["RoleArn"]
    code, _, err = run("metrics", *files(tmp_path, bad))
    assert code == EXIT_USAGE and "breaks the model" in err
