"""One training job run for real: contract, environment, log, metrics, artifacts."""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path

import attrs
import pytest
import runner_samples as rs

from sagemaker_tuning import serde, shapes
from sagemaker_tuning.local import LocalTrainer
from sagemaker_tuning.local._runner import TrainingSpec, local_path, log_path

DUMP = (
    "import json, os, sys\n"
    "env = {k: v for k, v in os.environ.items()}\n"
    "out = os.path.join(os.environ['SM_OUTPUT_DATA_DIR'], 'seen.json')\n"
    "json.dump({'env': env, 'argv': sys.argv[1:], 'cwd': os.getcwd()}, open(out, 'w'))\n"
    "open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.bin'), 'w').write('weights')\n"
    "print('loss=0.5')\n"
)


def seen(root: Path, name: str = "job-1") -> dict[str, object]:
    path = root / "training-jobs" / name / "ml" / "output" / "data" / "seen.json"
    loaded: dict[str, object] = json.loads(path.read_text())
    return loaded


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "datasets" / "train"
    data.mkdir(parents=True)
    (data / "a.csv").write_text("1,2\n")
    (data / "sub").mkdir()
    (data / "sub" / "b.csv").write_text("3,4\n")
    return tmp_path / "datasets"


def test_config_files_have_every_hyperparameter_as_a_string(tmp_path: Path, data_dir: Path) -> None:
    root = tmp_path / "root"
    hps = {"lr": "0.1", "epochs": "3", "_tuning_objective_metric": "loss"}
    outcome = rs.run(
        rs.spec(
            root,
            rs.python(DUMP),
            hyperparameters=hps,
            channels={"train": "s3://bucket/data/train/"},
            data={"s3://bucket/data/": data_dir},
        )
    )
    assert outcome.status == "Completed", outcome.failure_reason
    config = root / "training-jobs" / "job-1" / "ml" / "input" / "config"
    assert json.loads((config / "hyperparameters.json").read_text()) == hps
    assert json.loads((config / "inputdataconfig.json").read_text()) == {
        "train": {
            "TrainingInputMode": "File",
            "S3DistributionType": "FullyReplicated",
            "RecordWrapperType": "None",
        }
    }
    resource = json.loads((config / "resourceconfig.json").read_text())
    assert resource["current_host"] == "algo-1"
    assert resource["hosts"] == ["algo-1"]
    assert resource["network_interface_name"] == "eth0"
    assert resource["current_instance_type"] == "ml.m5.large"


def test_toolkit_environment_and_script_mode_arguments(tmp_path: Path, data_dir: Path) -> None:
    root = tmp_path / "root"
    rs.run(
        rs.spec(
            root,
            rs.python(DUMP),
            hyperparameters={"lr": "0.1", "b": "2", "_tuning_objective_metric": "loss"},
            channels={"train": "s3://bucket/data/train/"},
            data={"s3://bucket/data/": data_dir},
        )
    )
    found = seen(root)
    env = found["env"]
    assert isinstance(env, dict)
    ml = root / "training-jobs" / "job-1" / "ml"
    assert found["argv"] == ["-b", "2", "--lr", "0.1"]
    assert env["SM_MODEL_DIR"] == str(ml / "model")
    assert env["SM_CHANNELS"] == '["train"]'
    assert env["SM_CHANNEL_TRAIN"] == str(ml / "input" / "data" / "train")
    assert json.loads(env["SM_HPS"]) == {"b": 2, "lr": 0.1}
    assert env["SM_HP_LR"] == "0.1" and env["SM_HP_B"] == "2"
    assert env["SM_OUTPUT_DATA_DIR"] == str(ml / "output" / "data")
    assert env["SM_OUTPUT_DIR"] == str(ml / "output")
    assert env["SM_INPUT_DIR"] == str(ml / "input")
    assert env["SM_INPUT_CONFIG_DIR"] == str(ml / "input" / "config")
    assert env["SM_CURRENT_HOST"] == "algo-1"
    assert env["SM_HOSTS"] == '["algo-1"]'
    assert int(env["SM_NUM_CPUS"]) >= 1 and env["SM_NUM_GPUS"] == "0"
    assert json.loads(env["SM_USER_ARGS"]) == ["-b", "2", "--lr", "0.1"]
    assert json.loads(env["SM_TRAINING_ENV"])["job_name"] == "job-1"
    assert env["TRAINING_JOB_NAME"] == "job-1"
    assert env["SAGEMAKER_BASE_DIR"] == str(ml)


