"""Background tasks of the shared models. Tasks take primary keys and are idempotent."""

from celery import shared_task

from portal import actions, retention
from portal.models import OutboxMessage

SWEEP_BATCH = 200


@shared_task(acks_late=True)
def send_outbox_message(message_id: int) -> bool:
    return actions.send_outbox_message(message_id)


@shared_task
def sweep_outbox() -> int:
    """Send what is still pending, such as messages queued while the broker was down;
    returns how many were sent.

    When the mail server does not answer, the sweep stops at the first message that
    found it so: the others stay due and the next sweep tries again, instead of this
    one waiting out a connection timeout for each of them.
    """
    due = OutboxMessage.objects.due().order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_BATCH])
    sent = 0
    for pk in ids:
        try:
            sent += actions.send_outbox_message(pk, stop_if_unreachable=True)
        except actions.MailServerUnreachable:
            break
    return sent


@shared_task
def purge_sent_outbox() -> int:
    return actions.purge_sent_outbox()


@shared_task
def erase_expired_personal_data() -> dict[str, int]:
    """Every app's retention rules (portal.retention), nightly."""
    return retention.erase_expired()
