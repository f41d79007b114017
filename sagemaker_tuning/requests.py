"""The old import path of ``sagemaker_tuning.workflows.requests``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.requests``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.requests import *  # noqa: F403
    from sagemaker_tuning.workflows.requests import (
        _ECR_IMAGE as _ECR_IMAGE,
    )
    from sagemaker_tuning.workflows.requests import (
        _ENABLE_FLAGS as _ENABLE_FLAGS,
    )
    from sagemaker_tuning.workflows.requests import (
        _GUIDE as _GUIDE,
    )
    from sagemaker_tuning.workflows.requests import (
        _KINDS as _KINDS,
    )
    from sagemaker_tuning.workflows.requests import (
        _LIMITS_GUIDE as _LIMITS_GUIDE,
    )
    from sagemaker_tuning.workflows.requests import (
        _MAX_CHANGES as _MAX_CHANGES,
    )
    from sagemaker_tuning.workflows.requests import (
        _MAX_PARENTS as _MAX_PARENTS,
    )
    from sagemaker_tuning.workflows.requests import (
        _REQUEST_MEMBERS as _REQUEST_MEMBERS,
    )
    from sagemaker_tuning.workflows.requests import (
        _TERMINAL as _TERMINAL,
    )
    from sagemaker_tuning.workflows.requests import (
        _WARM_START_GUIDE as _WARM_START_GUIDE,
    )
    from sagemaker_tuning.workflows.requests import (
        TUNING_OBJECTIVE_METRIC as TUNING_OBJECTIVE_METRIC,
    )
    from sagemaker_tuning.workflows.requests import (
        _algorithm as _algorithm,
    )
    from sagemaker_tuning.workflows.requests import (
        _clean_definition as _clean_definition,
    )
    from sagemaker_tuning.workflows.requests import (
        _compare as _compare,
    )
    from sagemaker_tuning.workflows.requests import (
        _drop_auto_scaling as _drop_auto_scaling,
    )
    from sagemaker_tuning.workflows.requests import (
        _launched as _launched,
    )
    from sagemaker_tuning.workflows.requests import (
        _lookup as _lookup,
    )
    from sagemaker_tuning.workflows.requests import (
        _objective as _objective,
    )
    from sagemaker_tuning.workflows.requests import (
        _only_definition as _only_definition,
    )
    from sagemaker_tuning.workflows.requests import (
        _override_config as _override_config,
    )
    from sagemaker_tuning.workflows.requests import (
        _statics as _statics,
    )
    from sagemaker_tuning.workflows.requests import (
        _tunable as _tunable,
    )
    from sagemaker_tuning.workflows.requests import (
        _violation as _violation,
    )
    from sagemaker_tuning.workflows.requests import (
        _warm_rule as _warm_rule,
    )
    from sagemaker_tuning.workflows.requests import (
        _wire as _wire,
    )
    from sagemaker_tuning.workflows.requests import (
        _wire_definitions as _wire_definitions,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.requests")
