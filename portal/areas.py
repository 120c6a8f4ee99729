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

from portal import kept


@dataclass(frozen=True)
class Area:
    """A public area of the portal: its title, entry page and home-page block."""

    title: str | Promise
    url_name: str
    order: int
    # Dotted path to `function(request) -> dict | None`: the context of the area's block
    # on the home page, rendered with `home_template` and kept as the app declares
    # `home_kept` (see portal.kept; part of "home-blocks"). None hides the block.
    home_context: str = ""
    home_template: str = ""
    home_kept: str = ""
    # Dotted path to `function(community) -> dict | None`: the context of the area's
    # block on the community page (/communities/<slug>/), rendered with
    # `community_template`, in `community_order`, and kept as the app declares
    # `community_kept` (by "community"; part of "community-blocks"). The function
    # runs a fixed number of queries whatever the data.
    community_context: str = ""
    community_template: str = ""
    community_order: int = 0
    community_kept: str = ""


def app_hooks(attribute: str) -> list[Callable]:
    """The functions that installed apps name in their AppConfig under `attribute`.

    Apps declare, as dotted paths: `seed_demo` (function(stdout), the demo data),
    `search_kinds`, `sitemaps`, `feeds`, `comment_targets` and `retention` (read
    where each is collected: portal.search, portal.sitemaps,
    portal.templatetags.page_meta, news.comments and portal.retention).
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
        if area.home_context:

            def build(area=area) -> str:
                context = import_string(area.home_context)(request)
                if context is None:
                    return ""
                # Rendered without the request: blocks need none of the context
                # processors, which would run again for every block.
                return render_to_string(area.home_template, {"area": area, **context})

            blocks.append(kept.html(area.home_kept, build))
    return [block for block in blocks if block]


def community_blocks(community) -> list[SafeString]:
    """The rendered community-page block of every area that provides one."""
    blocks = []
    areas = sorted(
        (area for area in portal_areas() if area.community_context),
        key=lambda area: area.community_order,
    )
    for area in areas:

        def build(area=area) -> str:
            context = import_string(area.community_context)(community)
            if context is None:
                return ""
            context = {"area": area, "community": community, **context}
            return render_to_string(area.community_template, context)

        blocks.append(kept.html(area.community_kept, build, community=community.pk))
    return [block for block in blocks if block]
