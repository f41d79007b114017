"""One lazy, resumable paginator engine, driven by the model's paginator data.

:class:`Paginator` reads pages of any list operation one at a time as you iterate:
the members that carry the token, the page size and the items come from botocore's
``paginators-1.json`` entry for the operation (``_generated.model.PAGINATORS``), so a
new list operation needs no paginator code. :class:`TrainingJobPaginator` is its
instance for a tuning job's training jobs.

Resume tokens use botocore's format (base64 JSON of ``{"NextToken": ...,
"boto_truncate_amount": n}``), so a token from :attr:`Paginator.resume_token` works as
a botocore paginator's ``StartingToken`` and the other way round.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning._operations import PaginatorModel
from sagemaker_tuning.core import serde
from sagemaker_tuning.core.errors import PaginationError, ValidationError
from sagemaker_tuning.core.shapes import (
    HyperParameterTrainingJobSummary,
    ListTrainingJobsForHyperParameterTuningJobResponse,
)
from sagemaker_tuning.core.validation import Violation, check_value, field_specs, show

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from sagemaker_tuning.transport._engine import PageOptions

__all__ = ["AsyncPaginator", "AsyncTrainingJobPaginator", "Paginator", "TrainingJobPaginator"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

_TOKEN: Final = "NextToken"  # the key of botocore's resume-token JSON, whatever the operation
_TRUNCATE: Final = "boto_truncate_amount"
_Position = tuple[str | None, int] | None


def _request_spec(paginator: PaginatorModel, member: str | None) -> Any:
    request = OPERATIONS[paginator.operation].input
    for _attr, wire, spec, _required in field_specs(request) if request is not None else ():
        if wire == member:
            return spec
    raise LookupError(f"{member} is not a member of the request")  # model drift guard


def encode_token(next_token: str | None, skip: int = 0) -> str:
    """A resume token in botocore's format: where to ask, and how many items to drop there."""
    import base64

    data: dict[str, Any] = {_TOKEN: next_token}
    if skip:
        data[_TRUNCATE] = skip
    return base64.b64encode(json.dumps(data).encode()).decode()


def decode_token(token: str, spec: Any = None) -> tuple[str | None, int]:
    """The (service token, items to skip) of a resume token; ``ValidationError`` if malformed.

    ``spec`` is the constraint spec of the request's token member (``NextToken``); the
    service token inside is held to it, since it is sent as that member unchecked otherwise.
    """
    import base64

    def bad(why: str) -> ValidationError:
        return ValidationError(
            [
                Violation(
                    "starting_token",
                    f"expected a resume token from resume_token or a botocore paginator; {why}",
                )
            ]
        )

    if not isinstance(token, str):
        raise bad(f"got {show(token)}")
    try:
        data = json.loads(base64.b64decode(token.encode(), validate=True))
    except (binascii.Error, UnicodeError, ValueError):
        raise bad(f"{show(token)} is not base64 JSON") from None
    except RecursionError:  # JSON nested deeper than the interpreter's stack
        raise bad("it decodes to JSON nested too deeply") from None
    if not isinstance(data, dict) or _TOKEN not in data or set(data) - {_TOKEN, _TRUNCATE}:
        raise bad(f"it decodes to {show(data)}")
    next_token, skip = data[_TOKEN], data.get(_TRUNCATE, 0)
    if next_token == "None":  # botocore writes the first page's absent token this way at times
        next_token = None
    if next_token is not None and not isinstance(next_token, str):
        raise bad(f"its NextToken is {show(next_token)}")
    if next_token == "":  # the service ends a listing with no token; none resumes at ""
        raise bad("its NextToken is empty")
    if next_token is not None and spec is not None:
        for violation in check_value(spec, next_token, "NextToken", False):
            raise bad(f"its {violation}")
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise bad(f"its {_TRUNCATE} is {show(skip)}")
    return next_token, skip


