"""The forms behind each action on the officials' appeal page. They only check the shape of the
input; the services decide what is allowed (and their errors are shown on the same forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from appeals.answer_workbench import linked_appeals, templates_for
from appeals.language import appeal_language
from appeals.models import Appeal
from appeals.register.selectors import register_requested
from appeals.services.handling import RejectionReason
from appeals.uploads import MAX_FILES
from officials.models import Agency, Official


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": MAX_FILES}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class OfficialChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Official) -> str:
        name = obj.user.get_full_name()
        return f"{name} — {obj.get_role_display()}" if obj.position == "" else f"{name} — {obj.position}"


def assignable_officials(agency_id: int) -> QuerySet[Official]:
    return (
        Official.objects.active()
        .filter(agency_id=agency_id, role__in=[Official.Role.OFFICER, Official.Role.HEAD])
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


class ActionForm(forms.Form):
    """Every action form knows its appeal and a prefix, so several live on one page."""

    action: str = ""
    title: Any = ""
    submit: Any = _("Save")
    url = ""  # where the form posts; set by the admin

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.appeal = appeal


class AssignForm(ActionForm):
    action = "assign"
    title = _("Assign")
    submit = _("Assign")
    assignee = OfficialChoiceField(label=_("Official"), queryset=Official.objects.none())

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        super().__init__(*args, appeal=appeal, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, OfficialChoiceField)
        field.queryset = assignable_officials(appeal.agency_id)
        field.error_messages["invalid_choice"] = _(
            "Choose an active official of the agency that holds this appeal."
        )


class AnswerForm(ActionForm):
    """The answer: a template to start from, the text (placeholders filled per citizen), its
    language, files, and — when the appeal has linked duplicates — who else receives it. Opens
    with the appeal's draft, if there is one."""

    action = "answer"
    title = _("Answer the citizen")
    submit = _("Send the answer")
    template = forms.TypedChoiceField(label=_("Template"), coerce=int, required=False, choices=())
    text = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "dialog-answer-text"}),
        help_text=_(
            "The citizen is notified at once. A sent answer cannot be changed, only followed by another."
        ),
    )
    # Left out (an older client), the answer is taken to be in the appeal's language.
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)
    # Shown only after the service has refused an answer in another language than the appeal's.
    language_confirmed = forms.BooleanField(
        label=_("Yes, send the answer in this language"), required=False, widget=forms.HiddenInput
    )
    also_to = forms.TypedMultipleChoiceField(
        label=_("Also send this answer to the linked appeals"),
        coerce=int,
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each citizen receives their own answer, with the placeholders filled for them."),
    )
    attachments = MultipleFileField(label=_("Attachments"), help_text=_("PDF, JPEG, PNG or DOCX."))
    # Set when the page offered a further answer: a stale page or a double click cannot send a
    # second answer by mistake.
    further = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Only for an appeal its citizen asked to publish (removed otherwise).
    register_withhold_text = forms.BooleanField(
        label=_("Keep this answer out of the public register"),
        required=False,
        help_text=_(
            "The citizen asked to publish this appeal. Tick if the answer carries personal data; "
            "the register then says that an answer was given, not what it says. Its files are kept "
            "out too."
        ),
    )
    register_withhold_files = forms.BooleanField(
        label=_("Keep only the files out of the public register"),
        required=False,
        help_text=_("Tick if a file of the answer carries personal data (a scan of a letter, say)."),
    )

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        super().__init__(*args, appeal=appeal, **kwargs)
        if appeal.answered_at is not None:
            self.title = _("Send a further answer")
            self.fields["further"].initial = True
        national = _("national")
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.TypedChoiceField)
        template_field.choices = [("", "—")] + [
            (t.pk, f"{t.title} ({t.language}{'' if t.agency_id else ', ' + str(national)})")
            for t in templates_for(appeal)
        ]
        self.fields["language"].initial = appeal_language(appeal)
        linked = [a for a in linked_appeals(appeal) if a.is_open] if appeal.answered_at is None else []
        also_to = self.fields["also_to"]
        assert isinstance(also_to, forms.TypedMultipleChoiceField)
        also_to.choices = [(a.pk, f"{a.tracking_number} — {a.subject}") for a in linked]
        if not linked:
            del self.fields["also_to"]
        if not register_requested(appeal):
            del self.fields["register_withhold_text"], self.fields["register_withhold_files"]
        draft = getattr(appeal, "draft", None) if not self.is_bound else None
        if draft is not None:
            self.fields["text"].initial = draft.text
            if draft.language:
                self.fields["language"].initial = draft.language

    def ask_language_confirmation(self) -> None:
        self.fields["language_confirmed"].widget = forms.CheckboxInput()


