"""Reading and checking request files: JSON in, model and service-rule violations out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from sagemaker_tuning.cli.console import EXIT_USAGE, CommandError

if TYPE_CHECKING:
    from sagemaker_tuning.shapes import (
        CreateHyperParameterTuningJobRequest,
    )
    from sagemaker_tuning.validation import Violation


def _read_json(path: str, stdin: IO[str]) -> tuple[str, Any]:
    """``(label, document)`` from a file name, ``file://name`` (as the AWS CLI takes it) or ``-``."""
    if path.startswith("file://"):
        path = path[len("file://") :]
    if path == "-":
        label, text = "<stdin>", stdin.read()
    else:
        label = path
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", EXIT_USAGE) from None
        except UnicodeDecodeError:
            raise CommandError(f"cannot read {path}: not UTF-8 text", EXIT_USAGE) from None
    try:
        return label, json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{label}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            EXIT_USAGE,
        ) from None


def check_request(
    data: Any,
) -> tuple[CreateHyperParameterTuningJobRequest | None, list[Violation]]:
    """Parse a CreateHyperParameterTuningJob request strictly and apply the service rules.

    Returns the request (``None`` if it breaks the model) and every violation found: the model's
    (all of them, unknown members included), then the service rules' (errors and warnings).
    When the document breaks the model, the rules still run on its lenient reading, so one run
    reports everything (the rules accept malformed values by contract).
    """
    import logging

    from sagemaker_tuning import rules, serde
    from sagemaker_tuning.shapes import CreateHyperParameterTuningJobRequest
    from sagemaker_tuning.validation import ValidationError

    cls = CreateHyperParameterTuningJobRequest
    try:
        request = serde.from_api(cls, data, strict=True)
    except ValidationError as error:
        found = list(error.violations)
        if not isinstance(data, dict):
            return None, found
        # The lenient reader logs missing required members, as it should for responses; here
        # they are already reported as violations.
        log = logging.getLogger(serde.__name__)
        disabled, log.disabled = log.disabled, True
        try:
            lenient = serde.from_api(cls, data)
        finally:
            log.disabled = disabled
        seen = {(v.path, v.rule) for v in found}
        found += [v for v in rules.check(lenient) if (v.path, v.rule) not in seen]
        return None, found
    return request, rules.check(request)


def _violation_line(v: Violation) -> str:
    return f"{v.severity}: {v.path or '<request>'}: {v.message} [{v.rule}]"


def _violation_dict(v: Violation) -> dict[str, str]:
    return {"path": v.path, "message": v.message, "rule": v.rule, "severity": v.severity}


def _counts(found: Sequence[Violation]) -> tuple[int, int]:
    errors = sum(1 for v in found if v.severity == "error")
    return errors, len(found) - errors
