"""Vendoring and loading: botocore's files kept whole, the closure of the operations computed at load."""

from __future__ import annotations

import gzip
import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from codegen import config
from codegen.errors import GenerationError
from codegen.loader import read_botocore, reduce_model
from codegen.update import source_record, unicode_table, vendor

SERVICE = {
    "metadata": {"serviceId": "SageMaker"},
    "operations": {
        name: {"input": {"shape": f"{name}Request"}, "errors": [{"shape": "NotFound"}]}
        for name in config.OPERATIONS
    }
    | {"DeleteEverything": {"input": {"shape": "Unrelated"}}},
    "shapes": {
        **{
            f"{name}Request": {"type": "structure", "members": {"Name": {"shape": "Name"}}}
            for name in config.OPERATIONS
        },
        "Name": {"type": "string"},
        "NotFound": {
            "type": "structure",
            "members": {"Items": {"shape": "Items"}},
            "exception": True,
        },
        "Items": {"type": "list", "member": {"shape": "Item"}},
        "Item": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Count"}},
        "Count": {"type": "integer"},
        "Unrelated": {"type": "structure", "members": {}},
    },
}
PAGINATORS = {"pagination": {config.OPERATIONS[0]: {"input_token": "T"}, "DeleteEverything": {}}}


def test_reduce_model_keeps_the_closure_of_the_operations_in_scope() -> None:
    reduced = reduce_model(SERVICE, PAGINATORS, {"botocore_version": "1.2.3"}, config.OPERATIONS)
    assert sorted(reduced["operations"]) == sorted(config.OPERATIONS)
    assert "Unrelated" not in reduced["shapes"]
    assert {"Name", "NotFound", "Items", "Item", "Count"} <= set(reduced["shapes"])
    assert list(reduced["paginators"]) == [config.OPERATIONS[0]]


def test_an_operation_the_vendored_model_lacks_is_named_in_the_error() -> None:
    with pytest.raises(GenerationError, match="NoSuchOperation is not in botocore 1.2.3"):
        reduce_model(SERVICE, PAGINATORS, {"botocore_version": "1.2.3"}, ["NoSuchOperation"])


def _botocore_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    raw = json.dumps(SERVICE).encode()
    (data / "service-2.json.gz").write_bytes(gzip.compress(raw))
    (data / "paginators-1.json").write_text(json.dumps(PAGINATORS), encoding="utf-8")
    vendor(data, "1.2.3", tmp_path / "model")
    return tmp_path / "model" / config.MODEL_PATH.name


def test_vendoring_copies_botocore_files_whole_and_records_their_source(tmp_path: Path) -> None:
    folder = _botocore_folder(tmp_path)
    record = json.loads((folder / "SOURCE.json").read_text(encoding="utf-8"))
    raw = json.dumps(SERVICE).encode()
    assert record == source_record(raw, "1.2.3")
    assert record["sha256"] == hashlib.sha256(raw).hexdigest()
    loaded = read_botocore(folder)
    assert loaded["source"] == {"botocore_version": "1.2.3", "sha256": record["sha256"]}
    assert sorted(loaded["operations"]) == sorted(config.OPERATIONS)


def test_a_vendored_model_that_differs_from_its_record_is_refused(tmp_path: Path) -> None:
    folder = _botocore_folder(tmp_path)
    (folder / "service-2.json.gz").write_bytes(gzip.compress(b'{"metadata": {}}'))
    with pytest.raises(GenerationError, match="sha256"):
        read_botocore(folder)


def test_adding_an_operation_of_the_vendored_version_needs_no_model_update() -> None:
    # Any operation of the vendored botocore model loads with its closure, not only those in scope.
    loaded = read_botocore(config.MODEL_PATH, ["ListTrainingJobs"])
    assert "ListTrainingJobsRequest" in loaded["shapes"]
    assert "ListTrainingJobs" in loaded["paginators"]


def test_unicode_table_has_the_categories_patterns_need() -> None:
    table = unicode_table()
    assert table["unicode_version"] == unicodedata.unidata_version
    letters = table["categories"]["L"]
    assert any(lo <= ord("é") <= hi for lo, hi in letters)
    assert not any(lo <= ord("1") <= hi for lo, hi in letters)
    assert all(a[1] < b[0] for a, b in zip(letters, letters[1:], strict=False))


def test_vendored_files_are_the_ones_generation_reads() -> None:
    vendored = read_botocore(config.MODEL_PATH)
    assert sorted(vendored["operations"]) == sorted(config.OPERATIONS)
    assert len(vendored["source"]["sha256"]) == 64
    assert "ListTrainingJobsForHyperParameterTuningJob" in vendored["paginators"]
    assert "ListHyperParameterTuningJobs" in vendored["paginators"]
