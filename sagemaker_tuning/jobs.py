"""The old import path of ``sagemaker_tuning.workflows.jobs``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.workflows.jobs``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.workflows.jobs import *  # noqa: F403
    from sagemaker_tuning.workflows.jobs import (
        C as C,
    )
    from sagemaker_tuning.workflows.jobs import (
        _log as _log,
    )
    from sagemaker_tuning.workflows.jobs import (
        _Paging as _Paging,
    )
    from sagemaker_tuning.workflows.jobs import (
        best_training_job_name as best_training_job_name,
    )
    from sagemaker_tuning.workflows.jobs import (
        checked as checked,
    )
    from sagemaker_tuning.workflows.jobs import (
        checked_name as checked_name,
    )
    from sagemaker_tuning.workflows.jobs import (
        clone_request_from as clone_request_from,
    )
    from sagemaker_tuning.workflows.jobs import (
        refuse_or_warn as refuse_or_warn,
    )
    from sagemaker_tuning.workflows.jobs import (
        training_jobs_request as training_jobs_request,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.workflows.jobs")
