"""Names kept in each of the portal's languages, shown in the language of the request."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NAME_LANGUAGES = ("kk", "ru", "en")


def name_field_for(language: str | None) -> str:
    code = (language or "").split("-")[0]
    return f"name_{code if code in NAME_LANGUAGES else 'en'}"


class TranslatedName(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        return str(getattr(self, name_field_for(language))) or self.name_en
