"""Reading and checking request files: JSON in, model and service-rule violations out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from sagemaker_tuning.cli.console import EXIT_USAGE, CommandError

if TYPE_CHECKING:
    from sagemaker_tuning.cli.console import Console
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
    )
    from sagemaker_tuning.core.validation import Violation


#: Deeper than any request the model allows (about 10 levels); refused before anything walks it.
MAX_DEPTH = 64


class _Objects:
    """json's ``object_pairs_hook`` that notes the keys an object had more than once.

    The objects stay plain dicts (serde tells shapes from other values by ``dict``); the
    repeated keys are kept by object id, with the object, so that no id is reused.
    """

    def __init__(self) -> None:
        self.duplicates: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated: list[str] = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            self.duplicates[id(obj)] = (obj, repeated)
        return obj


def _problems(
    document: Any, repeated: dict[int, tuple[dict[str, Any], list[str]]]
) -> tuple[int, list[str]]:
    """The depth of a parsed document and the paths of its duplicate keys (iteratively: a
    document may be nested deeper than the interpreter's stack)."""
    from sagemaker_tuning.core.validation import join
    from sagemaker_tuning.redact import path_key

    depth, duplicates = 0, []
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        value, path, level = stack.pop()
        if isinstance(value, dict):
            depth = max(depth, level)
            if level > MAX_DEPTH:
                continue
            keys = repeated.get(id(value), ({}, []))[1]
            duplicates += [join(path, path_key(k)) for k in keys]
            stack += [(v, join(path, path_key(k)), level + 1) for k, v in value.items()]
        elif isinstance(value, list):
            depth = max(depth, level)
            if level > MAX_DEPTH:
                continue
            stack += [(v, f"{path}[{i}]", level + 1) for i, v in enumerate(value)]
    return depth, sorted(set(duplicates))


def _read_json(path: str, stdin: IO[str]) -> tuple[str, Any]:
    """``(label, document)`` from a file name, ``file://name`` (as the AWS CLI takes it) or ``-``.

    Refused with exit 2: unreadable or non-UTF-8 input, invalid JSON, numbers longer than
    Python reads (4 300 digits), nesting deeper than :data:`MAX_DEPTH`, and duplicate keys
    (JSON readers keep the last value silently; a request that says two things is a mistake).
    """
    if path.startswith("file://"):
        path = path[len("file://") :]
    if path == "-":
        label = "<stdin>"
        try:
            # The bytes, where there are any: a text stdin may decode invalid UTF-8 into
            # surrogate escapes (surrogateescape) instead of failing.
            raw = getattr(stdin, "buffer", None)
            text = raw.read().decode("utf-8-sig") if raw is not None else stdin.read()
        except UnicodeDecodeError:
            raise CommandError(f"cannot read {label}: not UTF-8 text", EXIT_USAGE) from None
        except OSError as error:
            raise CommandError(f"cannot read {label}: {error.strerror}", EXIT_USAGE) from None
    else:
        label = path
        try:
            # utf-8-sig: a byte-order mark (Windows editors write one) is no part of the JSON.
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", EXIT_USAGE) from None
        except UnicodeDecodeError:
            raise CommandError(f"cannot read {path}: not UTF-8 text", EXIT_USAGE) from None
        except ValueError:  # a NUL in the name
            raise CommandError(f"cannot read {path!r}: not a file name", EXIT_USAGE) from None
    objects = _Objects()
    try:
        document = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=objects)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{label}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            EXIT_USAGE,
        ) from None
    except ValueError as error:  # json reads numbers with int(), which stops at 4 300 digits
        raise CommandError(f"{label}: not a usable JSON document: {error}", EXIT_USAGE) from None
    except RecursionError:
        raise CommandError(
            f"{label}: JSON nested too deeply (a request is at most {MAX_DEPTH} levels deep)",
            EXIT_USAGE,
        ) from None
    depth, duplicates = _problems(document, objects.duplicates)
    if depth > MAX_DEPTH:
        raise CommandError(
            f"{label}: JSON nested too deeply (a request is at most {MAX_DEPTH} levels deep)",
            EXIT_USAGE,
        )
    if duplicates:
        raise CommandError(
            f"{label}: duplicate key{'s' if len(duplicates) > 1 else ''} "
            f"{', '.join(duplicates)}: JSON would keep only the last value; remove the others",
            EXIT_USAGE,
        )
    return label, document


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

    from sagemaker_tuning import rules
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobRequest
    from sagemaker_tuning.core.validation import ValidationError

    cls = CreateHyperParameterTuningJobRequest
    try:
        request = serde.from_api(cls, data, strict=True)
    except ValidationError as error:
        found = list(error.violations)
        if not isinstance(data, dict):
            return None, found
        # The lenient reader logs missing required members, as it should for responses; here
        # they are already reported as violations.
        log = logging.getLogger("sagemaker_tuning.serde")
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
    """One line per violation: a key or value with a newline or an escape shows escaped."""
    from sagemaker_tuning.cli.console import escape

    return escape(f"{v.severity}: {v.path or '<request>'}: {v.message} [{v.rule}]")


def _violation_dict(v: Violation) -> dict[str, str]:
    return {"path": v.path, "message": v.message, "rule": v.rule, "severity": v.severity}


def _counts(found: Sequence[Violation]) -> tuple[int, int]:
    errors = sum(1 for v in found if v.severity == "error")
    return errors, len(found) - errors


def _report_violations(found: Sequence[Violation], console: Console) -> int:
    """Violations on stderr (warnings as warnings) before anything is sent; the number of errors."""
    errors, _warnings = _counts(found)
    for v in found:
        if v.severity == "error":
            console.write_err(_violation_line(v) + "\n")
        else:
            console.warn(f"{v.path}: {v.message} [{v.rule}]")
    return errors
