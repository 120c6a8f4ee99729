"""E-mails are database rows first, sent after the commit, retried until sent, once."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal import actions
from portal.models import OutboxMessage
from portal.tasks import sweep_outbox

pytestmark = pytest.mark.django_db(transaction=True)


def queue(**overrides) -> OutboxMessage:
    fields = {"to": "resident@example.org", "subject": "Відповідь", "body": "Текст"}
    with transaction.atomic():
        return actions.queue_email(**{**fields, **overrides})


def test_a_queued_message_is_sent_after_the_commit():
    message = queue()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]


def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.queue_email(to="a@example.org", subject="s", body="b")
        raise RuntimeError("the change that caused the message failed")

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_with_the_broker_down_the_message_waits_and_the_sweep_sends_it_once(
    monkeypatch,
):
    from portal.tasks import send_outbox_message

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(send_outbox_message, "delay", broker_down)

    message = queue()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert mail.outbox == []

    monkeypatch.undo()
    assert sweep_outbox() == 1
    assert sweep_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_keeps_the_message_and_backs_off(settings, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise SMTPServerDisconnected("resident@example.org refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    message = queue()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected"
    assert "example.org" not in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert sweep_outbox() == 0  # not due yet

    monkeypatch.undo()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert sweep_outbox() == 1
    assert len(mail.outbox) == 1


def test_sending_a_message_twice_sends_it_once():
    message = queue()

    assert actions.send_outbox_message(message.pk) is False
    assert len(mail.outbox) == 1


def test_sent_messages_are_forgotten_after_the_retention_period(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old, recent = queue(), queue()
    OutboxMessage.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=31)
    )
    pending = OutboxMessage.objects.create(to="x@example.org", subject="s", body="b")
    OutboxMessage.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(days=90)
    )

    assert actions.purge_sent_outbox() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {
        recent.pk,
        pending.pk,
    }


def test_a_secret_is_erased_from_the_outbox_once_sent():
    message = queue(body="Your receipt: K7QM-3XPA-9TND-V2HC", erase_body_when_sent=True)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.body == ""
    assert "K7QM-3XPA-9TND-V2HC" in mail.outbox[0].body
