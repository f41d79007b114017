"""``python -m codegen lower-bound``: does a botocore's SageMaker model accept what ours does?

The package builds requests from the vendored model and hands them to the installed botocore,
which validates them against *its* copy of the model, serializes them by it, and parses
responses by it. A botocore whose model is older than the vendored one can therefore reject a
request the SDK accepts (``MaxPendingTimeInSeconds=1800`` below an older minimum, a member it
does not know yet) or drop a response member the SDK has a field for. So ``botocore``'s lower
bound in ``pyproject.toml`` must be a version whose model, over every shape reachable from
:data:`codegen.config.OPERATIONS`, accepts everything the vendored model accepts.

:func:`compare` lists every difference between the two closures. The ones that matter for
botocore's behaviour are *blocking*:

- an operation or a reachable shape missing, or a shape of another type;
- a member missing (botocore's validator rejects unknown request members; its parser drops
  unknown response members) or wired differently (target type, location, timestamp format,
  idempotency token);
- a member required there but not here (rejected when left out);
- a larger ``min`` (botocore checks minimums of lengths and values).

The rest (``max``, ``pattern``, ``enum`` values, documentation) botocore never checks, on
purpose (boto/botocore#779, pinned in its ``tests/unit/test_validate.py``): they are listed as
*informational*. Candidates are botocore wheels (``pip download --no-deps botocore==X``),
unpacked botocore folders, or the installed botocore (no argument).

The lowest-versions run of ``.ci/run`` installs the lower bound, and
``tests/codegen/test_lower_bound.py`` compares the installed botocore with the vendored model,
so a ``python -m codegen update-model`` that outgrows the bound fails there.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from codegen import config
from codegen.loader import SERVICE_FILE, closure

__all__ = ["Difference", "blocking", "compare", "installed_model", "model_from", "vendored_model"]

_DATA = f"botocore/data/{config.SERVICE}/{config.API_VERSION}/{SERVICE_FILE}"
# Member keys that change what goes over the wire or how it is read (the rest is documentation).
_WIRE_KEYS = (
    "shape",
    "location",
    "locationName",
    "timestampFormat",
    "idempotencyToken",
    "jsonvalue",
)


@frozen
class Difference:
    """One way a candidate model differs from the vendored one, at a shape or member path."""

    path: str
    what: str
    blocking: bool

    def __str__(self) -> str:
        return f"{'BLOCKING' if self.blocking else 'info'}: {self.path}: {self.what}"


def vendored_model(folder: Path = config.MODEL_PATH) -> dict[str, Any]:
    """The vendored botocore service model (the whole of it)."""
    document: dict[str, Any] = json.loads(gzip.decompress((folder / SERVICE_FILE).read_bytes()))
    return document


def model_from(path: Path) -> dict[str, Any]:
    """The SageMaker service model in a botocore wheel, or in a folder holding ``botocore/``."""
    if path.is_file():
        with zipfile.ZipFile(path) as wheel:
            data = wheel.read(_DATA)
    else:
        data = (path / _DATA).read_bytes()
    document: dict[str, Any] = json.loads(gzip.decompress(data))
    return document


def installed_model() -> tuple[str, dict[str, Any]]:
    """The installed botocore's version and SageMaker model."""
    import botocore

    return botocore.__version__, model_from(Path(botocore.__file__).parent.parent)


def _roots(model: dict[str, Any], operations: Sequence[str], key: str) -> list[str]:
    ops = model.get("operations", {})
    return [ops[name][key]["shape"] for name in operations if name in ops and key in ops[name]]


def _bound(value: Any) -> float | None:
    return None if value is None else float(value)


