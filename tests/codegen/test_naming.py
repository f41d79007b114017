"""The generator's copy of botocore's xform_name, and the names derived from it."""

from __future__ import annotations

import botocore
import pytest

from codegen import config
from codegen.loader import read_botocore
from codegen.naming import attribute_name, constant_name, xform_name


def _model_names() -> set[str]:
    model = read_botocore(config.MODEL_PATH)
    names = set(model["operations"])
    for shape in model["shapes"].values():
        names.update(shape.get("members", {}))
    return names


def test_xform_name_agrees_with_botocore_on_every_model_name() -> None:
    names = _model_names()
    assert len(names) > 200
    mismatches = {
        n: (xform_name(n), botocore.xform_name(n))
        for n in names
        if xform_name(n) != botocore.xform_name(n)
    }
    assert mismatches == {}


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("HyperParameterTuningJobName", "hyper_parameter_tuning_job_name"),
        ("VolumeSizeInGB", "volume_size_in_gb"),
        ("SecurityGroupIds", "security_group_ids"),
        ("KmsKeyId", "kms_key_id"),
        ("DatasetARNs", "dataset_arns"),
        ("Type", "type"),
        ("Lambda", "lambda_"),
        ("Match", "match_"),
    ],
)
def test_attribute_names(member: str, expected: str) -> None:
    assert attribute_name(member) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("InProgress", "IN_PROGRESS"),
        ("ml.m5.large", "ML_M5_LARGE"),
        ("dark-blue", "DARK_BLUE"),
        ("Completed", "COMPLETED"),
        ("2xlarge", "V_2XLARGE"),
        ("FinalObjectiveMetricValue", "FINAL_OBJECTIVE_METRIC_VALUE"),
    ],
)
def test_constant_names(value: str, expected: str) -> None:
    assert constant_name(value) == expected
