"""The citizen's forms: file an appeal, answer a clarification, add information, rate an answer,
complain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealType
from appeals.selectors import addressee_choices, region_choices, resolve_addressee
from appeals.services.complaints import ABOUT_ANSWER, ABOUT_LATENESS
from appeals.uploads import MAX_FILES, check_uploads
from officials.models import Deputy, Region
from portal.accounts.forms import GovukFormMixin
from portal.domain_errors import InvalidInput

TYPE_HINTS = {
    AppealType.APPLICATION: _("You ask the agency to do something for you or to recognise a right."),
    AppealType.REPORT: _("You tell the agency about a breach of the law or a problem it should know of."),
    AppealType.COMPLAINT: _("Your rights or interests were harmed by an agency or an official."),
    AppealType.PROPOSAL: _("You suggest how a law, a rule or a service could work better."),
    AppealType.FEEDBACK: _("You give your opinion of an agency's work or a decision."),
    AppealType.INQUIRY: _("You ask for an explanation or for information the agency holds."),
}

SUBJECT_MAX = 200
TOO_LONG = _("This is %(show_value)d characters long; the limit is %(limit_value)d. Shorten it.")


def without_maxlength(form: forms.Form) -> None:
    """No maxlength attribute: a browser would cut pasted text silently; the server says how long."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `appeals.uploads` (content, size, count)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        try:
            check_uploads(files)
        except InvalidInput as error:
            raise forms.ValidationError(str(error), code=error.code) from error
        return files


