"""manage.py evaluate_routing [--misses] — top-1 and top-3 accuracy of routing help over its
evaluation set, overall and per language (the README's figures)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from appeals.routing.evaluation import evaluate


class Command(BaseCommand):
    help = "Top-1 and top-3 accuracy of routing help over its evaluation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--misses", action="store_true", help="List the cases not ranked first.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluate()
        rows = [("all", result.overall), *sorted(result.by_language.items())]
        for name, accuracy in rows:
            self.stdout.write(
                f"{name:>4}: {accuracy.total:3d} problems, top-1 {accuracy.top1_rate:6.1%}, "
                f"top-3 {accuracy.top3_rate:6.1%}"
            )
        if options["misses"]:
            for case, slugs in result.misses:
                self.stdout.write(
                    f"- [{case['lang']}] {case['text']}\n  want {case['expected']}, got {slugs}"
                )
