"""The transport layer: the sync and the async low-level clients, their paginators and waiters.

:mod:`~sagemaker_tuning.transport._engine` holds what both clients do without I/O; the
shells :mod:`~sagemaker_tuning.transport.client` (botocore) and
:mod:`~sagemaker_tuning.transport.aio` (aiobotocore, the ``async`` extra) only send. This
layer imports the core (shapes, serde, validation, errors) and nothing of the workflows
(handles, progress, tables, the preview view), which build on it.
"""
