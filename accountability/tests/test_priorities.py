"""Priorities: the filtered list, the progress log, residents' support, and status
changes and progress in the back office."""

import pytest

from accountability.models import Priority, PriorityUpdate
from portal.models import AuditEntry
from tests.factories import community, priority, progress
from tests.forms import admin_form

pytestmark = pytest.mark.django_db


def shown(client, query: str) -> set[str]:
    page = client.get(f"/en/accountability/priorities/?{query}")
    assert page.status_code == 200
    return {line for line in ("Speeding", "Lights", "Dogs") if line in page.text}


@pytest.fixture
def listed():
    chuhuiv, malynivka = community("chuhuiv"), community("malynivka")
    priority(chuhuiv, issue_en="Speeding", status="active", source="round_table")
    priority(chuhuiv, issue_en="Lights", status="achieved", source="survey")
    priority(malynivka, issue_en="Dogs", status="dropped", source="residents")
    return chuhuiv


def test_the_list_shows_every_priority(client, listed):
    assert shown(client, "") == {"Speeding", "Lights", "Dogs"}


def test_the_list_filters_by_community_status_and_source(client, listed):
    assert shown(client, f"community={listed.pk}") == {"Speeding", "Lights"}
    assert shown(client, "status=achieved") == {"Lights"}
    assert shown(client, "source=residents") == {"Dogs"}
    assert shown(client, f"community={listed.pk}&source=round_table") == {"Speeding"}


@pytest.mark.parametrize(
    "query", ["status=bogus", "community=abc", "community=999999", "source=x&page=z"]
)
def test_a_bad_filter_value_gives_a_page_and_no_server_error(client, listed, query):
    assert client.get(f"/en/accountability/priorities/?{query}").status_code == 200


def test_the_detail_shows_the_progress_log_in_order(client):
    item = priority()
    progress(item, "First raid held.", days_ago=20)
    progress(item, "Speed bump installed.", days_ago=2)

    page = client.get(f"/en/accountability/priorities/{item.pk}/").text

    assert page.index("First raid held.") < page.index("Speed bump installed.")


def support(client, item):
    return client.post(f"/en/accountability/priorities/{item.pk}/support/")


def test_a_browser_supports_a_priority_once(client):
    item = priority()

    first = support(client, item)
    second = support(client, item)

    item.refresh_from_db()
    assert item.support_count == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert "You support this priority." in client.get(first["Location"]).text


def test_another_browser_adds_its_support(client):
    from django.test import Client

    item = priority()
    support(client, item)

    support(Client(), item)

    item.refresh_from_db()
    assert item.support_count == 2


def test_a_forged_support_cookie_is_ignored(client):
    item = priority()
    client.cookies["supported-priorities"] = str(item.pk)

    support(client, item)

    item.refresh_from_db()
    assert item.support_count == 1


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_a_finished_priority_takes_no_support(client, status):
    item = priority(status=status)

    response = support(client, item)

    item.refresh_from_db()
    assert item.support_count == 0
    assert "no longer takes support" in client.get(response["Location"]).text


def status_page(item) -> str:
    return f"/en/admin/accountability/priority/{item.pk}/status/"


def test_a_coordinator_changes_the_status_with_a_log_entry_and_an_audit_entry(
    client, role_user
):
    item = priority(status="proposed")
    coordinator = role_user("coordinator")
    client.force_login(coordinator)

    response = client.post(
        status_page(item), {"status": "active", "note": "Погоджено на круглому столі."}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "active"
    update = PriorityUpdate.objects.get()
    assert (update.old_status, update.new_status, update.author) == (
        "proposed",
        "active",
        coordinator,
    )
    assert update.text == "Погоджено на круглому столі."
    entry = AuditEntry.objects.get(action="accountability.priority_status")
    assert (entry.actor, entry.data) == (
        coordinator,
        {"old": "proposed", "new": "active"},
    )
    public = client.get(f"/en/accountability/priorities/{item.pk}/").text
    assert "became active" in public and "Погоджено на круглому столі." in public


def test_dropping_a_priority_without_a_reason_is_refused(client, role_user):
    item = priority(status="active")
    client.force_login(role_user("coordinator"))

    response = client.post(status_page(item), {"status": "dropped", "note": ""})

    assert response.status_code == 200
    assert "Say why the priority is dropped." in response.text
    item.refresh_from_db()
    assert item.status == "active"
    assert not PriorityUpdate.objects.exists()


def test_achieving_a_priority_dates_it(client, role_user):
    item = priority(status="active")
    client.force_login(role_user("coordinator"))

    client.post(status_page(item), {"status": "achieved", "note": "Готово."})

    item.refresh_from_db()
    assert item.status == "achieved" and item.achieved_on is not None


@pytest.mark.parametrize("role", ["press", "analyst"])
def test_other_staff_cannot_change_the_status(client, role_user, role):
    item = priority(status="proposed")
    client.force_login(role_user(role))

    response = client.post(status_page(item), {"status": "active", "note": "Так."})

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "proposed"


def test_progress_added_in_the_admin_is_dated_and_audited(client, role_user):
    item = priority()
    progress(item, "Earlier entry.", days_ago=5)
    coordinator = role_user("coordinator")
    client.force_login(coordinator)
    url = f"/en/admin/accountability/priority/{item.pk}/change/"
    data = admin_form(client.get(url), "priority_form")
    new = int(data["updates-TOTAL_FORMS"]) - 1

    response = client.post(
        url,
        {
            **data,
            f"updates-{new}-text": "Встановлено лежачого поліцейського.",
            f"updates-{new}-text_en": "A speed bump was installed.",
        },
    )

    assert response.status_code == 302
    added = PriorityUpdate.objects.latest("pk")
    assert (added.text_en, added.author) == ("A speed bump was installed.", coordinator)
    assert PriorityUpdate.objects.count() == 2
    entry = AuditEntry.objects.get(action="accountability.priority_progress")
    assert (entry.actor, entry.object_id) == (coordinator, str(item.pk))
    assert Priority.objects.get().updated_at >= added.created_at


def test_the_filters_are_styled_as_the_sites_selects(client):
    page = client.get("/en/accountability/priorities/").text

    assert page.count('class="form-select"') == 3  # community, status, source
