"""The home page says what the portal is for and costs the same queries at any size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Community, Settlement


def add_communities(count: int, settlements_each: int = 3) -> None:
    start = Community.objects.count()
    for n in range(start, start + count):
        community = Community.objects.create(
            slug=f"c{n}", name=f"Громада {n}", name_en=f"Community {n}", kind="rural"
        )
        Settlement.objects.bulk_create(
            Settlement(
                community=community,
                name=f"Село {n}-{m}",
                name_en=f"V {m}",
                kind="village",
            )
            for m in range(settlements_each)
        )


def queries_for(client, path: str) -> int:
    """Queries of a page whose cached parts (each area's figures) are all cold."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_home_page_lists_communities_in_the_readers_language(client):
    add_communities(1, settlements_each=2)

    uk = client.get("/")
    en = client.get("/en/")

    assert "Громада 0" in uk.text
    assert "2 населені пункти" in uk.text
    assert "Community 0" in en.text
    assert "2 settlements" in en.text


@pytest.mark.django_db
def test_home_page_warns_that_it_is_not_an_emergency_service(client):
    response = client.get("/en/")

    assert "Emergency? Call 102." in response.text
    assert 'href="tel:102"' in response.text


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_data(
    client, django_assert_max_num_queries
):
    add_communities(2)
    small = queries_for(client, "/")
    add_communities(40)
    large = queries_for(client, "/")

    assert small == large
    # Once the hotline's figures are cached: the communities, the open surveys, the
    # upcoming events and the latest reports, one query each.
    with django_assert_max_num_queries(4):
        client.get("/en/")
