"""The old import path of ``sagemaker_tuning.core.errors``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.core.errors``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.core.errors import *  # noqa: F403
    from sagemaker_tuning.core.errors import (
        _JobFailed as _JobFailed,
    )
    from sagemaker_tuning.core.errors import (
        _rebuild as _rebuild,
    )
    from sagemaker_tuning.core.errors import (
        _rebuild_malformed as _rebuild_malformed,
    )
    from sagemaker_tuning.core.errors import (
        _rebuild_pagination as _rebuild_pagination,
    )
    from sagemaker_tuning.core.errors import (
        _rebuild_waiter as _rebuild_waiter,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.core.errors")
