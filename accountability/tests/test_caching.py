"""The priorities list and the community page are kept in the cache (whole for
anonymous readers, all but the frame for signed-in ones), and follow every change to
what they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability import actions
from tests.factories import community, formation, priority, progress

pytestmark = pytest.mark.django_db

PRIORITIES = "/en/accountability/priorities/"
COMMUNITY = "/en/communities/chuhuiv/"


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_second_anonymous_visit_to_the_priorities_is_served_from_the_cache(
    client, django_assert_num_queries
):
    priority(issue_en="Speeding")
    first = queries(client, PRIORITIES)

    with django_assert_num_queries(0):
        page = client.get(PRIORITIES)

    assert first > 0
    assert "Speeding" in page.text


def test_each_filter_of_the_priorities_is_cached_apart(client):
    place = community("chuhuiv")
    priority(place, issue_en="Speeding")
    priority(community("malynivka"), issue_en="Dogs")
    client.get(PRIORITIES)

    page = client.get(f"{PRIORITIES}?community={place.pk}")

    assert "Speeding" in page.text and "Dogs" not in page.text


def test_a_status_change_shows_on_the_cached_priorities_at_once(
    client, role_user, django_capture_on_commit_callbacks
):
    item = priority(issue_en="Speeding", status="proposed")
    assert "Proposed</span>" in client.get(PRIORITIES).text

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_priority_status(
            item, new_status="active", actor=role_user("coordinator"), note="Почали."
        )

    page = client.get(PRIORITIES).text
    assert "Active</span>" in page and "Proposed</span>" not in page


def test_support_shows_on_the_cached_priorities_at_once(
    client, django_capture_on_commit_callbacks
):
    item = priority(issue_en="Speeding")
    assert "0 residents support it" in client.get(PRIORITIES).text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/accountability/priorities/{item.pk}/support/")

    assert "1 resident supports it" in client.get(PRIORITIES).text


def test_a_signed_in_visitor_sees_a_new_priority_at_once(
    client, role_user, django_capture_on_commit_callbacks
):
    client.get(PRIORITIES)
    client.force_login(role_user("coordinator"))

    with django_capture_on_commit_callbacks(execute=True):
        priority(issue_en="Speeding")

    assert "Speeding" in client.get(PRIORITIES).text


def test_a_signed_in_visitor_gets_a_page_of_their_own_around_the_kept_results(
    client, role_user
):
    priority(issue_en="Speeding")
    client.force_login(role_user("coordinator"))

    first = queries(client, PRIORITIES)
    with CaptureQueriesContext(connection) as second:
        page = client.get(PRIORITIES).text

    # The cards are the shared ones: no query reads the priorities again.
    assert "Speeding" in page
    sql = " ".join(query["sql"] for query in second.captured_queries)
    assert "accountability_priority" not in sql
    assert len(second.captured_queries) < first


def test_a_signed_in_visitor_of_a_community_shares_the_kept_blocks(
    client, role_user, django_capture_on_commit_callbacks
):
    place = community("chuhuiv")
    priority(place, issue_en="Speeding", status="active")
    client.force_login(role_user("deputy"))
    first = queries(client, COMMUNITY)

    with CaptureQueriesContext(connection) as second:
        page = client.get(COMMUNITY).text

    assert "Speeding" in page
    sql = " ".join(query["sql"] for query in second.captured_queries)
    assert "accountability_priority" not in sql and "events_event" not in sql
    assert len(second.captured_queries) < first

    with django_capture_on_commit_callbacks(execute=True):
        formation(place, name_en="Chuhuiv Watch")
    assert "Chuhuiv Watch" in client.get(COMMUNITY).text


def test_a_second_anonymous_visit_to_a_community_is_served_from_the_cache(client):
    place = community("chuhuiv")
    priority(place, issue_en="Speeding")
    formation(place)

    first = queries(client, COMMUNITY)
    second = queries(client, COMMUNITY)

    assert second < first
    assert second <= 1  # finding the community: an unknown one is a 404


def test_a_new_formation_shows_on_the_cached_community_page(
    client, django_capture_on_commit_callbacks
):
    place = community("chuhuiv")
    assert "Chuhuiv Watch" not in client.get(COMMUNITY).text

    with django_capture_on_commit_callbacks(execute=True):
        formation(place, name_en="Chuhuiv Watch")

    assert "Chuhuiv Watch" in client.get(COMMUNITY).text


def test_a_status_change_shows_on_the_cached_community_page(
    client, role_user, django_capture_on_commit_callbacks
):
    item = priority(community("chuhuiv"), issue_en="Speeding", status="active")
    assert "Speeding" in client.get(COMMUNITY).text

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_priority_status(
            item, new_status="achieved", actor=role_user("coordinator"), note="Так."
        )

    assert "Speeding" not in client.get(COMMUNITY).text


def test_new_progress_shows_on_the_cached_community_page(
    client, role_user, django_capture_on_commit_callbacks
):
    item = priority(community("chuhuiv"))
    progress(item, "Older progress.", days_ago=9)
    assert "Older progress." in client.get(COMMUNITY).text

    with django_capture_on_commit_callbacks(execute=True):
        actions.add_progress(
            item, actor=role_user("coordinator"), text="Нове.", text_en="New progress."
        )

    page = client.get(COMMUNITY).text
    assert "New progress." in page and "Older progress." not in page


def test_support_shows_on_the_cached_community_page(
    client, django_capture_on_commit_callbacks
):
    item = priority(community("chuhuiv"))
    assert "0 residents support it" in client.get(COMMUNITY).text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/accountability/priorities/{item.pk}/support/")

    assert "1 resident supports it" in client.get(COMMUNITY).text


@pytest.mark.parametrize(
    "query", ["status=nonsense", "community=999999", "period=decade&year=1"]
)
def test_a_filter_no_form_writes_is_shown_but_not_kept(client, query):
    priority(issue_en="Speeding")
    url = "/en/accountability/reports/" if "period" in query else PRIORITIES

    first, second = queries(client, f"{url}?{query}"), queries(client, f"{url}?{query}")

    assert first > 0 and second > 0


def test_the_reports_list_is_kept_for_anonymous_readers_and_follows_publication(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, role_user
):
    from tests.factories import report

    draft = report("draft-one", status="review", title_en="Spring report")
    assert "Spring report" not in client.get("/en/accountability/reports/").text
    with django_assert_num_queries(0):
        client.get("/en/accountability/reports/")

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_report_status(
            draft, new_status="published", actor=role_user("press")
        )

    assert "Spring report" in client.get("/en/accountability/reports/").text
