"""Lines of a prepayment invoice for support time (R-BIL-1, R-BIL-3..5).

Pure rules, no Odoo: which billed minutes of a journal entry are invoiced, at
which rate and on which line, and the amount of a line to the cent.

An entry of a client with a contract is invoiced for its overage minutes at the
rate of the contract's line for its work type, else the contract's rate (quota
types, R-BIL-1), or for all its billed minutes when its type is paid (R-BIL-3),
at the entry's own rate, else the contract line's rate, else the type's price,
else the contract's rate. The policy an entry comes with is already the
contract line's where the contract lists its type (R-BIL-2 rev. 2). An entry of
a client without a contract is invoiced for all its billed minutes at the
entry's rate, else the paid type's price, else the client's rate (R-BIL-4,
R-BIL-5). Free types are never invoiced (R-BIL-2).
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

KIND_OVERAGE = "overage"
KIND_PAID = "paid"
KIND_NO_CONTRACT = "no_contract"
KINDS = (KIND_OVERAGE, KIND_PAID, KIND_NO_CONTRACT)

# policy: "free", "quota" or "paid" (None counts as paid, as in the quota rules);
# contract_rate is None when the client has no contract for the entry;
# line_rate is the rate of the contract's line for the entry's work type (None
# without one); own_quota: the entry's overage is beyond that line's own free
# hours (additional work, R-BIL-1 rev. 2), not beyond the consulting hours.
BillEntry = namedtuple(
    "BillEntry",
    "key minutes overage policy work_type entry_rate type_rate contract_rate "
    "client_rate ticket line_rate own_quota",
)
BillEntry.__new__.__defaults__ = (None, False)
InvoiceLine = namedtuple("InvoiceLine", "kind work_type rate minutes keys tickets")

# The rates of a billed minute, first first: the entry's own price, the rate
# of the contract's line for its work type, the paid type's catalogue price,
# the contract's rate, the client's rate. An empty (zero) own, line or type
# price falls through; a contract's rate, even zero, ends the search, so the
# client's rate only applies without a contract. The accountant's report
# (stekas.billing.report) builds its SQL from this same order.
RATE_PRECEDENCE = (
    "entry_rate",
    "line_rate",
    "type_rate",
    "contract_rate",
    "client_rate",
)
# Sources whose zero means "not set" rather than a price of nothing.
RATES_EMPTY_WHEN_ZERO = ("entry_rate", "line_rate", "type_rate")
# The sources of the rate beyond free hours, in the same order: the overage
# is priced by the contract (its line, else its rate), never by the entry.
OVERAGE_RATE_SOURCES = tuple(
    source for source in RATE_PRECEDENCE if source in ("line_rate", "contract_rate")
)


def _first_rate(entry, sources):
    for source in sources:
        value = getattr(entry, source)
        if value is None or (source in RATES_EMPTY_WHEN_ZERO and not value):
            continue
        return value
    return 0.0


def rate(entry):
    """The rate of an hour of `entry` that is not overage (see
    RATE_PRECEDENCE); the type's price counts for paid work only."""
    policy = entry.policy or "paid"
    return _first_rate(
        entry,
        [s for s in RATE_PRECEDENCE if s != "type_rate" or policy == "paid"],
    )


def overage_rate(entry):
    """The rate of an hour of `entry` beyond free hours (see
    OVERAGE_RATE_SOURCES)."""
    return _first_rate(entry, OVERAGE_RATE_SOURCES)


def billable(entry):
    """(kind, minutes, rate) that `entry` is invoiced for, or None."""
    policy = entry.policy or "paid"
    if policy == "free":
        return None
    if entry.contract_rate is not None:
        if policy == "quota":
            if entry.overage <= 0:
                return None
            return KIND_OVERAGE, entry.overage, overage_rate(entry)
        return KIND_PAID, entry.minutes, rate(entry)
    if entry.minutes <= 0:
        return None
    return KIND_NO_CONTRACT, entry.minutes, rate(entry)


def group_lines(entries):
    """Group the invoiced minutes of `entries` into invoice lines: one line per
    kind, work type (paid work and additional work's own overage) and rate,
    in the order of KINDS, then of first appearance. Tickets are listed once
    each, in order of appearance."""
    lines = {}
    for entry in entries:
        billed = billable(entry)
        if billed is None:
            continue
        kind, minutes, rate = billed
        named = kind == KIND_PAID or (kind == KIND_OVERAGE and entry.own_quota)
        work_type = entry.work_type if named else None
        group = (kind, work_type, round(float(rate or 0.0), 6))
        if group not in lines:
            lines[group] = {"minutes": 0, "keys": [], "tickets": []}
        line = lines[group]
        line["minutes"] += minutes
        line["keys"].append(entry.key)
        if entry.ticket and entry.ticket not in line["tickets"]:
            line["tickets"].append(entry.ticket)
    ordered = sorted(lines.items(), key=lambda item: KINDS.index(item[0][0]))
    return [
        InvoiceLine(kind, work_type, rate, v["minutes"], v["keys"], v["tickets"])
        for (kind, work_type, rate), v in ordered
    ]


def split_minutes(minutes, parts, step=6):
    """`minutes` split over `parts` lines as evenly as whole `step`s allow
    (6 minutes: a quantity of 0.1 h, exact on an invoice), the first lines
    taking the steps and minutes left over; the parts add up to `minutes`."""
    if parts <= 0:
        return []
    minutes = max(0, int(minutes))
    steps, rest = divmod(minutes, step)
    share, extra = divmod(steps, parts)
    result = [(share + (1 if index < extra else 0)) * step for index in range(parts)]
    result[0] += rest
    return result


def minutes_to_quantity(minutes, digits=2):
    """Hours invoiced for `minutes`, rounded half-up to `digits`. With the
    12-minute step of R-CON-6 every quantity is a multiple of 0.2 h: exact."""
    value = Decimal(int(minutes)) / Decimal(60)
    return float(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def line_amount(minutes, rate, digits=2):
    """Amount of a line to the cent: quantity (as invoiced) x rate."""
    quantity = Decimal(str(minutes_to_quantity(minutes, digits)))
    value = quantity * Decimal(str(rate))
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
