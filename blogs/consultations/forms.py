"""Citizen forms of consultations: the ballot (one field per question) and a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blogs.consultations.models import Question, QuestionKind
from blogs.forms import GovukForm, RegionChoiceField
from officials.models import Region


def question_field_name(question: Question) -> str:
    return f"q{question.pk}"


class BallotForm(GovukForm):
    """A radio group per single-choice or scale question, checkboxes per multiple-choice one;
    the citizen answers any of them (at least one) and says where they live."""

    region = RegionChoiceField(
        label=_("Where do you live?"),
        help_text=_("Results are published by region; your name and IIN are never published."),
        queryset=Region.objects.all(),
        empty_label=_("Choose a region"),
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": _("Choose the region you live in."),
            "invalid_choice": _("Choose a region from the list."),
        },
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        self.questions = questions
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            if question.kind == QuestionKind.MULTIPLE:
                field: forms.Field = forms.MultipleChoiceField(
                    label=question.text,
                    choices=choices,
                    required=False,
                    help_text=_("Choose all that apply."),
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
                )
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=choices,
                    required=False,
                    help_text=_("1 means strongly disagree, 5 strongly agree.")
                    if question.kind == QuestionKind.SCALE
                    else "",
                    widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                    error_messages={"invalid_choice": _("Choose one of the options shown.")},
                )
            self.fields[question_field_name(question)] = field
        self.order_fields([*(question_field_name(q) for q in questions), "region"])

    def question_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[question_field_name(q)]) for q in self.questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers: dict[int, list[int]] = {}
        for question in self.questions:
            value = data.get(question_field_name(question))
            chosen = value if isinstance(value, list) else [value] if value else []
            if chosen:
                answers[question.pk] = [int(v) for v in chosen]
        if not answers and not self.errors:
            raise forms.ValidationError(_("Answer at least one question."))
        data["answers"] = answers
        return data


class CommentForm(GovukForm):
    text = forms.CharField(
        label=_("Your comment on the draft"),
        max_length=5000,
        help_text=_(
            "Published after moderation, without your name. Do not write personal data: IINs, phone "
            "numbers and e-mail addresses are hidden in what is published."
        ),
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 6}),
        error_messages={"required": _("Enter your comment.")},
    )
