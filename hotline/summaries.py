"""What the hotline contributes to pages of other apps (the home page)."""

from hotline import stats


def home_context(request) -> dict:
    figures = stats.figures()
    return {
        "total": figures["total"],
        "suppressed": stats.suppressed(figures["total"]),
        "answered_in_time_share": figures["answered_in_time_share"],
        "average_satisfaction": figures["average_satisfaction"],
    }
