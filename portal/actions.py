"""State changes of the shared models."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.models import OutboxMessage

logger = logging.getLogger(__name__)

# Retries back off exponentially up to this pause, and never give up: a message stays
# pending until the mail server takes it.
MAX_RETRY_PAUSE = timedelta(hours=1)


def queue_email(
    *, to: str, subject: str, body: str, erase_body_when_sent: bool = False
) -> OutboxMessage:
    """Queue an e-mail; it is sent after the surrounding transaction commits.

    `erase_body_when_sent` is for messages carrying a secret, such as a receipt code,
    which must not stay in the database once delivered.
    """
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject[:200],
        body=body,
        erase_body_when_sent=erase_body_when_sent,
    )
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


def queue_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    erase_body_when_sent: bool = False,
) -> OutboxMessage:
    """Queue an e-mail rendered from `<template>_subject.txt` and `<template>.txt`
    in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return queue_email(
        to=to,
        subject=" ".join(subject.split()),
        body=body,
        erase_body_when_sent=erase_body_when_sent,
    )


def _enqueue(message_id: int) -> None:
    from portal.tasks import send_outbox_message

    try:
        send_outbox_message.delay(message_id)
    except Exception as error:  # the broker is down: the sweep will send it
        logger.warning(
            "Outbox message %s waits for the sweep: %s",
            message_id,
            type(error).__name__,
        )


def send_outbox_message(message_id: int) -> bool:
    """Send one pending message; True when it was sent by this call.

    The row is locked while sending, so two workers (a task and the sweep) never send
    the same message twice.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
        )
        message.attempts += 1
        try:
            email.send()
        except Exception as error:  # any failure of the mail server: retry later
            pause = min(
                timedelta(minutes=2 ** min(message.attempts, 10)), MAX_RETRY_PAUSE
            )
            message.next_attempt_at = timezone.now() + pause
            message.last_error = type(error).__name__
            message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
            logger.warning(
                "Outbox message %s not sent (attempt %s): %s",
                message.pk,
                message.attempts,
                type(error).__name__,
            )
            return False
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        if message.erase_body_when_sent:
            message.body = ""
        message.save(
            update_fields=["status", "sent_at", "attempts", "last_error", "body"]
        )
        return True


def purge_sent_outbox() -> int:
    """Forget sent messages older than the retention period; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
