"""The citizen's form: a question to a live session (the admin's forms live in `admin/`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blogs.forms import GovukForm, RegionChoiceField
from blogs.live.services import QUESTION_LIMIT
from officials.models import Region


class LiveQuestionForm(GovukForm):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_LIMIT,
        help_text=_("Up to 2,000 characters. It is published after moderation, without your name."),
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 6}),
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
