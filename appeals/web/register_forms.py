"""The register's search form: words, agency, region, type, status and registration dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealStatus, AppealType
from appeals.register.search import MAX_QUERY_LENGTH
from appeals.register.selectors import STATUS_OPEN, STATUS_OVERDUE, RegisterFilters
from officials.models import Agency, Region
from officials.translated import name_field_for
from portal.accounts.forms import GovukFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RegisterSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Words to find"),
        help_text=_("In the subject, the text or the answer; Kazakh, Russian or English."),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    appeal_type = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("Registered from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Registered until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = name_field_for(language)
        anything = ("", _("Any"))
        self._choice("agency").choices = [
            anything,
            *Agency.objects.active().order_by(name, "slug").values_list("slug", name),
        ]
        self._choice("region").choices = [anything, *Region.objects.order_by(name).values_list("code", name)]
        self._choice("appeal_type").choices = [anything, *AppealType.choices]
        self._choice("status").choices = [
            anything,
            (STATUS_OPEN, _("waiting for an answer")),
            (STATUS_OVERDUE, _("overdue")),
            *AppealStatus.choices,
        ]

    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            q=data.get("q", "").strip(),
            agency=Agency.objects.filter(slug=data["agency"]).first() if data.get("agency") else None,
            region=Region.objects.filter(code=data["region"]).first() if data.get("region") else None,
            appeal_type=data.get("appeal_type", ""),
            status=data.get("status", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def is_filtered(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)
