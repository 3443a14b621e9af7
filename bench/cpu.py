"""CPU seconds of this process and of its PostgreSQL backend together.

Wall-clock times on a shared machine swing with whatever else runs; the CPU
time spent by Odoo and by the database on a piece of work does not. Read from
/proc, so only for a database on the same machine (None otherwise).
"""

import os
import time


def backend_pid(cr):
    cr.execute("SELECT pg_backend_pid()")
    return cr.fetchone()[0]


def cpu_seconds(pid):
    """This process's CPU time plus that of the backend `pid` (None when the
    backend's /proc entry cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return time.process_time() + ticks / os.sysconf("SC_CLK_TCK")
