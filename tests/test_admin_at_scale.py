"""What keeps the back office's pages small at national scale: communities are found
by name rather than listed, and an inline shows its first rows and says how many
there are."""

import pytest

from events.models import Registration
from tests.factories import community, complaint, event

pytestmark = pytest.mark.django_db


def test_a_list_filters_by_part_of_a_communitys_name_and_keeps_its_other_filters(
    client, role_user
):
    here, there = community("chuhuiv"), community("malynivka")
    wanted, _ = complaint(community=here)
    complaint(community=here, kind="thanks")
    complaint(community=there)
    client.force_login(role_user("operator"))

    response = client.get(
        "/en/admin/hotline/complaint/?kind__exact=complaint&community_name=CHUHUIV"
    )

    assert list(response.context["cl"].result_list) == [wanted]
    assert '<input type="hidden" name="kind__exact" value="complaint">' in response.text
    assert 'name="community_name" value="CHUHUIV"' in response.text
    # No link for each community: the filter is a search.
    assert "community__id__exact" not in response.text


def test_an_inline_of_thousands_shows_its_first_rows_and_how_many_there_are(
    client, role_user
):
    item = event(capacity=None)
    Registration.objects.bulk_create(
        Registration(
            event=item,
            name=f"Учасник {n}",
            email=f"r{n}@example.org",
            status="confirmed",
        )
        for n in range(53)
    )
    client.force_login(role_user("coordinator"))

    response = client.get(f"/en/admin/events/event/{item.pk}/change/")

    formsets = {
        inline.formset.prefix: inline
        for inline in response.context["inline_admin_formsets"]
    }
    assert len(formsets["registrations"].formset.forms) == 50
    assert "Registrations: the first 50 of 53 are shown here." in response.text
