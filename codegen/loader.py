"""Stage 1: read the vendored model and Unicode table into plain dictionaries.

The vendored model is botocore's whole SageMaker model (a folder, see
:data:`codegen.config.MODEL_PATH`); the loader keeps the operations in scope and the
closure of shapes they reach. A single JSON document already reduced to that form
(``source``, ``metadata``, ``operations``, ``shapes``, ``paginators``) is read as it
is: the generator's test fixtures are written that way.

Supplementary models (:data:`codegen.config.SUPPLEMENTS`) are merged in before the
closure is taken: their shapes join the model's (a name the model already has must be
defined identically), their operations become *composites* -- client methods with no
wire operation of their own, answered by the in-scope operations each lists under
``composedOf``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

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
    #: Operations of the supplementary models: no wire call, answered by ``composedOf``.
    composites: dict[str, Any] = field(factory=dict)
    #: Which supplementary model defined each shape it added (shape name -> file label).
    supplement_shapes: dict[str, str] = field(factory=dict)
    #: Each supplementary model's label and the sha256 of its bytes, in load order.
    supplements: tuple[tuple[str, str], ...] = ()
    #: Required members of botocore's structures the supplements made optional, by shape.
    relaxed: tuple[tuple[str, tuple[str, ...]], ...] = ()


@frozen
class Supplement:
    """One supplementary model file as read: botocore-format operations and shapes."""

    label: str  # "<folder>/<file>", the same on every machine
    sha256: str
    source: dict[str, Any]
    operations: dict[str, Any]
    shapes: dict[str, Any]
    #: Required members of botocore's shapes that this supplement makes optional (shape name ->
    #: member names): output members the service is recorded leaving out.
    optional: dict[str, list[str]] = field(factory=dict)


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


def read_supplement(path: Path) -> Supplement:
    """A supplementary model file; every operation in it must say what it is ``composedOf``."""
    data = _bytes(path)
    document = _parse(path, data)
    label = f"{path.parent.name}/{path.name}"
    problems = [
        f"{label}: missing top-level key {key!r}"
        for key in ("source", "operations", "shapes")
        if not isinstance(document.get(key), dict)
    ]
    optional = document.get("optional", {})
    if not isinstance(optional, dict) or not all(
        isinstance(members, list) and all(isinstance(m, str) for m in members)
        for members in optional.values()
    ):
        problems.append(f"{label}: 'optional' must map shape names to lists of member names")
        optional = {}
    for name, op in sorted((document.get("operations") or {}).items()):
        calls = op.get("composedOf") if isinstance(op, dict) else None
        if not isinstance(calls, list) or not calls or not all(isinstance(c, str) for c in calls):
            problems.append(f"{label}: operation {name} needs composedOf, a list of operations")
    if problems:
        raise GenerationError(problems)
    return Supplement(
        label=label,
        sha256=hashlib.sha256(data).hexdigest(),
        source=document["source"],
        operations=document["operations"],
        shapes=document["shapes"],
        optional=optional,
    )


def merge_supplements(
    shapes: dict[str, Any], operations: dict[str, Any], supplements: Sequence[Supplement]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """``shapes`` with every supplement's added, the composites, and who added which shape.

    A supplement may refer to the model's shapes and may repeat one identically; it may
    not redefine one, nor name an operation the model has: that would silently change
    botocore's model. The one change it may make is to relax: its ``optional`` names required
    members of structures that become optional (for output members the service is recorded
    leaving out, as sagemaker-core's ``REQUIRED_TO_OPTIONAL_OVERRIDES`` does); each must be
    a required member of a structure, or generation fails.
    """
    merged = dict(shapes)
    composites: dict[str, Any] = {}
    added: dict[str, str] = {}
    problems: list[str] = []
    for supplement in supplements:
        for name, shape in sorted(supplement.shapes.items()):
            if name in merged and merged[name] != shape:
                owner = added.get(name, "botocore's model")
                problems.append(f"{supplement.label}: shape {name} differs from {owner}'s")
                continue
            if name not in merged:
                merged[name] = shape
                added[name] = supplement.label
        for name, members in sorted(supplement.optional.items()):
            shape = merged.get(name)
            required = shape.get("required", []) if isinstance(shape, dict) else []
            if not isinstance(shape, dict) or shape.get("type") != "structure":
                problems.append(f"{supplement.label}: optional: {name} is no structure")
                continue
            unknown = [m for m in members if m not in required]
            if unknown:
                problems.append(
                    f"{supplement.label}: optional: {name} has no required member "
                    + ", ".join(sorted(unknown))
                )
                continue
            merged[name] = {**shape, "required": [m for m in required if m not in members]}
        for name, op in sorted(supplement.operations.items()):
            if name in operations or name in composites:
                problems.append(f"{supplement.label}: operation {name} is defined twice")
                continue
            composites[name] = {**op, "source": supplement.label}
    if problems:
        raise GenerationError(problems)
    return merged, composites, added


def _roots(ops: Iterable[dict[str, Any]]) -> list[str]:
    roots: list[str] = []
    for op in ops:
        roots += [op[key]["shape"] for key in ("input", "output") if key in op]
        roots += [err["shape"] for err in op.get("errors", ())]
    return roots


def reduce_model(
    model: dict[str, Any],
    paginators: dict[str, Any],
    source: dict[str, Any],
    operations: Sequence[str],
    supplements: Sequence[Supplement] = (),
) -> dict[str, Any]:
    """The operations in scope, the supplements' composites, every shape they reach, and the
    paginators."""
    missing = [name for name in operations if name not in model.get("operations", {})]
    if missing:
        version = source.get("botocore_version", "?")
        raise GenerationError(
            [f"operation {name} is not in botocore {version}'s model" for name in missing]
        )
    ops = {name: model["operations"][name] for name in operations}
    shapes, composites, added = merge_supplements(model["shapes"], model["operations"], supplements)
    roots = _roots(ops.values()) + _roots(composites.values())
    pagination = paginators.get("pagination", {})
    kept = closure(shapes, roots)
    return {
        "source": source,
        "metadata": model["metadata"],
        "operations": ops,
        "shapes": {name: shapes[name] for name in kept},
        "paginators": {name: pagination[name] for name in operations if name in pagination},
        "composites": composites,
        "supplement_shapes": {name: added[name] for name in kept if name in added},
    }


def read_botocore(
    folder: Path,
    operations: Sequence[str] = config.OPERATIONS,
    supplements: Sequence[Supplement] = (),
) -> dict[str, Any]:
    """The vendored botocore model in ``folder``, reduced to ``operations`` (and the
    supplements' composites); checks its sha256."""
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
    return reduce_model(model, paginators, described, operations, supplements)


def load(
    model_path: Path = config.MODEL_PATH,
    unicode_file: Path = config.UNICODE_FILE,
    operations: Sequence[str] = config.OPERATIONS,
    supplements: Sequence[Path] = (),
) -> RawModel:
    """Read the model (a vendored botocore folder, or a reduced document), the supplementary
    models and the Unicode table."""
    extra = [read_supplement(path) for path in supplements]
    if model_path.is_dir():
        model = read_botocore(model_path, operations, extra)
    else:
        model = _read(model_path)
        if extra:
            # A reduced document is already a closure: the supplements' shapes are added whole.
            shapes, composites, added = merge_supplements(
                model.get("shapes", {}), model.get("operations", {}), extra
            )
            model = {**model, "shapes": shapes, "composites": composites}
            model["supplement_shapes"] = added
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
        composites=model.get("composites", {}),
        supplement_shapes=model.get("supplement_shapes", {}),
        supplements=tuple((s.label, s.sha256) for s in extra),
        relaxed=tuple(
            sorted(
                (shape, tuple(sorted(members)))
                for s in extra
                for shape, members in s.optional.items()
                if shape in model["shapes"]
            )
        ),
    )
