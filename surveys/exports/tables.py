"""The rows of an export, as typed values (numbers, dates, text) that a writer turns
into cells: the wide table (one row per response) and the long one (one per answer),
with values as codes or as their labels.

Rows are produced chunk by chunk, so memory stays flat whatever the number of
responses: the wide table is one pivot query read through a server-side cursor; the
long one reads responses through a server-side cursor and their answers one query
per chunk.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection
from django.utils import translation

from surveys.exports.variables import (
    ValueLabels,
    Variable,
    community_choices,
    ordered_questions,
    question_variables,
    response_variables,
)
from surveys.models import (
    Answer,
    Export,
    Option,
    Question,
    Response,
    Survey,
    in_language,
)

CHUNK = 2000
RESPONSE_COLUMNS = [
    "response",
    "submitted_on",
    "channel",
    "community",
    "age_group",
    "gender",
]
# The response's own copies of its demographic answers, left out of the wide table
# when a question carries them (the question's column is the same variable).
RESPONSE_SQL = {
    "response": "r.id",
    "submitted_on": "r.submitted_on",
    "channel": "r.channel",
    "community": "c.slug",
    "age_group": "r.age_group",
    "gender": "r.gender",
}

Progress = Callable[[int], None] | None


@dataclass
class Table:
    """An export's columns, and its rows of typed values (no header)."""

    columns: list[Variable]
    rows: Iterator[list]
    labelled: bool = False

    def with_header(self) -> Iterator[list]:
        yield [column.name for column in self.columns]
        yield from self.rows


