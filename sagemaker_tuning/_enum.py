"""The base of the generated enums: ``str`` members equal to, and hashing like, their values.

Public as :class:`sagemaker_tuning.enums.ApiEnum`.
"""

from __future__ import annotations

import enum


class ApiEnum(str, enum.Enum):
    """An enum of a model string shape; each member *is* its wire string."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __hash__(self) -> int:
        # Enum hashes by member name; a str member must hash like the equal string.
        return str.__hash__(self)


# Documented and shown under its public path (this module is private).
ApiEnum.__module__ = "sagemaker_tuning.enums"
