"""Faults a test injects into :class:`~sagemaker_tuning.testing.LocalSageMaker`.

Throttling, server errors, empty list pages and slow answers, at a chosen rate
(seeded, so a run repeats exactly) or on chosen calls. The service applies them in
:meth:`~sagemaker_tuning.testing.LocalSageMaker.handle`, so they reach in-process
clients and clients of the HTTP server alike.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from typing import Literal, get_args

import attrs

from sagemaker_tuning._generated.model import OPERATIONS

__all__ = ["FAULT_KINDS", "FaultKind", "Faults", "InjectedFault"]

FaultKind = Literal["throttle", "server-error", "unavailable", "empty-page", "slow", "lost-answer"]
#: Every kind of fault: ``throttle`` (ThrottlingException, HTTP 400), ``server-error``
#: (InternalFailure, HTTP 500), ``unavailable`` (ServiceUnavailable, HTTP 503),
#: ``empty-page`` (a list operation answers no items and a NextToken), ``slow`` (the
#: answer comes ``slow_seconds`` later on the service's clock), ``lost-answer`` (the call is
#: carried out, then answered InternalFailure, HTTP 500, as when the real answer is lost on
#: the way: botocore retries a call that already took effect).
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
#: The kinds that replace the answer with an error.
ERROR_KINDS: frozenset[FaultKind] = frozenset({"throttle", "server-error", "unavailable"})

CallKey = int | tuple[str, int]


def _rate(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"Faults.{attribute.name} must be between 0 and 1, got {value!r}")


def _operation(name: str) -> str:
    if name not in OPERATIONS:
        known = ", ".join(sorted(OPERATIONS))
        raise ValueError(f"unknown operation {name!r}; expected one of {known}")
    return name


_KINDS: dict[str, FaultKind] = {kind: kind for kind in FAULT_KINDS}


def _kind(kind: str) -> FaultKind:
    found = _KINDS.get(kind)
    if found is None:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
    return found


def _operations(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    names = [value] if isinstance(value, str) else list(value)
    return frozenset(_operation(name) for name in names)


def _calls(value: Mapping[CallKey, str]) -> dict[CallKey, FaultKind]:
    checked: dict[CallKey, FaultKind] = {}
    for key, kind in value.items():
        if isinstance(key, tuple):
            operation, number = key
            key = (_operation(operation), number)
        else:
            number = key
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValueError(f"Faults.on_calls keys count calls from 1, got {key!r}")
        checked[key] = _kind(kind)
    return checked


@attrs.frozen(kw_only=True)
class Faults:
    """Which faults the service injects, and when.

    Rates are chances per call, drawn from a generator seeded with ``seed`` (four draws
    per call, whatever the outcome, so the same calls meet the same faults on every
    run). ``operations`` limits the rates to those operations (wire names such as
    ``"DescribeHyperParameterTuningJob"``; ``None``: every operation). ``on_calls``
    scripts faults on chosen calls: a key ``n`` is the service's n-th call, a key
    ``("DescribeTrainingJob", n)`` the n-th call of that operation (both counted from 1).
    A scripted fault wins over a drawn one.

    >>> from sagemaker_tuning.testing import Faults
    >>> faults = Faults(throttle_rate=0.1, seed=1, on_calls={("DescribeTrainingJob", 2): "slow"})
    >>> faults.on_calls
    {('DescribeTrainingJob', 2): 'slow'}
    """

    seed: int = 0
    throttle_rate: float = attrs.field(default=0.0, validator=_rate)
    server_error_rate: float = attrs.field(default=0.0, validator=_rate)
    empty_page_rate: float = attrs.field(default=0.0, validator=_rate)
    slow_rate: float = attrs.field(default=0.0, validator=_rate)
    #: How long a slow answer takes, in seconds of the service's clock.
    slow_seconds: float = 30.0
    operations: frozenset[str] | None = attrs.field(default=None, converter=_operations)
    on_calls: Mapping[CallKey, FaultKind] = attrs.field(factory=dict, converter=_calls)

    def __attrs_post_init__(self) -> None:
        if not self.slow_seconds >= 0:
            raise ValueError(f"Faults.slow_seconds must be >= 0, got {self.slow_seconds!r}")


@attrs.frozen
class InjectedFault:
    """A fault the service injected: on its ``call``-th call, an ``operation``, of ``kind``."""

    call: int
    operation: str
    kind: FaultKind


class FaultPlan:
    """The service's running state of fault injection (calls counted, queued faults)."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.calls = 0
        self.per_operation: Counter[str] = Counter()
        self.queued: dict[str | None, deque[FaultKind]] = {}
        self.log: list[InjectedFault] = []
        self._rng = random.Random(f"faults\x1f{faults.seed}")

    def queue(self, kind: str, operation: str | None, times: int) -> None:
        checked = _kind(kind)
        if operation is not None:
            _operation(operation)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be a positive integer, got {times!r}")
        more: list[FaultKind] = [checked] * times
        self.queued.setdefault(operation, deque()).extend(more)

    def decide(self, operation: str, *, lists: bool) -> list[FaultKind]:
        """The faults of the next call of ``operation`` (``lists``: it answers pages)."""
        self.calls += 1
        self.per_operation[operation] += 1
        faults = self.faults
        draws = [self._rng.random() for _ in range(4)]
        chosen: list[FaultKind] = []
        scripted = faults.on_calls.get(self.calls) or faults.on_calls.get(
            (operation, self.per_operation[operation])
        )
        if scripted is not None:
            chosen.append(scripted)
        else:
            for key in (operation, None):
                waiting = self.queued.get(key)
                if waiting:
                    chosen.append(waiting.popleft())
                    break
        if not chosen and (faults.operations is None or operation in faults.operations):
            throttle, server, slow, empty = draws
            if throttle < faults.throttle_rate:
                chosen.append("throttle")
            elif server < faults.server_error_rate:
                chosen.append("server-error")
            else:
                if slow < faults.slow_rate:
                    chosen.append("slow")
                if empty < faults.empty_page_rate:
                    chosen.append("empty-page")
        applied: list[FaultKind] = [k for k in chosen if k != "empty-page" or lists]
        # An empty page is logged by record(), once the listing has really emptied one (a
        # page past the last item, or one reached through an empty page's token, is not).
        self.log.extend(
            InjectedFault(self.calls, operation, k) for k in applied if k != "empty-page"
        )
        return applied

    def record(self, operation: str, kind: FaultKind) -> None:
        """Log a fault of the current call that took effect."""
        self.log.append(InjectedFault(self.calls, operation, kind))
