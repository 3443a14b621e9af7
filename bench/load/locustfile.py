"""Portal sessions of the load bench (bench/load/run_load.sh): each locust user
is one logged-in portal session that browses its ticket list, a ticket page
and, on the STEKAS system, its consultation journal, with a think time between
pages. Two user classes, one per system, with equal weights, so that `-u 2N`
gives N sessions on each system in the same run. Request names start with the
system's letter (A: the STEKAS addons, B: helpdesk_mgmt alone).

Environment: BENCH_A_URL, BENCH_B_URL, BENCH_LOGIN, BENCH_PASSWORD,
BENCH_THINK_MIN / BENCH_THINK_MAX (seconds, default 5 / 15).
"""

import os
import random
import re

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

LOGIN = os.environ.get("BENCH_LOGIN", "bench_portal")
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench_portal_pw")
THINK = between(
    float(os.environ.get("BENCH_THINK_MIN", "5")),
    float(os.environ.get("BENCH_THINK_MAX", "15")),
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TICKET = re.compile(r'href="/my/ticket/(\d+)')


class PortalSession(FastHttpUser):
    abstract = True
    wait_time = THINK
    letter = "?"

    def on_start(self):
        self.tickets = []
        page = self.client.get("/web/login", name=f"{self.letter} login form")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/web/login",
            data={
                "login": LOGIN,
                "password": PASSWORD,
                "csrf_token": token.group(1) if token else "",
                "redirect": "/my/tickets",
            },
            name=f"{self.letter} login",
            catch_response=True,
        ) as resp:
            found = TICKET.findall(resp.text or "")
            if not found:
                resp.failure("no ticket on /my/tickets after login")
            else:
                self.tickets = sorted(set(found))

    @task(3)
    def ticket_list(self):
        with self.client.get(
            "/my/tickets", name=f"{self.letter} /my/tickets", catch_response=True
        ) as resp:
            if "/my/ticket/" not in (resp.text or ""):
                resp.failure("ticket list without tickets (logged out?)")

    @task(3)
    def ticket_page(self):
        if not self.tickets:
            return
        ticket = random.choice(self.tickets)
        with self.client.get(
            f"/my/ticket/{ticket}",
            name=f"{self.letter} /my/ticket/<id>",
            catch_response=True,
        ) as resp:
            # an inaccessible ticket redirects to /my, which names no ticket
            if "Neveikia ataskaita" not in (resp.text or ""):
                resp.failure("not the ticket's page (redirected?)")


class StekasSession(PortalSession):
    host = os.environ.get("BENCH_A_URL", "http://127.0.0.1:8342")
    letter = "A"

    @task(2)
    def journal_page(self):
        with self.client.get(
            "/my/journal", name=f"{self.letter} /my/journal", catch_response=True
        ) as resp:
            if resp.status_code != 200:
                resp.failure(f"status {resp.status_code}")


class HelpdeskMgmtSession(PortalSession):
    host = os.environ.get("BENCH_B_URL", "http://127.0.0.1:8345")
    letter = "B"
