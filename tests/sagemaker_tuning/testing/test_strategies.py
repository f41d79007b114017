"""The hypothesis strategies: valid by construction, accepted by botocore, broken where they say."""

from __future__ import annotations

import doctest
import enum
import os
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from sagemaker_tuning import _spec as s
from sagemaker_tuning import enums, serde, shapes, validation
from sagemaker_tuning.testing import strategies as sts

ALL_SHAPES = [getattr(shapes, n) for n in shapes.__all__]
ALL_ENUMS = [getattr(enums, n) for n in enums.__all__]
OPERATION_SHAPES = [
    shapes.CreateHyperParameterTuningJobRequest,
    shapes.DescribeHyperParameterTuningJobResponse,
    shapes.ListTrainingJobsForHyperParameterTuningJobRequest,
    shapes.ListTrainingJobsForHyperParameterTuningJobResponse,
    shapes.DescribeTrainingJobResponse,
]
# The sweep over all ~80 shapes takes a fifth of the profile's examples per shape, the five
# large operation shapes (which draw most nested shapes again) half: the suite stays fast on
# the default profile and scales with HYPOTHESIS_PROFILE=thorough.
BUDGET = settings().max_examples
SWEEP = settings(max_examples=max(3, BUDGET // 5))
LARGE = settings(max_examples=max(5, BUDGET // 2))

MODEL = botocore.session.get_session().get_service_model("sagemaker")
VALIDATOR = ParamValidator()
BOTOCORE_SHAPES = frozenset(MODEL.shape_names)


def botocore_errors(cls: type[Any], params: dict[str, Any]) -> str:
    report = VALIDATOR.validate(params, MODEL.shape_for(cls.__name__))
    return report.generate_report() if report.has_errors() else ""


def check_valid(cls: type[Any], obj: Any) -> None:
    assert type(obj) is cls
    assert validation.violations(obj) == []
    params = serde.to_api(obj)
    if cls.__name__ in BOTOCORE_SHAPES:
        assert botocore_errors(cls, params) == ""
    else:
        # A supplementary model's shape (the preview describe_tuning_job): botocore has none.
        assert "Not in botocore's model" in (cls.__doc__ or ""), cls.__name__
    # The wire form is also what a strict document parse accepts, unchanged.
    assert serde.from_api(cls, params, strict=True) == obj


def check_violation(cls: type[Any], case: tuple[dict[str, Any], str]) -> None:
    data, path = case
    with pytest.raises(validation.ValidationError) as info:
        serde.from_api(cls, data, strict=True)
    assert [v.path for v in info.value.violations] == [path], str(info.value)


_GONE = object()
_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "float": (int, float),
    "boolean": (bool,),
    "timestamp": (datetime,),
}


def lenient_view(spec: s.Spec, value: Any) -> Any:
    """What a lenient parse followed by to_api keeps of a wire value: no unknown members, no
    nulls or wrongly typed values (the parse drops them), timestamps in UTC."""
    if value is None or (isinstance(value, bool) and spec.kind != "boolean"):
        return _GONE
    if isinstance(spec, s.Structure):
        if not isinstance(value, dict):
            return _GONE
        fields = {wire: sub for _, wire, sub, _ in validation.field_specs(spec.cls)}
        kept = {k: lenient_view(fields[k], v) for k, v in value.items() if k in fields}
        return {k: v for k, v in kept.items() if v is not _GONE}
    if isinstance(spec, s.List):
        if not isinstance(value, list):
            return _GONE
        return [v for v in (lenient_view(spec.member, x) for x in value) if v is not _GONE]
    if isinstance(spec, s.Map):
        if not isinstance(value, dict):
            return _GONE
        kept = {k: lenient_view(spec.value, v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not _GONE}
    if not isinstance(value, _SCALARS[spec.kind]):
        return _GONE
    if isinstance(spec, s.Timestamp):
        return value.astimezone(timezone.utc).isoformat()
    return value


def iso_timestamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: iso_timestamps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_timestamps(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def check_response(cls: type[Any], data: dict[str, Any]) -> None:
    parsed = serde.from_api(cls, data)
    # A filled-in False is marked by the object's class: a stand-in subclass of cls.
    assert type(parsed) is cls or getattr(type(parsed), "__stand_in_base__", None) is cls
    assert iso_timestamps(serde.to_api(parsed)) == lenient_view(s.Structure(cls), data)


@pytest.mark.parametrize(
    "cls", [c for c in ALL_SHAPES if c not in OPERATION_SHAPES], ids=lambda c: c.__name__
)
@SWEEP
@given(data=st.data())
def test_every_shape_is_valid_accepted_by_botocore_broken_where_announced_and_parsed_leniently(
    cls: type[Any], data: Any
) -> None:
    check_valid(cls, data.draw(sts.shapes(cls), label="valid"))
    check_violation(cls, data.draw(sts.violations(cls), label="violation"))
    check_response(cls, data.draw(sts.responses(cls), label="response"))


@pytest.mark.parametrize("cls", OPERATION_SHAPES, ids=lambda c: c.__name__)
@LARGE
@given(data=st.data())
def test_operation_shapes_hold_all_three_promises(cls: type[Any], data: Any) -> None:
    check_valid(cls, data.draw(sts.shapes(cls), label="valid"))
    check_violation(cls, data.draw(sts.violations(cls), label="violation"))
    check_response(cls, data.draw(sts.responses(cls), label="response"))


@given(request=st.from_type(shapes.CreateHyperParameterTuningJobRequest))
def test_from_type_draws_valid_shapes_once_imported(request: Any) -> None:
    # attrs' generic inference would build names like "\x00" and fail construction.
    check_valid(shapes.CreateHyperParameterTuningJobRequest, request)


@pytest.mark.parametrize("cls", ALL_ENUMS, ids=lambda c: c.__name__)
def test_from_type_draws_enum_members(cls: type[enum.Enum]) -> None:
    members = list(cls)
    assert find(st.from_type(cls), lambda _: True) is members[0]
    assert find(st.from_type(cls), lambda m: m is members[-1]) is members[-1]


def test_documents_are_the_wire_form_of_shapes() -> None:
    doc = find(sts.documents(shapes.ResourceLimits), lambda d: "MaxRuntimeInSeconds" in d)
    assert doc == {"MaxParallelTrainingJobs": 1, "MaxRuntimeInSeconds": 120}


def test_examples_shrink_to_small_readable_values() -> None:
    smallest = find(sts.shapes(shapes.CreateHyperParameterTuningJobRequest), lambda _: True)
    first_strategy = list(enums.HyperParameterTuningJobStrategyType)[0].value
    assert serde.to_api(smallest) == {
        "HyperParameterTuningJobConfig": {
            "ResourceLimits": {"MaxParallelTrainingJobs": 1},
            "Strategy": first_strategy,
        },
        "HyperParameterTuningJobName": "0",
    }


def rule_of(cls: type[Any], case: tuple[dict[str, Any], str]) -> str:
    try:
        serde.from_api(cls, case[0], strict=True)
    except validation.ValidationError as error:
        return error.violations[0].rule
    return "accepted"


@pytest.mark.parametrize(
    ("rule", "cls"),
    [
        ("required", shapes.Tag),
        ("unknown-member", shapes.Tag),
        ("type", shapes.Tag),
        ("length", shapes.DescribeTrainingJobRequest),
        ("pattern", shapes.DescribeTrainingJobRequest),
        ("range", shapes.ResourceLimits),
        ("size", shapes.VpcConfig),
        ("enum", shapes.Autotune),
    ],
)
def test_violations_break_every_kind_of_constraint(rule: str, cls: type[Any]) -> None:
    case = find(
        sts.violations(cls),
        lambda c: rule_of(cls, c) == rule,
        # Generation only: shrinking through a whole parse per step would take long.
        settings=settings(max_examples=500, database=None, phases=[Phase.generate]),
    )
    check_violation(cls, case)


def test_tag_strings_cover_unicode_classes() -> None:
    # Tag keys allow \p{L}, \p{Z} and \p{N}; the strategy must reach beyond ASCII.
    tag = find(sts.shapes(shapes.Tag), lambda t: not t.key.isascii())
    check_valid(shapes.Tag, tag)


def test_shapes_rejects_classes_that_are_not_generated_shapes() -> None:
    with pytest.raises(TypeError, match="sagemaker_tuning.shapes"):
        sts.shapes(dict)
    with pytest.raises(TypeError, match="sagemaker_tuning.shapes"):
        sts.violations(int)


def test_module_example_runs() -> None:
    result = doctest.testmod(sts, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_module_example_passes_with_default_settings_on_a_fresh_machine(tmp_path: Any) -> None:
    # As a newcomer runs it: no conftest, no profile (hypothesis' default settings and health
    # checks), and an empty hypothesis storage directory (no cached Unicode or codec tables).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS", "PYTEST", "CI"))}
    env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(tmp_path / ".hypothesis")
    code = (
        "import doctest, sys\n"
        "from sagemaker_tuning.testing import strategies\n"
        "result = doctest.testmod(strategies, optionflags=doctest.ELLIPSIS)\n"
        "sys.exit(1 if result.failed or not result.attempted else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_importing_the_core_package_does_not_import_hypothesis() -> None:
    code = (
        "import sys, sagemaker_tuning, sagemaker_tuning.shapes, sagemaker_tuning.serde, "
        "sagemaker_tuning.testing; "
        "sagemaker_tuning.to_api; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
