"""Base classes of the SDK's exceptions (the generated modeled errors derive from these)."""

from __future__ import annotations


class SageMakerTuningError(Exception):
    """Base of every exception this SDK raises on its own account."""


class ServiceError(SageMakerTuningError):
    """The service answered with an error.

    Modeled errors (``ResourceNotFound``, ``ResourceInUse``, ``ResourceLimitExceeded``)
    have their own subclasses; every other code (``ValidationException``,
    ``ThrottlingException``, ``AccessDeniedException``, ...) is a plain ``ServiceError``.
    The botocore ``ClientError`` is chained as ``__cause__``.
    """

    #: The error code this class stands for (``None`` on the catch-all class).
    CODE: str | None = None

    def __init__(
        self,
        message: str,
        *,
        code: str,
        operation: str,
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.operation = operation
        self.http_status = http_status
        self.request_id = request_id

    def __str__(self) -> str:
        return f"{self.code} in {self.operation}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild,
            (
                type(self),
                self.message,
                self.code,
                self.operation,
                self.http_status,
                self.request_id,
            ),
        )


def _rebuild(
    cls: type[ServiceError],
    message: str,
    code: str,
    operation: str,
    status: int | None,
    request_id: str | None,
) -> ServiceError:
    return cls(message, code=code, operation=operation, http_status=status, request_id=request_id)
