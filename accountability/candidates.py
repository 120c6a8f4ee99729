"""Candidate priorities: what rose most in each community, so that a round table
starts from data rather than from impressions.

Two sources, each counted by grouped queries in the database: hotline appeals by
category over the last three months against the three months before, and the answers
to survey questions marked "local problem" in the latest published wave against the
wave before it.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language

from hotline.models import Complaint
from portal.models import Community
from surveys.models import ResultCell, Survey

MONTHS = 3
SHOWN = 5


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def hotline_rises(today: date) -> dict[int, list[dict]]:
    """Per community, categories ordered by how much they rose."""
    middle = _start(today - timedelta(days=30 * MONTHS))
    start = _start(today - timedelta(days=60 * MONTHS))
    rows = (
        Complaint.objects.filter(
            received_at__gte=start,
            community__isnull=False,
            category__isnull=False,
        )
        .values("community", "category__name", "category__name_en")
        .annotate(
            recent=Count("id", filter=Q(received_at__gte=middle)),
            earlier=Count("id", filter=Q(received_at__lt=middle)),
        )
        .order_by()
    )
    by_community = defaultdict(list)
    for row in rows:
        if row["recent"] == 0:
            continue
        by_community[row["community"]].append(
            {
                "label": _pick(row["category__name"], row["category__name_en"]),
                "issue": row["category__name"],
                "recent": row["recent"],
                "earlier": row["earlier"],
                "rise": row["recent"] - row["earlier"],
            }
        )
    return {
        community: sorted(items, key=lambda item: -item["rise"])[:SHOWN]
        for community, items in by_community.items()
    }


def _problem_shares(survey: Survey) -> dict[tuple[int, str], dict]:
    """Per community and option code: the share of respondents who chose it."""
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
                "label": _pick(label, label_en),
                "issue": label,
                "share": round(100 * n / total, 1),
            }
    return shares


def _pick(ukrainian: str, english: str) -> str:
    return english if english and get_language() == "en" else ukrainian


def survey_rises() -> tuple[Survey | None, dict[int, list[dict]]]:
    """Per community, local problems ordered by how much their share rose since the
    previous wave (or by their share, for a first wave)."""
    latest = (
        Survey.objects.filter(
            results_published_at__isnull=False,
            results_counted_at__isnull=False,
            questions__is_local_problem=True,
        )
        .order_by("-closes_at")
        .first()
    )
    if latest is None:
        return None, {}
    previous = None
    if latest.series_id:
        previous = (
            Survey.objects.filter(
                series_id=latest.series_id,
                wave__lt=latest.wave,
                results_counted_at__isnull=False,
            )
            .order_by("-wave")
            .first()
        )
    now = _problem_shares(latest)
    before = _problem_shares(previous) if previous else {}
    by_community = defaultdict(list)
    for (community, code), item in now.items():
        earlier = before.get((community, code))
        by_community[community].append(
            {
                **item,
                "earlier": earlier["share"] if earlier else None,
                "rise": round(item["share"] - earlier["share"], 1) if earlier else None,
            }
        )
    ordered = {
        community: sorted(
            items,
            key=lambda item: (
                -(item["rise"] if item["rise"] is not None else item["share"])
            ),
        )[:SHOWN]
        for community, items in by_community.items()
    }
    return latest, ordered


def candidates(today: date) -> dict:
    hotline = hotline_rises(today)
    survey, problems = survey_rises()
    return {
        "months": MONTHS,
        "survey": survey,
        "rows": [
            {
                "community": community,
                "hotline": hotline.get(community.pk, []),
                "problems": problems.get(community.pk, []),
            }
            for community in Community.objects.order_by("name")
        ],
    }
