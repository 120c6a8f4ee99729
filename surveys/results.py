"""Published results, aggregated in the database by a fixed number of grouped queries.

After a survey closes its answers no longer change (but for paper questionnaires keyed
in late, which clear the count), so its results are counted once into ResultCell rows
by community, age group and gender; every results page then adds up those cells.

No cell counting fewer than five responses is shown, and free-text answers are never
published.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.models import Community
from portal.suppression import SUPPRESS_BELOW, hidden_cells, suppressed
from surveys.models import Answer, Question, Response, ResultCell, Survey


@transaction.atomic
def count_cells(survey: Survey) -> None:
    """Count the results of a closed survey into its cells.

    Three grouped queries over the answers give the detailed cells; the community
    and whole-survey levels are then summed from those few cells.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.results_counted_at is not None:
        return
    ResultCell.objects.filter(survey=survey).delete()
    detail = ResultCell.Level.DETAIL
    cells = [
        ResultCell(
            survey=survey,
            level=detail,
            community_id=community,
            age_group=age,
            gender=gender,
            count=n,
        )
        for community, age, gender, n in Response.objects.filter(survey=survey)
        .values_list("community", "age_group", "gender")
        .annotate(n=Count("id"))
        .order_by()
    ]
    answers = Answer.objects.filter(response__survey=survey)
    by = ("response__community", "response__age_group", "response__gender")
    cells += [
        ResultCell(
            survey=survey,
            level=detail,
            question_id=question,
            community_id=community,
            age_group=age,
            gender=gender,
            count=n,
        )
        for question, community, age, gender, n in answers.values_list("question", *by)
        .annotate(n=Count("response", distinct=True))
        .order_by()
    ]
    cells += [
        ResultCell(
            survey=survey,
            level=detail,
            question_id=question,
            option_id=option,
            number=number,
            value_community_id=value_community,
            community_id=community,
            age_group=age,
            gender=gender,
            count=n,
        )
        for question, option, number, value_community, community, age, gender, n in (
            answers.exclude(
                option__isnull=True, number__isnull=True, community__isnull=True
            )
            .values_list("question", "option", "number", "community", *by)
            .annotate(n=Count("id"))
            .order_by()
        )
    ]
    for level, keep_community in (
        (ResultCell.Level.COMMUNITY, True),
        (ResultCell.Level.ALL, False),
    ):
        sums: defaultdict[tuple, int] = defaultdict(int)
        for cell in cells:
            if cell.level != detail:
                continue
            key = (
                cell.question_id,
                cell.option_id,
                cell.number,
                cell.value_community_id,
                cell.community_id if keep_community else None,
            )
            sums[key] += cell.count
        cells += [
            ResultCell(
                survey=survey,
                level=level,
                question_id=question,
                option_id=option,
                number=number,
                value_community_id=value,
                community_id=community,
                count=n,
            )
            for (question, option, number, value, community), n in sums.items()
        ]
    ResultCell.objects.bulk_create(cells, batch_size=5000)
    survey.results_counted_at = timezone.now()
    survey.save(update_fields=["results_counted_at"])


def ensure_counted(survey: Survey) -> bool:
    """Whether the survey's results are counted into its cells. If not, the worker is
    asked to count them (surveys.tasks.ask_to_count) and False is returned, unless
    tasks run at once, when they are counted by the time this returns."""
    if survey.results_counted_at is not None:
        return True
    from surveys.tasks import ask_to_count  # the tasks use this module

    ask_to_count(survey.pk)
    survey.refresh_from_db(fields=["results_counted_at"])
    return survey.results_counted_at is not None


def _cells(survey: Survey, filters: dict):
    """The cells of the coarsest level that can answer the filters, once the worker
    has counted them (ensure_counted)."""
    cells = ResultCell.objects.filter(survey=survey)
    demographic = {f: filters[f] for f in ("age_group", "gender") if filters.get(f)}
    if demographic:
        cells = cells.filter(level=ResultCell.Level.DETAIL, **demographic)
    elif filters.get("community"):
        cells = cells.filter(level=ResultCell.Level.COMMUNITY)
    else:
        return cells.filter(level=ResultCell.Level.ALL)
    if filters.get("community"):
        cells = cells.filter(community=filters["community"])
    return cells


