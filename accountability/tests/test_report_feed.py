"""The Atom feed of published reports."""

import feedparser
import pytest

from tests.factories import community, report

pytestmark = pytest.mark.django_db


def test_the_feed_parses_and_lists_only_published_reports(client):
    report("chuhuiv-2025-q1", place=community("chuhuiv"))
    report("raion-2025-q1")
    report("draft", status="draft")
    report("review", status="review")
    report("withdrawn", status="withdrawn")

    response = client.get("/accountability/reports/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert {entry.title for entry in feed.entries} == {
        "Звіт chuhuiv-2025-q1",
        "Звіт raion-2025-q1",
    }
    assert {entry.link.rsplit("/", 2)[-2] for entry in feed.entries} == {
        "chuhuiv-2025-q1",
        "raion-2025-q1",
    }


def test_the_english_feed_has_english_titles(client):
    report("chuhuiv-2025-q1", place=community("chuhuiv"))

    feed = feedparser.parse(client.get("/en/accountability/reports/feed/").content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Report chuhuiv-2025-q1"]
    assert "/en/accountability/reports/chuhuiv-2025-q1/" in feed.entries[0].link
