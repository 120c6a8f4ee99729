"""What each column of an export is: its name, the kind of its values, its label and
the labels of its codes, in the language chosen; and the codebook that lists them.

The SPSS writer numbers the codes from here, and the tables label values from here,
so a column means the same in every format.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from portal.models import Community
from surveys.models import Question, Response, Survey, in_language

# A stored value -> its number in the SPSS file and its label.
ValueLabels = dict[Any, tuple[int, str]]


@dataclass
class Variable:
    """One column of an export: its name, what its values are, and their labels."""

    name: str
    # "id", "date", "number", "flag" (0 or 1), "code" or "text"
    kind: str
    label: str = ""
    choices: ValueLabels = field(default_factory=dict)
    # The level of measurement SPSS records: nominal, ordinal or scale.
    measure: str = "nominal"
    # The choices are a reference list (communities): the SPSS file labels only the
    # values that occur.
    reference: bool = False


def ordered_questions(survey: Survey) -> list[Question]:
    """The survey's questions in the order of the questionnaire, with their options."""
    return list(survey.questions.prefetch_related("options").order_by("position", "pk"))


def codebook(survey: Survey, language: str) -> Iterator[list[str]]:
    """Every variable of the wide export, with its question and the codes' labels."""
    with translation.override(language):
        yield ["variable", "question", "type", "value", "label"]
        for question in ordered_questions(survey):
            text = in_language(question, "text")
            kind = str(Question.Type(question.type).label)
            if question.type == Question.Type.MULTIPLE:
                for option in question.options.all():
                    label = in_language(option, "label")
                    yield [f"{question.code}_{option.code}", text, kind, "1", label]
                if question.allow_other:
                    yield [
                        f"{question.code}_other",
                        text,
                        kind,
                        "",
                        gettext("other, as text"),
                    ]
            elif question.type == Question.Type.SINGLE:
                for option in question.options.all():
                    yield [
                        question.code,
                        text,
                        kind,
                        option.code,
                        in_language(option, "label"),
                    ]
            elif question.type == Question.Type.LIKERT:
                yield [
                    question.code,
                    text,
                    kind,
                    "1",
                    in_language(question, "low_label"),
                ]
                yield [
                    question.code,
                    text,
                    kind,
                    "5",
                    in_language(question, "high_label"),
                ]
            else:
                yield [question.code, text, kind, "", ""]


def _option_choices(question: Question) -> ValueLabels:
    """Each option's code, numbered for SPSS: by the codes themselves when they are
    all whole numbers, else in the options' order."""
    options = list(question.options.all())
    numeric = all(re.fullmatch(r"-?\d{1,9}", o.code) for o in options)
    return {
        option.code: (
            int(option.code) if numeric else n,
            in_language(option, "label"),
        )
        for n, option in enumerate(options, 1)
    }


def community_choices() -> ValueLabels:
    """Each community's slug, numbered for SPSS by its id, with its name."""
    return {
        c.slug: (c.pk, in_language(c, "name"))
        for c in Community.objects.only("pk", "slug", "name", "name_en")
    }


def response_variables(communities: Callable[[], ValueLabels]) -> dict[str, Variable]:
    """The variables of the response's own columns, by name."""
    fields = {field.name: field for field in Response._meta.concrete_fields}

    def label(name: str) -> str:
        return str(fields[name].verbose_name)

    channels = {
        value: (n, str(text))
        for n, (value, text) in enumerate(Response.Channel.choices, 1)
    }
    return {
        "response": Variable("response", "id", str(Response._meta.verbose_name)),
        "submitted_on": Variable(
            "submitted_on", "date", label("submitted_on"), measure="scale"
        ),
        "channel": Variable("channel", "code", label("channel"), channels),
        "community": Variable(
            "community", "code", label("community"), communities(), reference=True
        ),
        "age_group": Variable("age_group", "code", label("age_group")),
        "gender": Variable("gender", "code", label("gender")),
    }


def question_variables(
    question: Question, communities: Callable[[], ValueLabels]
) -> list[Variable]:
    """The variables of a question's columns in the wide table (one per option for
    multiple choice)."""
    text, kind = in_language(question, "text"), question.type
    if kind == Question.Type.MULTIPLE:
        flags = {0: (0, gettext("not chosen")), 1: (1, gettext("chosen"))}
        variables = [
            Variable(
                f"{question.code}_{option.code}",
                "flag",
                f"{text}: {in_language(option, 'label')}",
                flags,
            )
            for option in question.options.all()
        ]
        if question.allow_other:
            other = gettext("other, as text")
            variables.append(
                Variable(f"{question.code}_other", "text", f"{text}: {other}")
            )
        return variables
    if kind == Question.Type.SINGLE:
        return [Variable(question.code, "code", text, _option_choices(question))]
    if kind == Question.Type.COMMUNITY:
        return [Variable(question.code, "code", text, communities(), reference=True)]
    if kind == Question.Type.LIKERT:
        ends = [(1, in_language(question, "low_label"))]
        ends.append((5, in_language(question, "high_label")))
        choices = {n: (n, label) for n, label in ends if label}
        return [Variable(question.code, "number", text, choices, "ordinal")]
    if kind == Question.Type.RATING:
        return [Variable(question.code, "number", text, measure="ordinal")]
    if kind == Question.Type.NUMBER:
        return [Variable(question.code, "number", text, measure="scale")]
    return [Variable(question.code, "text", text)]
