"""The home page says what the portal is for and costs the same queries at any size."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
    client, role_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    add_communities(2)
    small = queries_for(client, "/")
    add_communities(40)
    large = queries_for(client, "/")

    assert small == large
    # Anonymous readers share one copy of the whole page.
    with django_assert_num_queries(0):
        client.get("/")
    # A signed-in reader's page is their own around the kept parts: the session
    # and the user, the same at any size, and none of the parts' rows.
    client.force_login(role_user("resident"))
    queries_for(client, "/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        add_communities(40)
    client.get("/")
    with CaptureQueriesContext(connection) as after:
        page = client.get("/")
    assert len(before.captured_queries) <= 2 and len(after.captured_queries) <= 2
    read = " ".join(query["sql"] for query in after.captured_queries)
    for table in ("portal_community", "events_event", "surveys_survey"):
        assert table not in read
    assert "All 82 communities" in page.text or "Усі 82 громади" in page.text


@pytest.mark.django_db
def test_the_home_page_lists_a_raions_communities_and_finds_the_others(client):
    add_communities(3)
    few = client.get("/en/").text
    add_communities(40)
    cache.clear()
    many = client.get("/en/").text

    assert "Community 2" in few and "All 3 communities" not in few
    assert "Community 42" not in many and "All 43 communities" in many
    assert 'action="/en/communities/"' in many


@pytest.mark.django_db
def test_the_directory_pages_every_community_and_finds_one_by_a_settlement(client):
    add_communities(60)
    renamed = Settlement.objects.filter(community__slug="c7").order_by("pk")[0]
    renamed.name = "Кам’яна Яруга"
    renamed.save()

    first = client.get("/en/communities/").text
    second = client.get("/en/communities/?page=2").text
    found = client.get("/en/communities/?q=камяна+яруга").text
    nothing = client.get("/communities/?q=Атлантида").text

    assert "Community 0" in first and "Page 1 of 2" in first
    assert "Community 59" in second or "Community 9" in second
    assert "1 community found" in found and "Community 7" in found
    assert "Немає громади чи населеного пункту з такою назвою." in nothing


@pytest.mark.django_db
def test_a_new_event_shows_on_the_kept_home_page_at_once(
    client, role_user, django_capture_on_commit_callbacks
):
    from events.models import Event
    from tests.factories import meeting

    assert "Meeting school" not in client.get("/en/").text
    resident = role_user("resident")
    client.force_login(resident)
    client.get("/en/")
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        meeting(
            "school",
            starts_at=timezone.now() + timedelta(days=3),
            status=Event.Status.SCHEDULED,
        )

    assert "Meeting school" in client.get("/en/").text
    client.force_login(resident)
    assert "Meeting school" in client.get("/en/").text


@pytest.mark.django_db
def test_the_kept_home_page_is_kept_apart_for_each_language(client):
    add_communities(1)

    assert "Громада 0" in client.get("/").text
    assert "Community 0" in client.get("/en/").text
    assert "Громада 0" in client.get("/").text


@pytest.mark.django_db
def test_the_kept_home_page_and_a_community_page_never_share_a_copy(client):
    Community.objects.create(
        slug="home", name="Домівська", name_en="Home", kind="rural"
    )

    home = client.get("/en/").text
    community = client.get("/en/communities/home/").text

    assert 'id="home-title"' in home and "<h1>Home</h1>" not in home
    assert "<h1>Home</h1>" in community and 'id="home-title"' not in community
    assert 'id="home-title"' in client.get("/en/").text
