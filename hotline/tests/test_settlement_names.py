"""The filing form suggests the chosen community's settlements: their names, in the
reader's language, for any visitor, kept until a settlement changes."""

import pytest

from tests.factories import community, settlement

pytestmark = pytest.mark.django_db


def test_the_names_of_one_communitys_settlements_in_each_language(client):
    place = community("chuhuiv")
    settlement(place, "Чугуїв")
    other = settlement(place, "Кочеток")
    other.name_en = "Kochetok"
    other.save()
    settlement(community("malynivka"), "Мосьпанове")

    uk = client.get(f"/hotline/settlements.json?community={place.pk}").json()
    en = client.get(f"/en/hotline/settlements.json?community={place.pk}").json()

    assert uk == {"settlements": ["Кочеток", "Чугуїв"]}
    assert en == {"settlements": ["Kochetok", "Чугуїв"]}


@pytest.mark.parametrize("query", ["", "?community=", "?community=x", "?community=999"])
def test_an_unknown_community_is_not_found(client, query):
    assert client.get(f"/hotline/settlements.json{query}").status_code == 404


def test_a_new_settlement_is_suggested_at_once(
    client, django_capture_on_commit_callbacks
):
    place = community("chuhuiv")
    url = f"/hotline/settlements.json?community={place.pk}"
    assert client.get(url).json() == {"settlements": []}

    with django_capture_on_commit_callbacks(execute=True):
        settlement(place, "Чугуїв")

    assert client.get(url).json() == {"settlements": ["Чугуїв"]}


def test_the_form_offers_the_suggestions_without_listing_every_settlement(client):
    place = community("chuhuiv")
    for number in range(30):
        settlement(place, f"Село {number}")

    page = client.get("/hotline/new/").text

    assert 'list="settlement-names"' in page
    assert '<datalist id="settlement-names"></datalist>' in page
    assert "Село 7" not in page
