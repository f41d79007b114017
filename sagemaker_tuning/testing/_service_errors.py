"""The errors of the emulated service, worded as SageMaker words them.

:class:`ServiceFault` is an error answer (code, message, HTTP status); the functions
here build the ones :class:`~sagemaker_tuning.testing.LocalSageMaker` sends, so that
code matching on the service's codes and messages (retry, idempotency) behaves the
same locally. Each wording names its source; where none is public the docstring
says so and the wording is ours.

Validation messages follow the form of the service's request validator, a form many AWS
services share (SageMaker, IAM, CloudWatch, CodePipeline and DynamoDB answers all use it):

    2 validation errors detected: Value 'x_y' at 'hyperParameterTuningJobName' failed to
    satisfy constraint: Member must satisfy regular expression pattern:
    ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}; Value ... failed to satisfy constraint: Member must
    have length less than or equal to 32

Sources: SageMaker's own messages in zenml-io/zenml#1502 (pattern then length, camelCase
member, ``^`` before the model's pattern), aws/sagemaker-python-sdk#384, Kenza-AI/sagify#41,
aws-samples/sagemaker-ml-workflow-with-apache-airflow#3 ("2 validation errors detected"). The
forms for nested members (``a.b.1.member.c``, lists counted from 1), ``Value null at ...
Member must not be null``, ``Member must satisfy enum value set: [...]``, ``Member must have
value less than or equal to ...`` and ``Map value must satisfy constraint: [...]`` are the
same validator's as seen in other services' public answers (CloudWatch
``dimensions.1.member.value``, IAM ``tags.1.member.value``, CodePipeline
``pipeline.stages.1.member.actions.1.member.configuration``); no SageMaker answer with a
nested path was found, so those are the shared form, not a recorded SageMaker one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sagemaker_tuning import _spec as s
from sagemaker_tuning.core.validation import Violation, field_specs
from sagemaker_tuning.redact import credential_kinds, has_credential, path_key, redact

__all__ = [
    "ServiceFault",
    "camel_path",
    "hides",
    "internal_failure",
    "resource_in_use",
    "rule_refusal",
    "serialization_error",
    "service_unavailable",
    "throttling",
    "training_job_not_found",
    "tuning_job_not_found",
    "validation_clauses",
    "validation_fault",
]


class ServiceFault(Exception):
    """An error answer of the emulated service: its code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        message = redact(message)  # never echo a credential, whatever built the message
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


# -- redaction --------------------------------------------------------------------------------


def hides(text: str, name: str = "") -> bool:
    """Whether a value must not appear in a message: it looks like an AWS credential.

    The library's one redaction rule (:mod:`sagemaker_tuning.redact`): its loose reading
    (:func:`~sagemaker_tuning.redact.has_credential`, where doubt hides), and the strict
    one's credential-like names (``name`` is the map key or member the value belongs to).
    A hidden value is left out the way IAM leaves out tag values: ``Value at 'path' failed
    to satisfy constraint: ...``. Every message is passed through
    :func:`~sagemaker_tuning.redact.redact` besides, when its :class:`ServiceFault` is made.
    """
    return has_credential(text) or bool(credential_kinds(name, text))


# -- named errors -----------------------------------------------------------------------------


def tuning_job_not_found(name: str) -> ServiceFault:
    """An unknown tuning job (Describe, List training jobs, Stop).

    Source: aws/amazon-sagemaker-examples#1540, DescribeHyperParameterTuningJob: "Amazon
    SageMaker can't find a tuning job called DEMO-hpo-mxnet. Type another name." The
    other two operations are assumed to answer alike (no recording found).
    """
    shown = "<redacted>" if hides(name) else name
    return ServiceFault(
        "ResourceNotFound",
        f"Amazon SageMaker can't find a tuning job called {shown}. Type another name.",
    )


def training_job_not_found() -> ServiceFault:
    """An unknown training job: ``ValidationException`` "Requested resource not found."

    Sources: boto/boto3#2808 and aws/aws-sdk#165 (the code), aws/amazon-sagemaker-examples
    #2360 (the message, with its period); botocore's TrainingJobCompletedOrStopped waiter
    fails on this error.
    """
    return ServiceFault("ValidationException", "Requested resource not found.")


def resource_in_use(name: str) -> ServiceFault:
    """A tuning-job name that is taken.

    Source: aws/amazon-sagemaker-examples#2440: "A hyperparameter tuning job with the name,
    pytorch-training-210511-0008, already exists. Choose a different name."
    """
    shown = "<redacted>" if hides(name) else name
    return ServiceFault(
        "ResourceInUse",
        f"A hyperparameter tuning job with the name, {shown}, already exists. "
        "Choose a different name.",
    )


def throttling() -> ServiceFault:
    """``ThrottlingException`` (HTTP 400) "Rate exceeded", the AWS JSON services' throttle.

    The code is the one botocore's retry handlers and our waiters treat as throttling;
    "Rate exceeded" is the message AWS JSON services send with it (no recorded SageMaker
    throttle message was found).
    """
    return ServiceFault("ThrottlingException", "Rate exceeded", 400)


