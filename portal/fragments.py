"""Rendered HTML kept in the cache, under keys that carry a version number.

Changing the data a fragment shows bumps its version (`bump`), so every web process
stops using the old HTML at once, without having to find and delete it. When the cache
is down, fragments are rendered afresh instead of failing the page.

A version that the cache lost (evicted, flushed) starts again from the clock, never
from a number it had before, so no old fragment becomes reachable again. Keys also
carry the release: a deployment with changed templates or code starts with fresh
fragments. What is kept is built from the primary database, never from a replica that
may not have caught up with the change that made the old copy stale.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import cache as once
from pathlib import Path

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from portal.db import primary_reads

logger = logging.getLogger(__name__)
TIMEOUT = 3600


def _fresh() -> int:
    return time.time_ns() // 1000


@once
def release() -> str:
    """A short fingerprint of the portal's templates and code, taken at start-up."""
    from django.conf import settings

    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    folders = [
        folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith(".") and folder.name != "var"
    ]
    for folder in folders:
        for path in sorted(folder.glob("**/*")):
            if path.suffix in {".py", ".html", ".txt"} and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:8]


def version(name: str) -> str:
    number = cache.get_or_set(f"fragment-version:{name}", _fresh, None)
    return f"{release()}.{number}"


def bump(name: str) -> None:
    """Make every cached fragment of `name` stale."""
    from portal.throttle import count

    try:
        count(f"fragment-version:{name}", None, start=_fresh())
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
        # Stored inside the block too: a lazy value is read when it is pickled.
        with primary_reads():
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
        with primary_reads():
            html = build()
        try:
            cache.set(key, html, timeout)
        except Exception as error:
            logger.warning("Fragment %s not stored: %s", name, type(error).__name__)
    return mark_safe(html)  # noqa: S308 (what build rendered from a template)