def run_with_channel(root: Path, uri: str, data: dict[str, Path]) -> Path:
    """Run a trivial job with one channel ``train``; its channel directory."""
    rs.run(rs.spec(root, rs.python("print('loss=1')"), channels={"train": uri}, data=data))
    return root / "training-jobs" / "job-1" / "ml" / "input" / "data" / "train"


def file_channel_spec(root: Path, uri: str, code: str) -> TrainingSpec:
    """A spec whose channel ``train`` has a file:// URI.

    SageMaker's model refuses file:// in S3Uri, so such a request only exists locally: it is
    built through the lenient path, as a request read back from the local service is.
    """
    wire = serde.to_api(rs.definition())
    source = {"S3DataType": "S3Prefix", "S3Uri": uri}
    wire["InputDataConfig"] = [{"ChannelName": "train", "DataSource": {"S3DataSource": source}}]
    definition = serde.from_api(shapes.HyperParameterTrainingJobDefinition, wire)
    return attrs.evolve(rs.spec(root, rs.python(code)), definition=definition)


LIST_CHANNEL = "import os; print(sorted(os.listdir(os.environ['SM_CHANNEL_TRAIN'])))"


def test_channel_data_is_copied_not_linked(tmp_path: Path, data_dir: Path) -> None:
    channel = run_with_channel(
        tmp_path / "root", "s3://bucket/data/train/", {"s3://bucket/data/": data_dir}
    )
    assert (channel / "a.csv").read_text() == "1,2\n"
    assert (channel / "sub" / "b.csv").read_text() == "3,4\n"
    assert not (channel / "a.csv").is_symlink()


def test_prefix_without_slash_delivers_matching_keys_with_their_names(
    tmp_path: Path, data_dir: Path
) -> None:
    (data_dir / "train.csv").write_text("x\n")
    (data_dir / "test.csv").write_text("y\n")
    channel = run_with_channel(
        tmp_path / "root", "s3://bucket/data/train", {"s3://bucket/data/": data_dir}
    )
    assert sorted(p.name for p in channel.iterdir()) == ["train", "train.csv"]


def test_file_uri_channel(tmp_path: Path, data_dir: Path) -> None:
    training = file_channel_spec(tmp_path / "root", f"file://{data_dir / 'train'}", LIST_CHANNEL)
    outcome = rs.run(training)
    assert outcome.status == "Completed", outcome.failure_reason
    assert outcome.log_path.read_text().strip() == "['a.csv', 'sub']"


def test_file_uri_naming_one_file_delivers_only_that_file(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "train" / "a.csv.bak").write_text("old")
    uri = f"file://{data_dir / 'train' / 'a.csv'}"
    outcome = rs.run(file_channel_spec(tmp_path / "root", uri, LIST_CHANNEL))
    assert outcome.log_path.read_text().strip() == "['a.csv']"


def test_model_tar_gz_is_written_at_the_output_path(tmp_path: Path) -> None:
    root = tmp_path / "root"
    outcome = rs.run(rs.spec(root, rs.python(DUMP), output="s3://bucket/models/"))
    assert outcome.model_artifacts == "s3://bucket/models/job-1/output/model.tar.gz"
    archive = local_path(outcome.model_artifacts, root=root, data={})
    assert archive == root / "s3/bucket/models/job-1/output/model.tar.gz"
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["model.bin"]
        member = tar.extractfile("model.bin")
        assert member is not None and member.read() == b"weights"
    assert (archive.parent / "output.tar.gz").exists()


