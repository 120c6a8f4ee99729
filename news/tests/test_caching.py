"""Article pages and comment lists are kept in the cache; whatever changes them makes
the copies stale at once."""

import pytest

from news import actions
from news.models import Article
from tests.factories import article, comment, report, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(role_user):
    return role_user("coordinator")


def test_an_edited_article_shows_its_new_text(
    client, role_user, django_capture_on_commit_callbacks
):
    item = article(body="Старий текст.")
    client.get(f"/prevention/{item.slug}/")

    item.body = "Новий текст."
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_article(item, actor=role_user("press"), created=False)

    page = client.get(f"/prevention/{item.slug}/").text
    assert "Новий текст." in page and "Старий текст." not in page


def test_an_approved_comment_shows_on_a_page_seen_before(
    client, coordinator, django_capture_on_commit_callbacks
):
    item = article()
    waiting = comment(item, "Щойно схвалений", status="pending")
    client.get(f"/prevention/{item.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate_comment(waiting, new_status="approved", actor=coordinator)

    assert "Щойно схвалений" in client.get(f"/prevention/{item.slug}/").text


def test_a_hidden_comment_leaves_a_report_page_seen_before(
    client, coordinator, django_capture_on_commit_callbacks
):
    item = report()
    shown = comment(item, "Скоро приховають")
    assert (
        "Скоро приховають" in client.get(f"/accountability/reports/{item.slug}/").text
    )

    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate_comment(shown, new_status="hidden", actor=coordinator)

    page = client.get(f"/accountability/reports/{item.slug}/").text
    assert "Скоро приховають" not in page


def test_a_newly_published_article_joins_the_related_ones(
    client, role_user, django_capture_on_commit_callbacks
):
    fraud = topic("phone-fraud")
    item = article("first", subject=fraud)
    newer = article("second", subject=fraud, status="draft", title="Свіжа порада")
    client.get(f"/prevention/{item.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_article_status(
            newer, new_status=Article.Status.PUBLISHED, actor=role_user("press")
        )

    assert "Свіжа порада" in client.get(f"/prevention/{item.slug}/").text


def test_a_renamed_topic_shows_on_article_pages(
    client, django_capture_on_commit_callbacks
):
    fraud = topic("phone-fraud", name="Шахрайство")
    item = article(subject=fraud)
    client.get(f"/prevention/{item.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        fraud.name = "Телефонне шахрайство"
        fraud.save()

    page = client.get(f"/prevention/{item.slug}/").text
    assert '?topic=phone-fraud">Телефонне шахрайство</a>' in page


def test_each_visitor_gets_a_working_token_in_a_kept_page(client):
    from django.test import Client

    item = article()
    client.get(f"/prevention/{item.slug}/")  # kept for every later visit
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(f"/prevention/{item.slug}/").text
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = visitor.post(
        f"/comments/news.article/{item.pk}/",
        {
            "comment-name": "Олена",
            "comment-text": "Дякую!",
            "csrfmiddlewaretoken": token,
        },
    )

    assert "<csrf-token-hole>" not in page
    assert response.status_code == 302


def test_a_newly_published_article_appears_in_a_list_seen_before(
    client, role_user, django_capture_on_commit_callbacks
):
    article("first")
    newer = article("second", status="draft", title="Свіжа порада")
    assert "Свіжа порада" not in client.get("/prevention/").text

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_article_status(
            newer, new_status=Article.Status.PUBLISHED, actor=role_user("press")
        )

    assert "Свіжа порада" in client.get("/prevention/").text
