"""A read-only foreign key links to the related page only for those who may open it."""

import pytest

from hotline.models import PoliceUnit
from tests.factories import complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred():
    unit = PoliceUnit.objects.create(name="Чугуївський відділ", name_en="Chuhuiv unit")
    item, _receipt = complaint(unit=unit)
    return item, unit


def test_a_role_without_the_units_page_sees_the_unit_as_text(
    client, role_user, referred
):
    item, unit = referred
    client.force_login(role_user("analyst"))

    page = client.get(f"/en/admin/hotline/complaint/{item.pk}/change/")

    assert page.status_code == 200
    assert f"/admin/hotline/policeunit/{unit.pk}/change/" not in page.text
    assert "Chuhuiv unit" in page.text
    assert client.get(
        f"/en/admin/hotline/policeunit/{unit.pk}/change/"
    ).status_code == (403)


def test_a_role_that_may_open_the_units_page_gets_the_link(client, role_user, referred):
    item, unit = referred
    client.force_login(role_user("operator"))

    page = client.get(f"/en/admin/hotline/complaint/{item.pk}/change/")

    link = f"/en/admin/hotline/policeunit/{unit.pk}/change/"
    assert link in page.text
    assert client.get(link).status_code == 200
