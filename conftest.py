"""Fixtures shared by every app's tests.

Tests that need Redis or a browser skip with the reason when those are missing, unless
REQUIRE_SERVICES=1 (CI sets it), when they fail instead.
"""

import os
from pathlib import Path
from typing import NoReturn

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def missing_service(reason: str) -> NoReturn:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}; REQUIRE_SERVICES=1 requires it")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's business; the tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    from portal import throttle

    cache.clear()
    # The process's copy of the day's pseudonym key went with the cache; keeping it
    # would let a refresh in the middle of a test change the key and its counts.
    throttle._memo.clear()


@pytest.fixture(autouse=True)
def _no_open_data_files_from_another_test(settings):
    """Open data files live up to OPEN_DATA_MINUTES; each test writes its own."""
    import shutil

    shutil.rmtree(Path(settings.MEDIA_ROOT) / "opendata", ignore_errors=True)


@pytest.fixture(autouse=True)
def _rate_limit_windows_stand_still(monkeypatch):
    """Rate limits count in fixed windows of the clock; a test that crossed the turn
    of an hour would see its count start again. The limits' clock stands still at the
    start of a day during each test (their key rotation keeps the real clock)."""
    import time
    from types import SimpleNamespace

    from portal import throttle

    start_of_day = time.time() // 86400 * 86400 + 1
    clock = SimpleNamespace(time=lambda: start_of_day, monotonic=time.monotonic)
    monkeypatch.setattr(throttle, "time", clock)


@pytest.fixture(autouse=True, scope="session")
def _eager_celery():
    """Tasks run in the test process; tests of the real worker path switch this off."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        missing_service("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at REDIS_URL does not answer: {error}")
    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        missing_service(
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True, scope="session")
def _staff_signed_in_by_tests_pass_the_second_factor():
    """The test client's force_login and login sign staff in as the back office
    does only after the second step: with a real, confirmed authenticator app
    (tests.factories.totp_device) that the session has passed, as django_otp.login
    marks it. The portal's own check stays as in production; tests of the second
    step log in through the log-in form, which asks for it."""
    from django.test.client import ClientMixin

    from portal.two_factor import needs_second_factor
    from tests.factories.two_factor import pass_second_factor, totp_device

    signed_in = getattr(ClientMixin, "_login")  # noqa: B009 (not in the stubs)

    def _login(client, user, backend=None):
        signed_in(client, user, backend)
        if needs_second_factor(user):
            pass_second_factor(client.session, totp_device(user))

    setattr(ClientMixin, "_login", _login)  # noqa: B010
    yield
    setattr(ClientMixin, "_login", signed_in)  # noqa: B010


@pytest.fixture
def role_user(db, django_user_model):
    """Make a user in one of the roles of portal/roles.py: role_user("operator")."""
    from django.contrib.auth.models import Group

    from portal.roles import ROLES_BY_KEY

    def make(role_key: str, username: str | None = None):
        role = ROLES_BY_KEY[role_key]
        user = django_user_model.objects.create_user(
            username=username or role_key,
            password="correct-horse-battery-staple",
            is_staff=role.staff,
        )
        user.groups.add(Group.objects.get(name=role.group))
        return user

    return make


@pytest.fixture
def axe_page(browser):
    """A page for accessibility audits.

    axe-core is injected as an inline script, which the portal's policy forbids; the
    policy is bypassed for this audit context only, instead of being loosened.
    """
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def serious_violations(page) -> list[tuple[str, list]]:
    """What axe-core reports as serious or critical on the page, with a few targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
