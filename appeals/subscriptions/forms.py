"""The forms of following: how often (everyone) and the e-mail address (visitors not signed in)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from appeals.models.subscriptions import SubscriptionFrequency
from portal.accounts.forms import GovukFormMixin

FREQUENCY_HINTS = {
    SubscriptionFrequency.DAILY: _("At most one e-mail a day, in the morning, listing the day's changes."),
    SubscriptionFrequency.EACH: _("An e-mail as soon as something changes."),
}


def frequency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How often should we write?"),
        choices=[
            (SubscriptionFrequency.DAILY.value, _("Once a day")),
            (SubscriptionFrequency.EACH.value, _("For each change")),
        ],
        initial=SubscriptionFrequency.DAILY.value,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often to receive e-mails."),
            "invalid_choice": _("Choose how often to receive e-mails."),
        },
    )


class FollowForm(GovukFormMixin, forms.Form):
    frequency = frequency_field()
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm it; nothing else until you open it."),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.kz."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, with_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_email:  # a signed-in citizen follows with the account's address
            del self.fields["email"]

    def frequency_options(self) -> list[tuple[Any, Any]]:
        return [(radio, FREQUENCY_HINTS[radio.data["value"]]) for radio in self["frequency"]]


class FrequencyForm(GovukFormMixin, forms.Form):
    frequency = frequency_field()
