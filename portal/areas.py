"""The areas of the portal (hotline, surveys, events...) and the hooks apps declare.

`portal` imports no feature app. An app that has public pages declares an `Area` as the
`portal_area` attribute of its AppConfig; the header navigation and the home page are
built from those declarations, so an area appears once its app fills it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Area:
    """A public area of the portal: its title, entry page and home-page block."""

    title: str | Promise
    url_name: str
    order: int
    # Dotted path to `function(request) -> dict | None`: the context of the area's block
    # on the home page, rendered with `home_template`. None hides the block.
    home_context: str = ""
    home_template: str = ""
    # Dotted path to `function(community) -> dict | None`: the context of the area's
    # block on the community page (/communities/<slug>/), rendered with
    # `community_template`, in `community_order`. The function runs a fixed number
    # of queries whatever the data. `community_models` ("app.Model") are the models
    # whose changes make the cached community pages stale.
    community_context: str = ""
    community_template: str = ""
    community_order: int = 0
    community_models: tuple[str, ...] = ()


def app_hooks(attribute: str) -> list[Callable]:
    """The functions that installed apps name in their AppConfig under `attribute`.

    Apps declare, as dotted paths: `seed_demo` (function(stdout), the demo data),
    `search_kinds`, `sitemaps`, `feeds` and `comment_targets` (read where each is
    collected: portal.search, portal.sitemaps, portal.templatetags.page_meta and
    news.comments).
    """
    return [
        import_string(getattr(config, attribute))
        for config in apps.get_app_configs()
        if getattr(config, attribute, None)
    ]


def portal_areas() -> list[Area]:
    declared = (
        getattr(config, "portal_area", None) for config in apps.get_app_configs()
    )
    return sorted((area for area in declared if area), key=lambda area: area.order)


def home_blocks(request) -> list[SafeString]:
    """The rendered home-page block of every area that provides one."""
    blocks = []
    for area in portal_areas():
        if not area.home_context:
            continue
        context = import_string(area.home_context)(request)
        if context is not None:
            context = {"area": area, **context}
            # Rendered without the request: blocks need none of the context
            # processors, which would run again for every block.
            blocks.append(render_to_string(area.home_template, context))
    return blocks


def community_blocks(request, community) -> list[SafeString]:
    """The rendered community-page block of every area that provides one."""
    blocks = []
    areas = sorted(
        (area for area in portal_areas() if area.community_context),
        key=lambda area: area.community_order,
    )
    for area in areas:
        context = import_string(area.community_context)(community)
        if context is not None:
            context = {"area": area, "community": community, **context}
            blocks.append(render_to_string(area.community_template, context))
    return blocks


def community_models() -> set[str]:
    return {model for area in portal_areas() for model in area.community_models}
