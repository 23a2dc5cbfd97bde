"""Citizen forms of the blogs: asking a public question, reporting, rating an answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from blogs.models import ReportedPart
from officials.models import Region

_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
}


class GovukForm(forms.Form):
    """Marks fields in error the GOV.UK way and ties each field to its hint and error message
    (ids `id_<name>-hint` and `id_<name>-error`, as the field templates render them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def _describe(self) -> None:
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue  # the fieldset carries the description
            described_by = []
            field_id = str(self.auto_id) % name
            if field.help_text:
                described_by.append(f"{field_id}-hint")
            if name in (getattr(self, "_errors", None) or {}):
                described_by.append(f"{field_id}-error")
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = str(widget.attrs.get("class", "")).split()
            classes += [_ERROR_CLASSES[c] for c in classes if c in _ERROR_CLASSES]
            widget.attrs["class"] = " ".join(dict.fromkeys(classes))
        self._describe()


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class QuestionForm(GovukForm):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A short title for your question, up to 200 characters."),
        widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "off"}),
        error_messages={"required": _("Enter a subject for your question.")},
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=settings.DIALOG_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 8}),
        error_messages={"required": _("Enter your question.")},
    )
    region = RegionChoiceField(
        label=_("Region the question concerns"),
        queryset=Region.objects.all(),
        empty_label=_("Choose a region"),
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": _("Choose the region your question concerns."),
            "invalid_choice": _("Choose a region from the list."),
        },
    )


class ReportForm(GovukForm):
    part = forms.ChoiceField(
        label=_("What are you reporting?"),
        choices=ReportedPart.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={"required": _("Choose what you are reporting.")},
    )
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=1000,
        help_text=_("For example: it contains someone's personal data, or abusive language."),
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
        error_messages={"required": _("Say what is wrong with it.")},
    )


class RatingForm(GovukForm):
    rating = forms.TypedChoiceField(
        label=_("How would you rate the answer?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    resolved = forms.TypedChoiceField(
        label=_("Did the answer resolve your question?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={"required": _("Say whether the answer resolved your question.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search posts and questions"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search", "enterkeyhint": "search"}),
    )
