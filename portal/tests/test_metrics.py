"""/metrics: off without METRICS_TOKEN, a bearer token otherwise, and Dialog's own figures."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from appeals.models import Appeal, Notification
from appeals.tasks import process_deadlines
from appeals.tests.broker import broker_down
from conftest import almaty_time

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-for-tests-0123456789"


def scrape(client) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the series `name` with exactly these labels (in any order)."""
    for line in text.splitlines():
        found = re.fullmatch(re.escape(name) + r"(?:\{(.*)\})? (\S+)", line)
        if found and dict(re.findall(r'(\w+)="([^"]*)"', found.group(1) or "")) == labels:
            return float(found.group(2))
    raise AssertionError(f"{name} {labels} not in the scrape")


def test_metrics_are_a_404_when_no_token_is_configured(client, settings) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_metrics_need_the_bearer_token(client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_dialog_figures_follow_the_appeals(client, settings, file_appeal) -> None:
    settings.METRICS_TOKEN = TOKEN
    before = scrape(client)
    filed_before = (
        sample(before, "dialog_appeals_filed_total", channel="web") if 'channel="web"' in before else 0
    )
    file_appeal()
    overdue: Appeal = file_appeal(now=almaty_time(2026, 4, 14, 10))
    Appeal.objects.filter(pk=overdue.pk).update(overdue_since=timezone.now())
    text = scrape(client)
    assert sample(text, "dialog_appeals_filed_total", channel="web") == filed_before + 2
    assert sample(text, "dialog_appeals_overdue", agency="ministry-of-health") == 1
    pending = Notification.objects.filter(status__in=["pending", "sending"]).count()
    assert pending > 0 and sample(text, "dialog_outbox_pending") == pending
    assert sample(text, "dialog_outbox_oldest_pending_age_seconds") >= 0
    assert sample(text, "dialog_notification_delivery_failures_total") == 0
    assert sample(text, "dialog_celery_queue_length", queue=settings.DIALOG_CLOCK_QUEUE) >= 0
    assert sample(text, "dialog_broker_up") == 1


def test_the_sweep_reports_its_duration_and_when_it_ran(client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    process_deadlines()
    text = scrape(client)
    assert sample(text, "dialog_sweep_duration_seconds") >= 0
    assert sample(text, "dialog_sweep_last_finished_timestamp_seconds") > timezone.now().timestamp() - 60


def test_request_and_database_metrics_are_counted_by_view(client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    client.get("/api/v1/regions/")
    text = scrape(client)
    assert sample(text, "django_http_requests_total", method="GET", view="api:region-list", status="200") >= 1
    assert re.search(r'^django_db_execute_total\{alias="default",vendor="\w+"\} [1-9]', text, re.MULTILINE)
    assert "/api/v1/regions/" not in text  # views, never paths, label the requests


def test_a_scrape_with_the_broker_down_still_answers_and_says_so(client, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    with broker_down():
        text = scrape(client)
    assert sample(text, "dialog_broker_up") == 0
    assert "dialog_appeals_filed_total" in text
