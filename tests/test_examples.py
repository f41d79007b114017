"""The example scripts run as shipped: the README's quickstart and the demo's training script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_example_runs_and_finds_the_validation_error() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("Completed ")
    assert "MaxParallelTrainingJobs: expected a value >= 1, got 0" in result.stdout


# -- the demo's training script (examples/train_digits.py runs the package's copy)


def _sagemaker_tree(tmp_path: Path, hyperparameters: dict[str, str]) -> dict[str, str]:
    """The environment and ``/opt/ml``-shaped tree SageMaker gives a training script."""
    config = tmp_path / "input" / "config"
    config.mkdir(parents=True)
    (config / "hyperparameters.json").write_text(json.dumps(hyperparameters), encoding="utf-8")
    return {
        "PATH": os.environ.get("PATH", ""),
        "SM_INPUT_CONFIG_DIR": str(config),
        "SM_MODEL_DIR": str(tmp_path / "model"),
        "SM_OUTPUT_DIR": str(tmp_path / "output"),
    }


def test_train_digits_reads_hyperparameters_as_sagemaker_gives_them(tmp_path: Path) -> None:
    # hyperparameters.json (every value a string, the service's own key included) under
    # script mode's arguments, which win.
    env = _sagemaker_tree(
        tmp_path, {"epochs": "3", "learning_rate": "0.5", "_tuning_objective_metric": "x"}
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "train_digits.py"), "--learning_rate", "0.3"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, *epochs = result.stdout.splitlines()
    assert json.loads(first.removeprefix("hyperparameters: "))["learning_rate"] == 0.3
    assert [line.split()[0] for line in epochs] == ["epoch=1", "epoch=2", "epoch=3"]
    assert (tmp_path / "model" / "model.npz").is_file()


def test_train_digits_metric_definitions_match_every_epoch_line(tmp_path: Path) -> None:
    from sagemaker_tuning import shapes
    from sagemaker_tuning.examples.train_digits import METRIC_DEFINITIONS
    from sagemaker_tuning.local._metrics import match_lines

    env = _sagemaker_tree(tmp_path, {"epochs": "2"})
    result = subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning.examples.train_digits"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    definitions = [
        shapes.MetricDefinition(name=m["Name"], regex=m["Regex"]) for m in METRIC_DEFINITIONS
    ]
    matches = match_lines(definitions, result.stdout.splitlines())
    assert sorted({(m.line_number, m.metric_name) for m in matches}) == [
        (line, name) for line in (2, 3) for name in sorted(m["Name"] for m in METRIC_DEFINITIONS)
    ]
    assert all(m.value is not None and 0 <= m.value for m in matches)


def test_train_digits_failure_writes_output_failure_and_exits_1(tmp_path: Path) -> None:
    env = _sagemaker_tree(tmp_path, {"activation": "sigmoid"})
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "train_digits.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    reason = (tmp_path / "output" / "failure").read_text(encoding="utf-8")
    assert reason == "ValueError: activation must be relu or tanh, got 'sigmoid'"
    assert not (tmp_path / "model" / "model.npz").exists()


def test_readme_example_runs_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Example\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    result = subprocess.run(
        [sys.executable, "-c", example],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Completed"
    assert len([line for line in lines if line.startswith("churn-xgb-")]) == 12
    assert "MaxParallelTrainingJobs: expected a value >= 1, got 0" in result.stdout
