"""The library's loggers: one ``NullHandler`` on the package logger, as Python's logging HOWTO
asks of libraries ("Configuring Logging for a Library").

Without it, a warning logged while the application has configured no logging goes to
``logging.lastResort`` and is printed on stderr (a response's unreadable timestamp in the
middle of a doctest or a command's output). With it, nothing is printed unless the
application configures logging; records still propagate to the handlers it configures.
"""

from __future__ import annotations

import logging

__all__ = ["get"]

_PACKAGE = logging.getLogger("sagemaker_tuning")
if not any(isinstance(h, logging.NullHandler) for h in _PACKAGE.handlers):
    _PACKAGE.addHandler(logging.NullHandler())


def get(name: str) -> logging.Logger:
    """The logger ``name`` (a ``sagemaker_tuning...`` name), the package's ``NullHandler`` set."""
    return logging.getLogger(name)
