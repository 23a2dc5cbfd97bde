"""The bench harness's own pieces, in seconds (CI runs these; `make bench` runs the real thing):
wrk's report read right, a ratio judged against its target, the lower-bound views mounted only
by the bench settings, the live GROUP BY valid SQL on the real schema."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from bench import bounds
from bench.load import parse
from bench.report import Row, growth_rows, table
from bench.views import CREATE_INSERT_TABLE, INSERT_TABLE

WRK_REPORT = """Running 10s test @ http://127.0.0.1:8766/bench/bare/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.02ms  30.11ms   90.00%
    Req/Sec     2.60k   210.00     3.00k    70.00%
  Latency Distribution
     50%    2.95ms
     75%    3.40ms
     90%    4.00ms
     99%  450.00us
  51900 requests in 10.00s, 10.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   5190.12
Transfer/sec:      1.00MB
"""


def test_wrk_report_is_read_with_its_units_and_every_kind_of_error() -> None:
    figures = parse(WRK_REPORT)
    assert figures.p50_ms == pytest.approx(2.95)
    assert figures.p99_ms == pytest.approx(0.45)
    assert figures.requests_per_second == pytest.approx(5190.12)
    assert figures.requests == 51900
    assert figures.errors == 7


def test_a_ratio_passes_or_misses_its_target_and_an_absolute_condition_counts_too() -> None:
    assert Row(1, "sweep", "", "", 2.9, limit=3).passed is True
    assert Row(1, "sweep", "", "", 3.1, limit=3).passed is False
    assert Row(1, "filing", "", "", 0.4, limit=0.3, at_least=True, condition=False).passed is False
    assert Row(1, "filing", "", "", 0.4, limit=0.3, at_least=True, condition=True).passed is True
    assert Row(1, "figure only", "", "", None).passed is None
    assert "**miss**" in table([Row(1, "sweep", "9 s", "1 s", 9.0, "≤ 3x", limit=3)])


def test_cold_statistics_growth_is_the_large_size_against_the_small_one() -> None:
    def cold(size: int, seconds: float) -> Row:
        return Row(size, "statistics, cache cold: `stats/months/`", "", "", None, values={"cold_s": seconds})

    (row,) = growth_rows([cold(100_000, 0.05), cold(1_000_000, 0.125)])
    assert row.ratio == pytest.approx(2.5) and row.passed is False
    assert growth_rows([cold(100_000, 0.05)]) == []


def test_the_lower_bound_views_are_not_mounted_by_the_portal() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("bench-bare")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL only")
@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bench_settings_mount_a_bare_view_and_a_one_insert_view() -> None:
    with connection.cursor() as cursor:
        cursor.execute(CREATE_INSERT_TABLE)
    client = Client()
    assert client.get(reverse("bench-bare")).json() == {"ok": True}
    response = client.post(reverse("bench-insert"), json.dumps({"a": 1}), content_type="application/json")
    assert response.status_code == 201
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT payload FROM {INSERT_TABLE} WHERE id = %s", [response.json()["id"]])  # noqa: S608
        assert json.loads(cursor.fetchone()[0]) == {"a": 1}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL only")
def test_the_live_group_by_runs_on_the_real_schema_with_a_working_day_median(file_appeal) -> None:
    file_appeal()
    bounds.create_workdays()
    for endpoint in bounds.GROUPINGS:
        with connection.cursor() as cursor:
            cursor.execute(bounds.live_group_by_sql(endpoint))
            rows = cursor.fetchall()
        assert sum(row[-8] for row in rows) == 1, endpoint  # one appeal counted once
