"""Every public page on a 360 px phone, in both languages: nothing scrolls sideways,
and the home page's main action, writing to the hotline, is on the first screen.

A wide table of figures or fields sits in Bootstrap's .table-responsive box, which
scrolls by itself while the page stays put (by touch, or by keyboard once focused):
that box is the one thing allowed to scroll sideways.
"""

import pytest

from tests.pages import PUBLIC_PAGES, fill, make_page_data
from tests.test_back_office_browser import SIDEWAYS

# What scrolls sideways on a phone, but a table's own scroll box.
ON_A_PHONE = SIDEWAYS.replace(
    'querySelectorAll("body *:not(select)")',
    'querySelectorAll("body *:not(select):not(.table-responsive)")',
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}


def both_languages(paths: list[str]) -> list[str]:
    every = []
    for path in paths:
        bare = path.removeprefix("/en/").lstrip("/")
        every += ["/" + bare, "/en/" + bare]
    return list(dict.fromkeys(every))


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, browser):
    ids = make_page_data()
    page = browser.new_page(viewport=PHONE)

    wide = {}
    more = ["/events/month/", "/accountability/opendata/"]
    for path in both_languages([*fill(PUBLIC_PAGES, ids), *more]):
        page.goto(live_server.url + path)
        if found := page.evaluate(ON_A_PHONE):
            wide[path] = found

    assert wide == {}, "\n".join(f"{path}: {found}" for path, found in wide.items())


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_hotline_is_on_the_phones_first_screen(live_server, browser, path):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + path)

    action = page.locator("main .home-action a")
    box = action.bounding_box()

    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], box
