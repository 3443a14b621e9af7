"""Free-hour quotas of support contracts (R-BIL-1..3).

Pure rules, no Odoo: the allocation of the billed whole minutes of
quota-type journal entries to a contract period's free minutes in
chronological order, the period's figures and its alert thresholds. The entry
that crosses the limit is split into free and overage minutes; a period the
contract's end cuts short gets its free minutes prorated by days
(`prorated_minutes`). The periods themselves (month, quarter, year counted
from the contract's start, in the client's local dates) are stekas_helpdesk's
lib/periods (`contract_period`).
"""

from collections import namedtuple

POLICIES = ("free", "quota", "paid")
# Highest alert threshold, in percent of the free hours, a contract may set.
MAX_THRESHOLD = 1000

# bucket: the free minutes the entry consumes, None for the contract's
# consulting hours, else the key of an additional work's own free hours
# (R-BIL-1 rev. 2).
Entry = namedtuple("Entry", "key minutes policy locked free overage bucket")
Entry.__new__.__defaults__ = (False, 0, 0, None)
Allocation = namedtuple("Allocation", "free overage")


class QuotaError(ValueError):
    """Bad input for a quota rule (unknown policy, bad threshold)."""


def allocate(entries, limit_minutes, used_minutes=0):
    """Split the billed minutes of a period's entries into free and overage.

    `entries` are `Entry` tuples in chronological order (work date, then entry
    order). Only quota entries consume the limit; free and paid entries get
    (0, 0): they are never free-hours time nor overage. Locked (invoiced)
    entries keep the split they have and their free minutes are reserved
    first, so that the free total never exceeds the limit. Returns a dict
    key -> Allocation.

    `used_minutes` are free minutes already consumed by earlier entries that
    are not passed: entries that come after all of a period's entries
    (`appends_at_end`) are allocated from the period's used total alone, and
    get the same split as a re-allocation of the whole period would give.
    """
    limit = max(0, int(limit_minutes))
    result = {}
    consumed = max(0, int(used_minutes))
    for entry in entries:
        if entry.policy not in POLICIES:
            raise QuotaError(f"Unknown billing policy {entry.policy!r}.")
        if entry.locked:
            result[entry.key] = Allocation(entry.free, entry.overage)
            if entry.policy == "quota":
                consumed += entry.free
    for entry in entries:
        if entry.locked:
            continue
        if entry.policy != "quota":
            result[entry.key] = Allocation(0, 0)
            continue
        minutes = max(0, int(entry.minutes))
        free = min(minutes, max(0, limit - consumed))
        consumed += free
        result[entry.key] = Allocation(free, minutes - free)
    return result


def allocate_buckets(entries, limits, used=None):
    """`allocate` for each quota bucket on its own: `limits` maps a bucket
    (None: the consulting hours) to its free minutes, `used` to the free
    minutes its earlier entries consumed. A bucket without a limit has none:
    all of its time is overage. Returns a dict key -> Allocation."""
    used = used or {}
    by_bucket = {}
    for entry in entries:
        by_bucket.setdefault(entry.bucket, []).append(entry)
    result = {}
    for bucket, bucket_entries in by_bucket.items():
        result.update(
            allocate(bucket_entries, limits.get(bucket, 0), used.get(bucket, 0))
        )
    return result


def prorated_minutes(free_minutes, date_start, date_end, full_end):
    """The free minutes of a period from `date_start` to `date_end` that is
    part of a whole period ending on `full_end` (a contract ending before its
    period does): `free_minutes * days covered / days of the whole period`,
    rounded down to whole minutes, so a partial period never gets more than
    its share nor more than the whole quota. A whole period keeps them all."""
    free_minutes = max(0, int(free_minutes))
    if date_end >= full_end:
        return free_minutes
    covered = (date_end - date_start).days + 1
    whole = (full_end - date_start).days + 1
    if covered <= 0:
        return 0
    return free_minutes * covered // whole


def appends_at_end(new_dates, last_date):
    """Whether entries of `new_dates` come after every entry of a period whose
    latest work date is `last_date` (None: the period has no entry yet).

    New entries have higher ids than the period's, so on the same day they
    are later in the chronological order too.
    """
    return last_date is None or all(day >= last_date for day in new_dates)


def period_figures(allocation, entries, limit_minutes):
    """The figures of a period's `entries` after `allocation`: a dict of
    free, used, overage, paid and free-type minutes. Used minutes are those of
    the consulting hours (bucket None); the overage is every bucket's."""
    figures = {
        "free_minutes": max(0, int(limit_minutes)),
        "used_minutes": 0,
        "overage_minutes": 0,
        "paid_minutes": 0,
        "free_type_minutes": 0,
    }
    for entry in entries:
        split = allocation[entry.key]
        if entry.bucket is None:
            figures["used_minutes"] += split.free
        figures["overage_minutes"] += split.overage
        if entry.policy == "paid":
            figures["paid_minutes"] += entry.minutes
        elif entry.policy == "free":
            figures["free_type_minutes"] += entry.minutes
    return figures


def parse_thresholds(text):
    """'80, 100' -> (80, 100): whole percentages between 1 and MAX_THRESHOLD, sorted."""
    values = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().rstrip("%").strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_THRESHOLD:
            raise QuotaError(f"Bad threshold {part!r}.")
        values.add(int(part))
    return tuple(sorted(values))


def reached_thresholds(used_minutes, limit_minutes, thresholds):
    """Thresholds (percent of the limit) that `used_minutes` has reached."""
    if limit_minutes <= 0:
        return ()
    return tuple(t for t in thresholds if used_minutes * 100 >= t * limit_minutes)


def used_percent(used_minutes, limit_minutes):
    """Whole percent of the free minutes used (what progress bars show); a
    period without free minutes has used none of them."""
    if limit_minutes <= 0:
        return 0
    return round(used_minutes * 100 / limit_minutes)
