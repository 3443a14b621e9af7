"""Portal, timing: log in as the bench portal user through
/web/login (with its CSRF token) on each running server given and time
BENCH_REQUESTS (default 200) GETs of each page. The requests of all targets
are interleaved (one of each in turn), so that load from elsewhere on the
machine falls on every target alike. Prints one JSON line of median and 95th
percentile in milliseconds per target.

    python3 bench/portal_time.py base=http://127.0.0.1:8169,DB1,/my/tickets \\
        journal=http://127.0.0.1:8170,DB2,/my/journal
"""

import json
import os
import re
import statistics
import sys
import time

import requests

LOGIN, PASSWORD = "bench_portal", "bench_portal_pw"


def login(base, db):
    session = requests.Session()
    page = session.get(f"{base}/web/login", params={"db": db}, timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/web/login",
        data={"login": LOGIN, "password": PASSWORD, "csrf_token": token, "db": db},
        timeout=60,
    )
    response.raise_for_status()
    assert "/web/login" not in response.url, "login failed"
    return session


def main():
    count = int(os.environ.get("BENCH_REQUESTS", "200"))
    targets = []
    sessions = {}
    for spec in sys.argv[1:]:
        label, rest = spec.split("=", 1)
        base, db, path = rest.split(",")
        if (base, db) not in sessions:
            sessions[base, db] = login(base, db)
        session = sessions[base, db]
        first = session.get(base + path, timeout=60)
        first.raise_for_status()
        assert "/web/login" not in first.url, path
        assert "Neveikia ataskaita" in first.text or "Patikrinti" in first.text, path
        targets.append((label, session, base + path, []))
    for _ in range(count):
        for _label, session, url, times in targets:
            t0 = time.perf_counter()
            session.get(url, timeout=60).raise_for_status()
            times.append(1000 * (time.perf_counter() - t0))
    result = {}
    for label, _session, _url, times in targets:
        times.sort()
        result[label] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
        }
    print("BENCH " + json.dumps(result))


if __name__ == "__main__":
    main()
