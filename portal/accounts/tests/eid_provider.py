"""Start the test identity provider (portal/tests/oidc_provider) as a real HTTP server, and walk
a browser-less session through it: the portal's start link, the provider's login form, back to
the portal's callback."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from portal.accounts.iin import make_iin

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "dialog-portal"
CLIENT_SECRET = "dialog-portal-test-secret"
PASSWORD = "provider password"


@dataclass(frozen=True)
class Person:
    iin: str
    first_name: str
    last_name: str
    email: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


def _bad_check_digit(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


CITIZEN = Person(
    make_iin(random.Random(15), dt.date(1991, 3, 8)), "Әйгерім", "Сұлтанова", "aigerim@eid.example.kz"
)
RETURNING = Person(
    make_iin(random.Random(16), dt.date(1985, 7, 1)), "Ерлан", "Ахметов", "erlan@eid.example.kz"
)
OFFICIAL = Person(make_iin(random.Random(17), dt.date(1979, 11, 2)), "Дана", "Омарова", "dana@eid.example.kz")
BAD_IIN = Person(
    _bad_check_digit(make_iin(random.Random(18), dt.date(1990, 1, 9))),
    "Асхат",
    "Нұров",
    "askhat@eid.example.kz",
)
PEOPLE = (CITIZEN, RETURNING, OFFICIAL, BAD_IIN)


@dataclass(frozen=True)
class Provider:
    issuer: str
    database: Path

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@contextmanager
def running_provider(workdir: Path, *, redirect_uri: str) -> Iterator[Provider]:
    port = free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    database = workdir / "provider.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "portal.tests.oidc_provider.settings",
        "PROVIDER_DATABASE": str(database),
        "PROVIDER_RSA_KEY": _private_key_pem(),
        "PROVIDER_ISSUER": issuer,
    }
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": redirect_uri,
        "users": [
            {
                "iin": p.iin,
                "password": PASSWORD,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "email": p.email,
            }
            for p in PEOPLE
        ],
    }
    subprocess.run(
        [sys.executable, "-m", "portal.tests.oidc_provider.setup", json.dumps(spec)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    log = (workdir / "provider.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(issuer=issuer, database=database)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(provider.discovery_url, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the test identity provider did not start: " + (workdir / "provider.log").read_text()
                )
            time.sleep(0.2)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def callback_url(session: requests.Session, start_url: str, person: Person) -> str:
    """Follow the portal's start link through the provider's login form; the portal callback
    address (with code and state) the provider sends the browser back to, not yet visited."""
    response = session.get(start_url, allow_redirects=False)
    assert response.status_code == 302, response.text
    authorize = response.headers["Location"]
    response = session.get(authorize, allow_redirects=False)
    assert response.status_code == 302, response.text
    login = urljoin(authorize, response.headers["Location"])
    form = session.get(login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    next_url = re.search(r'name="next" value="([^"]*)"', form.text)
    assert token and next_url, form.text
    response = session.post(
        login,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": person.iin,
            "password": PASSWORD,
            "next": next_url.group(1).replace("&amp;", "&"),
        },
        headers={"Referer": login},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    response = session.get(urljoin(login, response.headers["Location"]), allow_redirects=False)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert "code=" in location and "state=" in location, location
    return location
