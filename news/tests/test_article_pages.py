"""The lists and pages of articles: what readers see, filtered and paged, and what
an article page carries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import article, community, topic

pytestmark = pytest.mark.django_db


def test_the_prevention_list_shows_published_guides_only(client):
    article("published-guide")
    article("draft-guide", status="draft")
    article("scheduled-guide", days_ago=-1)
    article("a-news-item", kind="news")

    page = client.get("/en/prevention/")

    assert page.status_code == 200
    assert "Article published-guide" in page.text
    assert "draft-guide" not in page.text
    assert "scheduled-guide" not in page.text
    assert "a-news-item" not in page.text


@pytest.mark.parametrize(
    ("status", "days_ago"), [("draft", 1), ("published", -1)], ids=["draft", "later"]
)
def test_a_draft_or_scheduled_article_is_not_found_by_readers(
    client, role_user, status, days_ago
):
    item = article(status=status, days_ago=days_ago)
    client.force_login(role_user("deputy"))

    assert client.get(f"/prevention/{item.slug}/").status_code == 404
    assert client.get(f"/en/prevention/{item.slug}/").status_code == 404


def test_a_scheduled_article_appears_once_its_time_has_come(client):
    item = article(days_ago=-1)

    item.published_at = timezone.now() - timedelta(minutes=1)
    item.save(update_fields=["published_at"])

    assert client.get(f"/prevention/{item.slug}/").status_code == 200


@pytest.mark.parametrize("role", ["press", "coordinator"])
def test_writers_preview_a_draft(client, role_user, role):
    item = article(status="draft")
    client.force_login(role_user(role))

    page = client.get(f"/en/prevention/{item.slug}/")

    assert page.status_code == 200
    assert "Preview for staff" in page.text
    assert "Write a comment" not in page.text


def test_an_article_is_only_at_the_address_of_its_kind(client):
    item = article(kind="prevention")

    assert client.get(f"/news/{item.slug}/").status_code == 404


def test_filtering_by_topic_and_community(client):
    chuhuiv = community("chuhuiv")
    fraud = topic("phone-fraud")
    roads = topic("roads")
    article("fraud-in-chuhuiv", subject=fraud, community=chuhuiv)
    article("fraud-raion-wide", subject=fraud)
    article("roads-in-chuhuiv", subject=roads, community=chuhuiv)

    by_topic = client.get("/en/prevention/?topic=phone-fraud").text
    both = client.get("/en/prevention/?topic=phone-fraud&community=chuhuiv").text

    assert "fraud-in-chuhuiv" in by_topic and "fraud-raion-wide" in by_topic
    assert "roads-in-chuhuiv" not in by_topic
    assert "fraud-in-chuhuiv" in both
    assert "fraud-raion-wide" not in both and "roads-in-chuhuiv" not in both


def test_a_news_topic_is_no_filter_of_the_prevention_list(client):
    topic("project", kind="news")

    page = client.get("/en/prevention/?topic=project")

    assert page.status_code == 200
    assert "No articles match." in page.text


def test_the_list_pages_keep_the_filter(client):
    fraud = topic("phone-fraud")
    for n in range(14):
        article(f"guide-{n}", subject=fraud, days_ago=n + 1)

    first = client.get("/en/prevention/?topic=phone-fraud").text
    second = client.get("/en/prevention/?topic=phone-fraud&page=2").text

    assert "Page 1 of 2" in first
    assert 'href="?topic=phone-fraud&amp;page=2"' in first
    assert "guide-13" in second and "guide-0/" not in second


def test_the_kept_list_links_on_with_its_filters_and_nothing_a_visitor_added(client):
    fraud = topic("phone-fraud")
    for n in range(14):
        article(f"guide-{n}", subject=fraud, days_ago=n + 1)

    tagged = client.get("/en/prevention/?topic=phone-fraud&fbclid=visitor-tag").text
    kept = client.get("/en/prevention/?topic=phone-fraud").text

    for page in (tagged, kept):
        assert 'href="?topic=phone-fraud&amp;page=2"' in page
        assert "visitor-tag" not in page


def test_the_article_page_lists_related_articles_of_its_topic(client):
    fraud = topic("phone-fraud")
    item = article("main", subject=fraud)
    article("same-topic", subject=fraud, days_ago=3)
    article("other-topic", subject=topic("roads"))
    article("same-topic-draft", subject=fraud, status="draft")

    page = client.get(f"/en/prevention/{item.slug}/").text

    related = page[page.index('id="related-title"') :]
    assert "Article same-topic" in related
    assert "other-topic" not in related and "same-topic-draft" not in related


def test_the_article_page_links_its_print_stylesheet(client):
    item = article()

    page = client.get(f"/prevention/{item.slug}/").text

    assert 'href="/static/css/news-print.css" media="print"' in page


def test_the_body_is_sanitised_markdown(client):
    item = article(
        body_en=(
            "## Steps\n\nBefore <script>alert('x')</script> after.\n\n"
            "[bad](javascript:alert('y')) <img src=x onerror=alert(1)>"
        )
    )

    page = client.get(f"/en/prevention/{item.slug}/").text
    body = page[page.index('class="article-body"') : page.index('class="share')]

    assert "<h2>Steps</h2>" in body
    assert "<script" not in body and "javascript:" not in body
    assert "onerror" not in body and "alert" not in body


def test_an_untranslated_article_is_shown_in_ukrainian_and_marked_so(client):
    item = article(title_en="", lead_en="", body_en="")

    page = client.get(f"/en/prevention/{item.slug}/").text

    assert '<div lang="uk">' in page
    assert f"<h1>Стаття {item.slug}</h1>" in page
