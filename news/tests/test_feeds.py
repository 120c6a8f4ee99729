"""The Atom feeds of news and of prevention guides, named in every page's head."""

import feedparser
import pytest

from tests.factories import article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["news", "prevention"])
def test_the_feed_parses_and_lists_only_published_articles_of_its_kind(client, kind):
    other = "prevention" if kind == "news" else "news"
    article("visible", kind=kind)
    article("draft", kind=kind, status="draft")
    article("scheduled", kind=kind, days_ago=-1)
    article("other-kind", kind=other)

    response = client.get(f"/{kind}/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Стаття visible"]
    assert feed.entries[0].link.endswith(f"/{kind}/visible/")
    assert feed.entries[0].summary == "Коротко про visible."


def test_the_english_feed_has_english_titles_and_addresses(client):
    article("visible")

    feed = feedparser.parse(client.get("/en/prevention/feed/").content)

    assert not feed.bozo
    assert feed.entries[0].title == "Article visible"
    assert "/en/prevention/visible/" in feed.entries[0].link


@pytest.mark.parametrize(
    ("path", "prefix"),
    [("/", ""), ("/en/hotline/", "/en"), ("/accountability/reports/", "")],
)
def test_every_page_advertises_both_feeds(client, path, prefix):
    page = client.get(path).text

    assert (
        '<link rel="alternate" type="application/atom+xml"' in page
        and f'href="{prefix}/news/feed/"' in page
        and f'href="{prefix}/prevention/feed/"' in page
    )
