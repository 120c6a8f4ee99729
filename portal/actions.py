"""State changes of the shared models."""

import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.models import OutboxMessage

logger = logging.getLogger(__name__)

# Failures that say the mail server cannot be reached at all, as opposed to refusing
# one message: the same would happen to every other message just now.
MAIL_SERVER_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


class MailServerUnreachable(Exception):
    """Sending failed because the mail server did not answer; the try is recorded."""


def retry_pause(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed try: doubling from
    OUTBOX_RETRY_SECONDS up to OUTBOX_RETRY_MAX_SECONDS. It never gives up: a message
    stays pending until the mail server takes it."""
    first, longest = settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(first * 2 ** min(attempts - 1, 30), longest))


def message_id(message: OutboxMessage) -> str:
    """The e-mail's Message-ID: the same on every try, so that if a try was delivered
    but not recorded (the worker died in between), the copy can be recognised."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


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


def send_outbox_message(message_pk: int, *, stop_if_unreachable=False) -> bool:
    """Send one pending message; True when it was sent by this call.

    The row is locked while sending, so two workers (a task and the sweep) never send
    the same message twice. A failure is recorded on the message, which then waits
    longer after each one. With `stop_if_unreachable`, a mail server that does not
    answer raises MailServerUnreachable (once the failure is saved), so that a sweep
    does not wait on it for every other message.
    """
    outcome = _send(message_pk)
    if outcome == "unreachable" and stop_if_unreachable:
        raise MailServerUnreachable
    return outcome == "sent"


@transaction.atomic
def _send(message_pk: int) -> str:
    message = (
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(pk=message_pk, status=OutboxMessage.Status.PENDING)
        .first()
    )
    if message is None:
        return "skipped"  # sent already, or being sent by another worker
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message_id(message)},
    )
    message.attempts += 1
    try:
        email.send()
    except Exception as error:  # any failure of the mail server: retry later
        message.next_attempt_at = timezone.now() + retry_pause(message.attempts)
        message.last_error = type(error).__name__
        message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
        logger.warning(
            "Outbox message %s not sent (attempt %s): %s",
            message.pk,
            message.attempts,
            type(error).__name__,
        )
        return "unreachable" if isinstance(error, MAIL_SERVER_UNREACHABLE) else "failed"
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    if message.erase_body_when_sent:
        message.body = ""
    message.save(update_fields=["status", "sent_at", "attempts", "last_error", "body"])
    return "sent"


def purge_sent_outbox() -> int:
    """Forget sent messages older than the retention period; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
