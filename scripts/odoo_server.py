"""Start Odoo as its own launcher (odoo-bin) does, from a file.

Odoo restarts a server that passed a worker limit by executing the same
command line again; `python3 -m odoo` cannot be run again that way (the
command names odoo/__main__.py as a script, whose folder then shadows the
standard library), so `make run` starts Odoo through this file instead."""

import os

# as odoo-bin: the server works in UTC, whatever the machine's time zone
os.environ["TZ"] = "UTC"

import odoo  # noqa: E402

if __name__ == "__main__":
    odoo.cli.main()
