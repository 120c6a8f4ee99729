"""A complaint filed while the broker is unreachable is saved, and its e-mail is sent
exactly once when sending works again."""

import re

import kombu.pools
import pytest
from django.core import mail

from hotline.models import Complaint
from portal.celery import app
from portal.models import OutboxMessage
from portal.tasks import sweep_outbox
from tests.factories import formal_data


def reset_connections():
    # Celery and kombu keep pools of connections bound to the broker URL they were
    # made with; forget them, as Celery does itself after a fork.
    kombu.pools.reset()
    app._pool = None  # type: ignore[attr-defined]  # Celery's private pools
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # likewise


@pytest.fixture
def broker_down():
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    # Item access, as Celery's own attribute access does: the stubs type broker_url
    # as a read-only property.
    app.conf["broker_url"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    reset_connections()
    yield
    app.conf.task_always_eager, app.conf["broker_url"] = previous
    reset_connections()


@pytest.mark.django_db(transaction=True)
def test_filing_succeeds_with_the_broker_down_and_mail_goes_out_once_later(
    client, broker_down
):
    response = client.post("/en/hotline/new/", formal_data())

    assert response.status_code == 200
    assert re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", response.text)
    assert Complaint.objects.count() == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert mail.outbox == []

    # The broker is back; beat runs the sweep (here directly, as the worker would).
    app.conf.task_always_eager = True
    assert sweep_outbox() == 1
    assert sweep_outbox() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