class Paginator(Generic[PageT, ItemT]):
    """The items of a list operation, fetched one page at a time as you iterate.

    Iterating yields the typed items (``HyperParameterTrainingJobSummary``,
    ``HyperParameterTuningJobSummary``, ...); :meth:`pages` yields whole typed pages
    instead. Each iteration starts afresh from the starting point and reads pages only
    as far as it is consumed, so memory stays one page whatever the total. Empty pages
    that still carry a token (SageMaker sends them) are followed, not taken for the
    end; a token the service already sent raises
    :class:`~sagemaker_tuning.errors.PaginationError` after the items of the page
    that repeated it.

    :attr:`resume_token` says where the last iteration stopped: pass it as
    ``starting_token`` to continue with no item repeated and none skipped. With
    ``max_items`` an iteration stops after that many items.

    Build one with the client's ``paginate_*`` methods, such as
    :meth:`TuningClient.paginate_hyper_parameter_tuning_jobs
    <sagemaker_tuning.TuningClient.paginate_hyper_parameter_tuning_jobs>`.
    """

    __slots__ = (
        "_call",
        "_input_token",
        "_item",
        "_max_items",
        "_operation",
        "_output_token",
        "_page",
        "_params",
        "_position",
        "_results",
        "_skip",
        "_start",
    )

    #: The operation an instance lists when none is given (set by subclasses).
    operation: str = ""

    def __init__(
        self,
        call: Callable[[dict[str, Any]], dict[str, Any]],
        params: dict[str, Any],
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
        operation: str | None = None,
    ) -> None:
        """``call`` sends one request of ``operation`` with botocore ``params``.

        The arguments are validated here, before anything is sent.
        """
        name = operation or self.operation
        model = OPERATIONS.get(name)
        paginator = model.paginator if model is not None else None
        if model is None or paginator is None or model.output is None:
            raise ValueError(f"{name!r} is not a paginated operation of the model")
        found: list[Violation] = []
        if max_items is not None and (
            isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1
        ):
            found.append(Violation("max_items", f"expected an integer >= 1, got {show(max_items)}"))
        if page_size is not None:
            if paginator.limit_key is None:
                found.append(Violation("page_size", f"{name} takes no page size"))
            else:
                spec = _request_spec(paginator, paginator.limit_key)
                found += check_value(spec, page_size, "page_size", False)
        start: str | None = params.get(paginator.input_token)
        skip = 0
        if starting_token is not None:
            if start is not None:
                found.append(
                    Violation(
                        "starting_token",
                        f"give either the request's {paginator.input_token} or starting_token, "
                        "not both",
                    )
                )
            else:
                try:
                    spec = _request_spec(paginator, paginator.input_token)
                    start, skip = decode_token(starting_token, spec)
                except ValidationError as error:
                    found += error.violations
        if found:
            raise ValidationError(found, paginator.method_name)
        params = dict(params)
        params.pop(paginator.input_token, None)
        if page_size is not None and paginator.limit_key is not None:
            params[paginator.limit_key] = page_size
        self._operation = name
        self._input_token = paginator.input_token
        self._output_token = paginator.output_token
        self._results = paginator.result_key
        self._item: type[ItemT] = paginator.item
        self._page: type[PageT] = model.output
        self._call = call
        self._params = params
        self._max_items = max_items
        self._start = start
        self._skip = skip
        # Where the latest iteration stands: (token of the page to ask for, items of it
        # already consumed); ``None`` once nothing is left.
        self._position: _Position = (start, skip)

    @property
    def resume_token(self) -> str | None:
        """Where to continue after the items consumed so far; ``None`` once none are left.

        Before any iteration this is the starting point itself.
        """
        position = self._position
        return None if position is None else encode_token(*position)

    def _cursor(self) -> _Cursor:
        """A fresh walk over the pages from the starting point (each iteration starts afresh)."""
        return _Cursor(self)

    def _fetch(self) -> Iterator[_Page]:
        cursor = self._cursor()
        while (params := cursor.request()) is not None:
            yield cursor.take(self._call(params))

    def _items(self, page: _Page) -> Iterator[ItemT]:
        """The typed items of one fetched page, recording the position before each."""
        from_api = serde.from_api
        raw, token, start, end, after = page
        items: list[Any] = raw[self._results] if end else []
        item_cls, last = self._item, end - 1
        for i in range(start, end):
            # Recorded before the yield: a consumer that stops here has consumed item i.
            self._position = after if i == last else (token, i + 1)
            yield from_api(item_cls, items[i])

    def _typed_page(self, page: _Page) -> PageT:
        """One fetched page as a typed response, trimmed to the items iteration would yield."""
        raw, _token, start, end, after = page
        results = self._results
        items = raw.get(results)
        if isinstance(items, list) and (start, end) != (0, len(items)):
            raw = dict(raw)
            raw[results] = items[start:end]
        self._position = after
        return serde.from_api(self._page, raw)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self._fetch():
            yield from self._items(page)

    def pages(self) -> Iterator[PageT]:
        """Each page as a typed response, trimmed to the items iteration would yield.

        A page is trimmed at the front when resuming inside it and at the end when
        ``max_items`` runs out inside it; its token is the service's, so continue
        with :attr:`resume_token`, not with that token.
        """
        for page in self._fetch():
            yield self._typed_page(page)


