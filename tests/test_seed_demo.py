"""`seed_demo` fills a local database once and can run again without copies."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from portal.models import Community, Settlement
from portal.roles import ROLES_BY_KEY


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_is_idempotent(debug_on):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Community.objects.count(),
        Settlement.objects.count(),
        User.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())

    assert counts[0] >= 3
    assert (
        Community.objects.count(),
        Settlement.objects.count(),
        User.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_with_the_demo_password(
    debug_on, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")

    call_command("seed_demo", stdout=io.StringIO())

    for username in [
        "resident",
        "operator",
        "monitor",
        "press",
        "analyst",
        "deputy",
        "coordinator",
    ]:
        user = User.objects.get(username=username)
        role = ROLES_BY_KEY[username]
        assert user.check_password("another-demo-password")
        assert list(user.groups.values_list("name", flat=True)) == [role.group]
        assert user.is_staff == role.staff
        assert not user.is_superuser
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("another-demo-password")


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not User.objects.exists()
