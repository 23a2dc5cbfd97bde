"""How well routing help finds the competent body: top-1 and top-3 accuracy over
`evaluation_set.json` (realistic problems in kk, ru and en, each with the body competent for it
in its region). Run by `manage.py evaluate_routing` and by the test that keeps a floor; the
history is left out, so the figure measures the catalogue alone and does not depend on data."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appeals.routing.suggest import agency_suggest
from officials.models import Region

EVALUATION_SET = Path(__file__).resolve().parent / "evaluation_set.json"


@dataclass
class Accuracy:
    total: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, rank: int | None) -> None:
        self.total += 1
        self.top1 += rank == 0
        self.top3 += rank is not None and rank < 3

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0


@dataclass
class Evaluation:
    overall: Accuracy = field(default_factory=Accuracy)
    by_language: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    misses: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)


def evaluation_cases(path: Path = EVALUATION_SET) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def evaluate(cases: list[dict[str, Any]] | None = None, *, learn: bool = False) -> Evaluation:
    result = Evaluation()
    regions = {r.code: r for r in Region.objects.all()}
    for case in cases if cases is not None else evaluation_cases():
        suggestions = agency_suggest(
            text=case["text"], region=regions[case["region"]], language=case["lang"], learn=learn
        )
        slugs = [s.agency.slug for s in suggestions.results]
        rank = slugs.index(case["expected"]) if case["expected"] in slugs else None
        result.overall.add(rank)
        result.by_language[case["lang"]].add(rank)
        if rank != 0:
            result.misses.append((case, slugs))
    return result