def test_model_goes_where_data_maps_the_output_bucket(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    outcome = rs.run(rs.spec(tmp_path / "root", rs.python(DUMP), data={"s3://bucket/": outputs}))
    assert (outputs / "output" / "job-1" / "output" / "model.tar.gz").exists()
    assert outcome.model_artifacts == "s3://bucket/output/job-1/output/model.tar.gz"


def test_caller_aws_credentials_do_not_reach_the_trainer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "caller-secret")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIACALLER")
    monkeypatch.setenv("SOME_CALLER_VARIABLE", "x")
    root = tmp_path / "root"
    rs.run(rs.spec(root, rs.python(DUMP)))
    env = seen(root)["env"]
    assert isinstance(env, dict)
    assert not [k for k in env if k.startswith("AWS_")]
    assert "SOME_CALLER_VARIABLE" not in env
    assert "caller-secret" not in json.dumps(env)
    assert env["HOME"] == str(root / "training-jobs" / "job-1" / "home")


def test_env_passed_to_the_trainer_reaches_it(tmp_path: Path) -> None:
    root = tmp_path / "root"
    trainer = LocalTrainer.command([rs.PY, "-c", DUMP], env={"AWS_PROFILE": "dev", "SEED": "7"})
    rs.run(rs.spec(root, trainer))
    env = seen(root)["env"]
    assert isinstance(env, dict)
    assert env["AWS_PROFILE"] == "dev" and env["SEED"] == "7"


def test_command_runs_in_its_cwd(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "train.py").write_text(DUMP)
    root = tmp_path / "root"
    outcome = rs.run(rs.spec(root, LocalTrainer.command([rs.PY, "train.py"], cwd=work)))
    assert outcome.status == "Completed", outcome.failure_reason
    assert seen(root)["cwd"] == str(work)


def test_function_trainer_receives_its_training_environment(tmp_path: Path) -> None:
    root = tmp_path / "root"
    outcome = rs.run(
        rs.spec(
            root,
            LocalTrainer.function(rs.train_with_environment),
            hyperparameters={"lr": "0.25", "_tuning_objective_metric": "loss"},
        )
    )
    assert outcome.status == "Completed", outcome.failure_reason
    first = outcome.log_path.read_text().splitlines()[0]
    assert json.loads(first) == {
        "hyperparameters": {"lr": "0.25", "_tuning_objective_metric": "loss"},
        "argv": ["--lr", "0.25"],
    }
    assert outcome.objective == 0.5
    assert (root / "training-jobs/job-1/ml/model/weights.txt").read_text() == "0.25"


def test_function_trainer_without_parameters_reports_on_stderr(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, LocalTrainer.function(rs.train_without_arguments)))
    assert outcome.status == "Completed"
    assert outcome.final_metrics == {"loss": 0.125}


def test_function_trainer_exception_becomes_the_failure_reason(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, LocalTrainer.function(rs.train_and_raise)))
    assert outcome.status == "Failed"
    assert outcome.failure_reason == "AlgorithmError: ValueError: learning rate too high"
    assert outcome.exit_code == 1
    assert outcome.model_artifacts is None
    assert "Traceback" in outcome.log_path.read_text()
    assert outcome.final_metrics == {"loss": 0.5}


def test_log_keeps_stdout_and_stderr_and_is_found_by_name(tmp_path: Path) -> None:
    code = "import sys; print('to stdout'); print('to stderr', file=sys.stderr)"
    outcome = rs.run(rs.spec(tmp_path, rs.python(code)))
    assert outcome.log_path == log_path(tmp_path, "job-1")
    assert outcome.log_path.read_text().splitlines() == ["to stdout", "to stderr"]


def test_metrics_are_extracted_in_log_order_with_line_numbers(tmp_path: Path) -> None:
    code = "import sys\nfor i in range(3): print(f'epoch {i} loss={1/(i+1)}', file=sys.stderr if i % 2 else sys.stdout)"
    running = rs.started(rs.spec(tmp_path, rs.python(code)))
    outcome = running.wait(20)
    assert outcome is not None
    assert [(p.value, p.line_number) for p in running.metrics()] == [(1.0, 1), (0.5, 2), (1 / 3, 3)]
    assert outcome.final_metrics == {"loss": 1 / 3}
    assert outcome.objective == 1 / 3


