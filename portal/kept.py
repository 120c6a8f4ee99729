"""Pages and parts of pages kept in the cache, as the apps declare them.

An app lists what it keeps in its AppConfig, as it declares its Area:

    kept = (
        Kept("news-list", models=("news.Article", "news.Topic"), by=("kind",),
             query=("topic", "community", "page"), timeout=60),
    )

Each `Kept` has a name, the models whose changes make its copies stale, what a copy
varies by (the language, the values a view passes, the query parameters it reads) and
how long a copy lives. `portal` connects post_save, post_delete and m2m_changed of
every declared model once (`connect`, from PortalConfig.ready) and, after the commit,
makes every copy of the names concerned stale. Views and template tags read and fill
the copies through `value`, `html` and `page`; templates through `{% kept %}`.

A copy is stored with its name's version, and making a name stale changes the
version, so every web process stops using the old copies at once without having to
find them. A version the cache lost (evicted, flushed) starts again from the clock,
never from a number it had before, so no old copy becomes current again; versions
also carry the release, so a deployment with changed templates or code starts with
fresh copies.
What is kept is built from the primary database, never from a replica that may lack
the change that made the old copy stale. When the cache is down, everything is built
afresh instead of failing the page.
"""

import functools
import hashlib
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache as once
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.fields.reverse_related import ManyToManyRel
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.db import primary_reads

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """A page or a part of one kept in the cache: see the module's docstring."""

    name: str
    # "app.Model": a row saved, deleted, or added to or removed from a many-to-many
    # relation makes every copy stale.
    models: tuple[str, ...] = ()
    # Of `models`, those whose new rows leave the copies as they are: they reach them
    # when the copies expire. For rows that arrive in streams (hotline filings), which
    # would otherwise have the copies built again for nearly every visit.
    arrivals: tuple[str, ...] = ()
    # The values a view passes to tell copies apart (a slug, a page number).
    by: tuple[str, ...] = ()
    # The query parameters a copy is kept per, read from the request: any other
    # parameter of a visitor's address makes no copy of its own.
    query: tuple[str, ...] = ()
    # Seconds a copy lives at most.
    timeout: int = 3600
    # A copy per language, unless what is kept reads no translation.
    languages: bool = True
    # Names of the kept things that show this one: they turn stale with it.
    part_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Until:
    """What a build returns when its copy turns stale by itself at `moment` (an
    event's registration opening, say), with no change to any row."""

    value: Any
    moment: datetime | None


@dataclass(frozen=True)
class Unkept:
    """What a build returns to show `value` this once without keeping it (the
    answer to a filter no form writes, which would fill the cache with copies)."""

    value: Any


# Declarations


@once
def declared() -> dict[str, Kept]:
    """Every app's declarations, by name."""
    found: dict[str, Kept] = {}
    for config in apps.get_app_configs():
        for item in getattr(config, "kept", ()):
            if item.name in found:
                raise ImproperlyConfigured(f"Kept {item.name!r} is declared twice.")
            found[item.name] = item
    for item in found.values():
        for container in item.part_of:
            if container not in found:
                raise ImproperlyConfigured(
                    f"Kept {item.name!r} is part of {container!r}, which no app keeps."
                )
        if not set(item.arrivals) <= set(item.models):
            raise ImproperlyConfigured(
                f"Kept {item.name!r}: its arrivals must be among its models."
            )
    return found


def get(name: str) -> Kept:
    try:
        return declared()[name]
    except KeyError:
        raise ImproperlyConfigured(f"No app declares a kept {name!r}.") from None


def _with_containers(name: str) -> set[str]:
    """`name` and every kept thing that shows it, however deep."""
    names, waiting = set(), [name]
    while waiting:
        current = waiting.pop()
        if current not in names:
            names.add(current)
            waiting.extend(get(current).part_of)
    return names


@dataclass(frozen=True)
class Staleness:
    """The names a model's rows make stale: when a row is added, when one changes."""

    added: frozenset[str]
    changed: frozenset[str]


