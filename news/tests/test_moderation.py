"""Coordinators moderate comments in the admin: approve, reject, hide; every decision
is audited without the comment's words. Nobody else may."""

import pytest

from portal.models import AuditEntry
from tests.factories import article, comment

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/news/comment/"


def moderate(client, action, *items):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [item.pk for item in items]},
    )


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("approve", "pending", "approved"),
        ("reject", "pending", "rejected"),
        ("hide", "approved", "hidden"),
        ("approve", "flagged", "approved"),
        ("hide", "flagged", "hidden"),
        ("approve", "hidden", "approved"),
    ],
)
def test_a_coordinator_moderates_comments(client, role_user, action, before, after):
    client.force_login(role_user("coordinator"))
    page = article()
    item = comment(page, "Слова читача", status=before)

    response = moderate(client, action, item)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == after
    assert item.moderated_at is not None
    entry = AuditEntry.objects.get(action="news.comment_moderated")
    assert entry.actor is not None
    assert entry.actor.username == "coordinator"
    assert entry.data == {"comment": item.pk, "old": before, "new": after}
    assert entry.object_id == str(page.pk)
    assert "Слова читача" not in str(AuditEntry.objects.values().last())


def test_an_approved_comment_shows_on_the_page(client, role_user):
    client.force_login(role_user("coordinator"))
    page = article()
    item = comment(page, "Корисно, дякую", status="pending")

    moderate(client, "approve", item)
    client.logout()

    assert "Корисно, дякую" in client.get(f"/prevention/{page.slug}/").text


def test_approving_a_reported_comment_clears_the_reports(client, role_user):
    client.force_login(role_user("coordinator"))
    item = comment(article(), status="flagged")
    for _ in range(3):
        item.flags.create(reason="abuse")

    moderate(client, "approve", item)

    assert not item.flags.filter(reviewed=False).exists()


def test_a_move_the_statuses_do_not_allow_is_skipped_with_a_warning(client, role_user):
    client.force_login(role_user("coordinator"))
    item = comment(article(), status="approved")

    response = moderate(client, "reject", item)

    item.refresh_from_db()
    assert item.status == "approved"
    assert not AuditEntry.objects.filter(action="news.comment_moderated").exists()
    messages = client.get(response["Location"]).text
    assert "1 comment could not take that status." in messages


@pytest.mark.parametrize("role", ["press", "operator", "analyst"])
def test_other_roles_cannot_moderate(client, role_user, role):
    client.force_login(role_user(role))
    item = comment(article(), status="pending")

    response = moderate(client, "approve", item)

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "pending"


def test_the_queue_shows_reported_comments_with_their_reports(client, role_user):
    client.force_login(role_user("coordinator"))
    reported = comment(article(), "Скаржились на нього", email="w@example.org")
    for _ in range(2):
        reported.flags.create(reason="spam")
    comment(article("other"), "Ніхто не скаржився")

    queue = client.get(f"{CHANGELIST}?reported=yes").text
    detail = client.get(f"{CHANGELIST}{reported.pk}/change/").text

    assert "Скаржились на нього" in queue and "Ніхто не скаржився" not in queue
    assert "advertising or spam" in detail
    # Moderators may need to ask the writer something.
    assert "w@example.org" in detail


def test_comments_are_never_edited_in_the_admin(client, role_user):
    client.force_login(role_user("coordinator"))
    item = comment(article(), "Оригінал")

    response = client.post(
        f"{CHANGELIST}{item.pk}/change/", {"text": "Змінено модератором"}
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text == "Оригінал"
