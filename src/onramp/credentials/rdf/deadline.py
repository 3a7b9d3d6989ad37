"""A time budget for one verification, so a hostile credential cannot hold the service.

The verifier opens a budget (`within`) for each credential it checks. The JSON-LD expansion loop,
context processing, RDF canonicalization, the wait for pyld's lock and the proof check read the
current deadline (`current`) and stop with `VerificationTimeoutError` once it has passed. Time
spent fetching a document over the network (`paused`) does not count: fetches have their own
timeouts and hold no shared lock. The
error is deliberately not an `InvalidInputError`: checks that turn bad input into a warning (a
status list that cannot be read, say) must not swallow it, so the whole report stops and says
why in one place.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from onramp.errors import OnrampError

VERIFY_SECONDS = 5.0  # a normal credential takes well under 0.1 s (docs/benchmarks.md)
PLAIN = "This credential took too long to check."


class VerificationTimeoutError(OnrampError):
    """The verification ran past its time budget and was stopped."""

    code = "verification_timeout"


@dataclass(slots=True)
class Deadline:
    at: float  # time.monotonic() value; moved on while the verification waits on the network
    seconds: float  # the budget it was opened with, for the message

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise VerificationTimeoutError(
                f"checking stopped: it took longer than its {self.seconds:g} s time budget"
            )


_current: ContextVar[Deadline | None] = ContextVar("onramp_verification_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the verification running in this thread, if any."""
    return _current.get()


def check() -> None:
    """Stop if the current verification has run out of time (no budget: nothing to do)."""
    found = _current.get()
    if found is not None:
        found.check()


@contextmanager
def paused() -> Iterator[None]:
    """Do not count the block (a network fetch, bounded by its own timeout) against the current
    budget: the budget is for work, and a fetch holds no shared lock."""
    found = _current.get()
    started = time.monotonic()
    try:
        yield
    finally:
        if found is not None:
            found.at += time.monotonic() - started


@contextmanager
def within(seconds: float) -> Iterator[Deadline]:
    """Run the block under a budget of `seconds`; inside an outer budget the sooner one holds."""
    outer = _current.get()
    mine = Deadline.after(seconds)
    chosen = outer if outer is not None and outer.at <= mine.at else mine
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)
