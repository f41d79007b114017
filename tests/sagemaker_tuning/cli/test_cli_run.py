"""``run REQUEST --trainer IMAGE=COMMAND --data S3URI=DIR``: a tuning job trained for real."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_samples import run

from sagemaker_tuning.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_SERVICE, EXIT_USAGE
from sagemaker_tuning.cli.run import parse_data, parse_trainer

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/quadratic:latest"

# A training script with no dependency: its loss is (x - 0.3)^2 over three "epochs"; it
# reads the train channel's first line as a label and writes its argv to the model.
SCRIPT = """
import json, os, sys, time
hp = json.load(open(os.path.join(os.environ["SM_INPUT_CONFIG_DIR"], "hyperparameters.json")))
if hp.get("mode") == "crash":
    open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w").write("ValueError: boom")
    sys.exit(1)
if hp.get("mode") == "hang":
    open(os.environ["PID_FILE"], "w").write(str(os.getpid()))
    time.sleep(600)
channel = os.environ.get("SM_CHANNEL_TRAIN")
label = open(os.path.join(channel, "data.txt")).read().strip() if channel else "none"
x = float(hp["x"])
for epoch in range(1, 4):
    print(f"epoch={epoch} data={label} loss={(x - 0.3) ** 2 + 1.0 / epoch:.6f}", flush=True)
