"""Personal data in free text before publication (portal.personal_data): found in the
real-looking ways Ukrainians write it, named to the moderator before approval, masked
wherever the public reads comments, questions and answers, replies to complaints and
event minutes; the words stay as written for the staff."""

import pytest
from django.utils import timezone, translation

from accountability.models import ReportQuestion
from events.models import Event
from hotline.models import ComplaintEvent
from portal.personal_data import find, is_tax_number, mask
from tests.factories import article, comment, complaint, event, report

PHONE = "+380 50 123 45 67"
ADDRESS = "вул. Шевченка, 12, кв. 5"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Дзвоніть: +380501234567.", [("phone", "+380501234567")]),
        ("мій номер 050 123 45 67", [("phone", "050 123 45 67")]),
        ("тел. (057) 123-45-67", [("phone", "(057) 123-45-67")]),
        ("Чугуїв (05746) 2-23-45", [("phone", "(05746) 2-23-45")]),
        ("+38 (067) 765-43-21", [("phone", "+38 (067) 765-43-21")]),
        ("тел.0671234567", [("phone", "0671234567")]),
        ("пишіть olena.petrenko@ukr.net", [("email", "olena.petrenko@ukr.net")]),
        ("ІПН 3652504575", [("tax_number", "3652504575")]),
        ("паспорт МК 123456", [("document", "МК 123456")]),
        ("ID-картка 001234567", [("document", "001234567")]),
        ("запис № 19900101-01234", [("document", "19900101-01234")]),
        ("картка 4111 1111 1111 1111", [("card", "4111 1111 1111 1111")]),
        ("авто АХ 1234 ВК", [("plate", "АХ 1234 ВК")]),
        ("номер ax1234kx", [("plate", "ax1234kx")]),
        (f"живу: {ADDRESS}.", [("address", ADDRESS)]),
        ("просп. Перемоги 10-А", [("address", "просп. Перемоги 10-А")]),
        ("провулок Садовий 3/1", [("address", "провулок Садовий 3/1")]),
        ("вул. 23 Серпня, 10", [("address", "вул. 23 Серпня, 10")]),
        ("вул. Т. Шевченка 5", [("address", "вул. Т. Шевченка 5")]),
        ("вулиця Героїв Праці, буд. 7", [("address", "вулиця Героїв Праці, буд. 7")]),
        ("He lives at 12 Main Street.", [("address", "12 Main Street")]),
    ],
)
def test_personal_data_is_found_as_people_write_it(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A street named without a house: a place, not a person's address.
        "На вулиці Миру темно, а на вул. Шевченка немає ліхтарів.",
        # Dates, times, sums, a complaint's reference, counts.
        "з 01.05.2024 по 05.05.2024 о 18:00, 1 500 000 грн, скарга 2026-000038",
        "У 2025 році прийшли 12 людей, 100 відсотків задоволені.",
        # The lines institutions publish: emergency numbers and free 0 800 lines.
        "Телефонуйте 102, 112 або на гарячу лінію 0 800 500 202 чи 0800500202.",
        # Ten digits whose check digit is wrong, sixteen that fail the Luhn check.
        "1234567890 і 4111 1111 1111 1112",
    ],
)
def test_what_is_not_personal_data_is_left_alone(text):
    assert find(text) == []
    assert mask(text) == text


def test_the_tax_number_check_digit_is_checked():
    assert is_tax_number("3652504575")
    assert not is_tax_number("3652504576")
    assert not is_tax_number("365250457")


def test_masking_keeps_the_rest_of_the_text():
    text = f"Мене звати Олена, {ADDRESS}, тел. {PHONE}, пишіть olena@ukr.net."
    with translation.override("en"):
        masked = mask(text)
    assert masked == (
        "Мене звати Олена, [address hidden], тел. [phone number hidden], "
        "пишіть [e-mail address hidden]."
    )


def test_long_hostile_texts_are_read_in_one_pass():
    """Patterns with two readings of the same letters make a long text take minutes;
    these must each be read at once (the comment field takes 3,000 characters)."""
    hostile = [
        "Вул. " + "А" * 2990,
        ("вул. " + "Шевченка" * 3 + " ") * 120,
        "1 " * 1500 + "x",
        "(1)" * 1000,
        "a@" * 1500,
        "Main " * 600 + "Street",
    ]
    for text in hostile:
        assert isinstance(mask(text), str)


# Public pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "phone_mark", "address_mark"),
    [
        ("", "[номер телефону приховано]", "[адресу приховано]"),
        ("/en", "[phone number hidden]", "[address hidden]"),
    ],
)
def test_an_approved_comment_is_published_masked(
    client, prefix, phone_mark, address_mark
):
    page = article()
    item = comment(page, f"Шахраї дзвонили мені на {PHONE}, я живу {ADDRESS}.")

    html = client.get(f"{prefix}/prevention/{page.slug}/").text

    assert phone_mark in html and address_mark in html
    assert "123 45 67" not in html and "Шевченка, 12" not in html
    item.refresh_from_db()
    assert PHONE in item.text, "the words stay as written for the moderators"


