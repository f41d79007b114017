"""``update-model``: vendoring keeps exactly the operations in scope and the shapes they reach."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from codegen import config
from codegen.update import unicode_table, vendor_model


def test_vendor_model_keeps_the_closure_of_the_operations_in_scope() -> None:
    service = {
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
    raw = json.dumps(service).encode()
    paginators = {
        "pagination": {config.OPERATIONS[0]: {"input_token": "T"}, "DeleteEverything": {}}
    }
    vendored = vendor_model(raw, paginators, "1.2.3")
    assert vendored["source"] == {
        "botocore_version": "1.2.3",
        "file": "botocore/data/sagemaker/2017-07-24/service-2.json",
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    assert sorted(vendored["operations"]) == sorted(config.OPERATIONS)
    assert "Unrelated" not in vendored["shapes"]
    assert {"Name", "NotFound", "Items", "Item", "Count"} <= set(vendored["shapes"])
    assert list(vendored["paginators"]) == [config.OPERATIONS[0]]


def test_unicode_table_has_the_categories_patterns_need() -> None:
    table = unicode_table()
    assert table["unicode_version"] == unicodedata.unidata_version
    letters = table["categories"]["L"]
    assert any(lo <= ord("é") <= hi for lo, hi in letters)
    assert not any(lo <= ord("1") <= hi for lo, hi in letters)
    assert all(a[1] < b[0] for a, b in zip(letters, letters[1:], strict=False))


def test_vendored_files_are_the_ones_generation_reads() -> None:
    vendored = json.loads(config.MODEL_FILE.read_text(encoding="utf-8"))
    assert sorted(vendored["operations"]) == sorted(config.OPERATIONS)
    assert len(vendored["source"]["sha256"]) == 64
    assert "ListTrainingJobsForHyperParameterTuningJob" in vendored["paginators"]
