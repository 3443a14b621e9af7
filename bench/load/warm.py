"""Warm-up of the load bench (bench/load/run_load.sh): before the measured
load, every worker of every system serves each portal page once.

An Odoo worker compiles a QWeb template at its first render of it (about half a
second for a portal page here) and keeps it for its life (65,536 requests);
without this, the first page of each kind on each worker (4 workers x 3 pages
per system) lands in the measured p95 of a short run, and how many of them do
depends on the run's request count, not on the system. The same warm-up runs
for both systems: as many concurrent requests of each page as 3 x workers, so
that each worker, busy with one request, leaves the next to the others.

    python3 bench/load/warm.py WORKERS BASE,DB,/my/tickets,/my/ticket/ID ...

BASE is the server's address (http://127.0.0.1:8342), ID stands for the first
ticket of the portal user's list.
"""

import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portal_time import login  # noqa: E402

TICKET = re.compile(r'href="/my/ticket/(\d+)')


def warm(workers, spec):
    base, db, *paths = spec.split(",")
    cookies = login(base, db).cookies
    first = requests.get(f"{base}/my/tickets", cookies=cookies, timeout=120)
    ticket = TICKET.search(first.text).group(1)

    def get(path):
        response = requests.get(base + path, cookies=cookies, timeout=120)
        response.raise_for_status()
        assert "/web/login" not in response.url, path
        return response.elapsed.total_seconds()

    with ThreadPoolExecutor(3 * workers) as pool:
        for path in paths:
            path = path.replace("ID", ticket)
            times = sorted(pool.map(get, [path] * (3 * workers)))
            print(
                f"warm-up {db} {path}: {len(times)} requests,"
                f" slowest {1000 * times[-1]:.0f} ms, median"
                f" {1000 * times[len(times) // 2]:.0f} ms"
            )


if __name__ == "__main__":
    for system in sys.argv[2:]:
        warm(int(sys.argv[1]), system)
