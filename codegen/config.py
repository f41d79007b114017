"""The one place that says what the generator covers and where it writes."""

from __future__ import annotations

from pathlib import Path

#: The operations the package covers. Adding one is a one-line change here,
#: followed by ``python -m codegen update-model`` and ``python -m codegen``.
OPERATIONS: tuple[str, ...] = (
    "CreateHyperParameterTuningJob",
    "DescribeHyperParameterTuningJob",
    "DescribeTrainingJob",
    "ListTrainingJobsForHyperParameterTuningJob",
    "StopHyperParameterTuningJob",
)

SERVICE = "sagemaker"
API_VERSION = "2017-07-24"

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = Path(__file__).resolve().parent / "model"
#: The vendored closure of botocore's SageMaker model.
MODEL_FILE = MODEL_DIR / "sagemaker.json"
#: Unicode general-category ranges that the model's ``\p{..}`` classes expand to.
UNICODE_FILE = MODEL_DIR / "unicode.json"
#: Where the generated modules go.
PACKAGE_DIR = ROOT / "sagemaker_tuning"
