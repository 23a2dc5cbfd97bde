"""Results under the statistics' disclosure control: small cells perturbed by the same cell-key
rule, every figure a sum of protected cells (so the total minus a region's published part is
never the other region's true count), small regions withheld, Wilson intervals on shares."""

from __future__ import annotations

import pytest
from django.test import override_settings

from appeals.stats.publish.protection import _secret
from blogs.consultations.results import consultation_results
from blogs.consultations.services import consultation_vote
from blogs.consultations.tests.conftest import option_ids, question_id
from officials.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(make_consultation, make_voter, almaty):
    """Ten voters in Almaty (6 yes, 4 no) and one in Astana (yes) on the single-choice question,
    and the same on the multiple-choice one."""
    consultation = make_consultation()
    astana = Region.objects.get(code="KZ-71")
    q1, q2 = question_id(consultation, 1), question_id(consultation, 2)
    yes, no = option_ids(consultation, 1)
    for n in range(10):
        consultation_vote(
            actor=make_voter(),
            consultation=consultation,
            region=almaty,
            answers={q1: [yes if n < 6 else no], q2: option_ids(consultation, 2)[:2]},
        )
    consultation_vote(
        actor=make_voter(),
        consultation=consultation,
        region=astana,
        answers={q1: [yes], q2: option_ids(consultation, 2)[:1]},
    )
    return consultation


def _by_code(result):
    return {r.region.code: r for r in result.by_region}


def test_a_region_with_too_few_voters_is_withheld_and_large_cells_are_exact(voted) -> None:
    single = consultation_results(voted)[0]
    regions = _by_code(single)
    assert regions["KZ-71"].suppressed and regions["KZ-71"].voters is None and regions["KZ-71"].options == []
    almaty = regions["KZ-75"]
    assert not almaty.suppressed
    assert almaty.options[0].votes == 6  # more than STATS_MIN_CELL: exact
    low, high = almaty.options[0].share_ci
    assert low < almaty.options[0].share < high


def test_the_total_minus_the_published_region_is_not_the_withheld_regions_true_count(voted) -> None:
    """Under some keys the Astana cell (truly 1 yes) is published as 0 or 2 inside the total;
    whatever the key, the difference is the perturbed cell, never computed from exact figures."""
    differences = set()
    for n in range(24):
        _secret.cache_clear()
        with override_settings(STATS_CELL_KEY=f"key-{n}"):
            single = consultation_results(voted)[0]
        almaty = _by_code(single)["KZ-75"]
        differences.add(single.options[0].votes - almaty.options[0].votes)
    _secret.cache_clear()
    assert differences - {1}, "the withheld cell was never perturbed: the total would reveal it"
    assert differences <= {0, 1, 2}


def test_without_perturbation_the_figures_are_exact(voted) -> None:
    with override_settings(STATS_PERTURBATION=False):
        single, multiple = consultation_results(voted)[:2]
    assert [o.votes for o in single.options] == [7, 4]
    assert multiple.voters == 11
    assert [o.votes for o in multiple.options] == [11, 10, 0]
    assert multiple.options[0].share == 1.0
