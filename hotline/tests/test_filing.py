"""Filing through the public form: both paths, receipts, validation that keeps input."""

import re

import pytest
from django.core import mail

from hotline.models import Complaint
from hotline.receipts import receipt_hash
from portal.models import AuditEntry, OutboxMessage
from tests.factories import community, form_data, formal_data, settlement

pytestmark = pytest.mark.django_db

URL = "/hotline/new/"
RECEIPT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


def receipt_in(response) -> str:
    found = RECEIPT.search(response.text)
    assert found is not None
    return found.group(0)


def test_the_form_page_says_it_is_not_an_emergency_service(client):
    response = client.get("/en/hotline/new/")

    assert response.status_code == 200
    assert "In an emergency call 102." in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_anonymous_feedback_is_saved_and_shows_a_receipt_once(client):
    response = client.post(URL, form_data())

    assert response.status_code == 200
    receipt = receipt_in(response)
    complaint = Complaint.objects.get()
    assert complaint.path == Complaint.Path.ANONYMOUS
    assert complaint.status == Complaint.Status.RECEIVED
    assert complaint.due_on is None
    assert complaint.receipt_hash == receipt_hash(receipt)
    assert receipt not in complaint.receipt_hash
    assert "no-store" in response["Cache-Control"]
    assert not complaint.events.exists()  # the history starts after the filing
    # The staff audit log is for staff; a resident's filing is in its own history.
    assert not AuditEntry.objects.exists()


def test_the_receipt_has_at_least_64_random_bits():
    from hotline.receipts import ALPHABET, LENGTH, new_receipt

    codes = {new_receipt() for _ in range(2000)}

    assert len(codes) == 2000
    assert LENGTH * (len(ALPHABET).bit_length() - 1) >= 64
    assert all(RECEIPT.fullmatch(code) for code in codes)


def test_anonymous_feedback_discards_personal_data_typed_anyway(client):
    client.post(
        URL,
        form_data(
            full_name="Іван Іванов", email="ivan@example.org", phone="+380501112233"
        ),
    )

    complaint = Complaint.objects.get()
    assert (complaint.full_name, complaint.email, complaint.phone) == ("", "", "")
    assert mail.outbox == []


def test_a_formal_appeal_starts_the_statutory_clock_and_mails_the_receipt(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, formal_data())

    receipt = receipt_in(response)
    complaint = Complaint.objects.get()
    assert complaint.path == Complaint.Path.FORMAL
    assert complaint.term == Complaint.Term.MONTH
    assert complaint.due_on is not None
    assert complaint.consent_given_at is not None
    assert complaint.language == "uk"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olena@example.org"]
    assert receipt in mail.outbox[0].body
    # The receipt reached the resident; the outbox does not keep it.
    assert OutboxMessage.objects.get().body == ""


def test_an_english_filing_gets_english_mail(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/hotline/new/", formal_data())

    assert "Your receipt code" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        ("full_name", "full_name", "A formal appeal needs your full name."),
        ("residence", "residence", "A formal appeal needs your place of residence."),
        ("email", "email", "Give an e-mail or a phone number for the answer."),
        ("consent", "consent", "A formal appeal needs your consent"),
    ],
)
def test_a_formal_appeal_without_required_details_is_refused_and_kept(
    client, missing, field, message
):
    data = formal_data(description="Мене зупинили без причини біля ринку.")
    data.pop(missing)

    response = client.post("/en/hotline/new/", data)

    assert response.status_code == 200
    assert message in response.text
    assert Complaint.objects.count() == 0
    assert "Мене зупинили без причини біля ринку." in response.text
    assert response.context["form"].errors[field]


