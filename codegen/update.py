"""``python -m codegen update-model``: refresh the vendored model from the installed botocore.

This is the only part of the generator that reads the installed botocore (and
the running Python's Unicode database); generation itself reads only the files
written here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from codegen import config

#: The ``\p{..}`` general categories the vendored Unicode table carries.
UNICODE_CATEGORIES = ("L", "N", "Z")


def _closure(shapes: dict[str, Any], roots: list[str]) -> list[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        for key in ("member", "key", "value"):
            if key in shape:
                stack.append(shape[key]["shape"])
        for member in shape.get("members", {}).values():
            stack.append(member["shape"])
    return sorted(seen)


def vendor_model(service_json: bytes, paginators: dict[str, Any], version: str) -> dict[str, Any]:
    """The vendored document: the operations in scope and every shape they reach."""
    model = json.loads(service_json)
    operations = {name: model["operations"][name] for name in config.OPERATIONS}
    roots: list[str] = []
    for op in operations.values():
        for key in ("input", "output"):
            if key in op:
                roots.append(op[key]["shape"])
        roots.extend(err["shape"] for err in op.get("errors", ()))
    names = _closure(model["shapes"], roots)
    pagination = paginators.get("pagination", {})
    return {
        "source": {
            "botocore_version": version,
            "file": f"botocore/data/{config.SERVICE}/{config.API_VERSION}/service-2.json",
            "sha256": hashlib.sha256(service_json).hexdigest(),
        },
        "metadata": model["metadata"],
        "operations": operations,
        "shapes": {name: model["shapes"][name] for name in names},
        "paginators": {name: pagination[name] for name in config.OPERATIONS if name in pagination},
    }


def unicode_table() -> dict[str, Any]:
    """Code-point ranges of each general category in :data:`UNICODE_CATEGORIES`."""
    ranges: dict[str, list[list[int]]] = {cat: [] for cat in UNICODE_CATEGORIES}
    for cp in range(sys.maxunicode + 1):
        cat = unicodedata.category(chr(cp))[0]
        if cat not in ranges:
            continue
        spans = ranges[cat]
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return {"unicode_version": unicodedata.unidata_version, "categories": ranges}


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def update_model(model_dir: Path = config.MODEL_DIR) -> list[Path]:
    import botocore

    data = Path(botocore.__file__).parent / "data" / config.SERVICE / config.API_VERSION
    service_json = gzip.decompress((data / "service-2.json.gz").read_bytes())
    paginators = json.loads((data / "paginators-1.json").read_text(encoding="utf-8"))
    vendored = vendor_model(service_json, paginators, botocore.__version__)
    model_dir.mkdir(parents=True, exist_ok=True)
    written = [model_dir / config.MODEL_FILE.name, model_dir / config.UNICODE_FILE.name]
    written[0].write_text(dump(vendored), encoding="utf-8", newline="\n")
    written[1].write_text(dump(unicode_table()), encoding="utf-8", newline="\n")
    return written
