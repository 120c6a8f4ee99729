"""What the events contribute to pages of other apps (the home page, reports)."""

from datetime import datetime

from django.db.models import Q

from events.models import Event, Registration


def home_context(request) -> dict:
    return {"upcoming": list(Event.objects.upcoming().order_by("starts_at")[:3])}


def community_context(community) -> dict:
    """The next events in the community or for the whole raion (one query)."""
    upcoming = (
        Event.objects.upcoming()
        .filter(Q(community=community) | Q(community__isnull=True))
        .order_by("starts_at")[:5]
    )
    return {"upcoming": list(upcoming)}


def period_figures(community, start: datetime, end: datetime) -> dict:
    """The events `held` from `start` to `end` and their `attendance` (registrants
    who came); for the whole raion when `community` is None."""
    held = Event.objects.held_between(start, end)
    if community is not None:
        held = held.filter(community=community)
    attendance = Registration.objects.filter(event__in=held).attended().count()
    return {"held": held.count(), "attendance": attendance}
