"""A registration's private link is its holder's key: the back office never hands it
out.

Django's admin redirects any staff account from /admin/r/<content type>/<id>/ to an
object's get_absolute_url(). A registration's link carries its token: whoever holds
it can cancel the place or accept an offered one, and print the certificate with
the registrant's name.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import Registration
from tests.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return Registration.objects.create(
        event=event(),
        name="Марія Коваль",
        email="maria@example.org",
        affiliation="resident",
        status="confirmed",
    )


@pytest.mark.parametrize(
    "role", ["operator", "monitor", "press", "analyst", "coordinator"]
)
def test_the_back_office_does_not_redirect_staff_to_a_registrations_link(
    client, role_user, registration, role
):
    client.force_login(role_user(role))
    content_type = ContentType.objects.get_for_model(Registration)

    response = client.get(f"/admin/r/{content_type.pk}/{registration.pk}/")

    assert response.status_code == 404
    assert registration.token not in response.get("Location", "")


def test_the_registrant_still_reaches_the_registration_by_its_link(
    client, registration
):
    response = client.get(registration.private_url())

    assert response.status_code == 200
    assert f"/events/registration/{registration.token}/cancel/" in response.text