#: A fetched page: its raw answer, its request token, the slice of its items to hand out, and
#: the position once that slice is consumed (``None``: nothing left).
_Page = tuple[dict[str, Any], str | None, int, int, _Position]


class _Cursor:
    """One walk over a paginator's pages, without I/O: which request comes next, and what a
    page's answer means. The sync and the async paginators drive it."""

    __slots__ = (
        "_owner",
        "_params",
        "_token",
        "_skip",
        "_remaining",
        "_saved",
        "_power",
        "_span",
        "_pages",
        "_next",
        "_done",
    )

    def __init__(self, owner: Paginator[Any, Any]) -> None:
        self._owner = owner
        self._params = dict(owner._params)
        self._token, self._skip = owner._start, owner._skip
        self._remaining = owner._max_items
        # Brent's cycle detection: constant memory, and any loop of tokens is caught
        # within a bounded number of pages (an immediate repeat at once).
        self._saved: str | None = None
        self._power = self._span = 1
        self._pages = 0
        self._next: _Position | None = None  # set by take(): the page after, if any
        self._done = False
        owner._position = (self._token, self._skip)

    def request(self) -> dict[str, Any] | None:
        """The botocore input of the next page's call; ``None`` once the walk is over.

        Raises :class:`~sagemaker_tuning.errors.PaginationError` when the service repeats a
        token (after the items of the page that repeated it were handed out).
        """
        owner = self._owner
        if self._pages:
            owner._position = self._next
            if self._done:
                return None
            nxt = self._next[0] if self._next is not None else None
            if nxt == self._token or nxt == self._saved:
                raise PaginationError(
                    f"{owner._operation} sent {owner._output_token} {nxt!r} again after "
                    f"{self._pages} pages; stopping instead of listing items twice",
                    token=str(nxt),
                    pages=self._pages,
                )
            if self._power == self._span:
                self._saved, self._power, self._span = nxt, self._power * 2, 0
            self._span += 1
            self._token, self._skip = nxt, 0
        params, token = self._params, self._token
        if token is None:
            params.pop(owner._input_token, None)
        else:
            params[owner._input_token] = token
        return dict(params)

    def take(self, raw: dict[str, Any]) -> _Page:
        """What the answer to :meth:`request`'s call holds: the page to hand out."""
        owner = self._owner
        self._pages += 1
        results = owner._results
        items = raw.get(results)
        if isinstance(items, list) and not all(isinstance(x, dict) for x in items):
            # A null (or any non-object) in the list is no item: dropped before counting,
            # so max_items and resume positions count real items only.
            items = [x for x in items if isinstance(x, dict)]
            raw = {**raw, results: items}
        count = len(items) if isinstance(items, list) else 0
        nxt = raw.get(owner._output_token)
        if not isinstance(nxt, str) or not nxt:
            nxt = None
        token, remaining = self._token, self._remaining
        start = min(self._skip, count)
        end = count if remaining is None else min(count, start + remaining)
        if remaining is not None:
            remaining = self._remaining = remaining - (end - start)
        after: _Position
        if end < count:
            after = (token, end)  # max_items ran out inside this page
        elif nxt is None:
            after = None
        else:
            after = (nxt, 0)
        self._next = after
        self._done = after is None or end < count or remaining == 0
        owner._position = (token, start)
        return raw, token, start, end, after


