"""Writes of the surveys app: responses, access codes, publishing, new waves, and the
progress of exports built in the background."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from surveys.models import (
    AccessCode,
    Answer,
    Export,
    Question,
    Response,
    Section,
    Survey,
)


class SurveyError(Exception):
    """A write that the survey's state does not allow."""


@transaction.atomic
def submit_response(
    survey: Survey,
    answers,
    *,
    channel: str = Response.Channel.WEB,
    access_code: str = "",
    entered_by=None,
) -> Response:
    """Store one response; `answers` yields (question, value, other text).

    With access codes, the code is marked used in the same transaction, but nothing
    links the response to it.
    """
    if survey.access == Survey.Access.CODES and channel == Response.Channel.WEB:
        used = AccessCode.objects.filter(
            survey=survey, code=access_code, used=False
        ).update(used=True)
        if used != 1:
            raise SurveyError(_("This access code is not valid or was used already."))
    response = Response(survey=survey, channel=channel)
    rows = []
    for question, value, other in answers:
        rows.extend(_answer_rows(question, value, other))
        if question.demographic == Question.Demographic.COMMUNITY:
            response.community = value
        elif question.demographic in {
            Question.Demographic.AGE_GROUP,
            Question.Demographic.GENDER,
        }:
            option = next(o for o in question.options.all() if str(o.pk) == value)
            setattr(response, question.demographic, option.code)
    response.save()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if survey.results_counted_at is not None:
        # A paper questionnaire keyed in after closing: count the results again.
        # Saved rather than updated, so that the kept results turn stale, the trust
        # index of later waves among them, which shows this one.
        survey.results_counted_at = None
        survey.save(update_fields=["results_counted_at"])
        _count_once_committed(survey.pk)
    if entered_by is not None:
        audit.record(
            "surveys.paper_response_entered",
            actor=entered_by,
            obj=survey,
            response=response.pk,
        )
    return response


def _count_once_committed(survey_id: int) -> None:
    from surveys.tasks import ask_to_count  # the tasks use this module

    transaction.on_commit(lambda: ask_to_count(survey_id), robust=True)


def _answer_rows(question: Question, value, other: str) -> list[Answer]:
    kind = question.type
    if kind == Question.Type.SINGLE:
        return [Answer(question=question, option_id=int(value))]
    if kind == Question.Type.MULTIPLE:
        rows = [Answer(question=question, option_id=int(pk)) for pk in value]
        if other:
            rows.append(Answer(question=question, text=other))
        return rows
    if kind in {Question.Type.LIKERT, Question.Type.RATING, Question.Type.NUMBER}:
        return [Answer(question=question, number=value)]
    if kind == Question.Type.COMMUNITY:
        return [Answer(question=question, community=value)]
    return [Answer(question=question, text=value)]


@transaction.atomic
def publish_results(survey: Survey, *, actor) -> None:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_closed:
        raise SurveyError(_("Results can be published only after the survey closes."))
    if survey.results_published_at is not None:
        raise SurveyError(_("The results are published already."))
    survey.results_published_at = timezone.now()
    survey.save(update_fields=["results_published_at"])
    # Counted now, by the worker, rather than on the first reader's visit.
    _count_once_committed(survey.pk)
    audit.record("surveys.results_published", actor=actor, obj=survey)


@transaction.atomic
def create_access_codes(survey: Survey, *, count: int, batch: str, actor) -> list[str]:
    codes = AccessCode.objects.bulk_create(
        AccessCode(survey=survey, batch=batch) for _ in range(count)
    )
    audit.record(
        "surveys.access_codes_created",
        actor=actor,
        obj=survey,
        count=count,
        batch=batch,
    )
    return [code.code for code in codes]


@transaction.atomic
def copy_as_new_wave(survey: Survey, *, actor) -> Survey:
    """The same questionnaire as the next wave of its series, opening in a year."""
    sections = list(survey.sections.all())
    questions = list(survey.questions.prefetch_related("options"))
    latest = survey.series.surveys.order_by("-wave").first() if survey.series else None
    wave = latest.wave + 1 if latest else 2
    year = timedelta(days=365)
    copy = Survey.objects.create(
        series=survey.series,
        wave=wave if survey.series else 1,
        title=survey.title,
        title_en=survey.title_en,
        slug=f"{survey.slug[:40]}-{wave}-{timezone.now():%Y%m%d%H%M%S}",
        introduction=survey.introduction,
        introduction_en=survey.introduction_en,
        opens_at=survey.opens_at + year,
        closes_at=survey.closes_at + year,
        access=survey.access,
    )
    copy.communities.set(survey.communities.all())
    section_map: dict[int | None, Section] = {}
    for section in sections:
        section_map[section.pk] = copy.sections.create(
            position=section.position, title=section.title, title_en=section.title_en
        )
    option_map, conditions = {}, []
    for question in questions:
        old_options = list(question.options.all())
        condition = question.shown_if_option_id
        question.pk = None
        question.survey = copy
        question.section = section_map.get(question.section_id)
        question.shown_if_option = None
        question.save()
        for option in old_options:
            option_map[option.pk] = question.options.create(
                position=option.position,
                code=option.code,
                label=option.label,
                label_en=option.label_en,
            )
        if condition:
            conditions.append((question, condition))
    # Skip logic points at options of the copy, which exist only now.
    for question, condition in conditions:
        question.shown_if_option = option_map[condition]
        question.save(update_fields=["shown_if_option"])
    audit.record("surveys.copied_as_new_wave", actor=actor, obj=copy, source=survey.pk)
    return copy


# Exports built by a worker. Asking for one is audited where it is asked for; what
# the worker does with it has no actor and records only its progress.


@transaction.atomic
def start_export(export_id: int) -> Export | None:
    """Mark an export running from zero; None if it is done already."""
    export = (
        Export.objects.select_for_update().select_related("survey").get(pk=export_id)
    )
    if export.status == Export.Status.DONE:
        return None
    export.status = Export.Status.RUNNING
    export.total = export.survey.responses.count()
    export.done = 0
    export.save(update_fields=["status", "total", "done"])
    return export


@transaction.atomic
def finish_export(export: Export, *, file_name: str) -> None:
    """Mark an export done, with the file the worker wrote."""
    export.file.name = file_name
    export.status = Export.Status.DONE
    export.done = export.total
    export.save(update_fields=["file", "status", "done"])


@transaction.atomic
def fail_export(export: Export) -> None:
    """Mark an export failed, leaving its progress as the worker last counted it."""
    Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED)