def internal_failure() -> ServiceFault:
    """``InternalFailure`` (HTTP 500): the code SageMaker answered in
    aws/amazon-sagemaker-examples#2478 ("An error occurred (InternalFailure) when calling
    the DescribeHyperParameterTuningJob operation (reached max retries: 4)"). The message
    is ours: the recorded one is empty.
    """
    return ServiceFault(
        "InternalFailure", "We encountered an internal error. Please try again.", 500
    )


def service_unavailable() -> ServiceFault:
    """``ServiceUnavailable`` (HTTP 503), the common AWS code for an overloaded endpoint."""
    return ServiceFault("ServiceUnavailable", "Service is unavailable. Please try again.", 503)


def serialization_error(path: str, problem: str) -> ServiceFault:
    """A body the service cannot read as the operation's input (wrong JSON type, unknown member).

    The service's wording for these is not public (botocore and boto3 check types and
    member names before sending, so only raw HTTP clients meet it); ours names the path.
    Unknown members are refused rather than ignored so that a misspelled member is not
    silently dropped in a test.
    """
    where = f" at '{path}'" if path else ""
    return ServiceFault("SerializationException", f"{problem}{where}")


# -- validation -------------------------------------------------------------------------------


def camel_path(path: str) -> str:
    """A dotted API member path in the service's form: camelCase members, lists from 1.

    ``TrainingJobDefinition.HyperParameterRanges.IntegerParameterRanges[0].MinValue`` becomes
    ``trainingJobDefinition.hyperParameterRanges.integerParameterRanges.1.member.minValue``;
    a map entry ``StaticHyperParameters[key]`` keeps its key in brackets.
    """
    out: list[str] = []
    for part in re.findall(r"\[[^\]]*\]|[^.\[\]]+", path):
        if part.startswith("["):
            inner = part[1:-1]
            if inner.isdigit():
                out.append(f"{int(inner) + 1}.member")
            elif out:
                out[-1] += part
            continue
        out.append(part[:1].lower() + part[1:])
    return ".".join(out)