def test_objective_that_never_matched_is_none(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, rs.python("print('accuracy 0.9')")))
    assert outcome.status == "Completed"
    assert outcome.objective is None and outcome.final_metrics == {}


def test_stand_in_for_a_builtin_image_gets_the_service_definitions(tmp_path: Path) -> None:
    image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.5-1"
    outcome = rs.run(
        rs.spec(
            tmp_path,
            rs.python("print('[0]#011train-rmse:0.9#011validation-rmse:0.75')"),
            image=image,
            metrics={},
            objective="validation:rmse",
        )
    )
    assert outcome.objective == 0.75
    assert outcome.final_metrics["train:rmse"] == 0.9


def test_rerun_of_a_name_starts_a_fresh_tree_and_appends_the_log(tmp_path: Path) -> None:
    first = rs.run(rs.spec(tmp_path, rs.python(DUMP)))
    stray = tmp_path / "training-jobs/job-1/ml/model/stray"
    stray.write_text("old")
    second = rs.run(rs.spec(tmp_path, rs.python("print('loss=0.25')")))
    assert not stray.exists()
    assert second.log_path.read_text().splitlines() == ["loss=0.5", "loss=0.25"]
    assert first.log_path == second.log_path


def test_metrics_from_an_index_skip_what_a_poller_has_seen(tmp_path: Path) -> None:
    running = rs.started(rs.spec(tmp_path, rs.python("for i in range(5): print(f'loss={i}')")))
    assert running.wait(20) is not None
    assert [p.value for p in running.metrics(3)] == [3.0, 4.0]
    assert running.metrics(10) == []


def test_function_defined_in_a_script_runs_from_that_script(tmp_path: Path) -> None:
    script = tmp_path / "tune.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from pathlib import Path\n"
        "import runner_samples as rs\n"
        "from sagemaker_tuning.local import LocalTrainer\n"
        "def train(env):\n"
        "    print(f\"loss={env.hyperparameters['lr']}\")\n"
        "if __name__ == '__main__':\n"
        "    trainer = LocalTrainer.function(train)\n"
        f"    outcome = rs.run(rs.spec(Path({str(tmp_path / 'root')!r}), trainer, hyperparameters={{'lr': '0.75'}}))\n"
        "    print(outcome.status, outcome.objective, trainer.main_path)\n"
    )
    done = subprocess.run([rs.PY, str(script)], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["Completed", "0.75", str(script)], done.stderr


def test_two_jobs_run_at_once_each_with_its_own_log(tmp_path: Path) -> None:
    # Each job waits (bounded) for the other's marker, so both finish only if they overlap.
    def code(mine: str, other: str) -> str:
        return (
            "import os, time, pathlib\n"
            f"pathlib.Path({str(tmp_path / mine)!r}).touch()\n"
            "end = time.monotonic() + 10\n"
            f"while not os.path.exists({str(tmp_path / other)!r}) and time.monotonic() < end:\n"
            "    time.sleep(0.01)\n"
            f"print('loss=' + str(int(os.path.exists({str(tmp_path / other)!r}))), {mine!r})\n"
        )

    root = tmp_path / "root"
    first = rs.started(rs.spec(root, rs.python(code("a", "b")), name="job-a"))
    second = rs.started(rs.spec(root, rs.python(code("b", "a")), name="job-b"))
    one, two = first.wait(20), second.wait(20)
    assert one is not None and two is not None
    assert (one.objective, two.objective) == (1.0, 1.0)
    assert one.log_path.read_text().strip() == "loss=1 a"
    assert two.log_path.read_text().strip() == "loss=1 b"


def test_stop_after_the_job_ended_changes_nothing(tmp_path: Path) -> None:
    running = rs.started(rs.spec(tmp_path, rs.python("print('loss=2')")))
    outcome = running.wait(20)
    running.stop()
    assert running.poll() == outcome
    assert outcome is not None and outcome.status == "Completed"
