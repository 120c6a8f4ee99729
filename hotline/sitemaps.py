from portal.sitemaps import PagesSitemap, PortalSitemap


def sitemaps() -> dict[str, PortalSitemap]:
    # Not the tracking pages: they answer a receipt code, and robots.txt keeps them
    # out of search engines.
    return {"hotline": PagesSitemap("hotline:index", "hotline:file", "hotline:stats")}
