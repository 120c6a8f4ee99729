"""The questionnaire form, built from a survey's questions.

Skip logic is decided on the server: a question shown only after a given answer to an
earlier single-choice question is neither required nor stored when that answer was
not chosen, so the form works the same with and without JavaScript.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import CommunityChoiceField, HoneypotMixin
from surveys.models import Question, Section, Survey, in_language

DEMOGRAPHIC_NOTE = _(
    "Optional. It lets analysts compare answers between communities, age groups and "
    "genders; it is never used to identify you."
)


def _label(question: Question) -> str:
    return question.display_text


def _help(question: Question) -> str:
    parts = [question.display_help]
    if question.demographic:
        parts.append(str(DEMOGRAPHIC_NOTE))
    condition = question.shown_if_option
    if condition is not None:
        parts.append(
            str(_("Answer only if you chose “%(answer)s” in “%(question)s”."))
            % {
                "answer": condition.display_label,
                "question": condition.question.display_text,
            }
        )
    return " ".join(part for part in parts if part)


def build_field(question: Question) -> forms.Field:
    """The form field for one question.

    A conditional question is never required by its field: SurveyForm.clean requires
    it only when it applies.
    """
    required = question.required and not question.shown_if_option_id
    common: dict[str, Any] = {
        "label": _label(question),
        "help_text": _help(question),
        "required": required,
    }
    kind = question.type
    if kind == Question.Type.SINGLE:
        return forms.ChoiceField(
            choices=[(str(o.pk), o.display_label) for o in question.options.all()],
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Type.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(str(o.pk), o.display_label) for o in question.options.all()],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Type.LIKERT:
        low, high = (
            in_language(question, "low_label"),
            in_language(question, "high_label"),
        )
        return forms.TypedChoiceField(
            choices=[
                ("1", f"1 — {low}" if low else "1"),
                ("2", "2"),
                ("3", "3"),
                ("4", "4"),
                ("5", f"5 — {high}" if high else "5"),
            ],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Type.RATING:
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(11)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Type.NUMBER:
        return forms.DecimalField(
            max_digits=12, decimal_places=2, min_value=Decimal("-9999999999"), **common
        )
    if kind == Question.Type.SHORT_TEXT:
        return forms.CharField(max_length=200, **common)
    if kind == Question.Type.LONG_TEXT:
        return forms.CharField(
            max_length=3000, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    return CommunityChoiceField(empty_label=_("I prefer not to say"), **common)


class SurveyForm(HoneypotMixin, forms.Form):
    def __init__(self, survey: Survey, questions: list[Question], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.questions = survey, questions
        if survey.access == Survey.Access.CODES:
            self.fields["access_code"] = forms.CharField(
                label=_("Access code"),
                max_length=16,
                help_text=_("The code on the card you were given."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        for question in questions:
            self.fields[question.field_name] = build_field(question)
            if question.type == Question.Type.MULTIPLE and question.allow_other:
                self.fields[f"{question.field_name}_other"] = forms.CharField(
                    label=_("Other, please specify"), max_length=200, required=False
                )

    def applies(self, question: Question) -> bool:
        """Whether a question applies, given the answers to the questions before it."""
        condition = question.shown_if_option
        if condition is None:
            return True
        controlling = f"q_{condition.question_id}"
        return self.cleaned_data.get(controlling) == str(condition.pk)

    def clean_access_code(self) -> str:
        return self.cleaned_data["access_code"].strip().upper()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for question in self.questions:
            name = question.field_name
            if not self.applies(question):
                # Skipped: whatever was typed is neither required nor kept.
                cleaned[name] = None
                cleaned.pop(f"{name}_other", None)
                self.errors.pop(name, None)
                continue
            empty = cleaned.get(name) in (None, "", [])
            if question.required and empty and name not in self.errors:
                self.add_error(name, _("Please answer this question."))
        return cleaned

    def answers(self):
        """(question, value, other text) for every question that applies and was
        answered."""
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            other = self.cleaned_data.get(f"{question.field_name}_other", "")
            yield question, value, other

    def sections(self):
        """The bound fields grouped by section, for the template."""
        groups: list[tuple[Section | None, list[Any]]] = []
        current: Section | None = None
        bucket: list[Any] = []
        for question in self.questions:
            if question.section_id != (current.pk if current else None):
                if bucket:
                    groups.append((current, bucket))
                current, bucket = question.section, []
            bucket.append(
                (
                    question,
                    self[question.field_name],
                    self[f"{question.field_name}_other"]
                    if f"{question.field_name}_other" in self.fields
                    else None,
                )
            )
        if bucket:
            groups.append((current, bucket))
        return groups
