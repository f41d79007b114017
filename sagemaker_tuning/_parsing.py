"""botocore's JSON response parser, made to survive a body of the wrong JSON types.

botocore's own parser walks a response with the model's shapes and assumes each value has the
JSON type its shape names: a string where a structure belongs (``"ConsumedResources": "x"``)
raises ``AttributeError: 'str' object has no attribute 'get'`` inside botocore, before this
library sees the answer, and a JSON list as the whole body does the same. A service answer
must never crash the client, so :meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>`
builds its client with :class:`TolerantParserFactory`. Its parser lets botocore parse every
answer first; only an answer that makes botocore raise is parsed a second time, with a
structure, list or map of the wrong JSON type read as ``None``, which the lenient parse of
:mod:`sagemaker_tuning.serde` then treats as a missing member. A well-formed answer costs
exactly what it costs botocore.

A successful answer whose body is not a JSON object at all -- cut short, an HTML page, empty,
bytes that are no UTF-8, JSON nested past the interpreter's stack, or a JSON list, string,
number or ``null`` -- is not the operation's answer, and botocore would read it as an empty
one (``{"message": body}``, then nothing the output shape knows): it raises
:class:`~sagemaker_tuning.errors.MalformedResponse` instead. An operation without output
(``StopHyperParameterTuningJob``) may answer an empty body or any JSON object (``{}`` is its
answer), but not a page of HTML.

The typed calls of :class:`~sagemaker_tuning.TuningClient` (:func:`typed_method`) read a
successful answer in one pass from the wire document: the body's JSON object, as ``json.loads``
gives it, is the raw answer (with botocore's ``ResponseMetadata``), and
:func:`~sagemaker_tuning.serde.from_api`'s lenient path, which reads every wire type and drops
or fills what it cannot read, builds the typed response from it. botocore's walk of the same
document with the model's shapes, half the cost of a call, is skipped; the typed result is the
same (``tests/sagemaker_tuning/client/test_parsing.py`` compares them). So that a client the
user passes in is never modified, these calls go through a *twin* of it, built once: the same
endpoint, credentials, configuration and event hooks (retries, stubbers, ``before-send``
hooks), with this parser in front of the client's own, which still parses every error answer.

The override touches botocore's parser methods ``_do_parse``, ``_do_error_parse``,
``_handle_structure``, ``_handle_list``, ``_handle_map`` and ``_parse_body_as_json``; they
have kept their signatures for years, and ``tests/sagemaker_tuning/client/test_parsing.py``
runs against the lowest botocore this package allows in CI.
"""

from __future__ import annotations

import copy
import functools
import json
import weakref
from collections.abc import Callable
from typing import Any, Final

from botocore import parsers

from sagemaker_tuning.core.errors import MalformedResponse

__all__ = ["TolerantJSONParser", "TolerantParserFactory", "typed_method"]


class _WrongTypesAsMissing(parsers.JSONParser):  # type: ignore[misc]  # botocore is untyped
    """botocore's ``JSONParser``; a value of the wrong JSON type for its shape reads as ``None``."""

    def _parse_body_as_json(self, body_contents: bytes) -> Any:
        parsed = super()._parse_body_as_json(body_contents)
        return parsed if isinstance(parsed, dict) else {}

    def _handle_structure(self, shape: Any, value: Any) -> Any:
        if value is not None and not isinstance(value, dict) and not shape.is_document_type:
            return None
        return super()._handle_structure(shape, value)

    def _handle_list(self, shape: Any, node: Any) -> Any:
        if not isinstance(node, list):
            return None
        return super()._handle_list(shape, node)

    def _handle_map(self, shape: Any, value: Any) -> Any:
        if not isinstance(value, dict):
            return None
        return super()._handle_map(shape, value)


_EXCERPT: Final = 80


