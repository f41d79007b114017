"""The one place that says what the generator covers and where it writes."""

from __future__ import annotations

from pathlib import Path

#: The operations the package covers. Adding one of the vendored botocore version's
#: operations is this one line and ``python -m codegen``: the closure of shapes it
#: reaches is computed from the whole vendored model at generation time.
OPERATIONS: tuple[str, ...] = (
    "CreateHyperParameterTuningJob",
    "DeleteHyperParameterTuningJob",
    "DescribeHyperParameterTuningJob",
    "DescribeTrainingJob",
    "ListHyperParameterTuningJobs",
    "ListTrainingJobsForHyperParameterTuningJob",
    "StopHyperParameterTuningJob",
)

SERVICE = "sagemaker"
API_VERSION = "2017-07-24"

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = Path(__file__).resolve().parent / "model"
#: botocore's SageMaker model files, vendored unchanged (``service-2.json.gz``,
#: ``paginators-1.json``) with ``SOURCE.json`` naming the botocore version and the
#: sha256 of the decompressed service model.
MODEL_PATH = MODEL_DIR / "botocore"
#: Supplementary models in botocore's format, written by hand for operations that are NOT in
#: botocore (each file says where it came from). Their shapes are merged into the vendored
#: model's (a shape of the same name must be identical); their operations are composites:
#: client methods answered by the wire operations each lists under ``composedOf``.
#: A supplement's ``optional`` may also relax required members of botocore's structures that
#: the service is recorded leaving out of its answers (``recorded/optional-output.json``).
SUPPLEMENTS: tuple[Path, ...] = (
    MODEL_DIR / "preview" / "describe-tuning-job.json",
    MODEL_DIR / "recorded" / "optional-output.json",
)
#: Unicode general-category ranges that the model's ``\p{..}`` classes expand to.
UNICODE_FILE = MODEL_DIR / "unicode.json"
#: The package; generated modules go to its ``_generated`` folder.
PACKAGE_DIR = ROOT / "sagemaker_tuning"
#: Where generated modules go, relative to the package directory.
GENERATED = "_generated"
