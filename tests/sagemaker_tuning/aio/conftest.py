"""The async tests: every test in this folder carries the ``aio`` marker.

``pytest -m aio`` runs them, ``pytest -m "not aio"`` leaves them out (what CI runs without the
async extra). Where aiobotocore or pytest-asyncio is missing, a test module here is not
imported (it imports aiobotocore): it stands as one test, marked ``aio`` like the rest, that
skips saying what to install, or fails in CI (``CI=true``), whose async runs install the extra.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aio_support import missing, require_aio

_HERE = Path(__file__).parent


class _NeedsTheExtra(pytest.Item):
    """A test module that cannot be imported here: skips, or fails in CI."""

    def runtest(self) -> None:
        require_aio()
        raise AssertionError("unreachable: require_aio() skips or fails where the extra is missing")

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.name}: needs the async extra"


class _ModuleNeedingTheExtra(pytest.File):
    def collect(self) -> list[pytest.Item]:
        return [_NeedsTheExtra.from_parent(self, name="needs_the_async_extra")]


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if module_path.parent == _HERE and missing() and module_path.name != "test_async_extra.py":
        return _ModuleNeedingTheExtra.from_parent(parent, path=module_path)
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.aio)
