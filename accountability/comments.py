"""Readers comment on published reports (see news.comments)."""

from accountability.models import Report


def comment_targets():
    return [Report.objects.published()]
