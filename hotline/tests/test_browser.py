"""The hotline in a real browser: a resident's whole journey, and accessibility."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from conftest import serious_violations
from hotline.models import Attachment, Complaint
from tests.factories import (
    category,
    community,
    complaint,
    gps_exif,
    image_bytes,
    log_in_in_browser,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_media(tmp_path):
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["private"]
    assert isinstance(storage, FileSystemStorage)
    previous = storage.location, storage.base_location
    storage.location = storage.base_location = str(tmp_path / "private")
    yield
    storage.location, storage.base_location = previous


def test_a_resident_files_tracks_and_rates_while_an_operator_resolves(
    live_server, browser, role_user, private_media, tmp_path
):
    misconduct = category("misconduct")
    community("chuhuiv")
    role_user("operator")
    photo = tmp_path / "street.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(80, 50), exif=gps_exif()))
    resident = browser.new_context(viewport={"width": 390, "height": 844})
    page = resident.new_page()

    # The resident files anonymous feedback with a photo, on a phone-sized screen.
    page.goto(live_server.url + "/en/hotline/new/")
    page.get_by_label("Complaint about police conduct or inaction").check()
    page.get_by_label("What is it about?").select_option(str(misconduct.pk))
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("What happened").fill(
        "The patrol officer shouted at me during a document check at the market."
    )
    page.get_by_label("Photos or documents").set_input_files(str(photo))
    page.get_by_label("Anonymous feedback", exact=False).check()
    assert page.locator(".formal-fields").is_hidden()
    page.get_by_role("button", name="Send").click()
    receipt = page.locator("#receipt-code").inner_text()
    assert len(receipt) == 19

    # The photo was stored without its location.
    with Attachment.objects.get().file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert len(stored.getexif()) == 0

    # The resident follows it with the receipt.
    page.goto(live_server.url + "/en/hotline/track/")
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Show").click()
    assert page.locator(".complaint-status").inner_text() == "received"

    # An operator resolves it in the back office with a public reply.
    office = browser.new_context().new_page()
    log_in_in_browser(
        office, live_server.url, "operator", "correct-horse-battery-staple"
    )
    pk = Complaint.objects.get().pk
    office.goto(f"{live_server.url}/en/admin/hotline/complaint/{pk}/change/")
    office.get_by_role("link", name="Change the status").click()
    office.get_by_label("New status").select_option("resolved")
    office.get_by_label("Public reply").fill("We spoke to the officer; he apologises.")
    office.get_by_role("button", name="Save").click()
    expect(office.locator(".messagelist")).to_contain_text("Saved.")

    # The resident sees the reply and rates it.
    page.goto(live_server.url + "/en/hotline/track/")
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Show").click()
    assert "We spoke to the officer; he apologises." in page.content()
    page.get_by_label("4: satisfied").check()
    page.get_by_role("button", name="Send the rating").click()
    assert "Thank you for rating the answer." in page.content()
    assert Complaint.objects.get().satisfaction == 4


@pytest.mark.parametrize(
    "path",
    [
        "/hotline/",
        "/en/hotline/",
        "/hotline/new/",
        "/en/hotline/new/",
        "/hotline/track/",
        "/hotline/stats/",
        "/en/hotline/stats/",
    ],
)
def test_hotline_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, path
):
    category("misconduct")
    for _ in range(6):
        complaint()

    axe_page.goto(live_server.url + path)

    assert serious_violations(axe_page) == []


def test_the_tracking_page_with_forms_is_accessible(live_server, axe_page, role_user):
    from hotline import actions

    item, receipt = complaint()
    actions.change_status(
        item, new_status="resolved", actor=role_user("operator"), public_text="Готово."
    )
    axe_page.goto(live_server.url + "/en/hotline/track/")
    axe_page.fill("#id_receipt", receipt)
    axe_page.click("button[type=submit]")

    assert axe_page.locator(".complaint-status").inner_text() == "resolved"
    assert serious_violations(axe_page) == []


def test_the_form_works_by_keyboard_alone(live_server, page):
    category("misconduct")
    page.goto(live_server.url + "/en/hotline/new/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.name || ''"))

    assert "kind" in focused
    assert "category" in focused
    assert "homepage" not in focused  # the trap for robots is out of the way


def test_choosing_a_community_suggests_its_settlements_and_a_typed_one_is_filed(
    live_server, page
):
    from tests.factories import settlement

    place = community("chuhuiv")
    settlement(place, "Кочеток")
    settlement(community("malynivka"), "Мосьпанове")
    page.goto(live_server.url + "/hotline/new/")

    page.select_option("select[name='community']", str(place.pk))
    suggestions = page.locator("#settlement-names option")
    expect(suggestions).to_have_count(1)
    assert suggestions.first.get_attribute("value") == "Кочеток"

    page.check("input[name='kind'][value='problem']")
    page.fill("input[name='settlement']", "кочеток")
    page.fill("input[name='occurred_on']", timezone.localdate().isoformat())
    page.fill("textarea[name='description']", "Не світить ліхтар біля зупинки.")
    page.check("input[name='path'][value='anonymous']")
    page.click("button[type='submit'], input[type='submit']")

    expect(page.locator("h1")).to_have_text("Ваше звернення отримано", timeout=10_000)
    filed = Complaint.objects.select_related("settlement").get()
    assert filed.settlement is not None and filed.settlement.name == "Кочеток"