@pytest.mark.django_db
def test_a_question_and_its_answer_are_published_masked(client):
    item = report()
    ReportQuestion.objects.create(
        report=item,
        text="Мій сусід з вул. Миру 5 скаржився, його e-mail petro@ukr.net",
        answer="Зателефонуйте дільничному: 067 765 43 21.",
        status=ReportQuestion.Status.APPROVED,
        answered_at=timezone.now(),
    )

    html = client.get(f"/en/accountability/reports/{item.slug}/").text

    assert "[e-mail address hidden]" in html and "[address hidden]" in html
    assert "[phone number hidden]" in html
    assert "petro@ukr.net" not in html and "765 43 21" not in html


@pytest.mark.django_db
def test_event_minutes_are_published_masked(client):
    item = event(
        "meeting",
        days=-3,
        status=Event.Status.COMPLETED,
        minutes=f"Пані Олена ({PHONE}) попросила освітлення біля АХ 1234 ВК.",
    )

    html = client.get(f"/en/events/{item.slug}/").text

    assert "[phone number hidden]" in html and "[number plate hidden]" in html
    assert "123 45 67" not in html and "1234 ВК" not in html


# Moderators and operators are told before publishing


@pytest.mark.django_db
def test_the_moderation_queue_names_personal_data_before_approval(client, role_user):
    client.force_login(role_user("coordinator"))
    page = article()
    flagged = comment(page, f"Мій телефон {PHONE}", status="pending")
    comment(page, "Дякую за пораду!", status="pending")

    listing = client.get("/en/admin/news/comment/").text
    detail = client.get(f"/en/admin/news/comment/{flagged.pk}/change/").text

    assert listing.count("phone number") == 1
    assert "<mark>+380 50 123 45 67</mark>" in detail
    assert "The public reads these masked." in detail


@pytest.mark.django_db
def test_approving_a_comment_with_personal_data_warns_the_moderator(client, role_user):
    client.force_login(role_user("coordinator"))
    page = article()
    items = [
        comment(page, f"Я живу {ADDRESS}", status="pending"),
        comment(page, "Дякую!", status="pending"),
    ]

    response = client.post(
        "/admin/news/comment/",
        {"action": "approve", "_selected_action": [item.pk for item in items]},
        follow=True,
    )

    assert "1 з них містить те, що схоже на персональні дані" in response.text


@pytest.mark.django_db
def test_answering_a_question_with_personal_data_warns_the_press_officer(
    client, role_user
):
    question = ReportQuestion.objects.create(report=report(), text="Коли буде світло?")
    client.force_login(role_user("press"))

    response = client.post(
        f"/en/admin/accountability/reportquestion/{question.pk}/change/",
        {"answer": "Напишіть дільничному: officer@police.gov.ua"},
        follow=True,
    )

    assert "It holds what looks like personal data (e-mail address)" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "error", "box"),
    [
        ("", "Це схоже на персональні дані: номер телефону", "Надіслати як є"),
        ("/en", "This looks like personal data: phone number", "Send it as written"),
    ],
)
def test_a_reply_with_personal_data_comes_back_once_before_it_is_sent(
    client, role_user, prefix, error, box
):
    item, receipt = complaint()
    client.force_login(role_user("operator"))
    url = f"{prefix}/admin/hotline/complaint/{item.pk}/reply/"
    reply = f"Дільничний прийме вас, його телефон {PHONE}."

    first = client.post(url, {"public_text": reply, "internal_note": ""})

    assert first.status_code == 200
    assert error in first.text and box in first.text
    assert reply in first.text, "what the operator wrote is kept"
    assert not item.events.filter(kind=ComplaintEvent.Kind.REPLY).exists()

    second = client.post(
        url,
        {"public_text": reply, "internal_note": "", "personal_data_confirmed": "on"},
    )

    assert second.status_code == 302
    sent = item.events.get(kind=ComplaintEvent.Kind.REPLY)
    assert sent.public_text == reply
    client.logout()
    tracking = client.post("/en/hotline/track/", {"receipt": receipt}).text
    assert "[phone number hidden]" in tracking and "123 45 67" not in tracking


@pytest.mark.django_db
def test_a_reply_without_personal_data_is_sent_at_once(client, role_user):
    item, _receipt = complaint()
    client.force_login(role_user("operator"))

    response = client.post(
        f"/en/admin/hotline/complaint/{item.pk}/reply/",
        {"public_text": "Скаргу передано до відділу.", "internal_note": ""},
    )

    assert response.status_code == 302
    assert item.events.filter(kind=ComplaintEvent.Kind.REPLY).exists()


@pytest.mark.django_db
def test_the_event_page_in_the_back_office_names_personal_data_in_the_minutes(
    client, role_user
):
    from django.contrib.auth.models import User

    item = event("meeting", days=-3, status=Event.Status.COMPLETED)
    client.force_login(User.objects.create_superuser("root", password="x" * 20))
    form = client.get(f"/en/admin/events/event/{item.pk}/change/")
    assert form.status_code == 200

    Event.objects.filter(pk=item.pk).update(minutes=f"Телефон старости {PHONE}")
    detail = client.get(f"/en/admin/events/event/{item.pk}/change/").text

    assert "<mark>+380 50 123 45 67</mark>" in detail
