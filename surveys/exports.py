"""Exports of survey responses for analysts: CSV or XLSX, wide or long, with a codebook.

Rows are produced chunk by chunk (responses through a server-side cursor, their
answers one query per chunk), so memory stays flat whatever the number of responses.
Small exports stream straight to the browser; large ones are written to a file by a
Celery task (surveys.tasks.build_export) that records its progress.
"""

import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from portal.streaming import csv_stream, formula_like
from surveys.models import Answer, Option, Question, Response, Survey, in_language

CHUNK = 2000
RESPONSE_COLUMNS = [
    "response",
    "submitted_on",
    "channel",
    "community",
    "age_group",
    "gender",
]


def ordered_questions(survey: Survey) -> list[Question]:
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


def _number(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


def wide_query(survey: Survey) -> tuple[list[str], str, list]:
    """The wide table as one SQL query: header, SQL and parameters.

    Every answer column is a conditional aggregate over the response's answers, so
    the database does the pivoting and Python only formats rows. A multiple-choice
    option reads 1 when chosen, 0 when the question was answered without it, and
    nothing when the question was not answered.
    """
    header = list(RESPONSE_COLUMNS)
    columns, params = [], []
    for question in ordered_questions(survey):
        if question.type == Question.Type.MULTIPLE:
            for option in question.options.all():
                header.append(f"{question.code}_{option.code}")
                columns.append(
                    "MAX(CASE WHEN a.question_id = %s THEN "
                    "CASE WHEN a.option_id = %s THEN 1 ELSE 0 END END)"
                )
                params += [question.pk, option.pk]
            if question.allow_other:
                header.append(f"{question.code}_other")
                columns.append(
                    "MAX(CASE WHEN a.question_id = %s AND a.option_id IS NULL "
                    "THEN a.text END)"
                )
                params.append(question.pk)
            continue
        header.append(question.code)
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
    answer_columns = "".join(f", {column}" for column in columns)
    # Only fixed fragments are joined here; every value travels as a parameter.
    sql = (
        "SELECT r.id, r.submitted_on, r.channel, c.slug, r.age_group, r.gender"  # noqa: S608
        f"{answer_columns} "
        "FROM surveys_response r "
        "LEFT JOIN portal_community c ON c.id = r.community_id "
        "LEFT JOIN surveys_answer a ON a.response_id = r.id "
        "LEFT JOIN surveys_option o ON o.id = a.option_id "
        "LEFT JOIN portal_community ac ON ac.id = a.community_id "
        "WHERE r.survey_id = %s "
        "GROUP BY r.id, r.submitted_on, r.channel, c.slug, r.age_group, r.gender "
        "ORDER BY r.id"
    )
    return header, sql, [*params, survey.pk]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def wide_rows(
    survey: Survey, progress: Callable[[int], None] | None = None
) -> Iterator[list[str]]:
    """One row per response, one column per question (per option for multiple
    choice), values as codes (see the codebook)."""
    header, sql, params = wide_query(survey)
    yield header
    done = 0
    # A server-side cursor on PostgreSQL: rows arrive in batches, memory stays flat.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            for row in batch:
                yield [_cell(value) for value in row]
            done += len(batch)
            if progress:
                progress(done)


def long_rows(
    survey: Survey, progress: Callable[[int], None] | None = None
) -> Iterator[list[str]]:
    """One row per answer: response, question code, value code, number, text."""
    codes = {q.pk: q.code for q in survey.questions.all()}
    option_codes = dict(
        Option.objects.filter(question__survey=survey).values_list("pk", "code")
    )
    yield [
        "response",
        "submitted_on",
        "channel",
        "question",
        "option",
        "number",
        "text",
        "community",
    ]
    done = 0
    for chunk in _chunks(_responses(survey), CHUNK):
        answers = _answers([row[0] for row in chunk])
        for pk, submitted_on, channel, *_rest in chunk:
            for question_id, option_id, number, text, community in answers[pk]:
                yield [
                    str(pk),
                    submitted_on.isoformat(),
                    channel,
                    codes[question_id],
                    option_codes.get(option_id, ""),
                    _number(number),
                    text,
                    community or "",
                ]
        done += len(chunk)
        if progress:
            progress(done)


ROWS = {"wide": wide_rows, "long": long_rows}


def write_csv(handle: io.TextIOBase, rows: Iterator[list[str]]) -> None:
    for text in csv_stream(rows):
        handle.write(text)


def write_xlsx(path: str, rows: Iterator[list[str]], book: Iterator[list[str]]) -> None:
    """An XLSX file with the responses and the codebook, in openpyxl's write-only
    mode, whose memory use does not grow with the rows.

    Text that a spreadsheet would take for a formula (portal.streaming.formula_like)
    is written as text with Excel's quote prefix: shown as typed, never run, not
    even once the cell is edited."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)

    def cells(sheet, row: list) -> list:
        if not any(formula_like(value) for value in row):
            return row
        written = []
        for value in row:
            if formula_like(value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                written.append(cell)
            else:
                written.append(value)
        return written

    sheet = workbook.create_sheet("responses")
    for row in rows:
        sheet.append(cells(sheet, row))
    codes = workbook.create_sheet("codebook")
    for row in book:
        codes.append(cells(codes, row))
    workbook.save(path)