def _chunks(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _responses(survey: Survey):
    return (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list(
            "pk", "submitted_on", "channel", "community__slug", "age_group", "gender"
        )
        .iterator(chunk_size=CHUNK)
    )


def _answers(ids: list[int]):
    grouped = defaultdict(list)
    for row in (
        Answer.objects.filter(response_id__in=ids)
        .values_list(
            "response_id",
            "question_id",
            "option_id",
            "number",
            "text",
            "community__slug",
        )
        .iterator(chunk_size=CHUNK * 20)
    ):
        grouped[row[0]].append(row[1:])
    return grouped


def _number(value):
    """A number as a cell should hold it: 5 rather than 5.00 or 5.0."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if not isinstance(value, Decimal):
        value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


def _date(value) -> date | None:
    # SQLite hands back text where the column is not read directly.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def wide_plan(survey: Survey, language: str = "uk") -> tuple[list[Variable], str, list]:
    """The wide table as one SQL query: its variables, the SQL and its parameters.

    Every answer column is a conditional aggregate over the response's answers, so
    the database does the pivoting and Python only formats rows. A multiple-choice
    option reads 1 when chosen, 0 when the question was answered without it, and
    nothing when the question was not answered.
    """
    known: ValueLabels | None = None

    def communities() -> ValueLabels:
        nonlocal known
        if known is None:
            known = community_choices()
        return known

    questions = ordered_questions(survey)
    answer_variables, columns, params = [], [], []
    with translation.override(language):
        for question in questions:
            answer_variables += question_variables(question, communities)
            if question.type == Question.Type.MULTIPLE:
                for option in question.options.all():
                    columns.append(
                        "MAX(CASE WHEN a.question_id = %s THEN "
                        "CASE WHEN a.option_id = %s THEN 1 ELSE 0 END END)"
                    )
                    params += [question.pk, option.pk]
                if question.allow_other:
                    columns.append(
                        "MAX(CASE WHEN a.question_id = %s AND a.option_id IS NULL "
                        "THEN a.text END)"
                    )
                    params.append(question.pk)
                continue
            by_type: dict[str, str] = {
                Question.Type.SINGLE: "o.code",
                Question.Type.LIKERT: "a.number",
                Question.Type.RATING: "a.number",
                Question.Type.NUMBER: "a.number",
                Question.Type.COMMUNITY: "ac.slug",
            }
            value = by_type.get(question.type, "a.text")
            columns.append(f"MAX(CASE WHEN a.question_id = %s THEN {value} END)")
            params.append(question.pk)
        # A demographic asked as a question is that question's column; the
        # response's copy of it would be the same variable a second time.
        taken = {q.demographic for q in questions} | {v.name for v in answer_variables}
        kept = [
            name
            for name in RESPONSE_COLUMNS
            if name in RESPONSE_COLUMNS[:3] or name not in taken
        ]
        fixed = response_variables(communities if "community" in kept else lambda: {})
    selected = ", ".join(RESPONSE_SQL[name] for name in kept)
    answer_columns = "".join(f", {column}" for column in columns)
    join_community = (
        "LEFT JOIN portal_community c ON c.id = r.community_id "
        if "community" in kept
        else ""
    )
    # Only fixed fragments are joined here; every value travels as a parameter.
    sql = (
        f"SELECT {selected}{answer_columns} "  # noqa: S608
        f"FROM surveys_response r {join_community}"
        "LEFT JOIN surveys_answer a ON a.response_id = r.id "
        "LEFT JOIN surveys_option o ON o.id = a.option_id "
        "LEFT JOIN portal_community ac ON ac.id = a.community_id "
        "WHERE r.survey_id = %s "
        f"GROUP BY {selected} "
        "ORDER BY r.id"
    )
    variables = [fixed[name] for name in kept] + answer_variables
    return variables, sql, [*params, survey.pk]


def wide_query(survey: Survey) -> tuple[list[str], str, list]:
    """The wide table's header, SQL and parameters (see wide_plan)."""
    variables, sql, params = wide_plan(survey)
    return [v.name for v in variables], sql, params


def pivoted(sql: str, params: list, progress: Progress) -> Iterator[tuple]:
    """The stored values of the wide table's rows, as the query of wide_plan reads
    them, reporting how many rows are done after each batch."""
    done = 0
    # A server-side cursor on PostgreSQL: rows arrive in batches, memory stays flat.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            yield from batch
            done += len(batch)
            if progress:
                progress(done)


def _text(value) -> str | None:
    return value or None


def converter(variable: Variable, values: str) -> Callable[[Any], Any]:
    """How a stored value becomes a typed cell of this column."""
    if variable.kind == "id":
        return int
    if variable.kind == "date":
        return _date
    if variable.kind in {"number", "flag"}:
        return _number
    if variable.kind == "code" and values == Export.Values.LABELS and variable.choices:
        labels = {code: label for code, (_n, label) in variable.choices.items()}
        return lambda value: labels.get(value, value) if value else None
    return _text


def wide_table(
    survey: Survey,
    progress: Progress = None,
    *,
    values: str = Export.Values.CODES,
    language: str = "uk",
) -> Table:
    """One row per response, one column per question (per option for multiple
    choice), values as codes (see the codebook) or as their labels in `language`."""
    variables, sql, params = wide_plan(survey, language)
    convert = [converter(variable, values) for variable in variables]

    def rows() -> Iterator[list]:
        for row in pivoted(sql, params, progress):
            yield [f(value) for f, value in zip(convert, row, strict=True)]

    return Table(variables, rows(), labelled=values == Export.Values.LABELS)


def long_table(
    survey: Survey,
    progress: Progress = None,
    *,
    values: str = Export.Values.CODES,
    language: str = "uk",
) -> Table:
    """One row per answer: response, question code, option, number, text."""
    labelled = values == Export.Values.LABELS
    codes = {q.pk: q.code for q in survey.questions.all()}
    with translation.override(language):
        options = {
            option.pk: in_language(option, "label") if labelled else option.code
            for option in Option.objects.filter(question__survey=survey)
        }
        channels = {
            value: str(text) if labelled else value
            for value, text in Response.Channel.choices
        }
        communities = (
            {slug: label for slug, (_pk, label) in community_choices().items()}
            if labelled
            else {}
        )
    columns = [
        Variable("response", "id"),
        Variable("submitted_on", "date"),
        Variable("channel", "code"),
        Variable("question", "code"),
        Variable("option", "code"),
        Variable("number", "number"),
        Variable("text", "text"),
        Variable("community", "code"),
    ]

    def rows() -> Iterator[list]:
        done = 0
        for chunk in _chunks(_responses(survey), CHUNK):
            answers = _answers([row[0] for row in chunk])
            for pk, submitted_on, channel, *_rest in chunk:
                for question_id, option_id, number, text, community in answers[pk]:
                    yield [
                        pk,
                        submitted_on,
                        channels.get(channel, channel),
                        codes[question_id],
                        options.get(option_id),
                        _number(number),
                        text or None,
                        communities.get(community, community) or None,
                    ]
            done += len(chunk)
            if progress:
                progress(done)

    return Table(columns, rows(), labelled=labelled)


TABLES = {"wide": wide_table, "long": long_table}


def wide_rows(survey: Survey, progress: Progress = None, **options) -> Iterator[list]:
    """The wide table after a header of its variables' names."""
    return wide_table(survey, progress, **options).with_header()


def long_rows(survey: Survey, progress: Progress = None, **options) -> Iterator[list]:
    """The long table after a header of its columns' names."""
    return long_table(survey, progress, **options).with_header()
