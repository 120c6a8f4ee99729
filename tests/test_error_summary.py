"""A sent form that comes back lists what is wrong above it, each error a link to
its field (GOV.UK's error summary), in both languages, with what was typed kept."""

import re

import pytest

from tests.pages import make_page_data

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="alert alert-warning error-summary".*?</div>', re.S)
LINK = re.compile(r'<a href="#([^"]+)">([^<]+)</a>')


@pytest.fixture
def ids():
    return make_page_data()


FORMS = {
    "complaint": ("/hotline/new/", {"description": "Патруль не приїхав."}),
    "event request": ("/events/request/", {"organisation": "Школа № 3"}),
    "registration": ("/events/{event}/", {"name": "Олена"}),
    "survey": ("/surveys/{survey}/", {}),
    "follow": ("/accountability/follow/community/c/", {"email": "not an address"}),
}


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_with_mistakes_lists_them_linked_to_their_fields(
    client, ids, name, language
):
    path, typed = FORMS[name]
    url = language + path.format(**ids)

    response = client.post(url, typed)

    # The follow form answers 400 Bad Request with the form shown again.
    assert response.status_code in {200, 400}, url
    page = response.text
    (summary,) = SUMMARY.findall(page)
    links = LINK.findall(summary)
    assert links, summary
    for target, label in links:
        assert f'id="{target}"' in page, (url, target, label)
    for value in typed.values():
        assert value in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_summary_is_in_the_pages_language(client, ids):
    uk = client.post("/hotline/new/", {}).text
    en = client.post("/en/hotline/new/", {}).text

    assert "Будь ласка, виправте позначені поля." in SUMMARY.findall(uk)[0]
    assert "Please correct the marked fields." in SUMMARY.findall(en)[0]