def test_a_phone_is_enough_contact_for_a_formal_appeal(client):
    data = formal_data(email="", phone="+380 50 123 4567")

    client.post(URL, data)

    assert Complaint.objects.get().phone == "+380 50 123 4567"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "коротко"}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"occurred_on": "31.02.2026"}, "occurred_on"),
        ({"kind": "praise"}, "kind"),
        ({"category": ""}, "category"),
        ({"path": ""}, "path"),
        ({"community": "999999"}, "community"),
        ({"phone": "call me maybe", "path": "formal"}, "phone"),
        ({"email": "not-an-address", "path": "formal"}, "email"),
    ],
)
def test_bad_input_gets_a_form_error_and_nothing_is_saved(client, overrides, field):
    response = client.post("/en/hotline/new/", form_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_a_settlement_not_in_the_chosen_community_is_refused_with_its_names(client):
    chuhuiv, malynivka = community("chuhuiv"), community("malynivka")
    settlement(malynivka, "Мосьпанове")
    settlement(chuhuiv, "Чугуїв")

    response = client.post(
        "/en/hotline/new/",
        form_data(community=str(chuhuiv.pk), settlement="Мосьпанове"),
    )

    assert "No settlement of that name is in this community." in response.text
    assert "Its settlements are: Чугуїв." in response.text
    assert 'value="Мосьпанове"' in response.text  # what was typed is kept
    assert not Complaint.objects.exists()


def test_a_settlement_alone_sets_its_community(client):
    settlement(community("malynivka"), "Мосьпанове")

    client.post(URL, form_data(settlement="мосьпанове"))

    complaint = Complaint.objects.select_related("community", "settlement").get()
    assert complaint.community is not None and complaint.settlement is not None
    assert (complaint.community.slug, complaint.settlement.name) == (
        "malynivka",
        "Мосьпанове",
    )


def test_a_settlement_is_found_in_its_community_whatever_the_apostrophe(client):
    place = community("chuhuiv")
    settlement(place, "Кам’яна Яруга")

    client.post(URL, form_data(community=str(place.pk), settlement="кам'яна  яруга"))

    found = Complaint.objects.get().settlement
    assert found is not None and found.name == "Кам’яна Яруга"


def test_a_name_that_several_communities_share_asks_for_the_community(client):
    settlement(community("chuhuiv"), "Кочеток")
    settlement(community("malynivka"), "Кочеток")

    response = client.post("/en/hotline/new/", form_data(settlement="Кочеток"))

    assert "several settlements of that name" in response.text
    assert not Complaint.objects.exists()


def test_an_unknown_settlement_is_refused_in_ukrainian_too(client):
    community("chuhuiv")

    response = client.post("/hotline/new/", form_data(settlement="Атлантида"))

    assert "Такого населеного пункту не знаємо" in response.text
    assert 'value="Атлантида"' in response.text


def test_thanks_need_no_category(client):
    client.post(URL, form_data(kind="thanks", category=""))

    assert Complaint.objects.get().kind == "thanks"


def test_the_honeypot_refuses_robots_without_saving(client):
    response = client.post(
        "/en/hotline/new/", form_data(homepage="http://spam.example")
    )

    assert "The form could not be sent." in response.text
    assert Complaint.objects.count() == 0


def test_html_in_the_description_is_stored_as_text_and_shown_escaped(client):
    text = "<b>Дуже</b> погано <script>alert(1)</script> було"
    receipt = receipt_in(client.post(URL, form_data(description=text)))

    response = client.post("/hotline/track/", {"receipt": receipt})

    assert Complaint.objects.get().description == text
    assert "<script>alert(1)</script>" not in response.text


def test_csrf_protects_the_form():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/en/hotline/new/", form_data())

    assert response.status_code == 403
    assert "The form has expired" in response.text
    assert Complaint.objects.count() == 0


def test_get_and_post_only(client):
    assert client.put(URL).status_code == 405


def test_the_send_button_speaks_each_readers_language(client):
    from django.core.cache import cache

    assert "Надіслати" in client.get("/hotline/new/").text
    cache.clear()  # the blank form's fields are kept per language; build them again

    assert 'value="Send"' in client.get("/en/hotline/new/").text
