"""What an answer says to one citizen: the appeal's language, and the placeholders a template or
a group answer leaves in braces, filled for each appeal. The preview and the sent answer both
come from `fill_placeholders`, so what the official previews is what the citizen receives."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from appeals.calendar import local_date
from appeals.models import Appeal
from portal.accounts.models import User

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

# name -> what it stands for (shown next to the answer box).
PLACEHOLDERS = {
    "citizen_name": _("the citizen's full name"),
    "tracking_number": _("the tracking number"),
    "registration_date": _("the registration date"),
    "due_date": _("the due date"),
    "today": _("today's date"),
}
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def filing_language(actor: User) -> str:
    """The language the appeal is written in: the page's (or the API's) language while filing."""
    current = (translation.get_language() or "")[:2]
    if current in LANGUAGE_CODES:
        return current
    return actor.preferred_language if actor.preferred_language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def appeal_language(appeal: Appeal) -> str:
    """The appeal's language; for appeals filed before it was recorded, the citizen's."""
    if appeal.language:
        return appeal.language
    preferred = appeal.citizen.preferred_language
    return preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


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
