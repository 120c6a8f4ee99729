"""On PostgreSQL every kind of the site search reads its full-text index instead of
the whole table (the indexes are made by each app's migrations)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accountability.models import Priority, Report
from events.models import Event
from news.models import Article, Topic
from portal.search import Query, search_kinds
from surveys.models import Survey
from tests.factories import community

pytestmark = pytest.mark.django_db

INDEXES = {
    "news": "article_search_news",
    "prevention": "article_search_prevention",
    "reports": "report_search",
    "priorities": "priority_search",
    "events": "event_search",
    "surveys": "survey_search",
}


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the full-text indexes exist on PostgreSQL only")


def test_every_kind_is_known():
    assert {kind.key for kind in search_kinds()} == set(INDEXES)


def fill(size: int) -> None:
    """`size` public rows of every kind, none of them about fraud, in bulk."""
    now = timezone.now()
    topic = Topic.objects.get_or_create(slug="t", defaults={"kind": "prevention"})[0]
    Article.objects.bulk_create(
        Article(
            kind=["news", "prevention"][n % 2],
            topic=topic,
            slug=f"a{n}",
            title=f"Стаття {n}",
            lead="Про безпеку на дорогах.",
            body="Переходьте дорогу на зелене світло. " * 20,
            status="published",
            published_at=now - timedelta(days=n),
        )
        for n in range(size)
    )
    Report.objects.bulk_create(
        Report(
            title=f"Звіт {n}",
            slug=f"r{n}",
            year=2025,
            period="q1",
            summary="Підсумки.",
            body="Патрулі біля шкіл. " * 20,
            status="published",
            published_at=now,
        )
        for n in range(size)
    )
    place = community()
    Priority.objects.bulk_create(
        Priority(community=place, issue=f"Темні вулиці {n}", action="Світло")
        for n in range(size)
    )
    Event.objects.bulk_create(
        Event(
            slug=f"e{n}",
            kind="training",
            title=f"Тренінг {n}",
            description="Перша допомога. " * 20,
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=1),
            status="scheduled",
        )
        for n in range(size)
    )
    Survey.objects.bulk_create(
        Survey(
            slug=f"s{n}",
            title=f"Опитування {n}",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
        )
        for n in range(size)
    )
    with connection.cursor() as cursor:
        # What autovacuum does to a live database: move the rows just written from
        # each index's pending list into the index, and gather statistics.
        for index in INDEXES.values():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for model in (Article, Report, Priority, Event, Survey):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


@pytest.mark.parametrize("key", sorted(INDEXES))
def test_the_search_of_a_kind_reads_its_index_not_the_table(postgresql, key):
    fill(2000)
    kind = next(kind for kind in search_kinds() if kind.key == key)

    plan = kind.find(Query.parse("шахрайство телефоном")).explain()

    assert f"Bitmap Index Scan on {INDEXES[key]}" in plan, plan


@pytest.mark.parametrize("key", sorted(INDEXES))
def test_results_are_first_picked_from_the_index_alone(postgresql, key):
    # A word found nowhere must not make PostgreSQL turn every row's text into
    # words, newest first, looking for five that match.
    fill(2000)
    kind = next(kind for kind in search_kinds() if kind.key == key)
    results = kind.results(Query.parse("кавун"))

    plan = results.matching().explain()

    assert f"Bitmap Index Scan on {INDEXES[key]}" in plan, plan
    assert results.count() == 0 and results[:5] == []
