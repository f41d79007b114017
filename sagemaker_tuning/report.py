"""The old import path of ``sagemaker_tuning.workflows.report``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.report``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.report import *  # noqa: F403
    from sagemaker_tuning.workflows.report import (
        _check_options as _check_options,
    )
    from sagemaker_tuning.workflows.report import (
        _PathLike as _PathLike,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.report")
