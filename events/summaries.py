"""What the events contribute to pages of other apps (the home page)."""

from django.db.models import Q

from events.models import Event


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
