"""Filing and receipt guessing are limited per client, without storing the client."""

import pytest

from hotline.models import Complaint
from tests.factories import complaint, form_data

pytestmark = pytest.mark.django_db


def test_the_sixth_filing_in_an_hour_from_one_address_gets_429(client):
    statuses = [
        client.post(
            "/en/hotline/new/", form_data(), REMOTE_ADDR="203.0.113.5"
        ).status_code
        for _ in range(6)
    ]

    assert statuses == [200, 200, 200, 200, 200, 429]
    assert Complaint.objects.count() == 5


def test_one_ipv6_network_is_one_client_whatever_address_it_takes(client):
    # A phone or a home holds a whole /64: a new address for every filing must not
    # buy a new allowance.
    statuses = [
        client.post(
            "/en/hotline/new/", form_data(), REMOTE_ADDR=f"2001:db8:5:7::{n:x}"
        ).status_code
        for n in range(1, 7)
    ]
    other = client.post("/en/hotline/new/", form_data(), REMOTE_ADDR="2001:db8:5:8::1")

    assert statuses == [200, 200, 200, 200, 200, 429]
    assert other.status_code == 200
    assert Complaint.objects.count() == 6


@pytest.mark.parametrize(
    ("prefix", "heading", "kept_note"),
    [
        ("", "Вашу скаргу ще не надіслано", "Нічого не збережено."),
        ("/en", "Your complaint was not sent yet", "Nothing was stored."),
    ],
)
def test_the_refused_filing_keeps_what_was_typed_and_stores_nothing(
    client, prefix, heading, kept_note
):
    for _ in range(5):
        client.post(f"{prefix}/hotline/new/", form_data(), REMOTE_ADDR="203.0.113.5")
    typed = "Біля школи на Гагаріна вночі ганяють мотоцикли без номерів."

    response = client.post(
        f"{prefix}/hotline/new/",
        form_data(description=typed, place="біля школи №2"),
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "no-store" in response["Cache-Control"]
    assert heading in response.text and kept_note in response.text
    assert typed in response.text, "the description comes back in its field"
    assert 'value="біля школи №2"' in response.text
    assert "tel:102" in response.text
    assert Complaint.objects.count() == 5
    assert not Complaint.objects.filter(description=typed).exists()


def test_another_address_can_still_file(client):
    for _ in range(5):
        client.post("/hotline/new/", form_data(), REMOTE_ADDR="203.0.113.5")

    response = client.post("/hotline/new/", form_data(), REMOTE_ADDR="203.0.113.6")

    assert response.status_code == 200


def test_forms_with_errors_do_not_count_against_the_limit(client):
    for _ in range(8):
        client.post(
            "/hotline/new/", form_data(description=""), REMOTE_ADDR="203.0.113.5"
        )

    response = client.post("/hotline/new/", form_data(), REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 200
    assert Complaint.objects.count() == 1


def test_guessing_receipts_is_limited(client):
    _, receipt = complaint()
    wrong = [
        client.post(
            "/en/hotline/track/",
            {"receipt": f"AAAA-BBBB-CCCC-{n:04d}"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for n in range(11)
    ]

    right_but_blocked = client.post(
        "/en/hotline/track/", {"receipt": receipt}, REMOTE_ADDR="203.0.113.9"
    )

    assert wrong[:10] == [200] * 10
    assert wrong[10] == 429
    assert right_but_blocked.status_code == 429


def test_right_receipts_do_not_count_as_guesses(client):
    _, receipt = complaint()

    statuses = {
        client.post(
            "/hotline/track/", {"receipt": receipt}, REMOTE_ADDR="203.0.113.9"
        ).status_code
        for _ in range(15)
    }

    assert statuses == {200}
