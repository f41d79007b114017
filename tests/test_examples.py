"""The README's example script runs as shipped."""

from __future__ import annotations

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
