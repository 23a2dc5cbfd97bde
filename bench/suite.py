"""One size of the suite, in its own process: fresh stores, the seed, the web figures under
wrk, the statistics against the live GROUP BY, the sweep. Returns the table's rows."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from bench import bounds, live, load, server, sweep
from bench.environment import database_url, flush_redis
from bench.report import STATS_ENDPOINTS, Row

FILING_AGENCIES = ("ministry-of-health", "ministry-of-education", "akimat-kz-75", "akimat-kz-71")
CITIZENS = load.CONNECTIONS  # 16 concurrent citizens, one token each
COLD_REPEAT = 5


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


PARTS = ("seed", "web", "sweep")


def run(
    size: int, *, seconds: int, progress: Callable[[str], None], parts: tuple[str, ...] = PARTS
) -> list[Row]:
    """`parts`: the seed always runs (everything else reads its data); "web" (gunicorn, wrk,
    cold statistics) and "sweep" may be left out, e.g. for a seed-only run at 1 M."""
    from django.core.management import call_command

    rows: list[Row] = []
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production serves the manifest

    progress(f"seed_demo --appeals {size:,}")
    started = time.perf_counter()
    call_command("seed_demo", appeals=size, seed=1, bulk=True)
    seed_seconds = time.perf_counter() - started
    progress(f"seeded in {seed_seconds:.1f} s; COPY of the same rows")
    copy_seconds, copied = bounds.copy_seconds(database_url(size))
    rows.append(
        Row(
            size,
            f"seed_demo --appeals {size:,}",
            f"{seed_seconds:.1f} s",
            f"COPY of the same {copied:,} rows: {copy_seconds:.1f} s",
            seed_seconds / copy_seconds,
            "under 5 min at 1 M" if size >= 1_000_000 else "",
            condition=(seed_seconds < 300) if size >= 1_000_000 else None,
            values={"seed_s": seed_seconds, "copy_s": copy_seconds, "rows": copied},
        )
    )

    if "web" in parts:
        tokens = _citizens()
        _create_insert_table()
        bounds.create_workdays()
        with server.gunicorn():
            rows += _web(size, seconds=seconds, tokens=tokens, progress=progress)
    if "sweep" not in parts:
        return rows

    figures = sweep.measure(size, progress)
    rows.append(
        Row(
            size,
            f"deadline sweep, {size:,} due "
            f"({figures.queries_per_batch:.0f} queries per batch of {sweep.BATCH})",
            f"{figures.sweep_seconds:.1f} s",
            f"claim-and-write-back: {figures.bound_seconds:.1f} s",
            figures.sweep_seconds / figures.bound_seconds,
            "≤ 3x",
            limit=3,
            values={
                "sweep_s": figures.sweep_seconds,
                "bound_s": figures.bound_seconds,
                "steps": figures.steps,
            },
        )
    )
    return rows


def _web(size: int, *, seconds: int, tokens: list[str], progress: Callable[[str], None]) -> list[Row]:
    rows: list[Row] = []

    def measure(label: str, path: str, script: str | None = None) -> load.Load:
        progress(f"wrk {label}: {path} for {seconds} s")
        return load.wrk(path, seconds=seconds, script=script)

    bare = measure("bare view", "/bench/bare/")
    bare_text = f"bare view: p50 {bare.p50_ms:.2f} ms, {bare.requests_per_second:,.0f} req/s"
    rows += live.rows(size, measure=measure, bare=bare)

    server.get("/api/v1/stats/agencies/")  # fill the cache
    cached = measure("cached statistics", "/api/v1/stats/agencies/")
    rows.append(
        Row(
            size,
            "statistics, cached (`stats/agencies/`)",
            f"p50 {cached.p50_ms:.2f} ms, {cached.requests_per_second:,.0f} req/s",
            bare_text,
            cached.p50_ms / bare.p50_ms,
            "p50 ≤ 1.5x",
            limit=1.5,
            values={**_prefixed("cached", cached), **_prefixed("bare", bare)},
        )
    )

    home = measure("home page", "/en/")
    rows.append(
        Row(
            size,
            "home page `/en/`",
            f"p50 {home.p50_ms:.1f} ms, {home.requests_per_second:,.0f} req/s",
            bare_text,
            home.p50_ms / bare.p50_ms,
            "p50 ≤ 3x",
            limit=3,
            values=_prefixed("home", home),
        )
    )

    page_bytes = len(server.get("/en/stats/").body)
    page = measure("statistics page", "/en/stats/")
    rows.append(
        Row(
            size,
            f"statistics page `/en/stats/` ({page_bytes / 1024:,.0f} KB of HTML)",
            f"p50 {page.p50_ms:.1f} ms, {page.requests_per_second:,.0f} req/s",
            bare_text,
            page.p50_ms / bare.p50_ms,
            "p50 ≤ 5x, ≤ 150 KB",
            limit=5,
            condition=page_bytes <= 150 * 1024,
            values={**_prefixed("page", page), "html_bytes": page_bytes},
        )
    )

    bodies = [
        {
            "agency": agency,
            "region": "KZ-75",
            "appeal_type": kind,
            "subject": "Benchmark appeal",
            "text": "The street light at the bus stop has been out for a week.",
        }
        for agency in FILING_AGENCIES
        for kind in ("application", "inquiry", "proposal")
    ]
    insert = measure(
        "one-insert view",
        "/bench/insert/",
        load.post_script("insert", "/bench/insert/", bodies=bodies, tokens=[]),
    )
    filing = measure(
        f"filing, {CITIZENS} citizens",
        "/api/v1/appeals/",
        load.post_script("filing", "/api/v1/appeals/", bodies=bodies, tokens=tokens),
    )
    insert_text = f"one-insert view: {insert.requests_per_second:,.0f}/s, p99 {insert.p99_ms:.1f} ms"
    figure = (
        f"{filing.requests_per_second:,.0f} appeals/s, p50 {filing.p50_ms:.0f} ms, "
        f"p99 {filing.p99_ms:.0f} ms, {filing.errors} errors"
    )
    values = {**_prefixed("filing", filing), **_prefixed("insert", insert)}
    rows.append(
        Row(
            size,
            f"filing through the citizen API, {CITIZENS} citizens: throughput",
            figure,
            insert_text,
            filing.requests_per_second / insert.requests_per_second,
            "≥ 0.3x, 0 errors",
            limit=0.3,
            at_least=True,
            condition=filing.errors == 0,
            values=values,
        )
    )
    rows.append(
        Row(
            size,
            f"filing through the citizen API, {CITIZENS} citizens: p99",
            f"p99 {filing.p99_ms:.0f} ms",
            f"one-insert view: p99 {insert.p99_ms:.1f} ms",
            filing.p99_ms / insert.p99_ms,
            "≤ 3x",
            limit=3,
        )
    )
    rows += _cold_endpoints(size, progress)
    return rows


def _cold_endpoints(size: int, progress: Callable[[str], None]) -> list[Row]:
    """Each endpoint with the cache emptied before every request (median of a few)."""
    rows = []
    for endpoint in STATS_ENDPOINTS:
        progress(f"cold statistics: {endpoint}")
        times = []
        for _ in range(COLD_REPEAT):
            flush_redis()
            times.append(server.get(f"/api/v1/stats/{endpoint}/").seconds)
        cold = statistics.median(times)
        progress(f"live GROUP BY with the working-day median: {endpoint}")
        live = bounds.live_group_by_seconds(endpoint)
        large = size >= 1_000_000
        rows.append(
            Row(
                size,
                f"statistics, cache cold: `stats/{endpoint}/`",
                ms(cold),
                f"live GROUP BY with median: {ms(live)}",
                cold / live,
                "≤ 0.1x (10x faster) at 1 M" if large else "",
                limit=0.1 if large else None,
                values={"cold_s": cold, "live_group_by_s": live},
            )
        )
    return rows


def _prefixed(prefix: str, figures: load.Load) -> dict[str, float | int]:
    return {f"{prefix}_{key}": value for key, value in figures.as_dict().items()}


def _citizens() -> list[str]:
    from rest_framework.authtoken.models import Token

    from portal.accounts.iin import make_iin
    from portal.accounts.models import CitizenProfile, User

    rng = random.Random(2026)
    tokens = []
    for number in range(CITIZENS):
        user = User.objects.create_user(
            f"bench{number}@citizens.example.kz",
            None,
            full_name=f"Bench Citizen {number}",
            email_verified_at=dt.datetime.now(dt.UTC),
        )
        CitizenProfile.objects.create(
            user=user,
            iin=make_iin(rng, dt.date(1960, 1, 1) + dt.timedelta(days=number * 61)),
            postal_address=f"Street {number}, Almaty",
        )
        tokens.append(Token.objects.create(user=user).key)
    return tokens


def _create_insert_table() -> None:
    from django.db import connection

    from bench.views import CREATE_INSERT_TABLE

    with connection.cursor() as cursor:
        cursor.execute(CREATE_INSERT_TABLE)
