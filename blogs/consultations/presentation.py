"""The results as the page shows them: percentages in the page's language, the interval in
words, and the bar geometry of the statistics page (`templates/stats/bar.html`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from blogs.consultations.models import Consultation
from blogs.consultations.results import OptionResult, QuestionResult, consultation_results


@dataclass(frozen=True)
class Bar:
    width: str
    low: str
    high: str


@dataclass(frozen=True)
class OptionRow:
    label: str
    votes: int
    percent: str
    interval: str
    bar: Bar | None


def _percent(value: float) -> str:
    return number_format(round(value * 100, 1), decimal_pos=1)


def option_row(result: OptionResult) -> OptionRow:
    if result.share is None or result.share_ci is None:
        return OptionRow(result.label, result.votes, "—", "", None)
    low, high = result.share_ci
    return OptionRow(
        label=result.label,
        votes=result.votes,
        percent=f"{_percent(result.share)} %",
        interval=_("95 %% interval: %(low)s to %(high)s %%") % {"low": _percent(low), "high": _percent(high)},
        bar=Bar(width=f"{result.share * 100:.1f}", low=f"{low * 100:.1f}", high=f"{high * 100:.1f}"),
    )


def _question(result: QuestionResult) -> dict[str, Any]:
    return {
        "question": result.question,
        "voters": result.voters,
        "mean": number_format(round(result.mean, 2), decimal_pos=2) if result.mean is not None else None,
        "options": [option_row(o) for o in result.options],
        "regions": [
            {
                "region": r.region,
                "voters": r.voters,
                "suppressed": r.suppressed,
                "options": [option_row(o) for o in r.options],
            }
            for r in result.by_region
        ],
    }


def results_for_page(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        _question(r) for r in consultation_results(consultation, questions=list(consultation.questions.all()))
    ]
