"""Moved to :mod:`sagemaker_tuning.transport.paginator`; this import path keeps working.

``sagemaker_tuning.paginator`` is the same module object as ``sagemaker_tuning.transport.paginator``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.transport.paginator import *  # noqa: F403
    from sagemaker_tuning.transport.paginator import decode_token as decode_token
    from sagemaker_tuning.transport.paginator import encode_token as encode_token
else:
    from sagemaker_tuning.transport import paginator as _moved

    sys.modules[__name__] = _moved
