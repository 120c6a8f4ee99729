"""An English page whose text has no English yet says so, with a link to the
Ukrainian page, instead of showing Ukrainian silently; a text with its English twin,
and every Ukrainian page, show no such notice."""

import pytest
from django.utils import timezone, translation

from accountability.models import Priority, Report
from events.models import Event
from news.models import Article
from tests.pages import make_page_data

pytestmark = pytest.mark.django_db

NOTICE = "This is available in Ukrainian only."
# Each page's object, and its main text whose English twin the notice is about.
PAGES = {
    "article": (Article, "body"),
    "report": (Report, "body"),
    "event": (Event, "description"),
    "priority": (Priority, "issue"),
}


def published(model):
    if model is Article:
        return Article.objects.filter(
            status="published", published_at__lte=timezone.now()
        )
    if model is Report:
        return Report.objects.filter(status="published")
    if model is Event:
        return Event.objects.upcoming()
    return Priority.objects.all()


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_without_english_says_so_and_links_the_ukrainian(client, name):
    make_page_data()
    model, field = PAGES[name]
    item = published(model).first()
    assert item is not None, name
    model._default_manager.filter(pk=item.pk).update(**{f"{field}_en": ""})
    with translation.override("uk"):
        ukrainian = item.get_absolute_url()
    english = "/en" + ukrainian

    page = client.get(english).text

    assert NOTICE in page
    assert f'<a href="{ukrainian}" hreflang="uk">Open the Ukrainian page</a>' in page
    assert NOTICE not in client.get(ukrainian).text


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_with_its_english_text_has_no_notice(client, name):
    make_page_data()
    model, field = PAGES[name]
    item = published(model).first()
    model._default_manager.filter(pk=item.pk).update(**{f"{field}_en": "In English."})
    with translation.override("en"):
        english = item.get_absolute_url()

    assert NOTICE not in client.get(english).text


def test_the_english_news_list_marks_articles_in_ukrainian(client):
    make_page_data()
    article = published(Article).first()
    Article.objects.filter(pk=article.pk).update(body_en="", title_en="")

    page = client.get("/en/news/" if article.kind == "news" else "/en/prevention/")

    text = page.text
    assert f'lang="uk">{article.title}</a> <span class="badge' in text
    assert "in Ukrainian</span>" in text
    assert (
        "in Ukrainian</span>"
        not in client.get("/news/" if article.kind == "news" else "/prevention/").text
    )
