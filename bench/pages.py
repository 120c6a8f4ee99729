"""What `make bench` measures: a page, and what its requests carry."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchPage:
    """A page that `make bench` measures against a floor view.

    `floor` is "read" (the one-query view) for pages, "insert" (the one-row insert) for
    submissions. `target` is the lowest acceptable ratio to the floor, where an issue
    sets one.
    """

    label: str
    path: str
    method: str = "GET"
    body: str = ""
    floor: str = "read"
    target: float | None = None
    headers: tuple[tuple[str, str], ...] = ()
    # True: every request appends to the path's last value a mark that no other
    # request carries (a run of "-" and "."), so nothing kept for an earlier request
    # can answer it. For pages that keep what they show per value, such as the search.
    fresh: bool = False


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie value and a matching form token, for POSTs made by a load tool."""
    # Django's own private helpers, which its stubs leave out.
    from django.middleware.csrf import (  # type: ignore[attr-defined]
        _get_new_csrf_string,
        _mask_cipher_secret,
    )

    secret = _get_new_csrf_string()
    return secret, _mask_cipher_secret(secret)


def signed_in_cookie() -> str:
    """A Cookie header value for a signed-in reader without staff rights.

    Pages that cache what anonymous visitors see render afresh for signed-in people,
    so this measures them uncached.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    user, _created = User.objects.get_or_create(
        username="bench-reader", defaults={"is_staff": False}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
