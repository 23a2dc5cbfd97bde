"""A consultation's public results, under the statistics' disclosure control.

The finest public table is votes per (question, option, region), with voters per (question,
region) beside it. Each of its cells of 1 to STATS_MIN_CELL is perturbed once by the cell-key
rule the appeals' statistics use (`appeals.stats.publish.protection.perturbed_count`: the same
secret key, the same +-1 table, always the same answer for the same cell), and every published
figure — per option overall, per region — is a sum of those protected cells. So totals and their
regional parts agree with each other, and no difference of published figures reveals a cell more
exactly than the cell itself; a region with fewer than STATS_MIN_CELL voters is withheld
(`suppressed`), its perturbed votes still inside the overall figures. Shares carry 95 % Wilson
intervals (`appeals.stats.wilson`). Two queries per consultation, whatever the number of votes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from appeals.stats.publish.protection import min_cell_in_force, perturbed_count
from appeals.stats.wilson import wilson_interval
from blogs.consultations.models import Ballot, BallotChoice, Consultation, Question, QuestionKind
from officials.models import Region


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    label: str
    votes: int
    share: float | None
    share_ci: tuple[float, float] | None


@dataclass(frozen=True)
class RegionResult:
    region: Region
    voters: int | None  # None when withheld
    suppressed: bool
    options: list[OptionResult]


@dataclass
class QuestionResult:
    question: Question
    voters: int
    options: list[OptionResult]
    mean: float | None  # scale questions: the mean of 1..5
    by_region: list[RegionResult] = field(default_factory=list)


def _share(votes: int, voters: int) -> tuple[float | None, tuple[float, float] | None]:
    if voters <= 0:
        return None, None
    votes = min(votes, voters)
    return votes / voters, wilson_interval(votes, voters)


def consultation_results(
    consultation: Consultation, *, questions: list[Question] | None = None
) -> list[QuestionResult]:
    """The protected results of every question (its options prefetched or not)."""
    questions = (
        questions if questions is not None else list(consultation.questions.prefetch_related("options"))
    )
    min_cell = min_cell_in_force()
    voters: dict[tuple[int, int], int] = {}
    for row in (
        Ballot.objects.filter(consultation=consultation)
        .values("question_id", "region_id")
        .annotate(n=Count("id"))
    ):
        key = (row["question_id"], row["region_id"])
        voters[key] = perturbed_count(("consultation", consultation.pk, "voters", *key), row["n"], min_cell)
    votes: dict[tuple[int, int, int], int] = {}
    for row in (
        BallotChoice.objects.filter(question__consultation=consultation)
        .values("question_id", "option_id", "region_id")
        .annotate(n=Count("id"))
    ):
        cell = (row["question_id"], row["option_id"], row["region_id"])
        votes[cell] = perturbed_count(("consultation", consultation.pk, "votes", *cell), row["n"], min_cell)
    region_ids = sorted({region for (_q, region) in voters})
    regions = Region.objects.in_bulk(region_ids)
    results = []
    for question in questions:
        options = list(question.options.all())
        option_votes: dict[int, int] = defaultdict(int)
        for (q, option_id, _r), n in votes.items():
            if q == question.pk:
                option_votes[option_id] += n
        total_voters = _base(question, voters, votes, region_id=None, option_votes=option_votes)
        overall = [
            OptionResult(o.pk, o.label, option_votes[o.pk], *_share(option_votes[o.pk], total_voters))
            for o in options
        ]
        mean = None
        if question.kind == QuestionKind.SCALE and total_voters:
            mean = sum(int(o.label) * option_votes[o.pk] for o in options) / total_voters
        by_region = []
        for region_id in region_ids:
            if (question.pk, region_id) not in voters:
                continue
            region_votes = {o.pk: votes.get((question.pk, o.pk, region_id), 0) for o in options}
            count = _base(question, voters, votes, region_id=region_id, option_votes=region_votes)
            withheld = count < min_cell if min_cell else False
            rows = (
                []
                if withheld
                else [
                    OptionResult(o.pk, o.label, region_votes[o.pk], *_share(region_votes[o.pk], count))
                    for o in options
                ]
            )
            by_region.append(RegionResult(regions[region_id], None if withheld else count, withheld, rows))
        results.append(QuestionResult(question, total_voters, overall, mean, by_region))
    return results


def _base(
    question: Question,
    voters: dict[tuple[int, int], int],
    votes: dict[tuple[int, int, int], int],
    *,
    region_id: int | None,
    option_votes: dict[int, int],
) -> int:
    """The number a share is taken of. One answer per voter (single choice, scale): the sum of
    the protected option counts, so the shares add up to 100 %; several answers per voter: the
    protected count of voters."""
    if question.kind != QuestionKind.MULTIPLE:
        return sum(option_votes.values())
    return sum(
        n for (q, r), n in voters.items() if q == question.pk and (region_id is None or r == region_id)
    )
