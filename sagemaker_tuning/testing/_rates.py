"""Request rates the local service answers ``ThrottlingException`` beyond: token buckets.

SageMaker throttles each account's calls per operation; a client that watches many jobs at
once meets it. ``LocalSageMaker(rate_limits={"DescribeHyperParameterTuningJob": 10.0})``
lets through 10 such calls a second on the service's clock, in bursts of up to 10 (one
second's worth, at least one call), and throttles the rest. On a virtual clock time moves
only when something sleeps on it, so a client's waiters and retries (which sleep on the
service's clock in process) refill the buckets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from sagemaker_tuning._generated.model import OPERATIONS

__all__ = ["RateLimits", "parse_rate_limit"]


def _rate(operation: object, rate: object, where: str = "rate_limits") -> float:
    if not isinstance(operation, str) or operation not in OPERATIONS:
        known = ", ".join(sorted(OPERATIONS))
        raise ValueError(f"{where}: unknown operation {operation!r}; expected one of {known}")
    if (
        isinstance(rate, bool)
        or not isinstance(rate, (int, float))
        or not (math.isfinite(rate) and rate > 0)
    ):
        raise ValueError(
            f"{where}[{operation!r}]: expected a finite number of requests per second "
            f"> 0, got {rate!r}"
        )
    return float(rate)


class _Bucket:
    __slots__ = ("capacity", "last", "rate", "tokens")

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.last: float | None = None


class RateLimits:
    """One token bucket per limited operation, filled at its rate on the caller's clock."""

    def __init__(self, limits: Mapping[str, float] | None = None) -> None:
        if limits is not None and not isinstance(limits, Mapping):
            raise ValueError(
                f"rate_limits: expected a mapping of operation to requests per second, "
                f"got {type(limits).__name__}"
            )
        #: ``{operation: requests per second}``, as given.
        self.limits: dict[str, float] = {
            operation: _rate(operation, rate) for operation, rate in (limits or {}).items()
        }
        self._buckets = {operation: _Bucket(rate) for operation, rate in self.limits.items()}

    def admit(self, operation: str, now: float) -> bool:
        """Take a token for a call of ``operation`` at ``now`` (seconds); False: throttle it."""
        bucket = self._buckets.get(operation)
        if bucket is None:
            return True
        if bucket.last is not None and now > bucket.last:
            bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.last) * bucket.rate)
        if bucket.last is None or now > bucket.last:
            bucket.last = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True
        return False


def parse_rate_limit(text: str) -> tuple[str, float]:
    """``"DescribeTrainingJob=5"`` as ``("DescribeTrainingJob", 5.0)``; ValueError names the fault."""
    operation, sep, rate = text.partition("=")
    if not sep:
        raise ValueError(f"expected OPERATION=REQUESTS_PER_SECOND, got {text!r}")
    try:
        number = float(rate)
    except ValueError:
        raise ValueError(
            f"expected OPERATION=REQUESTS_PER_SECOND, got {text!r} ({rate!r} is not a number)"
        ) from None
    return operation.strip(), _rate(operation.strip(), number, "--rate-limit")
