"""The protected base table read once per published version publishes exactly the figures of
reading and perturbing the rollups afresh for each query (the path it replaced), and a version's
later tables do not read the rollups again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from appeals.demo import seed_bulk
from appeals.models import AppealMonthStats, AppealType, Channel
from appeals.stats.publish import base_table
from appeals.stats.publish.breakdowns import GROUPINGS, breakdown_rows
from appeals.stats.publish.filters import StatsQuery
from appeals.stats.publish.protection import (
    _PROJECTIONS,
    perturbation_on,
    protected_cell,
    published_totals,
)
from appeals.stats.rollups.selectors import StatsFilter, Totals, counts_by, response_days_by
from appeals.stats.rollups.version import StatsVersion
from officials.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """800 appeals over a year and a half, written once for the module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_bulk(appeals=800, seed=21)
        yield
        transaction.set_rollback(True)


def reference_totals(grouping: str, filters: StatsFilter) -> dict[Hashable, Totals]:
    """`published_totals` as it was: the filtered cells read and perturbed for every query."""
    project = _PROJECTIONS[grouping]
    min_cell = django_settings.STATS_MIN_CELL if perturbation_on() else 0
    found: dict[Hashable, Totals] = {}
    for key, counts in counts_by("cell", filters).items():
        published = protected_cell(key, counts, min_cell)  # type: ignore[arg-type]
        totals = found.setdefault(project(key), Totals())  # type: ignore[arg-type]
        for name, value in published.items():
            totals.counts[name] += value
    for group, distribution in response_days_by(grouping, filters).items():
        if group in found:
            found[group].response_days.update(distribution)
    return {group: totals for group, totals in found.items() if totals.size}


def version(token: str) -> StatsVersion:
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return StatsVersion(token, moment, moment)


def filter_combinations() -> list[StatsFilter]:
    busiest = AppealMonthStats.objects.order_by("-received").values_list("agency_id", "region_id").first()
    assert busiest is not None
    agency, region = busiest
    months = sorted(set(AppealMonthStats.objects.values_list("day", flat=True)))
    first, middle = months[0], months[len(months) // 2]
    month_end = (middle.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    tree = frozenset(Agency.objects.get(pk=agency).descendant_ids()) | {agency}
    return [
        StatsFilter(),
        StatsFilter(agency_ids=frozenset({agency})),
        StatsFilter(agency_ids=tree),
        StatsFilter(region_ids=frozenset({region})),
        StatsFilter(appeal_type=AppealType.COMPLAINT),
        StatsFilter(channel=Channel.WEB),
        StatsFilter(date_from=middle),
        StatsFilter(date_to=month_end),
        StatsFilter(date_from=first, date_to=month_end),
        StatsFilter(
            agency_ids=frozenset({agency}),
            region_ids=frozenset({region}),
            appeal_type=AppealType.APPLICATION,
            channel=Channel.WEB,
            date_from=first,
        ),
        # Day-level dates (the blogs' and dashboards' own periods) keep reading the day grain.
        StatsFilter(date_from=middle + dt.timedelta(days=3), date_to=month_end - dt.timedelta(days=2)),
    ]


@pytest.mark.parametrize("perturbed", [True, False])
def test_every_table_and_filter_publishes_the_figures_of_the_afresh_path(seeded, settings, perturbed) -> None:
    settings.STATS_PERTURBATION = perturbed
    base_table.forget()
    filters = filter_combinations()
    groupings = [*GROUPINGS.values(), "total"]
    # Two versions: the second re-perturbs its cells from the remembered noise.
    for token in ("cold-1", "cold-2"):
        for where in filters:
            for grouping in groupings:
                expected = reference_totals(grouping, where)
                assert expected or where.channel, (grouping, where)  # the seed fills most filters
                assert published_totals(grouping, where, version(token)) == expected, (grouping, where)
                assert published_totals(grouping, where) == expected, (grouping, where)


def test_a_version_reads_the_rollups_once_whatever_the_tables_asked(seeded) -> None:
    base_table.forget()
    published = version("reads-once")
    stats_table = f'"{AppealMonthStats._meta.db_table}"'
    with CaptureQueriesContext(connection) as first:
        breakdown_rows("agencies", StatsQuery(StatsFilter(), None, None, False), "en", published)
    assert sum(stats_table in q["sql"] for q in first.captured_queries) == 1
    for kind in GROUPINGS:
        for where in filter_combinations()[:-1]:  # the whole-month ones
            query = StatsQuery(where, None, None, False)
            with CaptureQueriesContext(connection) as later:
                breakdown_rows(kind, query, "en", published)
            assert not any(stats_table in q["sql"] for q in later.captured_queries), (kind, where)
            # The response-time distribution and the names: a bounded few, whatever the data.
            assert len(later.captured_queries) <= 3, (kind, later.captured_queries)


def test_a_process_keeps_two_versions_at_most(seeded) -> None:
    base_table.forget()
    for token in ("v1", "v2", "v3"):
        published_totals("total", StatsFilter(), version(token))
    assert [wanted[0] for wanted in base_table._tables] == ["v2", "v3"]  # type: ignore[index]
