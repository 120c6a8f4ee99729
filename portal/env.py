"""Reading the portal's configuration from the environment.

Every helper raises ImproperlyConfigured with the variable's name when a value cannot
be used, so that a typo stops the portal at start-up instead of surfacing later as a
strange behaviour.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def is_set(name: str) -> bool:
    return _raw(name) is not None


def string(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (also 1/0, yes/no, on/off), not {value!r}."
    )


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def choice(name: str, default: str, options: list[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in options:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(options)}, not {value!r}."
        )
    return value


def string_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list.")
    return items


def database(name: str, default: str) -> dict:
    """A DATABASES entry from a URL; only PostgreSQL and SQLite are supported."""
    value = _raw(name) or default
    scheme = urlsplit(value).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL, not one with scheme "
            f"{scheme!r}."
        )
    try:
        return dj_database_url.parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} is not a valid database URL: {error}"
        ) from None


def redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss", "unix"} or not (
        parts.hostname or parts.path
    ):
        raise ImproperlyConfigured(
            f"{name} must look like redis://host:6379/0 (or rediss://, unix://), "
            f"not {value!r}."
        )
    return value


def email(name: str, default: str) -> dict:
    """E-mail settings from a URL such as smtp://user:password@host:587/?tls=True."""
    value = _raw(name) or default
    scheme = urlsplit(value).scheme
    if scheme not in dj_email_url.SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start with one of "
            f"{', '.join(s + '://' for s in sorted(dj_email_url.SCHEMES))}, "
            f"not {value!r}."
        )
    try:
        return dj_email_url.parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} is not a valid e-mail URL: {error}"
        ) from None
