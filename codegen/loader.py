"""Stage 1: read the vendored model and Unicode table into plain dictionaries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from attrs import frozen

from codegen import config
from codegen.errors import GenerationError


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


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GenerationError([f"{path.name}: cannot read: {exc}"]) from exc
    if not isinstance(document, dict):
        raise GenerationError([f"{path.name}: not a JSON object"])
    return document


def load(
    model_file: Path = config.MODEL_FILE, unicode_file: Path = config.UNICODE_FILE
) -> RawModel:
    model = _read(model_file)
    table = _read(unicode_file)
    problems = [
        f"{model_file.name}: missing top-level key {key!r}"
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
