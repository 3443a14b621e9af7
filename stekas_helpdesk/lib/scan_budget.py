"""Budgets of the personal-data scans: how much text and time a scan may take.

Nothing here imports Odoo.
"""

import time
from dataclasses import dataclass


class OverBudget(Exception):
    """A scan ran out of its budget."""


@dataclass(frozen=True)
class Budget:
    """The size and time a scan may take; over either, the report says
    "cannot verify" (reason ``file_text.OVER_BUDGET``), so that the caller
    quarantines the item instead of running into Odoo's limits
    (limit_time_cpu 60 s, limit_time_real 120 s by default).

    `max_chars`: the longest text scanned (a file: all its parts together).
    `seconds`: the time of one scan, reading the file included. `deadline`: a
    ``time.monotonic()`` value no scan goes past, to share one budget over the
    scans of one e-mail (:meth:`shared`)."""

    max_chars: int = 5 * 1000 * 1000
    seconds: float = 15.0
    deadline: float | None = None

    @classmethod
    def shared(cls, seconds, max_chars=max_chars):
        """A budget of `seconds` from now for all the scans that use it."""
        return cls(max_chars, seconds, time.monotonic() + seconds)

    def clock(self):
        return Clock(self)


DEFAULT_BUDGET = Budget()


class Clock:
    """A budget started: checked by the detectors as they go."""

    def __init__(self, budget):
        self.max_chars = budget.max_chars
        self.deadline = time.monotonic() + budget.seconds
        if budget.deadline is not None:
            self.deadline = min(self.deadline, budget.deadline)

    def check(self):
        if time.monotonic() > self.deadline:
            raise OverBudget()


def clock_of(budget):
    if isinstance(budget, Clock):
        return budget
    return (budget or DEFAULT_BUDGET).clock()
