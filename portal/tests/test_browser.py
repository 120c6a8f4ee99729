"""The home page in a real browser: accessible, keyboard-usable, within its policy."""

import pytest

from conftest import serious_violations
from portal.models import Community
from tests.factories import log_in_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community(db):
    return Community.objects.create(
        slug="chuhuiv",
        name="Чугуївська міська громада",
        name_en="Chuhuiv",
        kind="urban",
    )


@pytest.mark.parametrize(("path", "lang"), [("/", "uk"), ("/en/", "en")])
def test_home_page_has_no_serious_accessibility_violations(
    live_server, axe_page, community, path, lang
):
    axe_page.goto(live_server.url + path)

    assert axe_page.locator("html").get_attribute("lang") == lang
    assert serious_violations(axe_page) == []


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/en/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_the_language_link_switches_to_ukrainian(live_server, page):
    page.goto(live_server.url + "/en/")

    page.get_by_role("link", name="Українська").click()

    assert page.url == live_server.url + "/"
    assert page.locator("h1").inner_text() == "Моя громада. Моя поліція"


def test_pages_break_no_rule_of_the_content_security_policy(
    live_server, page, admin_user
):
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )

    page.goto(live_server.url + "/")
    log_in_in_browser(page, live_server.url, admin_user.username, "password")
    page.goto(live_server.url + "/en/admin/portal/community/add/")

    assert problems == []