@dataclass(frozen=True)
class ResultQuestion:
    """What the results show of a question, in the reader's language."""

    pk: int
    code: str
    type: str
    display_text: str
    demographic: str
    options: list[tuple[int, str, str]]  # (pk, code, label), in the survey's order


def result_questions(survey: Survey) -> list[ResultQuestion]:
    """The survey's questions with their options, in order, from one query.

    Plain values rather than model instances: the results page reads only these few
    fields, and builds a row for every option of every question.
    """
    english = get_language() == "en"
    questions: dict[int, ResultQuestion] = {}
    option: list[Any]
    for pk, code, kind, text, text_en, demographic, *option in (
        Question.objects.filter(survey=survey)
        .values_list(
            "pk",
            "code",
            "type",
            "text",
            "text_en",
            "demographic",
            "options__pk",
            "options__code",
            "options__label",
            "options__label_en",
        )
        .order_by("position", "pk", "options__position", "options__pk")
    ):
        question = questions.get(pk)
        if question is None:
            question = questions[pk] = ResultQuestion(
                pk=pk,
                code=code,
                type=kind,
                display_text=text_en if english and text_en else text,
                demographic=demographic,
                options=[],
            )
        option_pk, option_code, label, label_en = option
        if option_pk is not None:
            question.options.append(
                (option_pk, option_code, label_en if english and label_en else label)
            )
    return list(questions.values())


