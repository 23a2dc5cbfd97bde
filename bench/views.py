"""Lower bounds served by the same gunicorn as the portal: the least a Django view can cost,
and the least a write of one row in one transaction can cost."""

from __future__ import annotations

import json

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

INSERT_TABLE = "bench_insert"
CREATE_INSERT_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {INSERT_TABLE} "
    "(id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
)


def bare_json(request: HttpRequest) -> JsonResponse:
    """Routing, middleware and a JSON response: nothing else."""
    return JsonResponse({"ok": True})


@csrf_exempt
def insert_one(request: HttpRequest) -> JsonResponse:
    """The request body stored as one row, in one transaction (what filing must at least do)."""
    payload = json.loads(request.body or b"{}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {INSERT_TABLE} (payload) VALUES (%s) RETURNING id",  # noqa: S608 (our table)
            [json.dumps(payload)],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)
