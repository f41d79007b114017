"""The old import path of ``sagemaker_tuning.core.shapes``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.core.shapes``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning._generated.shapes import *  # noqa: F403
    from sagemaker_tuning.core.shapes import *  # noqa: F403
    from sagemaker_tuning.core.shapes import (
        FrozenMap as FrozenMap,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.core.shapes")
