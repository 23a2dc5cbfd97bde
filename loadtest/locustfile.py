"""Who uses Dialog at once: citizens filing and reading their appeals, officials answering their
agency's inbox, journalists reading statistics. Run by `make loadtest` (loadtest/run.py), which
prepares the accounts in LOADTEST_ACCOUNTS and checks the outcome afterwards."""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid
from typing import Any

from locust import HttpUser, between, events, task

ACCOUNTS: dict[str, Any] = json.loads(open(os.environ["LOADTEST_ACCOUNTS"]).read())  # noqa: SIM115
ACCEPTED_FILE = os.environ["LOADTEST_ACCEPTED"]
_accepted: list[str] = []
_lock = threading.Lock()
_citizens = itertools.cycle(ACCOUNTS["citizens"])
_officials = itertools.cycle(ACCOUNTS["officials"])
STATS = ["agencies", "regions", "types", "months", "agency-regions"]


@events.test_stop.add_listener
def _write_accepted(**_kwargs: Any) -> None:
    with open(ACCEPTED_FILE, "w") as handle:
        json.dump(_accepted, handle)


class Citizen(HttpUser):
    weight = 5
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = next(_citizens)
        self.client.headers["Authorization"] = f"Token {account['token']}"
        self.agencies = ACCOUNTS["agencies"]
        self.mine: list[str] = []

    @task(2)
    def file_appeal(self) -> None:
        with self.client.post(
            "/api/v1/appeals/",
            json={
                "agency": random.choice(self.agencies),
                "region": "KZ-75",
                "appeal_type": random.choice(["application", "inquiry", "proposal"]),
                "subject": "Load test appeal",
                "text": "The street light at the bus stop has been out for a week.",
            },
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="POST /api/v1/appeals/",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                number = response.json()["tracking_number"]
                self.mine.append(number)
                with _lock:
                    _accepted.append(number)
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(3)
    def read_my_appeals(self) -> None:
        self.client.get("/api/v1/appeals/", name="GET /api/v1/appeals/")
        if self.mine:
            self.client.get(
                f"/api/v1/appeals/{random.choice(self.mine)}/", name="GET /api/v1/appeals/{number}/"
            )


class Official(HttpUser):
    """One official per agency, so two never race for the same appeal (that is a 409 by design)."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = next(_officials)
        self.client.headers["Authorization"] = f"Token {account['token']}"

    @task
    def answer_one(self) -> None:
        inbox = self.client.get(
            "/api/v1/agency/appeals/?status=registered", name="GET /api/v1/agency/appeals/"
        )
        if inbox.status_code != 200 or not inbox.json()["results"]:
            return
        number = inbox.json()["results"][0]["tracking_number"]
        self.client.post(
            f"/api/v1/agency/appeals/{number}/answer/",
            json={"text": "Thank you. The light will be repaired this week."},
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="POST /api/v1/agency/appeals/{number}/answer/",
        )


class Journalist(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    @task
    def statistics(self) -> None:
        kind = random.choice(STATS)
        month = random.randint(1, 11)
        query = f"?date_from=2026-{month:02d}-01" if random.random() < 0.5 else ""
        self.client.get(f"/api/v1/stats/{kind}/{query}", name=f"GET /api/v1/stats/{kind}/")
        if random.random() < 0.2:
            self.client.get(f"/api/v1/stats/{kind}/?format=csv", name="GET /api/v1/stats/ CSV")