@once
def staleness() -> dict[type[models.Model], Staleness]:
    """For every declared model, the names its changes make stale."""
    added: dict[type[models.Model], set[str]] = defaultdict(set)
    changed: dict[type[models.Model], set[str]] = defaultdict(set)
    for item in declared().values():
        names = _with_containers(item.name)
        for label in item.models:
            model = apps.get_model(label)
            changed[model] |= names
            if label not in item.arrivals:
                added[model] |= names
    return {
        model: Staleness(frozenset(added[model]), frozenset(names))
        for model, names in changed.items()
    }


def _relations(model: type[models.Model]) -> Iterable[type[models.Model]]:
    """The through models of the many-to-many relations from and to `model`."""
    for field in model._meta.get_fields(include_hidden=True):
        if field.many_to_many:
            if isinstance(field, models.ManyToManyField):
                through = field.remote_field.through
            elif isinstance(field, ManyToManyRel):
                through = field.through
            else:
                continue
            if isinstance(through, type):
                yield through


def connect() -> None:
    """Connect the signals of every declared model, once."""
    relations: dict[type[models.Model], set[str]] = defaultdict(set)
    for model, stale in staleness().items():
        uid = f"kept:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        for through in _relations(model):
            relations[through] |= stale.changed
    for through, names in relations.items():
        _relation_names[through] = frozenset(names)
        m2m_changed.connect(
            _related, sender=through, dispatch_uid=f"kept:{through._meta.label}"
        )


_relation_names: dict[type[models.Model], frozenset[str]] = {}


def _saved(sender, instance, created: bool, raw: bool = False, using=None, **kwargs):
    if raw:  # fixtures being loaded
        return
    stale = staleness()[sender]
    stale_on_commit(stale.added if created else stale.changed, using=using)


def _deleted(sender, instance, using=None, **kwargs):
    stale_on_commit(staleness()[sender].changed, using=using)


def _related(sender, action: str, using=None, **kwargs):
    if action.startswith("post_"):
        stale_on_commit(_relation_names[sender], using=using)


def rows_changed(*changed: type[models.Model], using=None) -> None:
    """For writes that send no signals (bulk_create, update()): make stale, once
    committed, whatever rows of these models show."""
    names: set[str] = set()
    for model in changed:
        if model in staleness():
            names |= staleness()[model].changed
    stale_on_commit(names, using=using)


def stale_on_commit(names: Iterable[str], *, using=None) -> None:
    """Make every copy of `names` stale once the change is committed: made stale
    earlier, a copy built from the old rows could be kept under the new version."""
    names = tuple(names)
    if names:
        transaction.on_commit(lambda: _stale(names), using=using, robust=True)


def _stale(names: Iterable[str]) -> None:
    from portal.throttle import count

    for name in names:
        try:
            count(_version_key(name), None, start=_fresh())
        except Exception as error:  # the cache is down; its copies went with it
            logger.warning("Kept %s not made stale: %s", name, type(error).__name__)


# Versions


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


def _version_key(name: str) -> str:
    return f"kept-version:{name}"


def version(name: str) -> str:
    """The current version of `name`'s copies."""
    number = cache.get_or_set(_version_key(get(name).name), _fresh, None)
    return f"{release()}.{number}"


# Copies


