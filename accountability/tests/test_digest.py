"""The weekly digest: what changed in a followed community since the last digest, to
confirmed followers only, at most once in six days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accountability import actions, tasks
from accountability.models import Follow
from portal.models import OutboxMessage
from tests.factories import (
    community,
    follower,
    priority,
    progress,
    report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    """A week of changes in Chuhuiv, and some elsewhere or from before."""
    chuhuiv, malynivka = community("chuhuiv"), community("malynivka")
    speeding = priority(chuhuiv, issue_en="Speeding", issue="Швидкість біля школи")
    progress(speeding, "Рейд біля школи проведено.", days_ago=2)
    progress(speeding, "Old news.", days_ago=20)
    progress(priority(malynivka, issue="Собаки"), "Elsewhere.", days_ago=2)
    report("chuhuiv-new", place=chuhuiv, title="Новий звіт Чугуєва")
    report("raion-new", title="Новий звіт району")
    report(
        "chuhuiv-old",
        place=chuhuiv,
        title="Давній звіт",
        published_at=timezone.now() - timedelta(days=30),
    )
    report("chuhuiv-draft", place=chuhuiv, status="draft", title="Чернетка")
    return chuhuiv


def test_a_confirmed_follower_gets_the_changes_of_their_community(week):
    follower(week, confirmed_days_ago=7)

    sent = tasks.send_digests()

    assert sent == 1
    message = OutboxMessage.objects.get()
    assert message.to == "deputy@example.org"
    assert "Рейд біля школи проведено." in message.body
    assert "Новий звіт Чугуєва" in message.body
    assert "Новий звіт району" in message.body
    for old_or_elsewhere in ["Old news", "Давній звіт", "Чернетка", "Elsewhere"]:
        assert old_or_elsewhere not in message.body
    follow = Follow.objects.get()
    assert f"/accountability/following/{follow.token}/stop/" in message.body


def test_an_unconfirmed_follower_gets_nothing(week):
    follower(week, created_at=timezone.now() - timedelta(days=7))

    assert tasks.send_digests() == 0
    assert not OutboxMessage.objects.exists()


def test_nothing_is_sent_when_nothing_changed():
    follower(community("quiet"), confirmed_days_ago=7)

    assert tasks.send_digests() == 0
    assert not OutboxMessage.objects.exists()


def test_no_digest_is_sent_twice_within_six_days(week):
    follow = follower(week, confirmed_days_ago=7)
    tasks.send_digests()
    progress(week.priorities.get(), "Ще один рейд.", days_ago=0)

    second = actions.send_digest(follow.pk)

    assert second is False
    assert OutboxMessage.objects.count() == 1


def test_a_follower_digested_five_days_ago_waits(week):
    follower(week, confirmed_days_ago=5)

    assert tasks.send_digests() == 0


def test_the_next_digest_holds_only_what_changed_since_the_last(week):
    follow = follower(week, confirmed_days_ago=14)
    Follow.objects.filter(pk=follow.pk).update(
        last_digest_at=timezone.now() - timedelta(days=6, hours=1)
    )
    progress(week.priorities.get(), "Already in the last digest.", days_ago=10)

    tasks.send_digests()

    body = OutboxMessage.objects.get().body
    assert "Рейд біля школи проведено." in body
    assert "Already in the last digest" not in body


def test_a_follower_of_one_priority_gets_only_its_progress(week):
    speeding = week.priorities.get()
    other = priority(week, issue_en="Lights", issue="Світло")
    progress(other, "Лампи замовлено.", days_ago=1)
    follower(priority=speeding, confirmed_days_ago=7)

    tasks.send_digests()

    body = OutboxMessage.objects.get().body
    assert "Рейд біля школи проведено." in body
    assert "Лампи замовлено." not in body and "Новий звіт" not in body
