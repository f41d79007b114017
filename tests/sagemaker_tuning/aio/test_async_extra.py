"""The async extra is installed wherever the async tests are meant to run."""

from __future__ import annotations

import importlib.metadata

from aio_support import require_aio


def test_aiobotocore_admits_the_installed_botocore() -> None:
    require_aio()
    import aiobotocore
    import botocore
    from packaging.requirements import Requirement

    pins = [
        Requirement(text)
        for text in importlib.metadata.requires("aiobotocore") or []
        if text.startswith("botocore")
    ]
    assert pins, "aiobotocore declares no botocore requirement"
    assert all(pin.specifier.contains(botocore.__version__) for pin in pins), (
        aiobotocore.__version__,
        botocore.__version__,
        [str(pin) for pin in pins],
    )
