"""Events in a real browser: find a training, register, cancel through the private
link so that the first person waiting is offered the place; and accessibility."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import serious_violations
from events.models import Registration
from tests.factories import event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_registers_cancels_and_the_first_waiting_is_offered(
    live_server, page
):
    from events import actions

    event("lecture", kind="school_lecture")
    training = event("deputies-training", capacity=1)

    page.goto(f"{live_server.url}/en/events/")
    page.get_by_label("Type").select_option("training")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Training", exact=True)).to_have_count(1)
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_label("Your name").fill("Maria Koval")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("You come as").select_option("resident")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".registration-status")).to_have_text("registered")
    maria = Registration.objects.get(email="maria@example.org")
    assert page.url.endswith(f"/en/events/registration/{maria.token}/")
    confirmation = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    assert maria.token in confirmation.body

    # Someone else finds the event full and waits.
    waiting, _ = actions.register(
        training,
        Registration(
            name="Petro", email="petro@example.org", affiliation="deputy", language="en"
        ),
    )
    assert waiting.status == "waitlisted"

    # Maria cancels through her private link; Petro is offered her place and told.
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.locator(".registration-status")).to_have_text("cancelled")
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    assert any(
        m.to == ["petro@example.org"] and "freed up" in m.body for m in mail.outbox
    )


@pytest.mark.parametrize(
    "path",
    [
        "/events/",
        "/en/events/",
        "/events/open/",
        "/en/events/month/",
        "/en/events/archive/",
    ],
)
def test_event_pages_have_no_serious_accessibility_violations(
    live_server, axe_page, path
):
    event("open")

    axe_page.goto(live_server.url + path)

    assert serious_violations(axe_page) == []
