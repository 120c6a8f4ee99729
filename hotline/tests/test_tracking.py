"""Following a complaint with its receipt: status, public timeline, additions, rates."""

import pytest

from hotline import actions
from hotline.models import Complaint, ComplaintEvent
from tests.factories import complaint, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(role_user):
    return role_user("operator")


def track(client, receipt, language="en"):
    prefix = "/en" if language == "en" else ""
    return client.post(f"{prefix}/hotline/track/", {"receipt": receipt})


def test_the_tracking_form_asks_for_the_receipt_by_post(client):
    response = client.get("/en/hotline/track/")

    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert 'name="receipt"' in response.text


def test_the_receipt_shows_status_deadline_and_public_replies_only(client, operator):
    item, receipt = complaint(formal=True)
    actions.change_status(
        item,
        new_status="triage",
        actor=operator,
        public_text="Ми перевіряємо ваше звернення.",
        internal_note="Внутрішня нотатка: подзвонити командиру роти.",
    )

    response = track(client, receipt)

    assert response.status_code == 200
    assert "in triage" in response.text
    assert "Ми перевіряємо ваше звернення." in response.text
    assert "Внутрішня нотатка" not in response.text
    assert item.deadline is not None
    assert item.deadline.strftime("%Y") in response.text
    assert "no-store" in response["Cache-Control"]
    assert receipt not in response.request["PATH_INFO"]


def test_a_receipt_is_accepted_in_lower_case_and_without_dashes(client):
    _, receipt = complaint()

    response = track(client, receipt.lower().replace("-", " "))

    assert response.status_code == 200
    assert "Complaint " in response.text


@pytest.mark.parametrize("wrong", ["", "nonsense", "AAAA-BBBB-CCCC-DDDD", "<b>x</b>"])
def test_every_wrong_receipt_gets_the_same_neutral_answer(client, wrong):
    complaint()

    response = track(client, wrong)

    assert response.status_code == 200
    assert "No complaint matches this receipt code." in response.text
    assert "Status" not in response.text


def test_the_complainant_adds_information_and_a_photo(client, settings, tmp_path):
    from django.core.files.storage import FileSystemStorage, storages
    from django.core.files.uploadedfile import SimpleUploadedFile

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    item, receipt = complaint()

    response = client.post(
        "/en/hotline/track/add/",
        {
            "receipt": receipt,
            "text": "Номер машини був АХ 1234 ХА.",
            "attachments": SimpleUploadedFile("car.jpg", image_bytes(), "image/jpeg"),
        },
    )

    assert "Your information was added." in response.text
    event = item.events.get(kind=ComplaintEvent.Kind.COMPLAINANT)
    assert event.public_text == "Номер машини був АХ 1234 ХА."
    assert event.attachments.count() == 1


def test_information_sent_while_awaiting_puts_the_complaint_back_in_progress(
    client, operator
):
    item, receipt = complaint()
    actions.change_status(item, new_status="triage", actor=operator)
    actions.change_status(
        item, new_status="awaiting", actor=operator, public_text="Уточніть адресу."
    )

    client.post("/hotline/track/add/", {"receipt": receipt, "text": "Вул. Миру, 5."})

    item.refresh_from_db()
    assert item.status == Complaint.Status.IN_PROGRESS


def test_adding_empty_information_is_an_error_that_keeps_the_page(client):
    _, receipt = complaint()

    response = client.post("/en/hotline/track/add/", {"receipt": receipt, "text": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Add information" in response.text


def test_adding_with_a_wrong_receipt_is_the_neutral_answer(client):
    response = client.post(
        "/en/hotline/track/add/", {"receipt": "AAAA-BBBB-CCCC-DDDD", "text": "Текст"}
    )

    assert "No complaint matches this receipt code." in response.text
    assert not ComplaintEvent.objects.filter(kind="complainant").exists()


def test_a_resolved_complaint_can_be_rated_once(client, operator):
    item, receipt = complaint()
    actions.change_status(
        item, new_status="resolved", actor=operator, public_text="Проведено бесіду."
    )

    page = track(client, receipt)
    first = client.post(
        "/en/hotline/track/rate/",
        {"receipt": receipt, "satisfaction": "4", "comment": "Дякую"},
    )
    second = client.post(
        "/en/hotline/track/rate/", {"receipt": receipt, "satisfaction": "1"}
    )

    assert "Rate the answer" in page.text
    assert "Thank you for rating the answer." in first.text
    assert "You rated the answer 4 out of 5." in second.text
    item.refresh_from_db()
    assert (item.satisfaction, item.satisfaction_comment) == (4, "Дякую")


def test_an_open_complaint_cannot_be_rated(client):
    item, receipt = complaint()

    response = client.post(
        "/en/hotline/track/rate/", {"receipt": receipt, "satisfaction": "5"}
    )

    assert "Only a resolved complaint can be rated." in response.text
    item.refresh_from_db()
    assert item.satisfaction is None


@pytest.mark.parametrize("score", ["0", "6", "five", ""])
def test_a_rating_outside_one_to_five_is_an_error(client, operator, score):
    item, receipt = complaint()
    actions.change_status(item, new_status="resolved", actor=operator, public_text="ok")

    response = client.post(
        "/en/hotline/track/rate/", {"receipt": receipt, "satisfaction": score}
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.satisfaction is None
