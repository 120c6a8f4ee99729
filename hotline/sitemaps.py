from django.contrib.sitemaps import Sitemap

from portal.sitemaps import PagesSitemap


def sitemaps() -> dict[str, Sitemap]:
    # Not the tracking pages: they answer a receipt code, and robots.txt keeps them
    # out of search engines.
    return {"hotline": PagesSitemap("hotline:index", "hotline:file", "hotline:stats")}