def question_results(
    survey: Survey,
    questions: list[ResultQuestion],
    filters: dict,
    communities: list[Community],
) -> dict:
    """Counts and shares of every published question, for responses matching
    `filters` (community, age_group, gender): one query whatever the size."""
    total, answered = 0, {}
    by_option: defaultdict[int, dict] = defaultdict(dict)
    by_number: defaultdict[int, dict] = defaultdict(dict)
    by_community: defaultdict[int, dict] = defaultdict(dict)
    for question_id, option_id, number, value_community, count in (
        _cells(survey, filters)
        .values_list("question", "option", "number", "value_community")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        if question_id is None:
            total += count
        elif option_id is not None:
            by_option[question_id][option_id] = count
        elif number is not None:
            # Decimal keys: 2 and 2.5 stay apart; a Likert 3 is found as the int 3.
            by_number[question_id][number] = count
        elif value_community is not None:
            by_community[question_id][value_community] = count
        else:
            answered[question_id] = count
    by_name = sorted(communities, key=lambda community: community.name)

    results = []
    for question in questions:
        base = answered.get(question.pk, 0)
        rows = _rows(question, by_option, by_number, by_community, by_name)
        counts = [count for _label, count in rows]
        # One answer each: the rows are a breakdown of those who answered, which is
        # published, so a hidden count must not be that minus the others.
        hidden = (
            [suppressed(count) for count in counts]
            if question.type == Question.Type.MULTIPLE
            else hidden_cells(counts)
        )
        results.append(
            {
                "question": question,
                "answered": base,
                "suppressed": suppressed(base) or suppressed(total),
                "free_text": question.type in Question.TEXT_TYPES,
                "rows": [
                    {
                        "label": label,
                        "count": None if hide else count,
                        "share": (
                            round(100 * count / base, 1)
                            if base >= SUPPRESS_BELOW and not hide
                            else None
                        ),
                    }
                    for (label, count), hide in zip(rows, hidden, strict=True)
                ],
            }
        )
    return {"total": total, "questions": results}


# Communities shown one by one in the results; beyond, the most answered are,
# and the others counted together.
COMMUNITY_ROWS = 20


def _rows(question, by_option, by_number, by_community, communities):
    kind = question.type
    if kind in Question.CHOICE_TYPES:
        counts = by_option[question.pk]
        return [(label, counts.get(pk, 0)) for pk, _code, label in question.options]
    if kind == Question.Type.LIKERT:
        counts = by_number[question.pk]
        return [(str(n), counts.get(n, 0)) for n in range(1, 6)]
    if kind == Question.Type.RATING:
        counts = by_number[question.pk]
        return [(str(n), counts.get(n, 0)) for n in range(11)]
    if kind == Question.Type.COMMUNITY:
        counts = by_community[question.pk]
        rows = [
            (community.display_name, counts.get(community.pk, 0))
            for community in communities
        ]
        if len(rows) <= COMMUNITY_ROWS:
            return rows
        # A nation's communities: the ones most answered, and the rest together.
        rows.sort(key=lambda row: -row[1])
        rest = sum(count for _label, count in rows[COMMUNITY_ROWS:])
        return [*rows[:COMMUNITY_ROWS], (str(_("Other communities")), rest)]
    if kind == Question.Type.NUMBER:
        counts = by_number[question.pk]
        return [
            (_number_label(value), count) for value, count in sorted(counts.items())
        ]
    return []


def _number_label(value: Decimal) -> str:
    """2, 2.5 (2,5 in Ukrainian) and 10: without trailing zeros, in the reader's
    language."""
    whole = value == value.to_integral_value()
    return number_format(value.quantize(Decimal(1)) if whole else value.normalize())


def trust_index(survey: Survey, communities: list[Community]) -> list[dict]:
    """The trust index of every published wave of the survey's series, for the whole
    raion and per community.

    The index is the mean of the trust items rescaled from 1..5 to 0..100; a wave or
    community with fewer than five responses is not shown.
    """
    if not survey.measures_trust:
        return []
    waves = {
        wave.pk: wave
        for wave in Survey.objects.filter(series=survey.series).filter(
            Q(results_published_at__isnull=False) | Q(pk=survey.pk)
        )
    }
    # A wave still being counted is left out until it is.
    waves = {pk: wave for pk, wave in waves.items() if ensure_counted(wave)}
    trust_items = Question.objects.filter(
        survey__in=waves, is_trust_item=True, type=Question.Type.LIKERT
    ).values("pk")
    # One pass over the community cells of every wave, with no join: the trust
    # items' answers give the points, the cells without a question the responses.
    is_trust = Q(question__isnull=False)
    points = (F("number") - 1) * 25 * F("count")
    scored = ExpressionWrapper(points, output_field=FloatField())
    sums: defaultdict[tuple, list] = defaultdict(lambda: [0.0, 0])
    responses: defaultdict[tuple, int] = defaultdict(int)
    for wave_pk, community, total, answers, n in (
        ResultCell.objects.filter(survey__in=waves, level=ResultCell.Level.COMMUNITY)
        .filter(
            Q(question__in=trust_items, number__isnull=False) | Q(question__isnull=True)
        )
        .values_list("survey", "community")
        .annotate(
            total=Sum(scored, filter=is_trust),
            answers=Sum("count", filter=is_trust),
            n=Sum("count", filter=~is_trust),
        )
        .order_by()
    ):
        wave = waves[wave_pk].wave
        for key in ((wave, community), (wave, "all")):
            if answers is not None:
                sums[key][0] += total
                sums[key][1] += answers
            responses[key] += n or 0
    by_pk = {community.pk: community for community in communities}
    table = []
    for (wave, community), (total, count) in sorted(
        sums.items(),
        key=lambda item: (item[0][1] != "all", item[0][0], str(item[0][1])),
    ):
        n = responses[(wave, community)]
        table.append(
            {
                "wave": wave,
                "community": by_pk.get(community),
                "whole_raion": community == "all",
                "responses": n,
                "index": round(total / count, 1)
                if n >= SUPPRESS_BELOW and count
                else None,
            }
        )
    return table


def response_tally(survey: Survey) -> dict:
    """What analysts see while a survey is sealed: how many answered, in all
    (`total`) and per community, age group and gender (`cells`, rows of the four),
    in one grouped query. The survey's page keeps it a minute at most."""
    cells = [
        list(row)
        for row in Response.objects.filter(survey=survey)
        .values_list("community", "age_group", "gender")
        .annotate(n=Count("id"))
        .order_by()
    ]
    return {"total": sum(row[-1] for row in cells), "cells": cells}


def quota_progress(survey: Survey, cells: list) -> list[dict]:
    """How far each quota is filled, from the `cells` of response_tally."""
    counts: defaultdict[tuple, int] = defaultdict(int)
    for community, age, gender, n in cells:
        counts[(community, age, gender)] += n
    progress = []
    for quota in survey.quotas.select_related("community"):
        filled = sum(
            n
            for (community, age, gender), n in counts.items()
            if community == quota.community_id
            and (not quota.age_group or age == quota.age_group)
            and (not quota.gender or gender == quota.gender)
        )
        progress.append(
            {
                "quota": quota,
                "filled": filled,
                "percent": min(100, round(100 * filled / quota.target))
                if quota.target
                else 100,
            }
        )
    return progress