def _not_an_answer(response: Any, shape: Any, reason: str) -> MalformedResponse:
    """The typed error of a 2xx answer whose body is not the operation's JSON."""
    from sagemaker_tuning.redact import redact

    context = response.get("context")
    operation = context.get("operation_name") if isinstance(context, dict) else None
    if not isinstance(operation, str):  # botocore always sets it; the shape's name says too
        name = getattr(shape, "name", None)
        operation = name.removesuffix("Response") if isinstance(name, str) else "Unknown"
    body = response.get("body")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else ""
    headers = response.get("headers") or {}
    request_id = headers.get("x-amzn-requestid")
    status = response.get("status_code")
    return MalformedResponse(
        operation,
        reason,
        excerpt=redact(text[:_EXCERPT]),
        http_status=status if isinstance(status, int) else None,
        request_id=request_id if isinstance(request_id, str) and request_id else None,
    )


def _json_object(body: Any) -> tuple[dict[str, Any] | None, str]:
    """The body as a JSON object, or ``None`` and what it is instead."""
    try:
        parsed = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    except ValueError as error:  # cut short, HTML, text: json's reason says where
        return None, f"it is not JSON ({error})"
    except RecursionError:
        return None, "it is JSON nested deeper than can be read"
    except TypeError:  # not bytes or text (botocore always gives bytes)
        return None, f"it is {type(body).__name__}, not bytes"
    if not isinstance(parsed, dict):
        return None, f"it is a JSON {_JSON_TYPES.get(type(parsed), 'value')}, not an object"
    return parsed, ""


_JSON_TYPES: Final = {
    list: "list",
    str: "string",
    int: "number",
    float: "number",
    bool: "bool",
    type(None): "null",
}


class _BodyNotAnObject(Exception):
    """Raised where botocore reads the body, caught where the whole answer is known."""


class TolerantJSONParser(parsers.JSONParser):  # type: ignore[misc]  # botocore is untyped
    """botocore's ``JSONParser``; an answer it cannot walk is parsed again, wrong types as ``None``.

    Every answer goes through botocore's own code first, so a well-formed one costs exactly
    what it costs botocore; only one that makes it raise ``AttributeError`` or ``TypeError``
    (a string where an object belongs, a number where a list does) takes the second pass.
    """

    def __init__(self, **defaults: Any) -> None:
        super().__init__(**defaults)
        self._defaults = defaults
        self._fallback: _WrongTypesAsMissing | None = None

    def _tolerant(self) -> _WrongTypesAsMissing:
        if self._fallback is None:
            self._fallback = _WrongTypesAsMissing(**self._defaults)
        return self._fallback

    def _do_parse(self, response: Any, shape: Any) -> Any:
        body = response.get("body")
        if shape is None:
            # No output: botocore never reads the body. Empty or an object is the answer;
            # anything else (a proxy's HTML page) means the call may never have arrived.
            parsed, why = _json_object(body) if body else ({}, "")
            if parsed is None:
                raise _not_an_answer(response, shape, why)
        elif not body:
            raise _not_an_answer(response, shape, "it is empty")
        try:
            return super()._do_parse(response, shape)
        except _BodyNotAnObject as bad:
            raise _not_an_answer(response, shape, str(bad)) from None
        except (AttributeError, TypeError):
            return self._tolerant()._do_parse(response, shape)

    def _handle_json_body(self, raw_body: Any, shape: Any) -> Any:
        # Only _do_parse comes here (a modeled error shape is never an operation's output):
        # the same decode and json.loads as botocore's, without its {"message": body} for
        # a body that is no JSON.
        parsed, why = _json_object(raw_body)
        if parsed is None:
            raise _BodyNotAnObject(why)
        return self._parse_shape(shape, parsed)

    def _do_error_parse(self, response: Any, shape: Any) -> Any:
        try:
            return super()._do_error_parse(response, shape)
        except (AttributeError, TypeError):
            return self._tolerant()._do_error_parse(response, shape)


class TolerantParserFactory(parsers.ResponseParserFactory):  # type: ignore[misc]
    """botocore's ``ResponseParserFactory``, giving :class:`TolerantJSONParser` for JSON."""

    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return TolerantJSONParser(**self._defaults)
        return super().create_parser(protocol_name)


# -- the typed calls' one-pass parse -------------------------------------------------------------


