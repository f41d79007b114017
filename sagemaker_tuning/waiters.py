"""Moved to :mod:`sagemaker_tuning.transport.waiters`; this import path keeps working.

``sagemaker_tuning.waiters`` is the same module object as ``sagemaker_tuning.transport.waiters``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.transport.waiters import *  # noqa: F403
    from sagemaker_tuning.transport.waiters import load_document as load_document
    from sagemaker_tuning.transport.waiters import parse_definitions as parse_definitions
else:
    from sagemaker_tuning.transport import waiters as _moved

    sys.modules[__name__] = _moved
