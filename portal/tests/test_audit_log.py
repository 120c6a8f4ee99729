"""The audit log is written by one helper and is read-only in the back office."""

import pytest
from django.urls import reverse

from portal import audit
from portal.models import AuditEntry, Community


@pytest.fixture
def community(db):
    return Community.objects.create(
        slug="chuhuiv", name="Чугуївська", name_en="Chuhuiv", kind="urban"
    )


@pytest.fixture
def entry(role_user, community):
    return audit.record(
        "portal.community.renamed",
        actor=role_user("coordinator"),
        obj=community,
        old="A",
    )


def test_record_keeps_actor_object_and_data(entry, community):
    entry.refresh_from_db()

    assert entry.actor.username == "coordinator"
    assert entry.actor_label == "coordinator"
    assert entry.action == "portal.community.renamed"
    assert entry.content_type.model_class() is Community
    assert entry.object_id == str(community.pk)
    assert entry.data == {"old": "A"}


def test_record_without_a_user_is_the_portal_acting(db, community):
    from django.contrib.auth.models import AnonymousUser

    entry = audit.record("portal.sweep", actor=AnonymousUser(), obj=community)

    assert entry.actor is None
    assert entry.actor_label == ""


def test_an_entry_cannot_be_changed_once_written(entry):
    entry.action = "something.else"

    with pytest.raises(ValueError, match="never changed"):
        entry.save()


def test_the_entry_survives_the_deletion_of_its_actor(entry):
    entry.actor.delete()
    entry.refresh_from_db()

    assert entry.actor is None
    assert entry.actor_label == "coordinator"


def test_monitor_reads_the_audit_log_in_the_admin(client, role_user, entry):
    client.force_login(role_user("monitor"))

    changelist = client.get(reverse("admin:portal_auditentry_changelist"))
    detail = client.get(reverse("admin:portal_auditentry_change", args=[entry.pk]))

    assert changelist.status_code == 200
    assert "portal.community.renamed" in changelist.text
    assert detail.status_code == 200
    assert 'name="action"' not in detail.text  # shown as text, not as a field


@pytest.mark.parametrize("role", ["operator", "press", "analyst"])
def test_roles_without_the_permission_cannot_open_the_audit_log(
    client, role_user, entry, role
):
    client.force_login(role_user(role))

    response = client.get(reverse("admin:portal_auditentry_changelist"))

    assert response.status_code == 403


def test_nobody_can_add_change_or_delete_entries_in_the_admin(
    client, admin_user, entry
):
    client.force_login(admin_user)
    change_url = reverse("admin:portal_auditentry_change", args=[entry.pk])

    add = client.get(reverse("admin:portal_auditentry_add"))
    change = client.post(change_url, {"action": "forged"})
    delete = client.post(
        reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:portal_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code == 200  # no bulk actions exist, so nothing happens
    entry.refresh_from_db()
    assert entry.action == "portal.community.renamed"
    assert AuditEntry.objects.count() == 2  # the entry and the admin's own log-in
