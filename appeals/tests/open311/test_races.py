"""Two real requests at once (separate PostgreSQL connections) with the same client id: one
appeal, and both answered with it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from appeals.models import Appeal
from appeals.tests.open311.conftest import BASE, api_key_of
from appeals.tests.test_races import hold_statistics_rollups
from portal.tests.concurrency import release_when_waiting, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


@pytest.mark.parametrize("how", ["attribute", "header"])
def test_two_concurrent_posts_with_one_client_id_file_one_appeal(
    transactional_reference, make_citizen, how: str
) -> None:
    citizen = make_citizen()
    key = api_key_of(citizen)
    fields = {
        "api_key": key,
        "service_code": "ministry-of-health.report",
        "attribute[region]": "KZ-75",
        "description": "Broken lift in the polyclinic.",
    }
    headers = {}
    if how == "attribute":
        fields["attribute[client_request_id]"] = "fms-42"
    else:
        headers["HTTP_IDEMPOTENCY_KEY"] = "fms-42"

    def post():  # type: ignore[no-untyped-def]
        return Client().post(f"{BASE}/requests.json", fields, **headers)

    # The first filing waits inside its transaction (at the statistics rollup) holding the
    # claimed client id; the second waits on that claim. Released together, the second must
    # replay the first instead of filing again.
    with hold_statistics_rollups() as rollups:
        responses = run_together([post, post], before_release=release_when_waiting(rollups, 2))
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Appeal.objects.filter(citizen=citizen).count() == 1
