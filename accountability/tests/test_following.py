"""Following a community or a priority by e-mail: a confirmed address, and a link
that deletes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accountability.models import Follow
from portal.models import OutboxMessage
from portal.retention import erase_expired
from tests.factories import community, follower, priority

pytestmark = pytest.mark.django_db


def test_following_a_community_queues_a_confirmation_email(client):
    community("chuhuiv")

    response = client.post(
        "/en/accountability/follow/community/chuhuiv/",
        {"email": " Deputy@Example.org ", "homepage": ""},
    )

    assert response.status_code == 200
    assert "Check your e-mail" in response.text
    stored = Follow.objects.get()
    assert (stored.email, stored.language, stored.confirmed_at) == (
        "deputy@example.org",
        "en",
        None,
    )
    message = OutboxMessage.objects.get()
    assert message.to == "deputy@example.org"
    assert f"/en/accountability/following/{stored.token}/" in message.body
    assert message.erase_body_when_sent


def test_following_a_priority_queues_a_confirmation_email(client):
    item = priority()

    client.post(
        f"/accountability/follow/priority/{item.pk}/", {"email": "a@example.org"}
    )

    assert Follow.objects.get().priority == item
    assert OutboxMessage.objects.get().to == "a@example.org"


def test_a_bad_address_is_refused_with_the_value_kept(client):
    community("chuhuiv")

    response = client.post(
        "/en/accountability/follow/community/chuhuiv/", {"email": "not-an-address"}
    )

    assert response.status_code == 400
    assert 'value="not-an-address"' in response.text
    assert "Enter a valid email address." in response.text
    assert not Follow.objects.exists() and not OutboxMessage.objects.exists()


def test_following_an_unknown_community_is_not_found(client):
    response = client.post(
        "/accountability/follow/community/nowhere/", {"email": "a@example.org"}
    )

    assert response.status_code == 404


def test_asking_again_sends_the_confirmation_again_without_a_second_row(client):
    community("chuhuiv")
    url = "/accountability/follow/community/chuhuiv/"

    client.post(url, {"email": "a@example.org"})
    client.post(url, {"email": "A@example.org"})

    assert Follow.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_opening_the_confirmation_link_does_not_confirm(client):
    follow = follower()

    page = client.get(f"/en/accountability/following/{follow.token}/")

    assert page.status_code == 200
    assert 'method="post"' in page.text
    follow.refresh_from_db()
    assert follow.confirmed_at is None


def test_pressing_the_button_confirms(client):
    follow = follower()

    page = client.post(f"/en/accountability/following/{follow.token}/")

    assert "You are following" in page.text
    follow.refresh_from_db()
    assert follow.confirmed_at is not None
    assert follow.last_digest_at == follow.confirmed_at


def test_an_unknown_confirmation_link_is_not_found(client):
    assert client.post("/accountability/following/nope/").status_code == 404


def test_the_stop_link_deletes_the_follower_on_post_only(client):
    follow = follower(confirmed_days_ago=3)
    url = f"/en/accountability/following/{follow.token}/stop/"

    shown = client.get(url)
    assert Follow.objects.exists()
    stopped = client.post(url)

    assert 'method="post"' in shown.text
    assert "Your e-mail address was deleted." in stopped.text
    assert not Follow.objects.exists()


def test_a_used_stop_link_says_so(client):
    follow = follower()
    url = f"/en/accountability/following/{follow.token}/stop/"
    client.post(url)

    assert "no longer valid" in client.post(url).text
    assert "no longer valid" in client.get(url).text


def test_unconfirmed_follows_are_forgotten_after_seven_days():
    old = timezone.now() - timedelta(days=8)
    follower(community("a"), "old@example.org", created_at=old)
    follower(community("b"), "new@example.org")
    follower(community("c"), "kept@example.org", created_at=old, confirmed_days_ago=8)

    forgotten = erase_expired()

    assert forgotten["accountability.unconfirmed_followers"] == 1
    assert set(Follow.objects.values_list("email", flat=True)) == {
        "new@example.org",
        "kept@example.org",
    }


def test_a_filled_in_hidden_field_gives_the_program_away(client):
    community("chuhuiv")

    response = client.post(
        "/en/accountability/follow/community/chuhuiv/",
        {"email": "bot@example.org", "homepage": "http://spam.example"},
    )

    assert response.status_code == 400
    assert not Follow.objects.exists() and not OutboxMessage.objects.exists()
