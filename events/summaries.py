"""What the events contribute to pages of other apps (the home page)."""

from events.models import Event


def home_context(request) -> dict:
    return {"upcoming": list(Event.objects.upcoming().order_by("starts_at")[:3])}