class LinkForm(ActionForm):
    action = "link"
    title = _("Link a similar appeal")
    submit = _("Link")
    other = forms.CharField(
        label=_("Tracking number of the similar appeal"),
        max_length=32,
        help_text=_("Linked appeals of your agency can be answered together."),
    )


class ApproveForm(ActionForm):
    action = "approve"
    title = _("Approve and send")
    submit = _("Approve and send")
    pending = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(ActionForm):
    action = "return"
    title = _("Return for rework")
    submit = _("Return for rework")
    pending = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment for the officer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


def agency_choices(exclude_id: int) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active agencies grouped by kind, in the current language, without the current one."""
    groups: dict[str, list[tuple[int, str]]] = {}
    labels = dict(Agency.Kind.choices)
    for agency in Agency.objects.active().exclude(pk=exclude_id).order_by("kind", "slug"):
        groups.setdefault(str(labels.get(agency.kind, agency.kind)), []).append((agency.pk, agency.name))
    return [(kind, sorted(items, key=lambda item: item[1])) for kind, items in groups.items()]


class RedirectForm(ActionForm):
    action = "redirect"
    title = _("Redirect to the competent agency")
    submit = _("Redirect")
    to_agency = forms.TypedChoiceField(label=_("Competent agency"), coerce=int, choices=())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        super().__init__(*args, appeal=appeal, **kwargs)
        field = self.fields["to_agency"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose an agency")), *agency_choices(appeal.agency_id)]
        # admin-select-filter.js puts a search box over this long list (the select works without it).
        field.widget.attrs.update(
            {
                "data-filter-label": _("Search agencies by name"),
                "data-filter-count": _("Agencies that match: %(n)s"),
            }
        )
        field.error_messages["invalid_choice"] = _(
            "Choose another agency that accepts appeals; the appeal is already with this one."
        )

    def clean_to_agency(self) -> Agency:
        agency = Agency.objects.active().filter(pk=self.cleaned_data["to_agency"]).first()
        if agency is None:
            raise forms.ValidationError(_("Choose an agency that accepts appeals."), code="addressee")
        return agency


class ExtendForm(ActionForm):
    action = "extend"
    title = _("Extend the term")
    submit = _("Extend")
    until = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reasoned decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ClarifyForm(ActionForm):
    action = "clarify"
    title = _("Ask the citizen for a clarification")
    submit = _("Send the question")
    question = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("The term pauses until the citizen answers."),
    )


class RejectForm(ActionForm):
    action = "reject"
    title = _("Leave without consideration")
    submit = _("Leave without consideration")
    reason = forms.ChoiceField(label=_("Legal reason"), choices=[("", "—"), *RejectionReason.choices])
    note = forms.CharField(
        label=_("Explanation for the citizen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class NoteForm(ActionForm):
    action = "note"
    title = _("Internal note")
    submit = _("Add the note")
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10_000,
        help_text=_("Seen only by officials, never by the citizen."),
    )


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (AssignForm, AnswerForm, RedirectForm, ExtendForm, ClarifyForm, RejectForm, NoteForm)
}
ACTION_FORMS.update({form.action: form for form in (LinkForm, ApproveForm, ReturnForm)})


class BulkAssignForm(forms.Form):
    assignee = OfficialChoiceField(
        label=_("Assign the selected appeals to"), queryset=Official.objects.none()
    )

    def __init__(self, *args: Any, officials: QuerySet[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, OfficialChoiceField)
        field.queryset = officials