def _java(value: Any) -> str:
    """How the service prints a value: Java's ``toString`` of the parsed member."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_java(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java(v)}" for k, v in value.items()) + "}"
    return str(value)


def _secret_inside(value: Any, name: str = "") -> bool:
    if isinstance(value, str):
        return hides(value, name)
    if isinstance(value, list):
        return any(_secret_inside(v) for v in value)
    if isinstance(value, dict):
        return any(_secret_inside(k) or _secret_inside(v, str(k)) for k, v in value.items())
    return False


def _clause(value: Any, path: str, constraint: str, name: str = "") -> str:
    if value is None:
        subject = "Value null"
    elif _secret_inside(value, name):
        subject = "Value"
    else:
        subject = f"Value '{_java(value)}'"
    return f"{subject} at '{path}' failed to satisfy constraint: {constraint}"


def _length(lo: int | None, hi: int | None, n: int) -> str | None:
    if hi is not None and n > hi:
        return f"Member must have length less than or equal to {hi}"
    if lo is not None and n < lo:
        return f"Member must have length greater than or equal to {lo}"
    return None


def _value(lo: float | None, hi: float | None, n: float) -> str | None:
    if hi is not None and n > hi:
        return f"Member must have value less than or equal to {_java(hi)}"
    if lo is not None and n < lo:
        return f"Member must have value greater than or equal to {_java(lo)}"
    return None


def _pattern(pattern: s.Pattern) -> str:
    # The service prints its pattern with a leading "^" (zenml-io/zenml#1502); botocore's
    # copy of the model strips anchors.
    source = pattern.source if pattern.source.startswith("^") else "^" + pattern.source
    return f"Member must satisfy regular expression pattern: {source}"


def _all_constraints(spec: s.Spec) -> list[str]:
    """Every constraint of a member, as the service lists them inside ``Map ... [..]``."""
    found: list[str] = []
    if isinstance(spec, s.String):
        if spec.max is not None:
            found.append(f"Member must have length less than or equal to {spec.max}")
        if spec.min is not None:
            found.append(f"Member must have length greater than or equal to {spec.min}")
        if spec.pattern is not None:
            found.append(_pattern(spec.pattern))
    return found


class _TypeProblem(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path, self.problem = path, problem


_JSON_TYPES = {
    s.String: ("a string", (str,)),
    s.Integer: ("an integer", (int,)),
    s.Float: ("a number", (int, float)),
    s.Boolean: ("a boolean", (bool,)),
    s.Timestamp: ("a timestamp", (int, float, str)),
    s.Structure: ("an object", (dict,)),
    s.List: ("an array", (list,)),
    s.Map: ("an object", (dict,)),
}


def _has_type(value: Any, types: tuple[type, ...], *, boolean: bool) -> bool:
    # A JSON true/false is a Python bool, which is also an int: only a boolean member takes it.
    return isinstance(value, types) and (boolean or not isinstance(value, bool))


def _check(spec: s.Spec, value: Any, path: str) -> Iterator[str]:
    what, types = _JSON_TYPES[type(spec)]
    if not _has_type(value, types, boolean=isinstance(spec, s.Boolean)):
        raise _TypeProblem(path, f"expected {what}, got {type(value).__name__}")
    if isinstance(spec, s.String):
        if spec.enum is not None:
            allowed = [str(m.value) for m in spec.enum]
            if value not in allowed:
                yield _clause(
                    value, path, f"Member must satisfy enum value set: [{', '.join(allowed)}]"
                )
            return
        if spec.pattern is not None and not spec.pattern.fullmatch(value):
            yield _clause(value, path, _pattern(spec.pattern))
        problem = _length(spec.min, spec.max, len(value))
        if problem:
            yield _clause(value, path, problem)
    elif isinstance(spec, (s.Integer, s.Float)):
        if isinstance(spec, s.Integer) and not isinstance(value, int):
            raise _TypeProblem(path, f"expected an integer, got {value!r}")
        problem = _value(spec.min, spec.max, value)
        if problem:
            yield _clause(value, path, problem)
    elif isinstance(spec, s.Structure):
        yield from _structure(spec.cls, value, path)
    elif isinstance(spec, s.List):
        problem = _length(spec.min, spec.max, len(value))
        if problem:
            yield _clause(value, path, problem)
        for i, item in enumerate(value):
            yield from _check(spec.member, item, f"{path}.{i + 1}.member")
    elif isinstance(spec, s.Map):
        problem = _length(spec.min, spec.max, len(value))
        if problem:
            yield _clause(value, path, problem)
        keys_bad = values_bad = False
        for key, item in value.items():
            keys_bad = keys_bad or any(True for _ in _check(spec.key, key, path))
            if item is None:
                values_bad = True
            else:
                values_bad = values_bad or any(True for _ in _check(spec.value, item, path))
        # The service reports a map's keys once and its values once, listing every
        # constraint of the key or value member.
        if keys_bad:
            listed = ", ".join(_all_constraints(spec.key))
            yield _clause(value, path, f"Map keys must satisfy constraint: [{listed}]")
        if values_bad:
            listed = ", ".join([*_all_constraints(spec.value), "Member must not be null"])
            yield _clause(value, path, f"Map value must satisfy constraint: [{listed}]")


def _structure(cls: type[Any], data: Mapping[str, Any], path: str) -> Iterator[str]:
    known = set()
    for _attr, wire, spec, required in field_specs(cls):
        known.add(wire)
        member = f"{path}.{wire[:1].lower()}{wire[1:]}" if path else wire[:1].lower() + wire[1:]
        value = data.get(wire)
        if value is None:
            if required:
                yield _clause(None, member, "Member must not be null")
            continue
        yield from _check(spec, value, member)
    for key in data:
        if key not in known:
            # The key is the caller's text: shown whole, or <redacted> when it holds anything
            # like a credential (the library's one rule for keys in paths).
            shown = path_key(key)
            where = f"{path}.{shown}" if path else shown
            raise _TypeProblem(where, f"unknown member {shown!r} of {cls.__name__}")


def validation_clauses(cls: type[Any], data: Mapping[str, Any]) -> list[str]:
    """The service's clauses for the constraints ``data`` (a wire dictionary of ``cls``) breaks.

    Raises :class:`ServiceFault` (``SerializationException``) for a wrong JSON type or an
    unknown member, which the service's reader refuses before validating.
    """
    try:
        return list(_structure(cls, data, ""))
    except _TypeProblem as problem:
        raise serialization_error(problem.path, problem.problem) from None


def validation_fault(clauses: list[str]) -> ServiceFault:
    """``ValidationException`` "N validation error(s) detected: clause; clause"."""
    count = len(clauses)
    noun = "error" if count == 1 else "errors"
    return ServiceFault(
        "ValidationException", f"{count} validation {noun} detected: " + "; ".join(clauses)
    )


def rule_refusal(found: list[Violation]) -> ServiceFault:
    """A refusal by the rules of :mod:`sagemaker_tuning.rules`, in the service's envelope.

    Rule-level refusals are not model constraints, so the service words each its own way
    (aws/amazon-sagemaker-operator-for-k8s#123: "You don't have enough combinations of
    hyperparameter ranges. ..."); the rule's own message is kept, with the member it is
    about in the service's path form. Quota rules (``limit-*``) answer
    ``ResourceLimitExceeded``, the others ``ValidationException``; both HTTP 400.
    """
    invalid = [v for v in found if not v.rule.startswith("limit-")]
    chosen = invalid or found
    parts = [f"{v.message} (at '{camel_path(v.path)}')" if v.path else v.message for v in chosen]
    code = "ValidationException" if invalid else "ResourceLimitExceeded"
    return ServiceFault(code, "; ".join(parts))
