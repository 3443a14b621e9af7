"""Personal-data detector: time per MB from 10 KB to 10 MB, on one core, no Odoo.

Three kinds of input, each at every size:
- phone-dense: a CSV export of contacts, two phone numbers on every row;
- code-dense: a CSV payroll list, a valid personal code on every row,
  invoice numbers, dates and amounts;
- ordinary: Lithuanian support prose with a little personal data.

For each it times `personal_data.scan_file` on the bytes (decoding and the
table text included) with an unlimited budget, and a baseline on the same
bytes in the same run: decoding and one plain regex pass over the text
(`\\w+`). Times are CPU times of the process. Linear cost shows as a flat
s/MB (and a flat ratio) across the sizes.

Then, with the default budget, the verdict and wall-clock time of a scan of
the larger inputs: "cannot verify" (over_budget) instead of running long.

    python3 bench/detector_linearity.py [--sizes-kb 10,100,1000,10000]
        [--kinds phone,code,ordinary] [--budget-kb 1200,3000,10000]
"""

import argparse
import random
import re
import time
from pathlib import Path

from detector_throughput import PII, WORDS, load_lib

ROOT = Path(__file__).resolve().parent.parent
FIRST = "Jonas Ona Petras Rūta Tomas Eglė Mantas Asta Darius Laura".split()
LAST = (
    "Petraitis Kazlauskienė Jankauskas Petrauskaitė Žukauskas Vaitkutė "
    "Stankevičius Balčiūnienė Butkus Paulauskaitė"
).split()


def personal_code(rng):
    from stdnum.lt import asmens

    while True:
        code = (
            f"{rng.choice('3456')}{rng.randint(50, 99):02d}"
            f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        )
        return code + asmens.calc_check_digit(code + "0")


def phone_dense(rng, size):
    rows, length = ["Vardas;Pavardė;Mobilus;Darbo tel.;Miestas"], 0
    while length < size:
        mobile = f"+370 6{rng.randint(0, 9999999):07d}"
        work = f"8 5 2{rng.randint(0, 999999):06d}"
        row = f"{rng.choice(FIRST)};{rng.choice(LAST)};{mobile};{work};Vilnius"
        rows.append(row)
        length += len(row.encode()) + 1
    return "\n".join(rows).encode(), "kontaktai.csv"


def code_dense(rng, size):
    rows, length = ["Vardas;Pavardė;Asmens kodas;Sąskaita;Data;Suma"], 0
    while length < size:
        row = (
            f"{rng.choice(FIRST)};{rng.choice(LAST)};{personal_code(rng)};"
            f"SF-{rng.randint(0, 99999999):08d};2026-11-{rng.randint(1, 28):02d};"
            f"{rng.randint(100, 99999)},{rng.randint(0, 99):02d}"
        )
        rows.append(row)
        length += len(row.encode()) + 1
    return "\n".join(rows).encode(), "atlyginimai.csv"


def ordinary(rng, size):
    parts, length = [], 0
    while length < size:
        if rng.random() < 0.02:
            chunk = rng.choice(PII)
        else:
            chunk = " ".join(rng.choice(WORDS) for _ in range(12)) + "."
        parts.append(chunk)
        length += len(chunk.encode()) + 1
    return "\n".join(parts).encode(), "laiskas.txt"


KINDS = {"phone": phone_dense, "code": code_dense, "ordinary": ordinary}
_WORD_RE = re.compile(r"\w+")


def baseline(data):
    text = data.decode("utf-8")
    return sum(1 for _ in _WORD_RE.finditer(text))


def timed(function, *args, **kwargs):
    """(CPU seconds of this process, result): the machine is shared, and
    other work inflates wall-clock times but not this process's CPU time."""
    t0 = time.process_time()
    result = function(*args, **kwargs)
    return time.process_time() - t0, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes-kb", default="10,100,1000,10000")
    parser.add_argument("--kinds", default="phone,code,ordinary")
    parser.add_argument(
        "--budget-kb",
        default="1200,3000,10000",
        type=lambda text: [int(s) for s in text.split(",") if s],
        help="sizes scanned with the default budget afterwards ('' for none)",
    )
    args = parser.parse_args()
    pd = load_lib()
    unlimited = pd.Budget(max_chars=10**10, seconds=10**6)
    # The reader cuts texts at 5 million characters by default: not here.
    limits = pd.file_text.Limits(max_file_size=10**10, max_text_chars=10**10)
    sizes = [int(s) for s in args.sizes_kb.split(",")]
    print(
        f"{'kind':<9}{'size KB':>9}{'hits':>9}{'scan s':>9}{'s/MB':>8}"
        f"{'base s/MB':>11}{'ratio':>8}"
    )
    for kind in args.kinds.split(","):
        per_mb = []
        for size_kb in sizes:
            data, filename = KINDS[kind](random.Random(size_kb), size_kb * 1024)
            mb = len(data) / 1024 / 1024
            # Small inputs are timed over several runs, for the clock's sake.
            runs = max(1, 1000 // size_kb)
            base = min(timed(baseline, data)[0] for _ in range(runs))
            scan = []
            for _ in range(runs):
                seconds, report = timed(
                    pd.scan_file, data, filename, limits=limits, budget=unlimited
                )
                scan.append(seconds)
            assert not report.unreadable, report.unreadable
            seconds = min(scan)
            per_mb.append(seconds / mb)
            print(
                f"{kind:<9}{size_kb:>9}{len(report.hits):>9}{seconds:>9.3f}"
                f"{seconds / mb:>8.2f}{base / mb:>11.4f}{seconds / base:>7.0f}x"
            )
        print(
            f"{kind:<9} s/MB largest/smallest size: {per_mb[-1] / per_mb[0]:.2f}, "
            f"max/min: {max(per_mb) / min(per_mb):.2f}"
        )
    if args.budget_kb:
        print_default_budget(pd, args.kinds.split(","), args.budget_kb)


def print_default_budget(pd, kinds, sizes_kb):
    """The verdict and its wall-clock time under the default budget, for
    inputs the unlimited scan takes long on."""
    budget = pd.DEFAULT_BUDGET
    print(
        f"default budget: {budget.max_chars:,} characters, {budget.seconds:g} s "
        "(wall clock, as in Odoo)"
    )
    for kind in kinds:
        for size_kb in sizes_kb:
            data, filename = KINDS[kind](random.Random(size_kb), size_kb * 1024)
            t0 = time.perf_counter()
            report = pd.scan_file(data, filename)
            seconds = time.perf_counter() - t0
            reasons = ",".join(sorted({r for _p, r in report.unreadable})) or "-"
            print(
                f"  {kind:<9}{size_kb:>7} KB  {report.status:<14}{reasons:<12}"
                f"{seconds:6.1f} s"
            )


if __name__ == "__main__":
    main()
