"""Every exception the SDK raises, in one module.

The hierarchy (catch :class:`SageMakerTuningError` to catch them all)::

    SageMakerTuningError
    ├── ValidationError            a request or document broke the model or a service rule;
    │                              nothing was sent (also a ValueError)
    ├── ServiceError               the service answered with an error code
    │   ├── ResourceInUse          (modeled) the name is taken
    │   ├── ResourceLimitExceeded  (modeled) an account quota is reached
    │   └── ResourceNotFound       (modeled) no such job
    ├── MalformedResponse          a 200 answer whose body is not the operation's JSON
    │                              (cut short, HTML, empty, not a JSON object)
    ├── PaginationError            the service repeated a pagination token
    └── WaiterError                a waiter stopped short of success
        ├── WaiterTimeout          max_wait passed
        ├── TuningJobFailed        the tuning job ended Failed or DeleteFailed
        └── TrainingJobFailed      the training job ended Failed

    RuleWarning (a UserWarning, issued with ``warnings.warn``, never raised)
                                   a Create request breaks a warning-severity service rule

What happens to a botocore error depends on who is speaking:

- **The service answered with an error** (botocore's ``ClientError``): it becomes a
  :class:`ServiceError` -- the subclass for a modeled code (:class:`ResourceNotFound`,
  :class:`ResourceInUse`, :class:`ResourceLimitExceeded`), plain ``ServiceError`` for
  any other code (``ValidationException``, ``ThrottlingException``,
  ``AccessDeniedException``, ...). The ``ClientError`` is chained as ``__cause__``, so
  nothing botocore knew is lost.
- **The service never answered** (botocore's ``BotoCoreError`` family: no
  credentials, unknown profile, endpoint or connection failures, read timeouts):
  the botocore exception passes through **unchanged**. These are not facts about
  SageMaker, botocore already names them precisely, and code that handles them for
  every other AWS client keeps working. Waiters treat connection errors as
  transient (they keep polling until ``max_wait``).

- **The service answered 2xx with a body that is not the operation's JSON** (cut short, an
  HTML page, empty): :class:`MalformedResponse`, never an empty answer.

Every modeled error code of the operations in scope has its class here
(:data:`MODELED_ERRORS`); a test holds this module to the generated operation table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagemaker_tuning.core.validation import Violation

__all__ = [
    "MODELED_ERRORS",
    "MalformedResponse",
    "PaginationError",
    "ResourceInUse",
    "ResourceLimitExceeded",
    "ResourceNotFound",
    "RuleWarning",
    "SageMakerTuningError",
    "ServiceError",
    "TrainingJobFailed",
    "TuningJobFailed",
    "ValidationError",
    "WaiterError",
    "WaiterTimeout",
    "from_client_error",
]


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


class ValidationError(SageMakerTuningError, ValueError):
    """A request or document broke the model's constraints or a service rule; nothing was sent.

    ``violations`` lists every one (each with its API member path); ``shape`` names
    the request or document checked. It is a ``ValueError`` too.
    """

    def __init__(self, violations: Sequence[Violation], shape: str | None = None) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        self.shape = shape
        super().__init__(self.violations)

    def __str__(self) -> str:
        count = len(self.violations)
        head = f"{count} validation error{'s' if count != 1 else ''}"
        if self.shape:
            head += f" in {self.shape}"
        return "\n  ".join([f"{head}:", *(str(v) for v in self.violations)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.violations, self.shape))


class ResourceInUse(ServiceError):
    """The resource is in use: a tuning job with that name already exists."""

    CODE = "ResourceInUse"


class ResourceLimitExceeded(ServiceError):
    """An account quota of SageMaker is reached (too many jobs, instances, ...)."""

    CODE = "ResourceLimitExceeded"


class ResourceNotFound(ServiceError):
    """The named resource does not exist."""

    CODE = "ResourceNotFound"


#: Error code -> exception class, for every modeled error of the operations in scope.
MODELED_ERRORS: dict[str, type[ServiceError]] = {
    "ResourceInUse": ResourceInUse,
    "ResourceLimitExceeded": ResourceLimitExceeded,
    "ResourceNotFound": ResourceNotFound,
}


class MalformedResponse(SageMakerTuningError):
    """A successful (2xx) answer whose body is not the operation's JSON; nothing was read from it.

    A body cut short, an HTML page (a proxy, a captive portal), an empty body or JSON that is
    no object cannot be told from a partial answer, so it is never read as an empty one.
    ``operation`` names the operation, ``reason`` what was wrong, ``excerpt`` the body's
    first characters (credentials redacted, at most 80); ``http_status`` and ``request_id``
    as the answer gave them. The call may be repeated; a paginator keeps its position (its
    ``resume_token`` is the failed page's). Raised by clients whose session has the SDK's
    parsers (:meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>`,
    :func:`~sagemaker_tuning.client.install_parsers`), and by a paginator given a page
    without its item list.
    """

    def __init__(
        self,
        operation: str,
        reason: str,
        *,
        excerpt: str = "",
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(operation, reason)
        self.operation = operation
        self.reason = reason
        self.excerpt = excerpt
        self.http_status = http_status
        self.request_id = request_id

    def __str__(self) -> str:
        status = f"HTTP {self.http_status}" if self.http_status is not None else "a success"
        shown = f"; it starts {self.excerpt!r}" if self.excerpt else ""
        return (
            f"{self.operation} answered {status} with a body that is not its JSON: "
            f"{self.reason}{shown}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_malformed,
            (self.operation, self.reason, self.excerpt, self.http_status, self.request_id),
        )


def _rebuild_malformed(
    operation: str, reason: str, excerpt: str, status: int | None, request_id: str | None
) -> MalformedResponse:
    return MalformedResponse(
        operation, reason, excerpt=excerpt, http_status=status, request_id=request_id
    )


class PaginationError(SageMakerTuningError):
    """The service broke the pagination protocol: it sent back a token it had already sent.

    Following it would loop forever or list the same jobs again. ``token`` is the
    repeated service token; ``pages`` is how many pages had been read.
    """

    def __init__(self, message: str, *, token: str, pages: int) -> None:
        super().__init__(message)
        self.token = token
        self.pages = pages

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_pagination, (str(self), self.token, self.pages))


def _rebuild_pagination(message: str, token: str, pages: int) -> PaginationError:
    return PaginationError(message, token=token, pages=pages)


class WaiterError(SageMakerTuningError):
    """A waiter stopped without reaching its success state.

    ``waiter`` names the waiter definition, ``last_response`` is the last typed
    Describe response (``None`` if no poll succeeded), ``attempts`` counts the
    Describe calls and ``elapsed`` the seconds spent, by the client's clock.
    """

    def __init__(
        self,
        message: str,
        *,
        waiter: str,
        last_response: Any = None,
        attempts: int = 0,
        elapsed: float = 0.0,
    ) -> None:
        super().__init__(message)
        self.waiter = waiter
        self.last_response = last_response
        self.attempts = attempts
        self.elapsed = elapsed

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses' extra state (a timeout's ``last_error``, which may hold unpicklable
        # botocore state) is left out; a pickled error keeps its text and the fields here.
        kwargs = {
            "waiter": self.waiter,
            "last_response": self.last_response,
            "attempts": self.attempts,
            "elapsed": self.elapsed,
        }
        return (_rebuild_waiter, (type(self), str(self), kwargs))


def _rebuild_waiter(cls: type[WaiterError], message: str, kwargs: Mapping[str, Any]) -> WaiterError:
    return cls(message, **kwargs)


class WaiterTimeout(WaiterError):
    """``max_wait`` passed before the job reached a final state (``last_response`` says where it was).

    ``last_error`` is the transient error of the latest poll that failed (throttling, a 5xx
    answer, a connection error, a malformed answer), even when later polls were answered;
    ``None`` if none failed. The message names it too.
    """

    def __init__(
        self,
        message: str,
        *,
        waiter: str,
        last_response: Any = None,
        attempts: int = 0,
        elapsed: float = 0.0,
        last_error: BaseException | None = None,
    ) -> None:
        super().__init__(
            message, waiter=waiter, last_response=last_response, attempts=attempts, elapsed=elapsed
        )
        self.last_error = last_error


class _JobFailed(WaiterError):
    @property
    def failure_reason(self) -> str | None:
        """The job's ``FailureReason`` from the last response (``None`` if the service gave none)."""
        reason = getattr(self.last_response, "failure_reason", None)
        return reason if isinstance(reason, str) else None


class TuningJobFailed(_JobFailed):
    """The tuning job ended in ``Failed`` or ``DeleteFailed``.

    ``last_response`` is its final ``DescribeHyperParameterTuningJobResponse``;
    ``failure_reason`` is that response's ``FailureReason``.
    """


class TrainingJobFailed(_JobFailed):
    """The training job ended in ``Failed``.

    ``last_response`` is its final ``DescribeTrainingJobResponse``;
    ``failure_reason`` is that response's ``FailureReason``.
    """


class RuleWarning(UserWarning):
    """A Create request breaks a warning-severity service rule; the request is still sent.

    Issued with ``warnings.warn`` by
    :meth:`TuningClient.create_hyper_parameter_tuning_job
    <sagemaker_tuning.TuningClient.create_hyper_parameter_tuning_job>`, so that it shows in
    library use without any logging set-up (Python prints each once per call site) and tests can
    turn it into an error (``-W error::sagemaker_tuning.errors.RuleWarning``).
    ``violation`` is the rule's :class:`~sagemaker_tuning.validation.Violation`.
    """

    def __init__(self, message: str, violation: Violation) -> None:
        super().__init__(message)
        self.violation = violation


def from_client_error(error: Any) -> ServiceError:
    """The :class:`ServiceError` for a botocore ``ClientError`` (the caller chains it).

    Reads the parsed error (``response["Error"]``) and metadata; a response
    missing any part still gives an exception (code ``"Unknown"``, empty message).
    """
    response = getattr(error, "response", None)
    if not isinstance(response, Mapping):
        response = {}
    body = response.get("Error")
    if not isinstance(body, Mapping):
        body = {}
    meta = response.get("ResponseMetadata")
    if not isinstance(meta, Mapping):
        meta = {}
    code = body.get("Code")
    code = code if isinstance(code, str) and code else "Unknown"
    message = body.get("Message")
    message = message if isinstance(message, str) else ""
    status = meta.get("HTTPStatusCode")
    request_id = meta.get("RequestId")
    operation = getattr(error, "operation_name", None)
    cls = MODELED_ERRORS.get(code, ServiceError)
    return cls(
        message,
        code=code,
        operation=operation if isinstance(operation, str) else "Unknown",
        http_status=status if isinstance(status, int) else None,
        request_id=request_id if isinstance(request_id, str) and request_id else None,
    )
