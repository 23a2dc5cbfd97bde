"""A request's id follows it into the Celery task it causes, in a real worker's JSON logs."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appeals.models import Notification
from appeals.tests.celery_worker import WORKER_TEST_MARKS, celery_worker, wait_for, worker_log

pytestmark = WORKER_TEST_MARKS


def test_the_email_a_request_caused_is_logged_with_the_requests_id(
    transactional_reference, make_citizen, tmp_path: Path
) -> None:
    citizen = make_citizen()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    json_logs = {"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}
    with celery_worker(
        tmp_path,
        queues=settings.CELERY_TASK_DEFAULT_QUEUE,
        mail_dir=mail_dir,
        beat=False,
        extra_env=json_logs,
    ):
        response = api.post(
            "/api/v1/appeals/",
            {
                "agency": "ministry-of-health",
                "region": "KZ-75",
                "appeal_type": "inquiry",
                "subject": "Vaccination schedule",
                "text": f"Write to {citizen.email}, IIN {citizen.citizen_profile.iin}.",
            },
            format="json",
            headers={"X-Request-ID": "file-appeal-request-77"},
        )
        assert response.status_code == 201
        wait_for(
            lambda: Notification.objects.filter(appeal__citizen=citizen, status="sent").exists(),
            seconds=60,
            what="the confirmation e-mail to be delivered",
        )
    text = worker_log(tmp_path, settings.CELERY_TASK_DEFAULT_QUEUE).read_text()
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    sent = [r for r in records if r["event"].startswith("Notification") and r["event"].endswith("sent")]
    assert sent and all(r["request_id"] == "file-appeal-request-77" for r in sent), text[-3000:]
    for secret in (citizen.email, citizen.citizen_profile.iin, citizen.full_name):
        assert secret not in text
