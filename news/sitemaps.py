from news.models import Article
from portal.sitemaps import PagesSitemap, PortalSitemap


class ArticleSitemap(PortalSitemap):
    kept = "news-sitemap"

    def items(self):
        return (
            Article.objects.visible().only("kind", "slug", "updated_at").order_by("pk")
        )

    def lastmod(self, article: Article):
        return article.updated_at


def sitemaps() -> dict[str, PortalSitemap]:
    return {
        "news": PagesSitemap("news:news-list", "news:prevention-list"),
        "articles": ArticleSitemap(),
    }
