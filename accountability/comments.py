"""Readers comment on published reports (see portal.news.comments)."""

from accountability.models import Report


def comment_targets():
    return [Report.objects.published()]
