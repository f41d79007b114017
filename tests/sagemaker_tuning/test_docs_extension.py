"""The docs extension: clean class signatures and an overview of every shape by operation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import attrs
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))

try:
    import tuning_docs
except ImportError:  # no sphinx: the docs extra is not installed
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise  # .ci/run installs the docs extra: a failure there, a skip elsewhere
    pytest.skip("the docs extension needs sphinx (the docs extra)", allow_module_level=True)

from sagemaker_tuning import shapes  # noqa: E402
from sagemaker_tuning.validation import Violation  # noqa: E402


def test_shape_signatures_read_as_users_write_them() -> None:
    # attrs' __init__ source would show attr_dict['max_runtime_in_seconds'].default.
    assert tuning_docs.attrs_signature(shapes.ResourceLimits) == (
        "(*, max_number_of_training_jobs=None, max_parallel_training_jobs, "
        "max_runtime_in_seconds=None)"
    )
    assert (
        tuning_docs.attrs_signature(Violation) == "(path, message, rule='type', severity='error')"
    )


def test_factory_defaults_show_the_factory() -> None:
    @attrs.frozen
    class Sample:
        items: dict[str, int] = attrs.field(factory=dict)

    assert tuning_docs.attrs_signature(Sample) == "(items=dict())"


def test_the_overview_lists_every_shape_exactly_once() -> None:
    groups, sides, _roles = tuning_docs.overview()
    listed = [cls.__name__ for group in groups for cls in group.new]
    assert sorted(listed) == sorted(shapes.__all__)
    assert len(listed) == len(set(listed))
    assert [g.operation for g in groups] == sorted(g.operation for g in groups)
    assert sides[shapes.CreateHyperParameterTuningJobRequest] == "request"
    assert sides[shapes.TrainingJobStatusCounters] == "response"
    assert sides[shapes.ResourceLimits] == "both"


def test_summaries_are_one_plain_sentence() -> None:
    _groups, _sides, roles = tuning_docs.overview()
    assert tuning_docs._summary(shapes.ResourceLimits, roles) == (
        "Specifies the maximum number of training jobs and parallel training jobs that a "
        "hyperparameter tuning job can launch."
    )
    assert tuning_docs._summary(shapes.DescribeTrainingJobRequest, roles) == (
        "The request of ``DescribeTrainingJob``."
    )
