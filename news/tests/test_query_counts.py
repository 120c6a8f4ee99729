"""The lists, an article page and the search run the same number of queries whatever
the data, so that an N+1 shows up as a failure."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from news.models import Article, Comment, CommentFlag
from tests.factories import community, topic

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
# The chosen topic; the topics and communities to filter by; the count and the page
# of articles.
ARTICLE_LIST = 5
# Rendered afresh: the article; again with its byline and community (only then); its
# related articles; a page of comments. No session is read for a visible article.
ARTICLE_PAGE = 4
# Its content kept in the cache: the article only.
ARTICLE_PAGE_KEPT = 1
# The signed-in reader; one query per kind of result (six kinds).
SEARCH = 7
# The same, choosing one kind: its count and a page.
SEARCH_ONE_KIND = 3


def fill(size: int) -> Article:
    """`size` articles of one topic, each with `size` comments and reports of
    comments; returns the newest."""
    place = community("chuhuiv")
    fraud = topic("phone-fraud")
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            kind="prevention",
            topic=fraud,
            community=place if n % 2 else None,
            slug=f"guide-{n}",
            title=f"Шахрайство телефоном {n}",
            lead="Як розпізнати шахрая.",
            body="## Ознаки\n\n- поспіх\n- коди з SMS",
            status="published",
            published_at=now - timedelta(hours=n + 1),
            cover_thumb=f"news/thumbs/{n}.jpg",
        )
        for n in range(size)
    )
    article_type = ContentType.objects.get_for_model(Article)
    comments = Comment.objects.bulk_create(
        Comment(
            content_type=article_type,
            object_id=item.pk,
            name=f"Читач {k}",
            text="Дякую!",
            status="approved",
        )
        for item in articles
        for k in range(size)
    )
    CommentFlag.objects.bulk_create(
        CommentFlag(comment=item, reason="spam") for item in comments[:size]
    )
    return articles[0]


@pytest.fixture
def signed_in(client, role_user, settings):
    # Sessions in a signed cookie: the counts are the page's, whatever the store.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    client.force_login(role_user("resident"))


@pytest.mark.parametrize("size", SIZES)
def test_the_article_list_queries_do_not_grow(
    client, django_assert_max_num_queries, size
):
    fill(size)

    with django_assert_max_num_queries(ARTICLE_LIST):
        response = client.get("/en/prevention/?topic=phone-fraud")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_article_page_queries_do_not_grow(
    client, signed_in, django_assert_max_num_queries, size
):
    newest = fill(size)
    client.get(newest.get_absolute_url())  # content types are cached per process
    cache.clear()

    with django_assert_max_num_queries(ARTICLE_PAGE):
        fresh = client.get(newest.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_PAGE_KEPT):
        kept = client.get(newest.get_absolute_url())

    assert fresh.status_code == kept.status_code == 200
    assert fresh.text.count('class="comment card') == size
    assert kept.text.count('class="comment card') == size


@pytest.mark.parametrize("size", SIZES)
def test_the_search_queries_do_not_grow(
    client, signed_in, django_assert_max_num_queries, size
):
    fill(size)

    with django_assert_max_num_queries(SEARCH):
        response = client.get("/en/search/?q=шахрайство")
    with django_assert_max_num_queries(SEARCH_ONE_KIND):
        one_kind = client.get("/en/search/?q=шахрайство&kind=prevention")

    assert response.status_code == one_kind.status_code == 200
    assert f"{size} result" in one_kind.text
