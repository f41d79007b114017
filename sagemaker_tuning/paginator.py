"""Lazy, resumable iteration over a tuning job's training jobs, one page in memory at a time.

Resume tokens use botocore's format (base64 JSON of ``{"NextToken": ...,
"boto_truncate_amount": n}``), so a token from :attr:`TrainingJobPaginator.resume_token`
works as a botocore paginator's ``StartingToken`` and the other way round.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Callable, Iterator
from typing import Any, Final

from sagemaker_tuning import serde
from sagemaker_tuning.errors import PaginationError
from sagemaker_tuning.shapes import (
    HyperParameterTrainingJobSummary,
    ListTrainingJobsForHyperParameterTuningJobRequest,
    ListTrainingJobsForHyperParameterTuningJobResponse,
)
from sagemaker_tuning.validation import ValidationError, Violation, check_value, field_specs, show

__all__ = ["TrainingJobPaginator"]

_Summary = HyperParameterTrainingJobSummary
_Page = ListTrainingJobsForHyperParameterTuningJobResponse
_TOKEN: Final = "NextToken"
_RESULTS: Final = "TrainingJobSummaries"
_LIMIT: Final = "MaxResults"
_TRUNCATE: Final = "boto_truncate_amount"
_Position = tuple[str | None, int] | None


def _limit_spec() -> Any:
    for _attr, wire, spec, _required in field_specs(
        ListTrainingJobsForHyperParameterTuningJobRequest
    ):
        if wire == _LIMIT:
            return spec
    raise LookupError(f"{_LIMIT} is not a member of the list request")  # model drift guard


def encode_token(next_token: str | None, skip: int = 0) -> str:
    """A resume token in botocore's format: where to ask, and how many items to drop there."""
    import base64

    data: dict[str, Any] = {_TOKEN: next_token}
    if skip:
        data[_TRUNCATE] = skip
    return base64.b64encode(json.dumps(data).encode()).decode()


def decode_token(token: str) -> tuple[str | None, int]:
    """The (service token, items to skip) of a resume token; ``ValidationError`` if malformed."""
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
    if not isinstance(data, dict) or _TOKEN not in data or set(data) - {_TOKEN, _TRUNCATE}:
        raise bad(f"it decodes to {show(data)}")
    next_token, skip = data[_TOKEN], data.get(_TRUNCATE, 0)
    if next_token == "None":  # botocore writes the first page's absent token this way at times
        next_token = None
    if next_token is not None and not isinstance(next_token, str):
        raise bad(f"its NextToken is {show(next_token)}")
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise bad(f"its {_TRUNCATE} is {show(skip)}")
    return next_token, skip


