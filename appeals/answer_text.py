"""What an answer says to one citizen: the placeholders a template or a group answer leaves in
braces, filled for each appeal. The preview and the sent answer both
come from `fill_placeholders`, so what the official previews is what the citizen receives."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appeals.calendar import local_date
from appeals.models import Appeal

# name -> what it stands for (shown next to the answer box).
PLACEHOLDERS = {
    "citizen_name": _("the citizen's full name"),
    "tracking_number": _("the tracking number"),
    "registration_date": _("the registration date"),
    "due_date": _("the due date"),
    "today": _("today's date"),
}
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def fill_placeholders(text: str, appeal: Appeal, *, now: dt.datetime | None = None) -> str:
    """`text` with every known `{placeholder}` replaced for `appeal`; other braces stay as typed."""
    values = {
        "citizen_name": appeal.citizen.get_full_name() or appeal.citizen.email,
        "tracking_number": appeal.tracking_number,
        "registration_date": appeal.registered_on.strftime("%d.%m.%Y"),
        "due_date": appeal.due_on.strftime("%d.%m.%Y"),
        "today": local_date(now or timezone.now()).strftime("%d.%m.%Y"),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)