class AppealForm(GovukFormMixin, forms.Form):
    addressee = forms.ChoiceField(
        label=_("Who is the appeal for?"),
        help_text=_("An agency, an akimat or a deputy. Choose the one that can decide the matter."),
        error_messages={
            "required": _("Choose who the appeal is for."),
            "invalid_choice": _("Choose who the appeal is for from the list."),
        },
    )
    region = forms.ChoiceField(
        label=_("Which region does the matter concern?"),
        error_messages={
            "required": _("Choose the region the matter concerns."),
            "invalid_choice": _("Choose the region from the list."),
        },
    )
    appeal_type = forms.ChoiceField(
        label=_("What kind of appeal is it?"),
        choices=AppealType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of appeal it is."),
            "invalid_choice": _("Choose what kind of appeal it is."),
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        help_text=_("A short title, like “Queue at polyclinic No. 5”."),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Enter the subject of your appeal."), "max_length": TOO_LONG},
    )
    text = forms.CharField(
        label=_("Your appeal"),
        help_text=_("Say what happened, where and when, and what you ask the agency to do."),
        max_length=settings.DIALOG_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "class": "govuk-js-character-count"}),
        error_messages={"required": _("Enter the text of your appeal."), "max_length": TOO_LONG},
    )
    attachments = MultipleFileField(
        label=_("Attach files (optional)"),
        help_text=_("Up to 5 files: PDF, JPEG, PNG or DOCX, each at most 10 MB."),
        required=False,
    )
    publish = forms.BooleanField(
        label=_("Publish my appeal and the agency's answer in the public register"),
        help_text=_(
            "Off unless you tick it. Others with the same problem can then find the answer. Your "
            "name is never shown; your IIN, phone numbers and e-mail addresses, and your name "
            "wherever you typed it, are hidden, and the agency checks the text before it is "
            "published. You can withdraw the publication at any time on the appeal's page."
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data is processed to consider this appeal"),
        error_messages={"required": _("Agree to the processing of your personal data to file the appeal.")},
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        addressee = self.fields["addressee"]
        region = self.fields["region"]
        assert isinstance(addressee, forms.ChoiceField) and isinstance(region, forms.ChoiceField)
        addressee.choices = [("", _("Choose…")), *addressee_choices(language)]
        region.choices = [("", _("Choose…")), *region_choices(language)]
        self.fields["attachments"].widget.attrs["data-max-files"] = str(MAX_FILES)
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"
        without_maxlength(self)

    @staticmethod
    def initial_from(draft_data: dict[str, Any], query: Any) -> dict[str, Any]:
        """What the form shows before it is sent: the draft the citizen typed, with an addressee
        and region given in the link (`?agency=<slug>&region=<code>`, from the routing help) on
        top. Unknown values are simply not preselected."""
        initial = dict(draft_data)
        agency, region = query.get("agency", ""), query.get("region", "")
        if agency and len(agency) <= 100:
            initial["addressee"] = f"agency:{agency}"
        if region and len(region) <= 10:
            initial["region"] = region
        return initial

    def type_options(self) -> list[tuple[Any, Any]]:
        """Each appeal type's radio with its one-line explanation."""
        return [(radio, TYPE_HINTS.get(radio.data["value"], "")) for radio in self["appeal_type"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("addressee")
        if choice:
            addressee = resolve_addressee(choice)
            if addressee is None:
                self.add_error("addressee", _("Choose who the appeal is for from the list."))
            else:
                cleaned["agency"] = None if isinstance(addressee, Deputy) else addressee
                cleaned["deputy"] = addressee if isinstance(addressee, Deputy) else None
        code = cleaned.get("region")
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                self.add_error("region", _("Choose the region from the list."))
            cleaned["region_obj"] = region
        return cleaned


class ClarificationForm(GovukFormMixin, forms.Form):
    clarification = forms.CharField(
        label=_("Your answer to the agency's question"),
        max_length=settings.DIALOG_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter your answer to the agency's question."), "max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        without_maxlength(self)


class InformationForm(GovukFormMixin, forms.Form):
    """More information and files from the appeal's author while it is open."""

    information = forms.CharField(
        label=_("What do you want to add?"),
        help_text=_("The officials considering your appeal see it at once. The term does not change."),
        max_length=settings.DIALOG_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the information you want to add."), "max_length": TOO_LONG},
    )
    attachments = MultipleFileField(
        label=_("Attach files (optional)"),
        help_text=_("Up to 5 files: PDF, JPEG, PNG or DOCX, each at most 10 MB."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"
        without_maxlength(self)


RATING_COMMENT_MAX = 2000


class RatingForm(GovukFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How would you rate the answer?"),
        choices=[
            (5, _("5 — very good")),
            (4, _("4 — good")),
            (3, _("3 — acceptable")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    resolved = forms.TypedChoiceField(
        label=_("Did the answer resolve your question?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the answer resolved your question."),
            "invalid_choice": _("Say whether the answer resolved your question."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_("What was good or missing in the answer. The agency sees it; it is not published."),
        max_length=RATING_COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        without_maxlength(self)


COMPLAINT_LABELS = [
    (ABOUT_ANSWER, _("The answer: it is wrong, incomplete or does not address my appeal")),
    (ABOUT_LATENESS, _("Lateness: the answer did not come in time")),
]


class ComplaintForm(GovukFormMixin, forms.Form):
    about = forms.ChoiceField(
        label=_("What is the complaint about?"),
        choices=COMPLAINT_LABELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the complaint is about."),
            "invalid_choice": _("Choose what the complaint is about."),
        },
    )
    text = forms.CharField(
        label=_("Your complaint"),
        help_text=_("Say what is wrong and what you ask the superior body to do."),
        max_length=settings.DIALOG_APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter the text of your complaint."), "max_length": TOO_LONG},
    )
    attachments = MultipleFileField(
        label=_("Attach files (optional)"),
        help_text=_("Up to 5 files: PDF, JPEG, PNG or DOCX, each at most 10 MB."),
        required=False,
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["about"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in COMPLAINT_LABELS if value in allowed]
        if len(field.choices) == 1:
            # One possible subject is not a choice: the page says it in words instead of a
            # radio group with a single option.
            only = allowed[0] if allowed[0] in dict(COMPLAINT_LABELS) else ABOUT_ANSWER
            field.widget = forms.HiddenInput()
            field.initial = only
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"
        without_maxlength(self)

    @property
    def single_subject(self) -> Any:
        """The label of the only possible subject, or None when the citizen chooses."""
        field = self.fields["about"]
        assert isinstance(field, forms.ChoiceField)
        choices = list(field.choices)  # type: ignore[arg-type]
        return choices[0][1] if len(choices) == 1 else None
