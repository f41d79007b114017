"""Credentials in NAME=value form are caught: the rules flag them, validate exits 2, create sends nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tuning import rules, serde, shapes
from sagemaker_tuning.cli import EXIT_USAGE, main

SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
FORMS = [
    pytest.param(f"--aws-secret-access-key={SECRET_KEY}", id="flag=key"),
    pytest.param(f"--aws-secret-access-key {SECRET_KEY}", id="flag key"),
    pytest.param(f"export AWS_SECRET_ACCESS_KEY={SECRET_KEY}", id="export NAME=key"),
    pytest.param(f"{SECRET_KEY}=", id="key="),
    pytest.param(f"AWS_SECRET_ACCESS_KEY={SECRET_KEY}\n", id="NAME=key and a newline"),
    pytest.param("--aws-secret-access-key=not-shaped-at-all", id="flag=any value"),
]


def with_static(data: dict[str, Any], value: str) -> dict[str, Any]:
    data["TrainingJobDefinition"]["StaticHyperParameters"]["extra_args"] = value
    return data


@pytest.mark.parametrize("value", FORMS)
def test_credentials_in_name_value_form_are_caught_by_the_rules(
    request_data: dict[str, Any], value: str
) -> None:
    request = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest, with_static(request_data, value)
    )
    found = [v for v in rules.check(request) if v.rule.startswith("credentials-")]
    assert [(v.rule, v.path, v.severity) for v in found] == [
        (
            "credentials-secret-key",
            "TrainingJobDefinition.StaticHyperParameters[extra_args]",
            "error",
        )
    ]


def test_a_credential_name_with_nothing_after_it_is_no_credential(
    request_data: dict[str, Any],
) -> None:
    request = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest,
        with_static(request_data, "--aws-secret-access-key= --region us-east-1"),
    )
    assert [v for v in rules.check(request) if v.rule.startswith("credentials-")] == []


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("value", FORMS)
def test_validate_exits_2_on_a_name_value_credential(
    request_data: dict[str, Any], value: str, tmp_path: Path
) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(with_static(request_data, value)), encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert code == EXIT_USAGE
    assert "[credentials-secret-key]" in out
    assert SECRET_KEY[:12] not in out + err and "not-shaped" not in out + err


@pytest.mark.parametrize("value", FORMS)
def test_create_refuses_a_name_value_credential_and_sends_nothing(
    request_data: dict[str, Any], value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected: list[object] = []
    monkeypatch.setattr(
        "sagemaker_tuning.cli.jobs.connect", lambda *a, **k: connected.append(a) or None
    )
    path = tmp_path / "request.json"
    path.write_text(json.dumps(with_static(request_data, value)), encoding="utf-8")
    code, out, err = run("--local", "create", str(path))
    assert code == EXIT_USAGE
    assert connected == []  # refused before any client exists: nothing was sent
    assert "nothing was sent" in err and "[credentials-secret-key]" in err
    assert SECRET_KEY[:12] not in out + err
