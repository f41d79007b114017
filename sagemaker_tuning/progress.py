"""The old import path of ``sagemaker_tuning.workflows.progress``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.progress``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.progress import *  # noqa: F403
    from sagemaker_tuning.workflows.progress import (
        _PRIOR_SIGMA as _PRIOR_SIGMA,
    )
    from sagemaker_tuning.workflows.progress import (
        _PRIOR_WEIGHT as _PRIOR_WEIGHT,
    )
    from sagemaker_tuning.workflows.progress import (
        _TAIL_WAVES as _TAIL_WAVES,
    )
    from sagemaker_tuning.workflows.progress import (
        _a_tuning_client_lists as _a_tuning_client_lists,
    )
    from sagemaker_tuning.workflows.progress import (
        _count as _count,
    )
    from sagemaker_tuning.workflows.progress import (
        _duration as _duration,
    )
    from sagemaker_tuning.workflows.progress import (
        _Durations as _Durations,
    )
    from sagemaker_tuning.workflows.progress import (
        _Facts as _Facts,
    )
    from sagemaker_tuning.workflows.progress import (
        _grid_size as _grid_size,
    )
    from sagemaker_tuning.workflows.progress import (
        _has_target as _has_target,
    )
    from sagemaker_tuning.workflows.progress import (
        _launch_gap as _launch_gap,
    )
    from sagemaker_tuning.workflows.progress import (
        _ListingClient as _ListingClient,
    )
    from sagemaker_tuning.workflows.progress import (
        _Pages as _Pages,
    )
    from sagemaker_tuning.workflows.progress import (
        _seconds as _seconds,
    )
    from sagemaker_tuning.workflows.progress import (
        _service_now as _service_now,
    )
    from sagemaker_tuning.workflows.progress import (
        _target_reached as _target_reached,
    )
    from sagemaker_tuning.workflows.progress import (
        format_number as format_number,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.progress")
