"""manage.py evaluate_routing [--misses] [--with-history] — top-1 and top-3 accuracy of routing help over its
evaluation set, overall and per language (the README's figures)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from appeals.routing.evaluation import evaluate


class Command(BaseCommand):
    help = "Top-1 and top-3 accuracy of routing help over its evaluation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--misses", action="store_true", help="List the cases not ranked first.")
        parser.add_argument(
            "--with-history", action="store_true", help="Add what this database's answered appeals teach."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluate(learn=options["with_history"])
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
