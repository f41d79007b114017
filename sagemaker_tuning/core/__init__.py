"""The core layer: the data model and what every other layer builds on.

:mod:`sagemaker_tuning.core.shapes` (the generated, validating classes),
:mod:`sagemaker_tuning.core.serde` (wire conversion), :mod:`sagemaker_tuning.core.validation`
(the constraint checks) and :mod:`sagemaker_tuning.core.errors` (the exceptions). Nothing here
imports the transport or workflow layers. The old paths (``sagemaker_tuning.shapes``, ...) are
the same modules and stay the documented public ones; see ``docs/layout.md``.
"""