os.makedirs(os.environ["SM_MODEL_DIR"], exist_ok=True)
json.dump(sys.argv[1:], open(os.path.join(os.environ["SM_MODEL_DIR"], "argv.json"), "w"))
"""


def request(jobs: int = 4, parallel: int = 2, **statics: str) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobName": "quadratic",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "RandomSeed": 1,
            "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "loss"},
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": jobs,
                "MaxParallelTrainingJobs": parallel,
            },
            "ParameterRanges": {
                "ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "1"}]
            },
        },
        "TrainingJobDefinition": {
            "AlgorithmSpecification": {
                "TrainingImage": IMAGE,
                "TrainingInputMode": "File",
                "MetricDefinitions": [{"Name": "loss", "Regex": r"loss=([0-9.]+)"}],
            },
            "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
            "InputDataConfig": [
                {
                    "ChannelName": "train",
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": "s3://bucket/date=2026-12-07/",
                        }
                    },
                }
            ],
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
            "ResourceConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 1,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 60},
            "StaticHyperParameters": dict(statics),
        },
    }


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(SCRIPT, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.txt").write_text("from-the-channel\n", encoding="utf-8")
    return tmp_path


def args(work: Path, doc: dict[str, Any], *extra: str) -> list[str]:
    path = work / "request.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    command = shlex.join([sys.executable, str(work / "train.py"), "--literal", "a b;$HOME|`x`"])
    return [
        "run",
        str(path),
        "--trainer",
        f"{IMAGE}={command}",
        "--data",
        f"s3://bucket/date=2026-12-07/={work / 'data'}",
        "--root",
        str(work / "root"),
        *extra,
    ]


def test_run_trains_every_job_and_prints_the_best_with_its_log(work: Path) -> None:
    code, out, err = run(*args(work, request()))
    assert code == EXIT_OK, err
    assert out.startswith("quadratic: Completed, 4/4 training jobs finished (4 completed")
    assert "Best training job  quadratic-" in out
    log_line = next(line for line in out.splitlines() if line.startswith("Log "))
    log = Path(log_line.split()[-1])
    assert log.is_file() and log.is_relative_to(work / "root")
    # The channel's S3 prefix (with '=' in it) was read from the --data directory.
    assert "data=from-the-channel loss=" in log.read_text(encoding="utf-8")
    model_line = next(line for line in out.splitlines() if line.startswith("Model file"))
    assert Path(model_line.split()[-1]).is_file()
    assert f"training logs and models go to {work / 'root'}" in err


def test_the_command_is_split_like_a_shell_line_and_run_without_a_shell(work: Path) -> None:
    code, out, err = run(*args(work, request(jobs=1, parallel=1), "--json"))
    assert code == EXIT_OK, err
    best = json.loads(out)["best_training_job"]["TrainingJobName"]
    model_dir = work / "root" / "training-jobs" / best / "ml" / "model"
    argv = json.loads((model_dir / "argv.json").read_text(encoding="utf-8"))
    # Metacharacters arrive literally; script mode's arguments follow (-x: a one-letter name).
    assert argv[:2] == ["--literal", "a b;$HOME|`x`"]
    assert argv[2] == "-x"


def test_json_output_is_one_document_with_the_logs(work: Path) -> None:
    code, out, err = run(*args(work, request(jobs=2, parallel=2), "--json"))
    assert (code, err) == (EXIT_OK, "")
    doc = json.loads(out)
    assert set(doc) == {"tuning_job", "top_training_jobs", "best_training_job", "root", "logs"}
    assert doc["tuning_job"]["HyperParameterTuningJobStatus"] == "Completed"
    assert len(doc["logs"]) == 2 and all(Path(p).is_file() for p in doc["logs"].values())


def test_a_failed_job_shows_its_failure_reason_and_log(work: Path) -> None:
    code, out, err = run(*args(work, request(jobs=1, parallel=1, mode="crash")))
    assert code == EXIT_SERVICE
    assert "error: tuning job quadratic ended Failed" in err
    assert "No training job reported the objective metric." in out
    failed = [line for line in out.splitlines() if line.startswith("Failed: ")]
    assert failed and failed[0].endswith("AlgorithmError: ValueError: boom")
    assert "metrics REQUEST LOGFILE" in out


def test_an_image_without_a_trainer_is_refused_before_anything_runs(work: Path) -> None:
    argv = args(work, request())
    argv[argv.index("--trainer") + 1] = f"other:latest={sys.executable} -c pass"
    code, _, err = run(*argv)
    assert code == EXIT_USAGE
    assert f"TrainingJobDefinition.AlgorithmSpecification.TrainingImage '{IMAGE}'" in err
    assert "has no trainer" in err
    assert not (work / "root").exists() or not any((work / "root").iterdir())


def test_an_invalid_request_is_refused_with_its_violations(work: Path) -> None:
    doc = request()
    del doc["TrainingJobDefinition"]["AlgorithmSpecification"]["MetricDefinitions"]
    code, _, err = run(*args(work, doc))
    assert code == EXIT_USAGE
    assert "A metric is required for this hyperparameter tuning job objective" in err
    assert "nothing was run" in err


def test_report_writes_the_html_page(work: Path) -> None:
    target = work / "report.html"
    code, _, err = run(*args(work, request(jobs=2, parallel=2), "--report", str(target)))
    assert code == EXIT_OK, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_ctrl_c_stops_the_trainers_and_says_so(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = work / "pid"
    monkeypatch.setenv("PID_FILE", str(pid_file))

    def interrupted_wait(*_: object, **__: object) -> None:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the trainer never started"
            time.sleep(0.05)
        raise KeyboardInterrupt

    monkeypatch.setattr("sagemaker_tuning.cli.run._wait", interrupted_wait)
    doc = request(jobs=1, parallel=1, mode="hang")
    argv = args(work, doc)
    # The trainer's environment is clean: PID_FILE reaches it through the command's env.
    argv[argv.index("--trainer") + 1] = (
        f"{IMAGE}=env PID_FILE={pid_file} {sys.executable} {work / 'train.py'}"
    )
    code, _, err = run(*argv)
    assert code == EXIT_INTERRUPTED
    assert "interrupted: stopped tuning job quadratic and its 1 running training job" in err
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_trainer_and_data_arguments_are_parsed_strictly(tmp_path: Path) -> None:
    assert parse_trainer("img:1=python 'my script.py' --x") == (
        "img:1",
        ["python", "my script.py", "--x"],
    )
    assert parse_data(f"s3://b/k=v/={tmp_path}") == ("s3://b/k=v/", str(tmp_path))
    for bad in ("no-equals", "=python x", "img=", "img='unclosed"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_trainer(bad)
    for bad in ("/local=dir", f"s3://b/={tmp_path / 'missing'}", "s3://b/no-dir"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_data(bad)
