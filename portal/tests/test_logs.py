"""Structured logs: JSON lines with a request id, carried into Celery, and no personal data."""

from __future__ import annotations

import io
import json
import logging
import smtplib
from collections.abc import Iterator
from logging.config import dictConfig
from unittest import mock

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appeals.delivery import DeliveryFailed, deliver
from appeals.models import Appeal, Notification
from portal.accounts.models import User
from portal.logs import CELERY_HEADER, _bind_request_id, _send_request_id, current_request_id, logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Production's logging (JSON lines at INFO), written to a buffer instead of stderr."""
    dictConfig(logging_config(json=True, level="INFO"))
    buffer = io.StringIO()
    for handler in logging.getLogger().handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(buffer)
    yield buffer
    dictConfig(settings.LOGGING)


def test_a_request_id_is_returned_and_a_well_formed_one_is_kept(client) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "proxy-id-1234abcd"})
    assert given["X-Request-ID"] == "proxy-id-1234abcd"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert len(made["X-Request-ID"]) == 32 and "\n" not in made["X-Request-ID"]


def test_filing_an_appeal_logs_json_without_the_citizens_personal_data(citizen: User, json_log) -> None:
    iin = citizen.citizen_profile.iin
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    response = api.post(
        "/api/v1/appeals/",
        {
            "agency": "ministry-of-health",
            "region": "KZ-75",
            "appeal_type": "inquiry",
            "subject": f"My IIN is {iin}",
            "text": f"I am {citizen.full_name}, IIN {iin}, write to {citizen.email}.",
        },
        format="json",
        headers={"X-Request-ID": "filing-request-0001"},
    )
    assert response.status_code == 201, response.content
    appeal = Appeal.objects.get(tracking_number=response.json()["tracking_number"])
    # The mail server refuses the recipient and quotes the address back, as SMTP servers do.
    refused = smtplib.SMTPRecipientsRefused({citizen.email: (550, f"{citizen.email}: no such user".encode())})
    with mock.patch("appeals.delivery.EmailMessage.send", side_effect=refused), pytest.raises(DeliveryFailed):
        deliver(Notification.objects.get(appeal=appeal).pk)
    assert api.get(f"/api/v1/appeals/{appeal.tracking_number}x/").status_code == 404
    logging.getLogger("dialog.test").warning("Citizen wrote from %s with %s", citizen.email, iin)

    output = json_log.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert any("failed" in line["event"] for line in lines), output
    assert all({"event", "level", "timestamp"} <= line.keys() for line in lines)
    for secret in (iin, citizen.email, citizen.full_name):
        assert secret not in output, f"{secret!r} leaked into the logs"
    assert "[e-mail]" in output and "[number]" in output


def test_a_log_line_inside_a_request_carries_its_id(client, json_log) -> None:
    client.get("/en/no-such-page/", headers={"X-Request-ID": "missing-page-0001"})
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    not_found = [line for line in lines if "Not Found" in line["event"]]
    assert not_found and not_found[0]["request_id"] == "missing-page-0001"


def test_the_request_id_rides_into_the_celery_task_and_is_bound_there() -> None:
    import structlog

    structlog.contextvars.bind_contextvars(request_id="from-the-request-42")
    headers: dict[str, object] = {}
    _send_request_id(headers=headers)
    structlog.contextvars.clear_contextvars()
    assert headers == {CELERY_HEADER: "from-the-request-42"}

    task = mock.Mock()
    task.request = mock.Mock(**{CELERY_HEADER: "from-the-request-42"})
    _bind_request_id(task=task, task_id="t-1")
    assert current_request_id() == "from-the-request-42"
    structlog.contextvars.clear_contextvars()
