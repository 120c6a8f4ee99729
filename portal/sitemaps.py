"""sitemap.xml: every public page in both languages, with hreflang alternates.

Each app gives its sections in its AppConfig (`sitemaps`, a dotted path to a function
returning a dict of sections), so `portal` imports no feature app. Addresses use
SITE_URL, the portal's public address, like the canonical links of the pages.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.areas import app_hooks
from portal.models import Community


class PortalSitemap(Sitemap):
    """A section listing its pages in Ukrainian and English, with each page's
    alternates (and Ukrainian, the default, as x-default)."""

    i18n = True
    alternates = True
    x_default = True
    # Two entries per page (one per language): 10,000 addresses per file.
    limit = 5000
    # The name the section's files are kept under (portal.kept), by "section" and
    # "page": its app declares it, with the models the section lists.
    kept = "pages-sitemap"

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(PortalSitemap):
    """Pages that are not about one object: lists, forms, overviews."""

    def __init__(self, *url_names: str):
        self.url_names = url_names

    def items(self) -> list[str]:
        return list(self.url_names)

    def location(self, url_name: str) -> str:
        return reverse(url_name)


class CommunitySitemap(PortalSitemap):
    kept = "communities-sitemap"

    def items(self):
        return Community.objects.order_by("pk").only("slug")

    def location(self, community: Community) -> str:
        return reverse("community", args=[community.slug])


def sitemaps() -> dict[str, PortalSitemap]:
    """Every section, the portal's own first."""
    sections: dict[str, PortalSitemap] = {
        "pages": PagesSitemap("home", "community-list"),
        "communities": CommunitySitemap(),
    }
    for hook in app_hooks("sitemaps"):
        sections.update(hook())
    return sections
