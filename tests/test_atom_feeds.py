"""Every Atom feed of the portal keeps the rules of RFC 4287 that the W3C Feed
Validator checks, in both languages: a feed has an id, a title, an updated time and
an author (or every entry has one), a link to itself and one to its page; each entry
has an id, a title, an updated time and a link to its page; ids and times are well
formed. The feeds are also read by feedparser without complaint."""

import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlparse

import feedparser
import pytest

from tests.factories import article, report

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/news/feed/", "/prevention/feed/", "/accountability/reports/feed/"]


def parse(xml: bytes | str) -> ET.Element:
    return ET.fromstring(xml)  # noqa: S314 (the portal's own feeds)


def well_formed_iri(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme and (parsed.netloc or parsed.scheme in {"tag", "urn"}))


def rfc3339(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"{value} has no time zone"
    return moment


def check(feed) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that is missing."""
    problems = []

    def one(parent, tag, where):
        found = parent.findall(ATOM + tag)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{tag}")
        return found[0] if found else None

    for tag in ("id", "title", "updated"):
        one(feed, tag, "feed")
    if (element := feed.find(ATOM + "id")) is not None and not well_formed_iri(
        element.text or ""
    ):
        problems.append(f"feed: id {element.text!r} is not an IRI")
    links = {link.get("rel", "alternate"): link for link in feed.findall(ATOM + "link")}
    if "self" not in links or "alternate" not in links:
        problems.append("feed: needs rel=self and rel=alternate links")
    entries = feed.findall(ATOM + "entry")
    feed_author = feed.find(ATOM + "author")
    if feed_author is None and not all(e.find(ATOM + "author") for e in entries):
        problems.append("feed: no atom:author, and not every entry has one")
    for author in feed.iter(ATOM + "author"):
        if not (author.findtext(ATOM + "name") or "").strip():
            problems.append("author without a name")
    seen = set()
    for number, entry in enumerate(entries):
        where = f"entry {number}"
        for tag in ("id", "title", "updated"):
            one(entry, tag, where)
        entry_id = entry.findtext(ATOM + "id") or ""
        if not well_formed_iri(entry_id):
            problems.append(f"{where}: id {entry_id!r} is not an IRI")
        if entry_id in seen:
            problems.append(f"{where}: id {entry_id} twice")
        seen.add(entry_id)
        alternates = [
            link
            for link in entry.findall(ATOM + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not alternates and entry.find(ATOM + "content") is None:
            problems.append(f"{where}: neither a link to its page nor content")
    for tag in ("updated", "published"):
        for element in feed.iter(ATOM + tag):
            rfc3339(element.text or "")
    return problems


@pytest.fixture
def content():
    article("news-item", kind="news")
    article("guide", kind="prevention")
    report("raion-2025-q1")


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_keeps_the_rules_of_atom(client, content, prefix, path):
    response = client.get(prefix + path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    assert feed.tag == ATOM + "feed"
    assert len(feed.findall(ATOM + "entry")) == 1
    assert check(feed) == []
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("", "Моя громада. Моя поліція"), ("/en", "My Community. My Police")],
)
def test_the_portal_is_named_as_the_feeds_author_in_its_language(
    client, content, prefix, name
):
    feed = parse(client.get(prefix + "/news/feed/").content)

    author = feed.find(ATOM + "author")
    assert author is not None
    assert (author.findtext(ATOM + "name") or "").startswith(name)
    assert (author.findtext(ATOM + "uri") or "").endswith(f"{prefix}/")


def test_a_feed_without_an_author_is_caught():
    """The check itself: what the validator reported of the feeds before."""
    feed = parse(
        f'<feed xmlns="{ATOM[1:-1]}"><id>http://x/</id><title>t</title>'
        "<updated>2026-01-01T00:00:00Z</updated>"
        '<link href="http://x/"/><link rel="self" href="http://x/f"/>'
        "<entry><id>http://x/1</id><title>e</title>"
        '<updated>2026-01-01T00:00:00Z</updated><link href="http://x/1"/></entry>'
        "</feed>"
    )

    assert check(feed) == ["feed: no atom:author, and not every entry has one"]