class TrainingJobPaginator:
    """The training jobs of a tuning job, fetched one page at a time as you iterate.

    Iterating yields :class:`~sagemaker_tuning.shapes.HyperParameterTrainingJobSummary`
    objects; :meth:`pages` yields whole typed pages instead. Each iteration starts
    afresh from the starting point and reads pages only as far as it is consumed,
    so memory stays one page whatever the total. Empty pages that still carry a
    ``NextToken`` (SageMaker sends them) are followed, not taken for the end; a
    token the service already sent raises :class:`~sagemaker_tuning.errors.PaginationError`
    after the items of the page that repeated it.

    :attr:`resume_token` says where the last iteration stopped: pass it as
    ``starting_token`` to continue with no item repeated and none skipped. With
    ``max_items`` an iteration stops after that many items.

    Build one with
    :meth:`TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job
    <sagemaker_tuning.TuningClient.paginate_training_jobs_for_hyper_parameter_tuning_job>`.
    """

    __slots__ = (
        "_call",
        "_max_items",
        "_params",
        "_position",
        "_skip",
        "_start",
    )

    def __init__(
        self,
        call: Callable[[dict[str, Any]], dict[str, Any]],
        params: dict[str, Any],
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
    ) -> None:
        """``call`` sends one ListTrainingJobsForHyperParameterTuningJob with botocore ``params``.

        The arguments are validated here, before anything is sent.
        """
        found: list[Violation] = []
        if max_items is not None and (
            isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1
        ):
            found.append(Violation("max_items", f"expected an integer >= 1, got {show(max_items)}"))
        if page_size is not None:
            found += check_value(_limit_spec(), page_size, "page_size", False)
        start: str | None = params.get(_TOKEN)
        skip = 0
        if starting_token is not None:
            if start is not None:
                found.append(
                    Violation(
                        "starting_token",
                        "give either the request's NextToken or starting_token, not both",
                    )
                )
            else:
                try:
                    start, skip = decode_token(starting_token)
                except ValidationError as error:
                    found += error.violations
        if found:
            raise ValidationError(found, "paginate_training_jobs_for_hyper_parameter_tuning_job")
        params = dict(params)
        params.pop(_TOKEN, None)
        if page_size is not None:
            params[_LIMIT] = page_size
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

    def _fetch(self) -> Iterator[tuple[dict[str, Any], str | None, int, int, _Position]]:
        """Each raw page, its request token, the slice of its items to hand out, and the
        position once that slice is consumed (``None``: nothing left)."""
        params = dict(self._params)
        token, skip = self._start, self._skip
        remaining = self._max_items
        # Brent's cycle detection: constant memory, and any loop of tokens is caught
        # within a bounded number of pages (an immediate repeat at once).
        saved: str | None = None
        power = span = 1
        pages = 0
        self._position = (token, skip)
        while True:
            if token is None:
                params.pop(_TOKEN, None)
            else:
                params[_TOKEN] = token
            raw = self._call(params)
            pages += 1
            items = raw.get(_RESULTS)
            count = len(items) if isinstance(items, list) else 0
            nxt = raw.get(_TOKEN)
            if not isinstance(nxt, str) or not nxt:
                nxt = None
            start = min(skip, count)
            end = count if remaining is None else min(count, start + remaining)
            if remaining is not None:
                remaining -= end - start
            after: _Position
            if end < count:
                after = (token, end)  # max_items ran out inside this page
            elif nxt is None:
                after = None
            else:
                after = (nxt, 0)
            self._position = (token, start)
            yield raw, token, start, end, after
            self._position = after
            if after is None or end < count or remaining == 0:
                return
            if nxt == token or nxt == saved:
                raise PaginationError(
                    f"ListTrainingJobsForHyperParameterTuningJob sent NextToken {nxt!r} "
                    f"again after {pages} pages; stopping instead of listing jobs twice",
                    token=str(nxt),
                    pages=pages,
                )
            if power == span:
                saved, power, span = nxt, power * 2, 0
            span += 1
            token, skip = nxt, 0

    def __iter__(self) -> Iterator[HyperParameterTrainingJobSummary]:
        from_api = serde.from_api
        for raw, token, start, end, after in self._fetch():
            items: list[Any] = raw[_RESULTS] if end else []
            last = end - 1
            for i in range(start, end):
                # Recorded before the yield: a consumer that stops here has consumed item i.
                self._position = after if i == last else (token, i + 1)
                yield from_api(_Summary, items[i])

    def pages(self) -> Iterator[ListTrainingJobsForHyperParameterTuningJobResponse]:
        """Each page as a typed response, trimmed to the items iteration would yield.

        A page is trimmed at the front when resuming inside it and at the end when
        ``max_items`` runs out inside it; its ``next_token`` is the service's, so
        continue with :attr:`resume_token`, not with that token.
        """
        from_api = serde.from_api
        for raw, _token, start, end, after in self._fetch():
            items = raw.get(_RESULTS)
            if isinstance(items, list) and (start, end) != (0, len(items)):
                raw = dict(raw)
                raw[_RESULTS] = items[start:end]
            self._position = after
            yield from_api(_Page, raw)
