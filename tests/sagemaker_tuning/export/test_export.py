"""``sagemaker_tuning.export`` itself: what importing it costs."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_module_or_the_command_line_imports_neither_optuna_nor_mlflow() -> None:
    code = (
        "import sys, sagemaker_tuning.export, sagemaker_tuning.cli.parser; "
        "from sagemaker_tuning.export import to_mlflow, to_optuna; "
        "print(sorted(m for m in ('optuna', 'mlflow', 'sqlalchemy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
