"""Rendered HTML kept in the cache, under keys that carry a version number.

Changing the data a fragment shows bumps its version (`bump`), so every web process
stops using the old HTML at once, without having to find and delete it. When the cache
is down, fragments are rendered afresh instead of failing the page.
"""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)
TIMEOUT = 3600


def version(name: str) -> int:
    return cache.get_or_set(f"fragment-version:{name}", 1, None)


def bump(name: str) -> None:
    """Make every cached fragment of `name` stale."""
    from portal.throttle import count

    try:
        # A counter that starts anew if evicted: any change of number makes the old
        # fragments unreachable.
        count(f"fragment-version:{name}", None)
    except Exception as error:  # the cache is down; its fragments went with it
        logger.warning("Fragment %s not bumped: %s", name, type(error).__name__)


def cached_value(
    name: str, parts: tuple, build: Callable[[], object], timeout: int = TIMEOUT
):
    """What `build` returns (figures, rows), cached like a fragment of `name`."""
    try:
        key = ":".join(["value", name, str(version(name)), *map(str, parts)])
        value = cache.get(key)
    except Exception as error:  # the cache is down: compute without it
        logger.warning("Value %s not read: %s", name, type(error).__name__)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            logger.warning("Value %s not stored: %s", name, type(error).__name__)
    return value


def cached_html(
    name: str, parts: tuple, build: Callable[[], str], timeout: int = TIMEOUT
) -> SafeString:
    """The HTML that `build` renders, cached per `name`, its version and `parts`,
    for at most `timeout` seconds."""
    try:
        key = ":".join(["fragment", name, str(version(name)), *map(str, parts)])
        html = cache.get(key)
    except Exception as error:  # the cache is down: render without it
        logger.warning("Fragment %s not read: %s", name, type(error).__name__)
        return mark_safe(build())  # noqa: S308 (build renders a template)
    if html is None:
        html = build()
        try:
            cache.set(key, html, timeout)
        except Exception as error:
            logger.warning("Fragment %s not stored: %s", name, type(error).__name__)
    return mark_safe(html)  # noqa: S308 (what build rendered from a template)
