"""The figures the portal itself holds for a report's period and community.

The report composer pre-fills them, so that a press officer does not retype what the
hotline, the surveys and the events already know. A report for the whole raion (no
community) counts everything.
"""

from datetime import date, datetime, time

from django.utils import timezone

from accountability.models import Priority
from events import summaries as events_summaries
from hotline import summaries as hotline_summaries
from surveys.summaries import trust_trend

# The figures the press officer enters, named as the report's fields.
POLICE_FIGURES = (
    "registered_crimes",
    "solved_percent",
    "response_minutes",
    "patrol_hours",
    "officers",
)
# The portal's figures, named as the report's fields.
PORTAL_FIGURES = (
    "complaints_received",
    "complaints_answered",
    "complaints_answered_in_time",
    "average_satisfaction",
    "trust_index",
    "events_held",
    "event_attendance",
    "priorities_achieved",
)


def _bounds(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """The first and the last moment of the period, in the portal's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(starts_on, time.min, tzinfo=zone),
        datetime.combine(ends_on, time.max, tzinfo=zone),
    )


def _in(queryset, community, field: str = "community"):
    return queryset if community is None else queryset.filter(**{field: community})


def hotline_figures(community, starts_on: date, ends_on: date) -> dict:
    figures = hotline_summaries.period_figures(community, *_bounds(starts_on, ends_on))
    return {
        "complaints_received": figures["received"],
        "complaints_answered": figures["answered"],
        "complaints_answered_in_time": figures["answered_in_time"],
        "average_satisfaction": figures["average_satisfaction"],
    }


def trust_figure(community, ends_on: date) -> float | None:
    """The index of the latest published wave that closed by the end of the period."""
    trend = [
        row
        for row in trust_trend(community)
        if timezone.localdate(row["survey"].closes_at) <= ends_on
    ]
    return trend[-1]["index"] if trend else None


def event_figures(community, starts_on: date, ends_on: date) -> dict:
    figures = events_summaries.period_figures(community, *_bounds(starts_on, ends_on))
    return {"events_held": figures["held"], "event_attendance": figures["attendance"]}


def priority_figures(community, starts_on: date, ends_on: date) -> dict:
    achieved = _in(
        Priority.objects.filter(
            status=Priority.Status.ACHIEVED,
            achieved_on__range=(starts_on, ends_on),
        ),
        community,
    )
    return {"priorities_achieved": achieved.count()}


def portal_figures(community, starts_on: date, ends_on: date) -> dict:
    """Every figure the portal fills in for a report, by the report's field names."""
    return {
        **hotline_figures(community, starts_on, ends_on),
        "trust_index": trust_figure(community, ends_on),
        **event_figures(community, starts_on, ends_on),
        **priority_figures(community, starts_on, ends_on),
    }
