"""What the demo's appeals look like, for both writers: types and their subjects, which agencies
get the most, and office hours."""

from __future__ import annotations

import datetime as dt
import random

from appeals.calendar import start_of_day
from appeals.demo.accounts import DEMO_AGENCIES
from appeals.models import AppealType
from officials.models import Agency

SUBJECTS = {
    AppealType.APPLICATION: "Request for a certificate of residence",
    AppealType.REPORT: "Broken street lights on our street",
    AppealType.COMPLAINT: "No answer from the district housing office",
    AppealType.PROPOSAL: "Proposal to add a bus stop near the school",
    AppealType.FEEDBACK: "Thank you for repairing the playground",
    AppealType.INQUIRY: "When will the new clinic open?",
}
TYPE_WEIGHTS = {
    AppealType.APPLICATION: 30,
    AppealType.REPORT: 15,
    AppealType.COMPLAINT: 25,
    AppealType.PROPOSAL: 10,
    AppealType.FEEDBACK: 5,
    AppealType.INQUIRY: 15,
}


def agency_weights(agencies: list[Agency]) -> list[int]:
    """The demo agencies get most appeals, ministries and big cities more than the rest."""
    return [
        30 if a.slug in DEMO_AGENCIES else (4 if a.kind in ("ministry", "akimat_city") else 1)
        for a in agencies
    ]


def moment_on(day: dt.date, rng: random.Random) -> dt.datetime:
    return start_of_day(day) + dt.timedelta(hours=9 + rng.randrange(8), minutes=rng.randrange(60))