def _parts(item: Kept, request: HttpRequest | None, by: dict, *, path: str = "") -> str:
    """What tells one copy of `item` from another, as a digest: what visitors type
    stays out of the keys, and keys stay short."""
    if set(by) != set(item.by):
        raise TypeError(
            f"Kept {item.name!r} is kept by {sorted(item.by)}, not {sorted(by)}."
        )
    if item.query and request is None:
        raise TypeError(f"Kept {item.name!r} reads the request's query.")
    parts = [path, *(str(by[name]) for name in item.by)]
    if item.query and request is not None:
        parts += [request.GET.get(name, "") for name in item.query]
    if item.languages:
        parts.append(get_language() or "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def value(
    name: str,
    build: Callable[[], Any],
    *,
    request: HttpRequest | None = None,
    _path: str = "",
    **by,
) -> Any:
    """What `build` returns (figures, rows, HTML), kept as `name` declares.

    A copy is stored with the version it was built under, and the name's version
    and the copy are read together, in one round trip: a copy built under an older
    version is built again (and replaced) rather than used."""
    item = get(name)
    key = f"kept:{name}:{_parts(item, request, by, path=_path)}"
    try:
        found = cache.get_many([_version_key(name), key])
        number = found.get(_version_key(name))
        if number is None:  # a name not yet read, or a version the cache lost
            number = cache.get_or_set(_version_key(name), _fresh, None)
    except Exception as error:  # the cache is down: build without it
        logger.warning("Kept %s not read: %s", name, type(error).__name__)
        return unwrap(build())
    current = f"{release()}.{number}"
    stored = found.get(key)
    if stored is not None:
        built_under, kept, moment = stored
        if built_under == current and (moment is None or timezone.now() < moment):
            return kept
    # Stored inside the block too: a lazy value is read when it is pickled.
    with primary_reads():
        built = build()
        if isinstance(built, Unkept):
            return built.value
        moment = built.moment if isinstance(built, Until) else None
        kept = built.value if isinstance(built, Until) else built
        timeout = item.timeout
        if moment is not None:
            left = (moment - timezone.now()).total_seconds()
            timeout = max(1, min(timeout, math.ceil(left)))
        try:
            cache.set(key, (current, kept, moment), timeout)
        except Exception as error:
            logger.warning("Kept %s not stored: %s", name, type(error).__name__)
    return kept


def unwrap(built: Any) -> Any:
    """What a build's result shows, whether it was to be kept or not."""
    return built.value if isinstance(built, Until | Unkept) else built


def html(
    name: str, build: Callable[[], Any], *, request: HttpRequest | None = None, **by
) -> SafeString:
    """The HTML that `build` renders from templates, kept as `name` declares."""
    return mark_safe(value(name, build, request=request, **by))  # noqa: S308


def page(
    request: HttpRequest,
    name: str,
    template: str,
    context: Callable[[], dict],
    *,
    everyone: bool = False,
    keep: Callable[[dict], bool] | None = None,
    **by,
) -> HttpResponse:
    """The page of `template` with what `context()` returns, kept as `name`
    declares for anonymous readers (for `everyone`, signed-in readers too); a
    `keep` that says no for the context shows the page without keeping it.

    Signed-in readers of a page not kept for everyone get a page of their own: they
    are the ones changing what it shows, and they may have messages waiting.
    """
    if not everyone and request.user.is_authenticated:
        return render(request, template, context())

    def build() -> str | Unkept:
        shown = context()
        # No messages: they belong to one visitor, not to a shared page.
        html = render_to_string(template, {**shown, "messages": ()}, request)
        return html if keep is None or keep(shown) else Unkept(html)

    # A page names its own address (canonical link, language switch): two
    # addresses of one page, such as this month's, are two copies.
    built = value(name, build, request=request, _path=request.path, **by)
    return HttpResponse(mark_safe(built))  # noqa: S308 (rendered from a template)


# What a kept answer keeps of its headers besides its content type.
KEPT_HEADERS = ("Content-Disposition", "Last-Modified", "X-Robots-Tag")


def response(name: str, **fixed):
    """A view decorator: the view's whole answer (content, content type, and the
    headers of KEPT_HEADERS) kept as `name` declares, by the view's URL arguments
    and `fixed` values. For answers that show every reader the same (feeds,
    calendars, sitemaps); anything but a 200 is passed on and not kept."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def kept_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            def build():
                answer = view(request, *args, **kwargs)
                if answer.status_code != 200 or answer.streaming:
                    return Unkept(answer)
                if hasattr(answer, "render"):
                    answer.render()
                headers = {h: answer[h] for h in KEPT_HEADERS if answer.has_header(h)}
                return answer.content, answer["Content-Type"], headers

            stored = value(
                name, build, request=request, _path=request.path, **kwargs, **fixed
            )
            if isinstance(stored, HttpResponse):
                return stored
            content, content_type, headers = stored
            return HttpResponse(content, content_type=content_type, headers=headers)

        return kept_view

    return decorator