def _wire_do_parse(parser: Any, response: Any, shape: Any) -> Any:
    """``_do_parse`` of the typed calls: the body's JSON object itself, with botocore's metadata.

    botocore's ``parse`` around it is unchanged (errors, ``HTTPStatusCode``, ``HTTPHeaders``,
    the checksum algorithm; the endpoint adds ``RetryAttempts``).
    """
    if shape is None or response["status_code"] >= 300:
        # No output, or a 300 (which the client raises as an error): the client's own parser,
        # as for its raw calls.
        return type(parser)._do_parse(parser, response, shape)
    body = response["body"]
    parsed, why = _json_object(body) if body else (None, "it is empty")
    if parsed is None:
        raise _not_an_answer(response, shape, why)
    # No output shape has these members (tests/sagemaker_tuning/client/test_parsing_twin.py):
    # botocore's walk drops them, parse() writes the metadata into one, and retry handlers
    # read an error code from the other ({"Error": {"Code": "Throttling"}} in a 200 would
    # make them retry it).
    for key in _NOT_MEMBERS:
        if key in parsed:
            del parsed[key]
    parser._inject_response_metadata(parsed, response["headers"])
    return parsed


#: Keys of a successful answer's document that botocore and its handlers own.
_NOT_MEMBERS: Final = ("ResponseMetadata", "Error")


class _WireParserFactory:
    """The response-parser factory of a twin: the JSON parser of ``factory`` (the client's own),
    reading a successful answer as its wire document; every other answer as ``factory``'s does."""

    def __init__(self, factory: Any) -> None:
        self._factory = factory
        self._parsers: dict[str, Any] = {}

    def create_parser(self, protocol_name: str) -> Any:
        # botocore's endpoint asks for a parser on every call; parsers keep no state between
        # answers, so one per protocol serves all of them.
        parser = self._parsers.get(protocol_name)
        if parser is None:
            parser = self._factory.create_parser(protocol_name)
            if isinstance(parser, parsers.BaseJSONParser) and protocol_name == "json":
                parser = copy.copy(parser)
                # An instance attribute, so that botocore's own parse() (and a subclass's
                # error parsing) runs around it unchanged.
                parser._do_parse = functools.partial(_wire_do_parse, parser)
            self._parsers[protocol_name] = parser
        return parser


#: The twin of each client typed calls have gone through (weak: a twin lives as its client),
#: ``None`` for a client that gets none.
_TWINS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _twin(client: Any) -> Any:
    """A copy of ``client`` sharing everything but its endpoint's parser factory (``None``
    when it is no botocore client of the usual make, such as a test's fake)."""
    from botocore.client import BaseClient
    from botocore.endpoint import Endpoint

    endpoint = getattr(client, "_endpoint", None)
    factory = getattr(endpoint, "_response_parser_factory", None)
    if not (
        isinstance(client, BaseClient)
        and isinstance(endpoint, Endpoint)
        and isinstance(factory, parsers.ResponseParserFactory)
    ):
        return None
    # By hand: copy.copy asks the new, empty client for __setstate__, and botocore's
    # __getattr__ then recurses without end.
    twin = object.__new__(type(client))
    twin.__dict__.update(client.__dict__)
    twin_endpoint = copy.copy(endpoint)  # the same HTTP session, lock and event emitter
    twin_endpoint._response_parser_factory = _WireParserFactory(factory)
    twin._endpoint = twin_endpoint
    return twin


def typed_method(client: Any, method_name: str) -> Callable[..., dict[str, Any]]:
    """``client``'s operation ``method_name`` (``describe_training_job``), answering a successful
    call with its wire document for :func:`~sagemaker_tuning.serde.from_api` to read in one pass.

    The call goes through a twin of ``client`` built on first use (see the module's docstring);
    ``client`` is not modified. Errors are ``client``'s own parse, raised as botocore raises them.
    """
    try:
        twin = _TWINS[client]
    except KeyError:
        twin = _TWINS[client] = _twin(client)
    except TypeError:  # neither hashable nor weakly referable: no twin to keep
        twin = None
    method: Callable[..., dict[str, Any]] = getattr(client if twin is None else twin, method_name)
    return method
