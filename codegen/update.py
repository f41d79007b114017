"""``python -m codegen update-model``: refresh the vendored model from the installed botocore.

This is the only part of the generator that reads the installed botocore (and
the running Python's Unicode database); generation itself reads only the files
written here. botocore's files are copied unchanged, so adding an operation of
the same botocore version later needs no update, only a line in
:data:`codegen.config.OPERATIONS`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Any

from codegen import config
from codegen.loader import PAGINATORS_FILE, SERVICE_FILE, SOURCE_FILE

#: The ``\p{..}`` general categories the vendored Unicode table carries.
UNICODE_CATEGORIES = ("L", "N", "Z")


def source_record(service_json: bytes, version: str) -> dict[str, Any]:
    """``SOURCE.json``: where the vendored files came from, and the model's sha256."""
    data = f"botocore/data/{config.SERVICE}/{config.API_VERSION}"
    return {
        "botocore_version": version,
        "files": {
            PAGINATORS_FILE: f"{data}/{PAGINATORS_FILE}",
            SERVICE_FILE: f"{data}/{SERVICE_FILE}",
        },
        "sha256": hashlib.sha256(service_json).hexdigest(),
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


def vendor(data: Path, version: str, model_dir: Path) -> list[Path]:
    """Copy botocore's SageMaker files from ``data`` into ``model_dir`` with their record."""
    service_json = gzip.decompress((data / SERVICE_FILE).read_bytes())
    folder = model_dir / config.MODEL_PATH.name
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / SERVICE_FILE, folder / PAGINATORS_FILE, folder / SOURCE_FILE]
    shutil.copyfile(data / SERVICE_FILE, written[0])
    shutil.copyfile(data / PAGINATORS_FILE, written[1])
    written[2].write_text(
        dump(source_record(service_json, version)), encoding="utf-8", newline="\n"
    )
    return written


def update_model(model_dir: Path = config.MODEL_DIR) -> list[Path]:
    import botocore

    data = Path(botocore.__file__).parent / "data" / config.SERVICE / config.API_VERSION
    written = vendor(data, botocore.__version__, model_dir)
    unicode_file = model_dir / config.UNICODE_FILE.name
    unicode_file.write_text(dump(unicode_table()), encoding="utf-8", newline="\n")
    return [*written, unicode_file]
