"""Helpers of the fidelity suite: replay a recorded answer, reduce an answer to its shape.

A recording is the JSON body SageMaker sent (see SOURCES.md). :func:`replayed` answers
one call of a real botocore client with it, so botocore's parser and the SDK's typed
parse read it as they would read the service. :func:`shape` keeps what the fidelity
tests compare: which members an answer has and their types, not their values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import attrs

from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing.local import _session
from sagemaker_tuning.validation import field_specs

RECORDINGS = Path(__file__).parent / "recordings"

Shape = Any  # a str (a scalar's type), or a dict / tuple describing a nested value


def recording(name: str) -> dict[str, Any]:
    """The recorded body ``recordings/<name>.json``."""
    data: dict[str, Any] = json.loads((RECORDINGS / f"{name}.json").read_text())
    return data


class _Body:
    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    def stream(self, **_: Any) -> Any:
        yield self._payload


def replayed(body: Mapping[str, Any], status: int = 200) -> TuningClient:
    """A TuningClient whose every call is answered with ``body`` (botocore parses it)."""
    from botocore.awsrequest import AWSResponse

    payload = json.dumps(body).encode()

    def answer(request: Any, **_: Any) -> Any:
        headers = {
            "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
            "Content-Type": "application/x-amz-json-1.1",
            "Content-Length": str(len(payload)),
        }
        return AWSResponse(request.url, status, headers, _Body(payload))

    boto = _session().create_client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="replay",
        aws_secret_access_key="replay",
    )
    boto.meta.events.register("before-send.sagemaker", answer, unique_id="fidelity-replay")
    return TuningClient(boto)


def _merge(a: Shape, b: Shape) -> Shape:
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _merge(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in a | b}
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0]:
        return (a[0], _merge(a[1], b[1]))
    return a if a == b else f"{a} | {b}"


def shape(value: Any) -> Shape:
    """The members and types of a typed answer (values left out).

    A structure is a dict of its present members (wire names); a list is ``("list",
    shape of its items merged)``; a map is ``("map", shape of its values merged)`` (its
    keys are data, not members); a scalar is its type's name, an enum member its enum's.
    """
    if attrs.has(type(value)):
        found: dict[str, Shape] = {}
        for attr, wire, _spec, _required in field_specs(type(value)):
            member = getattr(value, attr)
            if member is not None:
                found[wire] = shape(member)
        return found
    if isinstance(value, tuple):
        merged: Shape = None
        for item in value:
            merged = shape(item) if merged is None else _merge(merged, shape(item))
        return ("list", merged)
    if isinstance(value, FrozenMap):
        merged = None
        for item in value.values():
            merged = shape(item) if merged is None else _merge(merged, shape(item))
        return ("map", merged)
    if isinstance(value, Enum):
        return type(value).__name__
    if isinstance(value, datetime):
        return "timestamp"
    if isinstance(value, float):
        return "number"
    return type(value).__name__


def differences(recorded: Shape, local: Shape, path: str = "") -> set[str]:
    """Where two shapes differ: ``"-path"`` only recorded, ``"+path"`` only local, ``"~path"``
    of different types. An empty list or map (no item to take a shape from) matches any.
    """
    if isinstance(recorded, dict) and isinstance(local, dict):
        found: set[str] = set()
        for key in recorded.keys() | local.keys():
            where = f"{path}.{key}" if path else key
            if key not in local:
                found.add(f"-{where}")
            elif key not in recorded:
                found.add(f"+{where}")
            else:
                found |= differences(recorded[key], local[key], where)
        return found
    if isinstance(recorded, tuple) and isinstance(local, tuple) and recorded[0] == local[0]:
        if recorded[1] is None or local[1] is None:
            return set()
        return differences(recorded[1], local[1], f"{path}[]")
    return set() if recorded == local else {f"~{path}"}
