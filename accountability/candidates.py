"""Candidate priorities: what rose most in each community, so that a round table
starts from data rather than from impressions.

Two sources, each counted by grouped queries in the database: hotline appeals by
category over the last three months against the three months before, and the answers
to survey questions marked "local problem" in the latest published wave against the
wave before it.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import get_language

from hotline.models import Complaint
from portal import kept
from portal.models import Community
from surveys.models import Survey
from surveys.summaries import local_problem_shares, local_problem_waves

MONTHS = 3
SHOWN = 5


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def hotline_rises(today: date) -> dict[int, list[dict]]:
    """Per community, categories ordered by how much they rose."""
    middle = _start(today - timedelta(days=30 * MONTHS))
    start = _start(today - timedelta(days=60 * MONTHS))
    rows = Complaint.objects.received_since(start).category_counts(split=middle)
    by_community = defaultdict(list)
    for row in rows:
        if row["recent"] == 0:
            continue
        by_community[row["community"]].append(
            {
                "label": _pick(row["name"], row["name_en"]),
                "issue": row["name"],
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
    return {
        key: {
            "label": _pick(item["label"], item["label_en"]),
            "issue": item["label"],
            "share": item["share"],
        }
        for key, item in local_problem_shares(survey).items()
    }


def _pick(ukrainian: str, english: str) -> str:
    return english if english and get_language() == "en" else ukrainian


def survey_rises() -> tuple[Survey | None, dict[int, list[dict]]]:
    """Per community, local problems ordered by how much their share rose since the
    previous wave (or by their share, for a first wave)."""
    latest, previous = local_problem_waves()
    if latest is None:
        return None, {}
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


def candidates(today: date, communities=None) -> dict:
    """The candidates of `communities` (a page of them; all by default)."""
    # Half a year of appeals, counted again at most every ten minutes: the count
    # grows with the hotline.
    hotline = kept.value(
        "priority-candidates-hotline", lambda: hotline_rises(today), day=today
    )
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
            for community in (
                Community.objects.order_by("name")
                if communities is None
                else communities
            )
        ],
    }
