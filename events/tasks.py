"""Periodic work of the events: reminders, and places whose offer ran out."""

from celery import shared_task

from events import actions


@shared_task
def send_reminders() -> int:
    return actions.send_reminders()


@shared_task
def expire_offers() -> int:
    return actions.expire_offers()