class TrainingJobPaginator(
    Paginator[ListTrainingJobsForHyperParameterTuningJobResponse, HyperParameterTrainingJobSummary]
):
    """The training jobs of a tuning job: the :class:`Paginator` of
    ``ListTrainingJobsForHyperParameterTuningJob``.

    Build one with
    :meth:`TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job
    <sagemaker_tuning.TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job>`.
    """

    __slots__ = ()
    operation = "ListTrainingJobsForHyperParameterTuningJob"


def _unsent(params: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError("an async paginator's engine never sends")  # pragma: no cover


class AsyncPaginator(Generic[PageT, ItemT]):
    """The async twin of :class:`~sagemaker_tuning.transport.paginator.Paginator`: ``async for``
    the items, ``async for`` its :meth:`pages`.

    The same engine (the same validation, pages, tokens, cycle check and
    :attr:`resume_token`, in botocore's format); only the call is awaited. Build one with
    the async client's ``paginate_*`` methods, such as
    :meth:`AsyncTuningClient.paginate_hyper_parameter_tuning_jobs
    <sagemaker_tuning.aio.AsyncTuningClient.paginate_hyper_parameter_tuning_jobs>`.
    """

    __slots__ = ("_call", "_engine")

    #: The operation an instance lists when none is given (set by subclasses).
    operation: str = ""

    def __init__(
        self,
        call: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
        params: dict[str, Any],
        *,
        operation: str | None = None,
        **options: Unpack[PageOptions],
    ) -> None:
        """``call`` sends one request of ``operation`` with botocore ``params`` and is awaited;
        ``max_items``, ``page_size`` and ``starting_token`` as
        :class:`~sagemaker_tuning.transport.paginator.Paginator`'s.

        The arguments are validated here, before anything is sent.
        """
        self._call = call
        self._engine: Paginator[PageT, ItemT] = Paginator(
            _unsent, params, operation=operation or self.operation, **options
        )

    @property
    def resume_token(self) -> str | None:
        """Where to continue after the items consumed so far; ``None`` once none are left.

        As :attr:`Paginator.resume_token <sagemaker_tuning.transport.paginator.Paginator.resume_token>`: before any iteration, the starting point itself.
        """
        return self._engine.resume_token

    async def _fetch(self) -> AsyncIterator[_Page]:
        cursor = self._engine._cursor()
        while (params := cursor.request()) is not None:
            yield cursor.take(await self._call(params))

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        items = self._engine._items
        async for page in self._fetch():
            for item in items(page):
                yield item

    async def pages(self) -> AsyncIterator[PageT]:
        """Each page as a typed response, trimmed as :meth:`Paginator.pages <sagemaker_tuning.transport.paginator.Paginator.pages>` trims it."""
        typed = self._engine._typed_page
        async for page in self._fetch():
            yield typed(page)


class AsyncTrainingJobPaginator(
    AsyncPaginator[
        ListTrainingJobsForHyperParameterTuningJobResponse, HyperParameterTrainingJobSummary
    ]
):
    """The training jobs of a tuning job, for ``async for``: the async :class:`~sagemaker_tuning.transport.paginator.TrainingJobPaginator`."""

    __slots__ = ()
    operation = "ListTrainingJobsForHyperParameterTuningJob"
