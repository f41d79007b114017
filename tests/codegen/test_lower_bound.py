"""The botocore lower bound: a candidate model must accept everything the vendored one accepts."""

from __future__ import annotations

import copy
import gzip
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from codegen import lower_bound
from codegen.__main__ import main

OPS = ("Make",)


def model() -> dict[str, Any]:
    return {
        "operations": {
            "Make": {"input": {"shape": "MakeIn"}, "output": {"shape": "MakeOut"}, "errors": []}
        },
        "shapes": {
            "MakeIn": {
                "type": "structure",
                "required": ["Name"],
                "members": {"Name": {"shape": "Name"}, "Wait": {"shape": "Seconds"}},
            },
            "MakeOut": {"type": "structure", "members": {"Kind": {"shape": "Kind"}}},
            "Name": {"type": "string", "min": 1, "max": 32, "pattern": "[a-z]+"},
            "Seconds": {"type": "integer", "min": 1800},
            "Kind": {"type": "string", "enum": ["A", "B"]},
            "Unused": {"type": "string"},
        },
    }


def differences(change: Any) -> list[tuple[str, str, bool]]:
    candidate = copy.deepcopy(model())
    change(candidate)
    return [(d.path, d.what, d.blocking) for d in lower_bound.compare(model(), candidate, OPS)]


def test_an_identical_model_has_no_difference() -> None:
    assert differences(lambda m: None) == []


def test_a_larger_minimum_blocks_a_request_botocore_would_reject() -> None:
    # botocore 1.43.11: MaxPendingTimeInSeconds minimum 7200 where the vendored model has 1800.
    found = differences(lambda m: m["shapes"]["Seconds"].update(min=7200))
    assert found == [("Seconds", "min 7200 instead of 1800", True)]


def test_a_missing_member_blocks_on_either_side() -> None:
    found = differences(lambda m: m["shapes"]["MakeIn"]["members"].pop("Wait"))
    assert found == [("MakeIn.Wait", "member missing (rejected in requests)", True)]
    found = differences(lambda m: m["shapes"]["MakeOut"]["members"].pop("Kind"))
    assert ("MakeOut.Kind", "member missing (dropped from responses)", True) in found


def test_missing_shapes_operations_and_new_requirements_block() -> None:
    assert differences(lambda m: m["operations"].pop("Make"))[0] == (
        "Make",
        "operation missing",
        True,
    )
    found = differences(lambda m: m["shapes"]["MakeIn"].update(required=["Name", "Wait"]))
    assert found == [("MakeIn.Wait", "required there, optional here", True)]
    assert ("Kind", "shape missing", True) in differences(lambda m: m["shapes"].pop("Kind"))


def test_what_botocore_never_checks_is_only_information() -> None:
    # Maximums, patterns and enum values: botocore leaves them to the service (boto/botocore#779).
    def older(m: dict[str, Any]) -> None:
        m["shapes"]["Name"].update(max=16, pattern="[a-z]*")
        m["shapes"]["Kind"]["enum"] = ["A"]

    found = differences(older)
    assert {blocking for _p, _w, blocking in found} == {False}
    assert ("Kind", "1 enum value(s) unknown: B", False) in found


def test_shapes_outside_the_closure_do_not_matter() -> None:
    assert differences(lambda m: m["shapes"].pop("Unused")) == []


def test_a_model_is_read_from_a_wheel(tmp_path: Path) -> None:
    wheel = tmp_path / "botocore-0.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "botocore/data/sagemaker/2017-07-24/service-2.json.gz",
            gzip.compress(json.dumps(model()).encode()),
        )
    assert lower_bound.model_from(wheel) == model()


def test_the_installed_botocore_accepts_everything_the_vendored_model_accepts() -> None:
    # In the lowest-versions run of .ci/run the installed botocore is pyproject's lower bound:
    # this is the check that keeps the bound honest after an update of the vendored model.
    version, installed = lower_bound.installed_model()
    found = lower_bound.blocking(lower_bound.compare(lower_bound.vendored_model(), installed))
    assert found == [], f"botocore {version}: " + "; ".join(str(d) for d in found)


def test_the_command_reports_the_installed_botocore(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lower-bound"]) == 0
    out = capsys.readouterr().out
    assert "accepts everything the vendored model accepts" in out
