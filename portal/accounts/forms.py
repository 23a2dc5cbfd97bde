"""Account forms, styled for GOV.UK Frontend. `GovukFormMixin` is shared by the citizen forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.iin import iin_problem
from portal.accounts.models import CitizenProfile, User

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormMixin:
    """Gives each widget its GOV.UK class, and the error class once the form is validated.

    Django's BoundField already sets aria-invalid and aria-describedby
    (``id_<name>_helptext id_<name>_error``): templates give the hint and the error those ids.
    """

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            css = next((c for w, c in _WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            extra = [_ERROR_CLASSES[c] for c in classes if c in _ERROR_CLASSES]
            widget.attrs["class"] = " ".join(dict.fromkeys(classes + extra))


class SignUpForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We will send a link to this address to check it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        # Each message names the field, so the error summary reads on its own.
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter the e-mail address in the right form, like name@example.kz."),
            "max_length": _("The e-mail address can be at most %(limit_value)d characters long."),
        },
    )
    password = forms.CharField(
        label=_("Create a password"),
        strip=False,
        error_messages={"required": _("Create a password.")},
        help_text=_("At least 10 characters. A few unrelated words are easy to remember and hard to guess."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, email = cleaned.get("password"), cleaned.get("email")
        if password:
            candidate = User(email=email or "")
            try:
                password_validation.validate_password(password, user=candidate)
            except forms.ValidationError as error:
                # Django's validators say "This password …"; the summary names the field.
                self.add_error(
                    "password",
                    [_("Password: %(problem)s") % {"problem": message} for message in error.messages],
                )
        return cleaned


class LoginForm(GovukFormMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].label = _("Password")
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _("The e-mail address or the password is not right. Check them and try again."),
        }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """The e-mail, and the link in it, in the account's language rather than the page's."""
        from portal.accounts.emails import user_language

        with translation.override(user_language(context["user"])):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _("At least 10 characters.")
        self.fields["new_password2"].label = _("The new password again")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{7,20}$", _("Enter a phone number of digits, like +7 701 234 56 78.")
)


class ProfileForm(GovukFormMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As in your identity document."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    iin = forms.CharField(
        label=_("IIN (individual identification number)"),
        help_text=_("12 digits, as on your identity card."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        help_text=_("Where a paper answer can be sent: street, building, flat, town, postcode."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=20,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of our e-mails to you"),
        choices=settings.LANGUAGES,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_iin(self) -> str:
        iin = "".join(self.cleaned_data["iin"].split())
        problem = iin_problem(iin)
        if problem:
            raise forms.ValidationError(problem, code="invalid_iin")
        taken = CitizenProfile.objects.filter(iin=iin).exclude(user=self.user).exists()
        if taken:
            raise forms.ValidationError(_("This IIN is already registered to another account."))
        return iin
