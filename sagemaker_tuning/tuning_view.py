"""The old import path of ``sagemaker_tuning.workflows.tuning_view``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.tuning_view``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.tuning_view import *  # noqa: F403
    from sagemaker_tuning.workflows.tuning_view import (
        _GONE as _GONE,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _T as _T,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _UTC as _UTC,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        ENDED as ENDED,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _all_or_nothing as _all_or_nothing,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _build as _build,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _check_account as _check_account,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _definitions as _definitions,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _Ended as _Ended,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _ended as _ended,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _fact as _fact,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _instance_count as _instance_count,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _metric_definitions as _metric_definitions,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _Plan as _Plan,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _plan as _plan,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _request as _request,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _seconds as _seconds,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _start as _start,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _typed_ranges as _typed_ranges,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _unless_gone as _unless_gone,
    )
    from sagemaker_tuning.workflows.tuning_view import (
        _wire as _wire,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.tuning_view")
