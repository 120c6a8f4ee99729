"""Every public page names its canonical address and carries Open Graph and Twitter
card tags, so that a shared link shows a title, a description and a picture."""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.pages import PUBLIC_PAGES, fill, make_page_data

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.title = {}, {}, ""
        self.alternates: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            self.meta.setdefault(key, attributes.get("content"))
        elif tag == "link" and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"]] = attributes.get("href") or ""
        elif tag == "link":
            self.links.setdefault(attributes.get("rel"), attributes.get("href"))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head(response) -> _Head:
    parser = _Head()
    parser.feed(response.text[: response.text.index("</head>")])
    return parser


def test_every_public_page_has_a_canonical_address_and_sharing_tags(client):
    ids = make_page_data()
    # The admin's log-in page is Django's own and is kept out of search engines.
    pages = [path for path in PUBLIC_PAGES if "/admin/" not in path]
    for path in fill(pages, ids):
        tags = head(client.get(path))

        for key in [
            "og:title",
            "og:description",
            "og:image",
            "og:url",
            "og:type",
            "og:site_name",
            "og:locale",
            "twitter:card",
            "twitter:title",
            "twitter:description",
            "twitter:image",
        ]:
            assert tags.meta.get(key), (path, key)
        assert tags.links["canonical"].startswith(SITE + "/"), path
        assert tags.meta["og:url"] == tags.links["canonical"], path
        assert tags.meta["og:image"].startswith(SITE + "/"), path
        assert tags.title.startswith(tags.meta["og:title"]), path


def test_every_public_page_names_itself_in_both_languages(client):
    """hreflang alternates in the head, as in the sitemap: search engines show
    English readers the English page."""
    ids = make_page_data()
    pages = [path for path in PUBLIC_PAGES if "/admin/" not in path]
    for path in fill(pages, ids):
        response = client.get(path)
        if response.status_code == 404:
            assert not head(response).alternates, "a missing page names no other"
            continue
        tags = head(response)
        english = path if path.startswith("/en/") else "/en" + path
        ukrainian = path.removeprefix("/en")

        assert set(tags.alternates) == {"uk", "en", "x-default"}, path
        assert tags.alternates["uk"] == SITE + ukrainian.split("?")[0], path
        assert tags.alternates["en"] == SITE + english.split("?")[0], path
        assert tags.alternates["x-default"] == tags.alternates["uk"], path
        language = "en" if path.startswith("/en/") else "uk"
        assert tags.alternates[language] == tags.links["canonical"].split("?")[0]


def test_the_canonical_address_drops_filters_but_keeps_the_page(client):
    tags = head(client.get("/en/news/?topic=project&page=2&utm_source=x"))

    assert tags.links["canonical"] == f"{SITE}/en/news/?page=2"


def test_an_article_is_shared_with_its_own_picture_and_dates(
    client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tests.factories import article

    settings.MEDIA_ROOT = tmp_path
    item = article("with-cover", cover_alt="Телефон")
    item.cover.save("cover.jpg", ContentFile(b"picture"), save=True)

    tags = head(client.get(f"/prevention/{item.slug}/"))

    assert tags.meta["og:type"] == "article"
    assert tags.meta["og:title"] == "Стаття with-cover"
    assert tags.meta["og:description"] == "Коротко про with-cover."
    assert tags.meta["og:image"] == f"{SITE}{item.cover.url}"
    assert tags.meta["og:image:alt"] == "Телефон"
    published = timezone.localtime(item.published_at).isoformat(timespec="seconds")
    assert tags.meta["article:published_time"].startswith(published[:19])
    assert tags.meta["og:locale"] == "uk_UA"


def test_a_report_page_shares_through_plain_links(client):
    from tests.factories import report

    item = report()

    page = client.get(f"/en/accountability/reports/{item.slug}/").text
    address = f"{SITE}/en/accountability/reports/{item.slug}/".replace(
        ":", "%3A"
    ).replace("/", "%2F")

    assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in page
    assert f'href="https://t.me/share/url?url={address}&amp;text=' in page
    assert 'href="viber://forward?text=' in page
    assert f'href="https://x.com/intent/tweet?url={address}&amp;text=' in page
    assert "Copy link" in page
    assert "<iframe" not in page
