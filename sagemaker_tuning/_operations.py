"""The descriptors of the generated operation table (:mod:`sagemaker_tuning._generated.model`).

An operation is one unit of data: its request and response shapes, the member a
plain name stands for, its paginator and its modeled errors. The client, the
stubber and the local service are driven by these records, so adding an
operation adds data, not wiring. A :class:`CompositeModel` is a client method that
no wire operation answers alone (from a supplementary model, not botocore's): it
lists the operations it is made of, and only the client knows it.
"""

from __future__ import annotations

from typing import Any


class PaginatorModel:
    """botocore's paginator entry for one operation, with the item shape and client method."""

    __slots__ = (
        "input_token",
        "item",
        "limit_key",
        "method_name",
        "operation",
        "output_token",
        "result_key",
    )

    def __init__(
        self,
        *,
        operation: str,
        method_name: str,
        input_token: str,
        output_token: str,
        limit_key: str | None,
        result_key: str,
        item: type[Any],
    ) -> None:
        self.operation, self.method_name = operation, method_name
        self.input_token, self.output_token = input_token, output_token
        self.limit_key, self.result_key, self.item = limit_key, result_key, item

    def __repr__(self) -> str:
        return f"PaginatorModel({self.operation!r})"


class OperationModel:
    """One operation of the model.

    ``name_member`` is the request attribute a plain name stands for (``None`` when a
    request is more than a name); ``input_optional`` says the request has no required
    member and may be left out; ``errors`` are the modeled error codes.
    """

    __slots__ = (
        "errors",
        "input",
        "input_optional",
        "method_name",
        "name",
        "name_member",
        "output",
        "paginator",
    )

    def __init__(
        self,
        *,
        name: str,
        method_name: str,
        input: type[Any] | None,
        output: type[Any] | None,
        errors: tuple[str, ...],
        name_member: str | None = None,
        input_optional: bool = False,
        paginator: PaginatorModel | None = None,
    ) -> None:
        self.name, self.method_name = name, method_name
        self.input, self.output, self.errors = input, output, errors
        self.name_member, self.input_optional, self.paginator = (
            name_member,
            input_optional,
            paginator,
        )

    def __repr__(self) -> str:
        return f"OperationModel({self.name!r})"


class CompositeModel:
    """A client method made of several wire operations (a supplementary model's operation).

    ``calls`` are the operations of :data:`~sagemaker_tuning._generated.model.OPERATIONS`
    that answer it; ``source`` names the supplementary model file that defines it. It has
    no wire name of its own, so the stubber and the local service never see it.
    """

    __slots__ = (
        "calls",
        "errors",
        "input",
        "method_name",
        "name",
        "name_member",
        "output",
        "source",
    )

    def __init__(
        self,
        *,
        name: str,
        method_name: str,
        input: type[Any],
        output: type[Any],
        errors: tuple[str, ...],
        name_member: str | None,
        calls: tuple[str, ...],
        source: str,
    ) -> None:
        self.name, self.method_name, self.input, self.output = name, method_name, input, output
        self.errors, self.name_member, self.calls, self.source = errors, name_member, calls, source

    def __repr__(self) -> str:
        return f"CompositeModel({self.name!r})"
