"""What the surveys contribute to pages of other apps (the home page, priorities)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, Q, Sum

from portal.suppression import SUPPRESS_BELOW
from surveys.models import Question, ResultCell, Survey


def home_context(request) -> dict:
    return {"open_surveys": list(Survey.objects.open_now().order_by("closes_at")[:3])}


def trust_trend(community=None) -> list[dict]:
    """The trust index of a community (or of the whole raion) in every published wave
    of the most recent trust series, oldest first.

    Each row has the wave, its survey, the number of responses and the index (None
    under five responses). Three queries whatever the number of waves.
    """
    latest = (
        Survey.objects.results_published()
        .filter(series__measures_trust=True)
        .order_by("-closes_at")
        .only("series_id")
        .first()
    )
    if latest is None:
        return []
    waves = list(
        Survey.objects.results_published()
        .filter(series_id=latest.series_id)
        .order_by("wave")
    )
    cells = ResultCell.objects.filter(
        survey__in=waves, level=ResultCell.Level.COMMUNITY
    )
    if community is not None:
        cells = cells.filter(community=community)
    points = ExpressionWrapper(
        (F("number") - 1) * 25 * F("count"), output_field=FloatField()
    )
    sums: dict[int, Mapping[str, Any]] = {
        row["survey"]: row
        for row in cells.values("survey")
        .annotate(
            responses=Sum("count", filter=Q(question__isnull=True)),
            points=Sum(
                points,
                filter=Q(
                    question__is_trust_item=True,
                    question__type=Question.Type.LIKERT,
                    number__isnull=False,
                ),
            ),
            answers=Sum(
                "count",
                filter=Q(
                    question__is_trust_item=True,
                    question__type=Question.Type.LIKERT,
                    number__isnull=False,
                ),
            ),
        )
        .order_by()
    }
    trend = []
    for wave in waves:
        row = sums.get(wave.pk, {})
        responses = row.get("responses") or 0
        answers = row.get("answers") or 0
        index = None
        if responses >= SUPPRESS_BELOW and answers:
            index = round(row["points"] / answers, 1)
        trend.append(
            {"survey": wave, "wave": wave.wave, "responses": responses, "index": index}
        )
    return trend


def community_context(community) -> dict | None:
    """The latest trust index of the community and its trend over the waves."""
    trend = trust_trend(community)
    if not trend:
        return None
    return {"trend": trend, "latest": trend[-1]}


def local_problem_waves() -> tuple[Survey | None, Survey | None]:
    """The latest survey with published results that asks about local problems, and
    the wave before it in its series with counted results (None for either when
    there is none)."""
    latest = (
        Survey.objects.results_published()
        .filter(questions__is_local_problem=True)
        .order_by("-closes_at")
        .first()
    )
    if latest is None or not latest.series_id:
        return latest, None
    previous = (
        Survey.objects.counted()
        .filter(series_id=latest.series_id, wave__lt=latest.wave)
        .order_by("-wave")
        .first()
    )
    return latest, previous


def local_problem_shares(survey: Survey) -> dict[tuple[int, str], dict]:
    """Per community and option code of the questions marked "local problem": the
    option's `label` and `label_en`, and the `share` (per cent) of the community's
    respondents who chose it. Two queries over the survey's counted cells."""
    cells = ResultCell.objects.filter(survey=survey, level=ResultCell.Level.COMMUNITY)
    respondents = dict(
        cells.filter(question__isnull=True, community__isnull=False)
        .values_list("community")
        .annotate(n=Sum("count"))
        .order_by()
    )
    shares = {}
    for community, code, label, label_en, n in (
        cells.filter(
            question__is_local_problem=True,
            option__isnull=False,
            community__isnull=False,
        )
        .values_list("community", "option__code", "option__label", "option__label_en")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        total = respondents.get(community) or 0
        if total:
            shares[(community, code)] = {
                "label": label,
                "label_en": label_en,
                "share": round(100 * n / total, 1),
            }
    return shares
