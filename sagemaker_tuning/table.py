"""The old import path of ``sagemaker_tuning.workflows.table``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.table``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.table import *  # noqa: F403
    from sagemaker_tuning.workflows.table import (
        _LEAD as _LEAD,
    )
    from sagemaker_tuning.workflows.table import (
        _PANDAS_HINT as _PANDAS_HINT,
    )
    from sagemaker_tuning.workflows.table import (
        _decode as _decode,
    )
    from sagemaker_tuning.workflows.table import (
        _hms as _hms,
    )
    from sagemaker_tuning.workflows.table import (
        _is_number as _is_number,
    )
    from sagemaker_tuning.workflows.table import (
        _iso as _iso,
    )
    from sagemaker_tuning.workflows.table import (
        _ranges_by_name as _ranges_by_name,
    )
    from sagemaker_tuning.workflows.table import (
        _seconds as _seconds,
    )
    from sagemaker_tuning.workflows.table import (
        _text as _text,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.table")
