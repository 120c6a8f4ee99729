"""E-mails are database rows first, sent after the commit, retried until sent, once."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail import EmailMessage
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


@pytest.fixture
def mail_server_down(settings):
    """Real SMTP to a port where nothing listens: every try is refused."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }


def test_failed_tries_double_the_pause_up_to_the_longest_and_never_give_up(
    settings, mail_server_down
):
    settings.OUTBOX_RETRY_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 600
    message = queue()  # the first try, right after the commit
    pauses = []
    for attempt in range(1, 9):
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.status == OutboxMessage.Status.PENDING
        assert message.last_error == "ConnectionRefusedError"
        pauses.append(round((message.next_attempt_at - timezone.now()).seconds, -1))
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now()
        )
        assert actions.send_outbox_message(message.pk) is False

    assert pauses == [60, 120, 240, 480, 600, 600, 600, 600]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert sweep_outbox() == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 10
    assert len(mail.outbox) == 1


def test_a_sweep_stops_at_the_first_message_that_finds_the_server_unreachable(
    mail_server_down,
):
    for _ in range(3):
        queue()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())

    assert sweep_outbox() == 0

    assert sorted(OutboxMessage.objects.values_list("attempts", flat=True)) == [
        1,
        1,
        2,
    ]


def test_a_refused_recipient_does_not_hold_back_the_others(monkeypatch):
    from smtplib import SMTPRecipientsRefused

    from portal.tasks import send_outbox_message

    monkeypatch.setattr(send_outbox_message, "delay", lambda pk: None)
    refused = queue(to="nobody@example.org")
    queue(to="resident@example.org")
    send = EmailMessage.send

    def refuse_one(self, *args, **kwargs):
        if self.to == ["nobody@example.org"]:
            raise SMTPRecipientsRefused({"nobody@example.org": (550, b"no")})
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_one)

    assert sweep_outbox() == 1
    refused.refresh_from_db()
    assert refused.attempts == 1
    assert refused.last_error == "SMTPRecipientsRefused"
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]


def test_every_try_of_a_message_carries_the_same_message_id(mail_server_down, settings):
    message = queue()
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    other = queue()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert sweep_outbox() == 1

    first, retried = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == actions.message_id(other)
    assert retried == actions.message_id(message)
    assert retried == actions.message_id(OutboxMessage.objects.get(pk=message.pk))
    assert retried != first
    assert retried.startswith(f"<outbox.{message.pk}.")
