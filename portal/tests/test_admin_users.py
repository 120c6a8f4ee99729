"""Coordinators manage accounts and roles but cannot raise anyone's rights."""

import pytest
from django.contrib.auth.models import Group, Permission, User


@pytest.fixture
def coordinator_client(client, role_user):
    client.force_login(role_user("coordinator"))
    return client


def test_coordinator_does_not_see_superuser_or_permission_fields(
    coordinator_client, role_user
):
    operator = role_user("operator")

    response = coordinator_client.get(f"/en/admin/auth/user/{operator.pk}/change/")

    assert response.status_code == 200
    assert 'name="groups"' in response.text
    assert 'name="is_superuser"' not in response.text
    assert 'name="user_permissions"' not in response.text


def test_coordinator_cannot_make_a_superuser_or_grant_permissions(
    coordinator_client, role_user
):
    operator = role_user("operator")
    permission = Permission.objects.get(codename="delete_auditentry")
    group = Group.objects.get(name="hotline operator")

    response = coordinator_client.post(
        f"/en/admin/auth/user/{operator.pk}/change/",
        {
            "username": "operator",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": [permission.pk],
            "groups": [group.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302
    operator.refresh_from_db()
    assert not operator.is_superuser
    assert not operator.user_permissions.exists()


def test_coordinator_can_only_assign_role_groups(coordinator_client, role_user):
    operator = role_user("operator")
    Group.objects.create(name="custom powers")

    response = coordinator_client.get(f"/en/admin/auth/user/{operator.pk}/change/")

    assert "custom powers" not in response.text
    assert "hotline operator" in response.text


def test_coordinator_cannot_see_or_open_superusers(coordinator_client, admin_user):
    listing = coordinator_client.get("/en/admin/auth/user/")
    detail = coordinator_client.get(f"/en/admin/auth/user/{admin_user.pk}/change/")

    assert admin_user not in listing.context["cl"].queryset
    assert detail.status_code == 302  # the admin redirects: no such user for them


def test_coordinator_cannot_edit_role_groups(coordinator_client):
    group = Group.objects.get(name="deputy")

    response = coordinator_client.post(
        f"/en/admin/auth/group/{group.pk}/change/", {"name": "deputy"}
    )

    assert response.status_code == 403


def test_deputy_and_resident_cannot_enter_the_back_office(client, role_user):
    for role in ["deputy", "resident"]:
        client.force_login(role_user(role))
        response = client.get("/en/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert User.objects.filter(is_staff=True).count() == 0
