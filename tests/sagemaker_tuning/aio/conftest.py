"""The async tests: every test in this folder carries the ``aio`` marker.

``pytest -m aio`` runs them, ``pytest -m "not aio"`` leaves them out (what CI runs without the
async extra). Where aiobotocore or pytest-asyncio is missing, outside CI the test modules are
not collected (they import aiobotocore) and ``test_async_extra.py`` skips, saying what to
install; in CI (``CI=true``) every module is collected, so the missing extra fails the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aio_support import IN_CI, missing

_HERE = Path(__file__).parent

if not IN_CI and missing():
    # The one module that imports nothing optional stays, to say why the others are gone.
    collect_ignore_glob = [
        p.name for p in _HERE.glob("test_*.py") if p.name != "test_async_extra.py"
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.aio)
