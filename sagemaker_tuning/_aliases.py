"""Old import paths that keep working after the package moved into layers (issue 21).

Each module that moved into ``core/`` or ``workflows/`` left a small module at its old path
that calls :func:`alias`: importing the old path gives the moved module itself, so both names
are one module object (monkeypatching either patches both; ``isinstance`` and pickles agree).
``MOVED`` is the table, read by ``docs/_ext/tuning_docs.py`` (references to a new path resolve
to the public one the docs document) and ``tests/sagemaker_tuning/test_layers.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from types import ModuleType

__all__ = ["MOVED", "alias"]

#: Old (public, documented) dotted path -> the module's home.
MOVED: dict[str, str] = {
    "sagemaker_tuning.errors": "sagemaker_tuning.core.errors",
    "sagemaker_tuning.jobs": "sagemaker_tuning.workflows.jobs",
    "sagemaker_tuning.paginator": "sagemaker_tuning.transport.paginator",
    "sagemaker_tuning.progress": "sagemaker_tuning.workflows.progress",
    "sagemaker_tuning.report": "sagemaker_tuning.workflows.report",
    "sagemaker_tuning.requests": "sagemaker_tuning.workflows.requests",
    "sagemaker_tuning.serde": "sagemaker_tuning.core.serde",
    "sagemaker_tuning.shapes": "sagemaker_tuning.core.shapes",
    "sagemaker_tuning.table": "sagemaker_tuning.workflows.table",
    "sagemaker_tuning.tuning_view": "sagemaker_tuning.workflows.tuning_view",
    "sagemaker_tuning.validation": "sagemaker_tuning.core.validation",
    "sagemaker_tuning.waiters": "sagemaker_tuning.transport.waiters",
}


def alias(old: str, new: str) -> ModuleType:
    """Make ``old`` another name of the module ``new``, and of its submodules if a package."""
    module = importlib.import_module(new)
    sys.modules[old] = module
    parent, _, child = old.rpartition(".")
    setattr(sys.modules[parent], child, module)
    # Read from the module's namespace: hasattr() would ask a lazy module's __getattr__ (PEP 562)
    # and build what it defers (sagemaker_tuning.shapes would build every class).
    if "__path__" in vars(module):
        # ``import sagemaker_tuning.report._data`` would otherwise load a second copy of the
        # submodule from the package's directory under the old name.
        for info in pkgutil.iter_modules(vars(module)["__path__"]):
            sys.modules.setdefault(
                f"{old}.{info.name}", importlib.import_module(f"{new}.{info.name}")
            )
    return module
