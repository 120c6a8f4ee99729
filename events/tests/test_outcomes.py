"""During and after an event: check-in, walk-ins, outcomes, photos, certificates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import EventPhoto, Registration
from tests.factories import event, gps_exif, image_bytes, registration

pytestmark = pytest.mark.django_db


def test_a_coordinator_checks_in_registrants_and_a_walk_in(client, role_user):
    item = event(capacity=10)
    came, missed = registration(item, 1), registration(item, 2)
    client.force_login(role_user("coordinator"))

    response = client.post(
        f"/en/admin/events/event/{item.pk}/checkin/",
        {
            "present": [came.pk],
            "walkin-name": "Walk In",
            "walkin-affiliation": "deputy",
        },
        follow=True,
    )

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    walk_in = Registration.objects.get(name="Walk In")
    assert walk_in.attended and walk_in.status == "confirmed"
    assert dict(item.attendance_by_affiliation()) == {"resident": 1, "deputy": 1}
    assert "Attendance saved." in response.text


def test_press_officers_do_not_check_in(client, role_user):
    item = event()
    client.force_login(role_user("press"))

    assert client.get(f"/en/admin/events/event/{item.pk}/checkin/").status_code == 403


def test_a_completed_event_shows_its_outcome(client):
    item = event(
        status="completed",
        days=-3,
        minutes="Погодили три пріоритети.",
        organisations_present="Сільрада\nШкола №1",
    )
    person = registration(item, 1)
    person.attended = True
    person.save()

    response = client.get(f"/en/events/{item.slug}/")

    assert "Погодили три пріоритети." in response.text
    assert "Resident: 1" in response.text
    assert "Школа №1" in response.text


def test_a_training_participant_who_came_gets_a_certificate(client):
    item = event(status="completed", days=-3)
    person = registration(item, 1)
    person.attended = True
    person.save()
    absent = registration(item, 2)

    ok = client.get(f"/en/events/registration/{person.token}/certificate/")
    refused = client.get(f"/en/events/registration/{absent.token}/certificate/")

    assert ok.status_code == 200
    assert "Person 1" in ok.text and "Certificate of attendance" in ok.text
    assert refused.status_code == 404


def test_event_photos_lose_their_metadata_and_get_a_thumbnail(
    client, role_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.storage import FileSystemStorage, default_storage

    assert isinstance(default_storage, FileSystemStorage)
    default_storage.location = str(tmp_path)
    default_storage.base_location = str(tmp_path)
    item = event(status="completed", days=-3)
    client.force_login(role_user("coordinator"))
    photo = image_bytes("JPEG", size=(3000, 1500), exif=gps_exif())

    response = client.post(
        f"/en/admin/events/event/{item.pk}/change/",
        {
            "title": item.title,
            "title_en": item.title_en,
            "slug": item.slug,
            "kind": item.kind,
            "description": item.description,
            "description_en": item.description_en,
            "starts_at_0": item.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": item.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": item.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": item.ends_at.strftime("%H:%M:%S"),
            "capacity": 2,
            "registration_required": "on",
            "photos-TOTAL_FORMS": 1,
            "photos-INITIAL_FORMS": 0,
            "photos-0-upload": SimpleUploadedFile("me.jpg", photo, "image/jpeg"),
            "photos-0-caption": "Учасники",
            "photos-0-position": 0,
            "registrations-TOTAL_FORMS": 0,
            "registrations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    stored = EventPhoto.objects.get()
    with stored.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    with stored.thumbnail.open("rb") as handle:
        thumbnail = Image.open(io.BytesIO(handle.read()))
    assert len(image.getexif()) == 0
    assert max(image.size) == 2000 and max(thumbnail.size) == 400
    assert "me.jpg" not in str(stored.image.name)


def test_a_page_of_a_long_check_in_changes_only_the_people_it_shows(
    client, role_user, monkeypatch
):
    from events import admin as events_admin

    monkeypatch.setattr(events_admin, "CHECKIN_PAGE", 2)
    item = event(capacity=10)
    first, second, third = (registration(item, n) for n in range(1, 4))
    client.force_login(role_user("coordinator"))
    page = client.get(f"/en/admin/events/event/{item.pk}/checkin/")

    response = client.post(
        f"/en/admin/events/event/{item.pk}/checkin/?page=2",
        {"present": [third.pk], "listed": [third.pk]},
    )
    client.post(
        f"/en/admin/events/event/{item.pk}/checkin/",
        {"present": [first.pk], "listed": [first.pk, second.pk]},
    )

    assert "page 1 of 2" in page.text and third.name not in page.text
    assert response["Location"].endswith("/checkin/?page=2")
    attended = dict(Registration.objects.values_list("pk", "attended"))
    assert attended == {first.pk: True, second.pk: False, third.pk: True}