def compare(
    vendored: dict[str, Any],
    candidate: dict[str, Any],
    operations: Sequence[str] = config.OPERATIONS,
) -> list[Difference]:
    """Every difference of ``candidate`` from ``vendored`` over the operations' closures."""
    found: list[Difference] = []
    for name in operations:
        if name not in candidate.get("operations", {}):
            found.append(Difference(name, "operation missing", True))
    ours, theirs = vendored["shapes"], candidate.get("shapes", {})
    inputs = set(closure(ours, _roots(vendored, operations, "input")))
    reachable = closure(
        ours,
        [
            *_roots(vendored, operations, "input"),
            *_roots(vendored, operations, "output"),
            *(e["shape"] for n in operations for e in vendored["operations"][n].get("errors", ())),
        ],
    )
    for name in reachable:
        found += _compare_shape(name, ours[name], theirs.get(name), name in inputs)
    return found


def _compare_shape(
    name: str, ours: dict[str, Any], theirs: dict[str, Any] | None, in_request: bool
) -> Iterable[Difference]:
    if theirs is None:
        yield Difference(name, "shape missing", True)
        return
    if ours.get("type") != theirs.get("type"):
        yield Difference(name, f"type {theirs.get('type')} instead of {ours.get('type')}", True)
        return
    # botocore's validator checks minimums (request side); it never checks maximums.
    low, their_low = _bound(ours.get("min")), _bound(theirs.get("min"))
    if their_low is not None and (low is None or their_low > low):
        yield Difference(name, f"min {theirs['min']} instead of {ours.get('min')}", in_request)
    high, their_high = _bound(ours.get("max")), _bound(theirs.get("max"))
    if high != their_high:
        yield Difference(name, f"max {theirs.get('max')} instead of {ours.get('max')}", False)
    if ours.get("pattern") != theirs.get("pattern"):
        yield Difference(name, f"pattern {theirs.get('pattern')!r}", False)
    missing_values = sorted(set(ours.get("enum", ())) - set(theirs.get("enum", ())))
    if missing_values:
        shown = ", ".join(missing_values[:5]) + (" ..." if len(missing_values) > 5 else "")
        yield Difference(name, f"{len(missing_values)} enum value(s) unknown: {shown}", False)
    for key in ("member", "key", "value"):
        if key in ours and ours[key].get("shape") != theirs.get(key, {}).get("shape"):
            yield Difference(f"{name}.{key}", f"targets {theirs.get(key)}", True)
    members, their_members = ours.get("members", {}), theirs.get("members", {})
    for member, spec in members.items():
        path = f"{name}.{member}"
        other = their_members.get(member)
        if other is None:
            side = "rejected in requests" if in_request else "dropped from responses"
            yield Difference(path, f"member missing ({side})", True)
            continue
        for key in _WIRE_KEYS:
            if spec.get(key) != other.get(key):
                yield Difference(
                    path, f"{key} {other.get(key)!r} instead of {spec.get(key)!r}", True
                )
    required = set(theirs.get("required", ())) - set(ours.get("required", ()))
    for member in sorted(required):
        yield Difference(f"{name}.{member}", "required there, optional here", in_request)


def blocking(differences: Iterable[Difference]) -> list[Difference]:
    """The differences that change what botocore accepts, sends or reads."""
    return [d for d in differences if d.blocking]


def main(candidates: Sequence[Path], *, verbose: bool = False) -> int:
    """Compare each candidate (or the installed botocore) with the vendored model; exit 1 if
    any has a blocking difference."""
    vendored = vendored_model()
    sources: list[tuple[str, dict[str, Any]]]
    if candidates:
        sources = [(str(p), model_from(p)) for p in candidates]
    else:
        version, model = installed_model()
        sources = [(f"installed botocore {version}", model)]
    status = 0
    for label, model in sources:
        differences = compare(vendored, model)
        stop = blocking(differences)
        verdict = "accepts everything the vendored model accepts" if not stop else "BLOCKED"
        print(f"{label}: {verdict} ({len(stop)} blocking, {len(differences) - len(stop)} info)")
        for d in differences if verbose else stop:
            print(f"  {d}")
        status = status or (1 if stop else 0)
    return status
