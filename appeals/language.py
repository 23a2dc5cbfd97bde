"""The language of an appeal: the one its citizen reads the portal in, which is also the
language of every notification and answer e-mail they receive (`appeals.notifications`)."""

from __future__ import annotations

from django.conf import settings

from appeals.models import Appeal


def appeal_language(appeal: Appeal) -> str:
    """The appeal's language code (kk, ru, en); reads `appeal.citizen` (select it with the list)."""
    return appeal.citizen.preferred_language or settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """The language's name in the reader's language, as the settings name it."""
    return str(dict(settings.LANGUAGES).get(code, code))
