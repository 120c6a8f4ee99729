"""Civic formations: public figures for everyone, contact persons for coordinators."""

import pytest

from tests.factories import community, formation

pytestmark = pytest.mark.django_db

CONTACTS = ["Петро Контактенко", "+380501112233", "varta@example.org"]


def test_the_public_list_shows_active_formations_without_contacts(client):
    formation(community("chuhuiv"), name_en="Chuhuiv Watch")
    formation(community("malynivka"), name_en="Sleeping Guard", is_active=False)

    page = client.get("/en/accountability/formations/").text

    assert "Chuhuiv Watch" in page and "Sleeping Guard" not in page
    assert ">24<" in page and ">51<" in page
    for contact in CONTACTS:
        assert contact not in page


def test_the_public_list_filters_by_community(client):
    chuhuiv = community("chuhuiv")
    formation(chuhuiv, name_en="Chuhuiv Watch")
    formation(community("malynivka"), name_en="Malynivka Guard")

    page = client.get(f"/en/accountability/formations/?community={chuhuiv.pk}").text

    assert "Chuhuiv Watch" in page and "Malynivka Guard" not in page


def test_a_bad_community_filter_gives_a_page(client):
    formation()

    assert client.get("/en/accountability/formations/?community=x").status_code == 200


def test_a_coordinator_sees_the_contacts_in_the_admin(client, role_user):
    item = formation()
    client.force_login(role_user("coordinator"))

    page = client.get(f"/en/admin/accountability/formation/{item.pk}/change/").text

    for contact in CONTACTS:
        assert contact in page


def test_a_press_officer_sees_the_formation_but_not_its_contacts(client, role_user):
    item = formation()
    client.force_login(role_user("press"))

    page = client.get(f"/en/admin/accountability/formation/{item.pk}/change/")
    listing = client.get("/en/admin/accountability/formation/")

    assert page.status_code == 200 and "Chuhuiv Watch" in page.text
    for contact in CONTACTS:
        assert contact not in page.text
        assert contact not in listing.text
