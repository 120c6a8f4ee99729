"""sitemap.xml lists every public page in Ukrainian and in English, each with its
hreflang alternates; robots.txt points to it and keeps private pages out."""

import xml.etree.ElementTree as ET

import pytest

from tests.pages import make_page_data

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
SITE = "http://127.0.0.1:8000"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (the portal's own XML)


def all_entries(client) -> dict[str, dict[str, str]]:
    """Every address in every section: {address: {hreflang: alternate address}}."""
    index = parse(client.get("/sitemap.xml"))
    entries: dict[str, dict[str, str]] = {}
    for location in index.findall("sm:sitemap/sm:loc", NS):
        path = (location.text or "").removeprefix(SITE)
        for url in parse(client.get(path)).findall("sm:url", NS):
            alternates = {
                link.get("hreflang", ""): link.get("href", "")
                for link in url.findall("xhtml:link", NS)
            }
            entries[url.findtext("sm:loc", "", NS)] = alternates
    return entries


@pytest.fixture
def entries(client):
    ids = make_page_data()
    return ids, all_entries(client)


def test_public_pages_are_listed_in_both_languages(entries):
    ids, listed = entries

    for path in [
        "/",
        "/communities/c/",
        "/hotline/",
        "/hotline/new/",
        "/hotline/stats/",
        "/surveys/",
        f"/surveys/{ids['survey']}/",
        f"/surveys/{ids['published']}/results/",
        "/events/",
        f"/events/{ids['event']}/",
        "/accountability/reports/",
        f"/accountability/reports/{ids['report']}/",
        f"/accountability/priorities/{ids['priority']}/",
        "/accountability/formations/",
        "/news/",
        "/prevention/",
        f"/news/{ids['article']}/",
        f"/prevention/{ids['guide']}/",
    ]:
        assert SITE + path in listed, path
        assert SITE + "/en" + path in listed, path


def test_each_address_names_its_alternates(entries):
    ids, listed = entries
    article = f"/news/{ids['article']}/"

    assert listed[SITE + "/en" + article] == {
        "uk": SITE + article,
        "en": SITE + "/en" + article,
        "x-default": SITE + article,
    }


def test_private_and_unpublished_pages_are_not_listed(entries, client):
    from tests.factories import article

    article("a-draft", status="draft")
    article("for-later", days_ago=-1)
    listed = " ".join(all_entries(client))

    for fragment in [
        "/hotline/track/",
        "/admin/",
        "/registration/",
        "/following/",
        "/search/",
        "a-draft",
        "for-later",
    ]:
        assert fragment not in listed, fragment


def test_robots_txt_keeps_the_back_office_and_tracking_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    for path in ["/admin/", "/en/admin/", "/hotline/track/", "/en/hotline/track/"]:
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines
