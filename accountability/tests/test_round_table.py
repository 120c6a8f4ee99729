"""A round table's page lists the priorities set at it, and its admin page offers to
record one."""

import pytest

from accountability.models import Priority
from tests.factories import community, event

pytestmark = pytest.mark.django_db


def test_a_completed_round_table_lists_the_priorities_set_at_it(client):
    chuhuiv = community("chuhuiv")
    table = event("round", kind="round_table", days=-3, status="completed")
    Priority.objects.create(
        community=chuhuiv,
        issue="Темні вулиці",
        issue_en="Unlit streets",
        action="Освітлення",
        source="round_table",
        event=table,
    )
    Priority.objects.create(
        community=chuhuiv,
        issue="Інше",
        issue_en="Elsewhere",
        action="-",
        source="survey",
    )

    page = client.get(f"/en/events/{table.slug}/").text

    assert "Priorities set at this round table" in page
    assert "Unlit streets" in page
    assert "Elsewhere" not in page


def test_other_events_show_no_priorities_section(client):
    training = event("training", days=-3, status="completed")

    page = client.get(f"/en/events/{training.slug}/").text

    assert "Priorities set at this round table" not in page


def test_a_coordinator_records_a_priority_from_the_round_table(client, role_user):
    chuhuiv = community("chuhuiv")
    table = event("round", kind="round_table", days=-3, community=chuhuiv)
    client.force_login(role_user("coordinator"))

    page = client.get(f"/en/admin/events/event/{table.pk}/change/").text
    add = client.get(
        f"/en/admin/accountability/priority/add/?event={table.pk}"
        f"&source=round_table&community={chuhuiv.pk}"
    )

    assert "Record a priority set here" in page
    assert add.status_code == 200
    assert add.context["adminform"].form.initial["event"] == str(table.pk)
