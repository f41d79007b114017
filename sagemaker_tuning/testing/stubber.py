"""botocore's ``Stubber`` for a :class:`~sagemaker_tuning.TuningClient`, with typed requests and responses.

Queue typed responses (checked against the whole model before they are
queued, so a stub can never hold a response the service could not send),
optionally with the typed request each call must make, or a service error by
code; then run the code under test:

>>> from sagemaker_tuning import shapes
>>> from sagemaker_tuning.errors import ResourceNotFound
>>> from sagemaker_tuning.testing import LocalSageMaker, TuningStubber
>>> client = LocalSageMaker().client()  # any TuningClient; the stub answers first
>>> with TuningStubber(client) as stubber:
...     stubber.add_error("describe_training_job", ResourceNotFound, "no such job",
...                       expected_request="job-1")
...     try:
...         client.describe_training_job("job-1")
...     except ResourceNotFound as error:
...         print(error.code, error.message)
ResourceNotFound no such job

An :class:`~sagemaker_tuning.aio.AsyncTuningClient` is stubbed the same way (aiobotocore's
``AioStubber`` underneath): ``with TuningStubber(async_client) as stubber: ... await
async_client.describe_training_job("job-1")``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar, overload

from sagemaker_tuning._generated.model import OPERATIONS, MethodName
from sagemaker_tuning._operations import OperationModel
from sagemaker_tuning.core.errors import ServiceError
from sagemaker_tuning.core.serde import to_api
from sagemaker_tuning.core.validation import validate

__all__ = ["Operation", "StubbedClient", "TuningStubber"]

#: The operations a stub can answer, by ``TuningClient`` method name (the model's
#: operation names are accepted too).
Operation = MethodName

_BY_METHOD = {model.method_name: model for model in OPERATIONS.values()}
_BY_NAME = dict(OPERATIONS)

Req = TypeVar("Req")
Resp = TypeVar("Resp")


class StubbedClient(Protocol):
    """What :class:`TuningStubber` stubs: a ``TuningClient`` or an ``AsyncTuningClient``."""

    @property
    def boto_client(self) -> Any:
        """The botocore (or aiobotocore) SageMaker client underneath."""
        ...


class TuningStubber:
    """A typed wrapper over botocore's ``Stubber`` for a ``TuningClient`` or ``AsyncTuningClient``.

    While active (``with TuningStubber(client) as stubber:`` or
    :meth:`activate`), every call the client makes takes the next queued answer
    instead of reaching the network or any ``before-send`` hook; a call with no
    queued answer, to another operation, or with an unexpected request fails.
    """

    def __init__(self, client: StubbedClient) -> None:
        boto = getattr(client, "boto_client", None)
        if boto is None:
            raise TypeError(
                f"expected a TuningClient or an AsyncTuningClient, got {type(client).__name__}"
            )
        self.client = client
        #: The botocore ``Stubber`` underneath (aiobotocore's ``AioStubber`` for an async
        #: client), for anything this wrapper does not cover.
        self.stubber: Any = _stubber_for(boto)

    # -- queueing --------------------------------------------------------------------------

    @overload
    def add_response(
        self,
        operation: Callable[[Req], Awaitable[Resp]],
        response: Resp,
        expected_request: Req | None = None,
    ) -> None: ...
    @overload
    def add_response(
        self,
        operation: Callable[[Req], Resp],
        response: Resp,
        expected_request: Req | None = None,
    ) -> None: ...
    @overload
    def add_response(
        self, operation: Operation, response: Any = None, expected_request: Any = None
    ) -> None: ...

    def add_response(
        self, operation: Any, response: Any = None, expected_request: Any = None
    ) -> None:
        """Queue a typed response for the next call of ``operation``.

        ``operation`` is the client's method (``client.describe_training_job``, sync or
        async: the type checker then holds ``response`` and ``expected_request`` to its types)
        or its name (``"describe_training_job"``, or the API's
        ``"DescribeTrainingJob"``).

        ``response`` must be an instance of the operation's response shape
        (``None`` for ``stop_hyper_parameter_tuning_job``) and valid in every
        member, nested ones included; otherwise :class:`TypeError` or
        :class:`~sagemaker_tuning.ValidationError` is raised here, not when
        the code under test runs. With ``expected_request`` (a request shape, or
        a plain name where the client accepts one) the call must send exactly
        that request.
        """
        model = _operation(operation)
        if model.output is None:
            if response is not None:
                raise TypeError(f"{model.method_name} has no response; pass None")
            wire: dict[str, Any] = {}
        else:
            if not isinstance(response, model.output):
                raise TypeError(
                    f"the response of {model.method_name} is a {model.output.__name__}, "
                    f"got {type(response).__name__}"
                )
            validate(response)
            wire = to_api(response)
        self.stubber.add_response(model.method_name, wire, _expected(model, expected_request))

    def add_error(
        self,
        operation: Operation | Callable[..., Any],
        code: str | type[ServiceError],
        message: str = "",
        *,
        http_status: int = 400,
        expected_request: Any = None,
    ) -> None:
        """Queue a service error for the next call of ``operation``.

        ``code`` is an error code (``"ValidationException"``,
        ``"ThrottlingException"``, ...) or a modeled error class such as
        :class:`~sagemaker_tuning.errors.ResourceNotFound`. The client raises
        the matching :class:`~sagemaker_tuning.errors.ServiceError` subclass.
        """
        model = _operation(operation)
        if isinstance(code, type):
            if not issubclass(code, ServiceError) or code.CODE is None:
                raise TypeError(f"expected an error code or a modeled error class, got {code!r}")
            code = code.CODE
        if not code:
            raise ValueError("an error code is required")
        self.stubber.add_client_error(
            model.method_name,
            service_error_code=code,
            service_message=message,
            http_status_code=http_status,
            expected_params=_expected(model, expected_request),
        )

    # -- checking and lifecycle ------------------------------------------------------------------

    def assert_no_pending_responses(self) -> None:
        """Raise ``AssertionError`` if a queued answer was never taken."""
        self.stubber.assert_no_pending_responses()

    def activate(self) -> TuningStubber:
        """Start answering the client's calls from the queue."""
        self.stubber.activate()
        return self

    def deactivate(self) -> None:
        """Stop answering; calls reach the client's endpoint (and hooks) again."""
        self.stubber.deactivate()

    def __enter__(self) -> TuningStubber:
        return self.activate()

    def __exit__(self, *exc: object) -> None:
        self.deactivate()


