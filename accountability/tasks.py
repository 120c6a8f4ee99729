"""Periodic work of accountability: the followers' weekly digest and the open data
files (follow requests nobody confirmed are forgotten by portal.retention)."""

from celery import shared_task

from accountability import actions, opendata
from accountability.models import Follow


@shared_task
def send_digests() -> int:
    """One digest per confirmed follower whose last one is a week old."""
    sent = 0
    for follow_id in Follow.objects.confirmed().values_list("pk", flat=True):
        sent += actions.send_digest(follow_id)
    return sent


@shared_task
def write_open_data() -> list[str]:
    """Every open dataset written out as files, which downloads then send."""
    return opendata.write_files()
