"""What the surveys contribute to pages of other apps (the home page)."""

from surveys.models import Survey


def home_context(request) -> dict:
    return {"open_surveys": list(Survey.objects.open_now().order_by("closes_at")[:3])}
