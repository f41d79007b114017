"""Whether the async tests can run here: the ``async`` extra (aiobotocore) and pytest-asyncio.

CI installs both for its async runs (``.ci/run``), so there a missing one fails the tests; a
machine with only ``.[test]`` skips them (``python -m pytest`` stays green without the extra).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

#: ``CI=true`` (or 1, yes): what ``.ci/run`` sets.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
#: What the async tests import beyond ``.[test]``.
NEEDED = ("aiobotocore", "pytest_asyncio")


def missing() -> list[str]:
    """The modules of :data:`NEEDED` that are not installed."""
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def require_aio() -> None:
    """Fail in CI, skip elsewhere, unless aiobotocore and pytest-asyncio are installed."""
    absent = missing()
    if not absent:
        return
    names = " and ".join(absent)
    if IN_CI:
        pytest.fail(
            f"{names} missing in CI: .ci/run installs the 'async' and 'test' extras", pytrace=False
        )
    pytest.skip(f"{names} not installed: pip install -e '.[test,async]' to run the async tests")
