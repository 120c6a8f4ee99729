"""Published results, aggregated in the database by a fixed number of grouped queries.

No cell counting fewer than five responses is shown, and free-text answers are never
published.
"""

from collections import defaultdict

from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast

from portal.models import Community
from surveys.models import Answer, Question, Response, Survey

SUPPRESS_BELOW = 5


def suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def question_results(
    survey: Survey, questions: list[Question], responses
) -> list[dict]:
    """Counts and shares of every published question for the given responses."""
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses)
    by_option = defaultdict(dict)
    for question_id, option_id, count in (
        answers.filter(option__isnull=False)
        .values_list("question_id", "option_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_option[question_id][option_id] = count
    by_number = defaultdict(dict)
    for question_id, number, count in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_number[question_id][int(number)] = count
    by_community = defaultdict(dict)
    for question_id, community_id, count in (
        answers.filter(community__isnull=False)
        .values_list("question_id", "community_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_community[question_id][community_id] = count
    answered = dict(
        answers.values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    communities = {c.pk: c for c in Community.objects.all()}

    results = []
    for question in questions:
        base = answered.get(question.pk, 0)
        rows = _rows(question, by_option, by_number, by_community, communities)
        results.append(
            {
                "question": question,
                "answered": base,
                "suppressed": suppressed(base) or suppressed(total),
                "free_text": question.type in Question.TEXT_TYPES,
                "rows": [
                    {
                        "label": label,
                        "count": None if suppressed(count) else count,
                        "share": (
                            round(100 * count / base, 1)
                            if base >= SUPPRESS_BELOW and not suppressed(count)
                            else None
                        ),
                    }
                    for label, count in rows
                ],
            }
        )
    return results


def _rows(question, by_option, by_number, by_community, communities):
    kind = question.type
    if kind in Question.CHOICE_TYPES:
        counts = by_option[question.pk]
        return [(o.display_label, counts.get(o.pk, 0)) for o in question.options.all()]
    if kind == Question.Type.LIKERT:
        counts = by_number[question.pk]
        return [(str(n), counts.get(n, 0)) for n in range(1, 6)]
    if kind == Question.Type.RATING:
        counts = by_number[question.pk]
        return [(str(n), counts.get(n, 0)) for n in range(11)]
    if kind == Question.Type.COMMUNITY:
        counts = by_community[question.pk]
        return [
            (community.display_name, counts.get(pk, 0))
            for pk, community in sorted(
                communities.items(), key=lambda item: item[1].name
            )
        ]
    if kind == Question.Type.NUMBER:
        counts = by_number[question.pk]
        return [(str(value), count) for value, count in sorted(counts.items())]
    return []


def trust_index(survey: Survey) -> list[dict]:
    """The trust index of every wave of the survey's series, per community.

    The index is the mean of the trust items rescaled from 1..5 to 0..100; a wave or
    community with fewer than five responses is not shown.
    """
    if not survey.measures_trust:
        return []
    waves = Survey.objects.filter(
        series=survey.series, results_published_at__isnull=False
    ).order_by("wave")
    rows = (
        Answer.objects.filter(
            question__is_trust_item=True,
            question__type=Question.Type.LIKERT,
            response__survey__in=waves,
        )
        .values("response__survey__wave", "response__community")
        .annotate(
            index=Avg((Cast(F("number"), FloatField()) - 1) * 25),
            responses=Count("response", distinct=True),
        )
        .order_by("response__survey__wave", "response__community")
    )
    overall = (
        Answer.objects.filter(
            question__is_trust_item=True,
            question__type=Question.Type.LIKERT,
            response__survey__in=waves,
        )
        .values("response__survey__wave")
        .annotate(
            index=Avg((Cast(F("number"), FloatField()) - 1) * 25),
            responses=Count("response", distinct=True),
        )
        .order_by("response__survey__wave")
    )
    communities = {c.pk: c for c in Community.objects.all()}
    table = []
    for row in list(overall) + list(rows):
        community = communities.get(row.get("response__community"))
        table.append(
            {
                "wave": row["response__survey__wave"],
                "community": community,
                "whole_raion": "response__community" not in row,
                "responses": row["responses"],
                "index": (
                    round(row["index"], 1)
                    if row["responses"] >= SUPPRESS_BELOW
                    else None
                ),
            }
        )
    return table


def response_counts(survey: Survey) -> dict:
    """What analysts see while a survey is sealed: how many answered, where."""
    responses = Response.objects.filter(survey=survey)
    return {
        "total": responses.count(),
        "by_channel": dict(responses.values_list("channel").annotate(n=Count("id"))),
        "by_community": list(
            responses.values("community__name")
            .annotate(n=Count("id"))
            .order_by("community__name")
        ),
    }


def quota_progress(survey: Survey) -> list[dict]:
    """How far each quota is filled (two queries whatever the number of quotas)."""
    counts = defaultdict(int)
    for community, age, gender, n in (
        Response.objects.filter(survey=survey)
        .values_list("community", "age_group", "gender")
        .annotate(n=Count("id"))
        .order_by()
    ):
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