def _stubber_for(boto: Any) -> Any:
    """botocore's ``Stubber``, or aiobotocore's for an aiobotocore client (awaitable answers)."""
    module = sys.modules.get("aiobotocore.client")
    base = getattr(module, "AioBaseClient", None)
    if isinstance(base, type) and isinstance(boto, base):
        # aiobotocore is optional (the async extra) and untyped: imported by name.
        return importlib.import_module("aiobotocore.stub").AioStubber(boto)
    from botocore.stub import Stubber

    return Stubber(boto)


def _operation(operation: Any) -> OperationModel:
    if callable(operation):
        operation = getattr(operation, "__name__", operation)
    model = (
        (_BY_METHOD.get(operation) or _BY_NAME.get(operation))
        if isinstance(operation, str)
        else None
    )
    if model is None:
        known = ", ".join(sorted(_BY_METHOD))
        raise ValueError(f"unknown operation {operation!r}; expected one of {known}")
    return model


def _expected(model: OperationModel, request: Any) -> dict[str, Any] | None:
    """The botocore parameters a typed expected request stands for."""
    if request is None:
        return None
    cls = model.input
    if cls is None:
        raise TypeError(f"{model.method_name} takes no request")
    if isinstance(request, str) and model.name_member is not None:
        request = cls(**{model.name_member: request})
    if not isinstance(request, cls):
        raise TypeError(
            f"the request of {model.method_name} is a {cls.__name__}, got {type(request).__name__}"
        )
    validate(request)
    expected: dict[str, Any] = to_api(request)
    return expected
