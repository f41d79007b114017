"""Stage 1: read the vendored model and Unicode table into plain dictionaries.

The vendored model is botocore's whole SageMaker model (a folder, see
:data:`codegen.config.MODEL_PATH`); the loader keeps the operations in scope and the
closure of shapes they reach. A single JSON document already reduced to that form
(``source``, ``metadata``, ``operations``, ``shapes``, ``paginators``) is read as it
is: the generator's test fixtures are written that way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from codegen import config
from codegen.errors import GenerationError

SERVICE_FILE = "service-2.json.gz"
PAGINATORS_FILE = "paginators-1.json"
SOURCE_FILE = "SOURCE.json"


@frozen
class RawModel:
    """The vendored documents as read, with no interpretation yet."""

    source: dict[str, Any]
    metadata: dict[str, Any]
    operations: dict[str, Any]
    shapes: dict[str, Any]
    paginators: dict[str, Any]
    unicode_version: str
    unicode_categories: dict[str, list[list[int]]]


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise GenerationError([f"{path.name}: cannot read: {exc}"]) from exc
    if not isinstance(document, dict):
        raise GenerationError([f"{path.name}: not a JSON object"])
    return document


def _bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise GenerationError([f"{path.name}: cannot read: {exc}"]) from exc


def _read(path: Path) -> dict[str, Any]:
    return _parse(path, _bytes(path))


def closure(shapes: dict[str, Any], roots: Iterable[str]) -> list[str]:
    """Every shape reachable from ``roots``, sorted."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in shapes:
            continue  # an unknown name is reported by the builder, which knows who refers to it
        seen.add(name)
        shape = shapes[name]
        for key in ("member", "key", "value"):
            if key in shape:
                stack.append(shape[key]["shape"])
        for member in shape.get("members", {}).values():
            stack.append(member["shape"])
    return sorted(seen)


def reduce_model(
    model: dict[str, Any],
    paginators: dict[str, Any],
    source: dict[str, Any],
    operations: Sequence[str],
) -> dict[str, Any]:
    """The operations in scope, every shape they reach, and their paginators."""
    missing = [name for name in operations if name not in model.get("operations", {})]
    if missing:
        version = source.get("botocore_version", "?")
        raise GenerationError(
            [f"operation {name} is not in botocore {version}'s model" for name in missing]
        )
    ops = {name: model["operations"][name] for name in operations}
    roots: list[str] = []
    for op in ops.values():
        roots += [op[key]["shape"] for key in ("input", "output") if key in op]
        roots += [err["shape"] for err in op.get("errors", ())]
    pagination = paginators.get("pagination", {})
    return {
        "source": source,
        "metadata": model["metadata"],
        "operations": ops,
        "shapes": {name: model["shapes"][name] for name in closure(model["shapes"], roots)},
        "paginators": {name: pagination[name] for name in operations if name in pagination},
    }


def read_botocore(folder: Path, operations: Sequence[str] = config.OPERATIONS) -> dict[str, Any]:
    """The vendored botocore model in ``folder``, reduced to ``operations``; checks its sha256."""
    source = _read(folder / SOURCE_FILE)
    service_bytes = _bytes(folder / SERVICE_FILE)
    digest = hashlib.sha256(service_bytes).hexdigest()
    if digest != source.get("sha256"):
        raise GenerationError(
            [f"{SERVICE_FILE}: sha256 {digest} differs from {SOURCE_FILE}'s {source.get('sha256')}"]
        )
    model = _parse(folder / SERVICE_FILE, service_bytes)
    paginators = _read(folder / PAGINATORS_FILE)
    described = {"botocore_version": source.get("botocore_version"), "sha256": digest}
    return reduce_model(model, paginators, described, operations)


def load(
    model_path: Path = config.MODEL_PATH,
    unicode_file: Path = config.UNICODE_FILE,
    operations: Sequence[str] = config.OPERATIONS,
) -> RawModel:
    """Read the model (a vendored botocore folder, or a reduced document) and the Unicode table."""
    model = read_botocore(model_path, operations) if model_path.is_dir() else _read(model_path)
    table = _read(unicode_file)
    problems = [
        f"{model_path.name}: missing top-level key {key!r}"
        for key in ("source", "metadata", "operations", "shapes")
        if key not in model
    ]
    problems += [
        f"{unicode_file.name}: missing top-level key {key!r}"
        for key in ("unicode_version", "categories")
        if key not in table
    ]
    if problems:
        raise GenerationError(problems)
    return RawModel(
        source=model["source"],
        metadata=model["metadata"],
        operations=model["operations"],
        shapes=model["shapes"],
        paginators=model.get("paginators", {}),
        unicode_version=table["unicode_version"],
        unicode_categories=table["categories"],
    )
